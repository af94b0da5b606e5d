/**
 * @internal Advantages and value targets of an n-step rollout of a NEXT_STEP-autoreset vector env
 * (GAE, Schulman et al. 2016, arXiv:1506.02438; λ = 1 gives SB3's n-step returns).
 * Layout: step t, copy i at [t·n + i]. values has T + 1 rows: V(s_t) for the observations the
 * steps were taken from, then V of the observations the last step returned.
 *   δ_t = r_t + γ (1 − term_t) V(s_{t+1}) − V(s_t)     (truncation bootstraps with V(s′): with
 *         NEXT_STEP the observation a truncating step returns IS the final observation s′)
 *   A_t = δ_t + γλ (1 − term_t)(1 − trunc_t) A_{t+1}    (no carry across an episode's end)
 *   steps with autoreset_t = 1 are not transitions: A_t = 0, valid_t = 0 (their action was ignored).
 * Returns targets R_t = A_t + V(s_t).
 */
export interface RolloutAdvantages {
  advantages: Float64Array;
  returns: Float64Array;
  /** 1 for a real transition, 0 for an autoreset step */
  valid: Float64Array;
}

export function rolloutAdvantages(args: {
  T: number;
  n: number;
  rewards: ArrayLike<number>;
  terminations: ArrayLike<number>;
  truncations: ArrayLike<number>;
  autoreset: ArrayLike<number>;
  values: ArrayLike<number>;
  gamma: number;
  gaeLambda: number;
}): RolloutAdvantages {
  const { T, n, rewards, terminations, truncations, autoreset, values, gamma, gaeLambda } = args;
  const advantages = new Float64Array(T * n);
  const returns = new Float64Array(T * n);
  const valid = new Float64Array(T * n);
  for (let i = 0; i < n; i++) {
    let next = 0;
    for (let t = T - 1; t >= 0; t--) {
      const j = t * n + i;
      if (autoreset[j]) {
        next = 0;
        continue;
      }
      const terminal = terminations[j] ? 1 : 0;
      const ended = terminal || truncations[j] ? 1 : 0;
      const v = values[j] as number;
      const delta = (rewards[j] as number) + gamma * (1 - terminal) * (values[j + n] as number) - v;
      next = delta + gamma * gaeLambda * (1 - ended) * next;
      advantages[j] = next;
      returns[j] = next + v;
      valid[j] = 1;
    }
  }
  return { advantages, returns, valid };
}
