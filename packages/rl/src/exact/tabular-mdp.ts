/**
 * A small finite MDP with a tabular softmax policy, and its exact objective and policy gradient:
 * the oracle against which policy-gradient estimators are tested for unbiasedness.
 *   J(θ) = E[Σ_{t<H} γ^t r(s_t, a_t)],  s_0 ~ ρ, a_t ~ π_θ(·|s_t) = softmax(θ[s_t]), s_{t+1} ~ P(·|s_t, a_t)
 * Dynamic programming (finite horizon, time-homogeneous policy):
 *   d_0 = ρ,  d_{t+1}(s') = Σ_{s,a} d_t(s) π(a|s) P(s'|s,a)                      (state occupancy)
 *   V_H = 0,  Q_t(s,a) = r(s,a) + γ Σ_{s'} P(s'|s,a) V_{t+1}(s'),  V_t(s) = Σ_a π(a|s) Q_t(s,a)
 *   J = Σ_s ρ(s) V_0(s),   ∂J/∂θ[s,b] = Σ_t γ^t d_t(s) π(b|s) (Q_t(s,b) − V_t(s))
 * (the finite-horizon policy-gradient theorem with ∂log π(a|s)/∂θ[s,·] = e_a − π(·|s)).
 * Properties: `exact` is that closed form in float64; `objective` is the forward recursion in tfjs
 * ops, so tf.grad of it is the same gradient by automatic differentiation (the tests check both
 * against each other and against brute-force enumeration of all trajectories).
 * `sampleEpisodes` draws M episodes in JS (float64) with the Gumbel-max trick,
 * a_t = argmax(log π(·|s_t) + g_t), and returns the Gumbel noise g it used.
 * Reference: Sutton, McAllester, Singh, Mansour, "Policy Gradient Methods for Reinforcement Learning
 * with Function Approximation", NeurIPS 1999; Sutton & Barto, "Reinforcement Learning" (2nd ed.), §13.2.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, ShapeError, checkOptions, isKey, random, split, KeyError } from '@stochgrad/core';

export interface TabularMdpOptions {
  /** P[s][a][s'] ≥ 0, rows summing to 1 (default: the 3-state, 3-action MDP below) */
  transitions?: readonly (readonly (readonly number[])[])[];
  /** r[s][a], finite */
  rewards?: readonly (readonly number[])[];
  /** ρ[s], the initial-state distribution */
  initial?: readonly number[];
  /** H ≥ 1 steps per episode (default 4) */
  horizon?: number;
  /** γ in [0, 1] (default 0.9) */
  gamma?: number;
}

/** M episodes of H steps: one-hot observations, actions, rewards and the Gumbel noise that chose the actions. */
export interface TabularEpisodes {
  /** s_t as integers, row-major [M, H] */
  readonly states: Int32Array;
  /** one-hot s_t, float32 [M, H, S] */
  readonly observations: tf.Tensor;
  /** a_t, int32 [M, H] */
  readonly actions: tf.Tensor;
  /** r(s_t, a_t), float32 [M, H] */
  readonly rewards: tf.Tensor;
  /** g_t, the standard Gumbel noise with a_t = argmax(log π(·|s_t) + g_t), float32 [M, H, A] */
  readonly noise: tf.Tensor;
}

export interface TabularMdpExact {
  /** J(θ) */
  readonly value: number;
  /** ∂J/∂θ, row-major [S, A] */
  readonly gradient: Float64Array;
}

export interface TabularMdp {
  readonly numStates: number;
  readonly numActions: number;
  readonly horizon: number;
  readonly gamma: number;
  readonly transitions: readonly (readonly (readonly number[])[])[];
  readonly rewards: readonly (readonly number[])[];
  readonly initial: readonly number[];
  /** J(θ) for policy logits θ [S, A], as a differentiable tfjs scalar */
  objective(logits: tf.Tensor): tf.Scalar;
  /** J(θ) and ∂J/∂θ in closed form (float64); logits [S, A] as a tensor or nested array */
  exact(logits: tf.Tensor | readonly (readonly number[])[]): TabularMdpExact;
  /** M independent episodes under π_θ (the caller disposes the tensors) */
  sampleEpisodes(key: Key, logits: tf.Tensor | readonly (readonly number[])[], options: { episodes: number }): TabularEpisodes;
}

const DEFAULT_TRANSITIONS = [
  [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.3, 0.3, 0.4]],
  [[0.5, 0.4, 0.1], [0.0, 0.2, 0.8], [0.2, 0.7, 0.1]],
  [[0.6, 0.1, 0.3], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8]],
];
const DEFAULT_REWARDS = [
  [1.0, 0.0, 0.5],
  [0.0, 2.0, -0.5],
  [-1.0, 0.5, 1.5],
];
const DEFAULT_INITIAL = [0.5, 0.3, 0.2];

const isProbabilityVector = (p: readonly number[]) => p.every((x) => Number.isFinite(x) && x >= 0) && Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9;

function readLogits(logits: tf.Tensor | readonly (readonly number[])[], S: number, A: number): number[][] {
  const rows = logits instanceof tf.Tensor ? (logits.rank === 2 ? (logits.arraySync() as number[][]) : null) : logits.map((r) => [...r]);
  if (!rows || rows.length !== S || rows.some((r) => r.length !== A)) {
    const got = logits instanceof tf.Tensor ? `shape [${logits.shape.join(', ')}]` : 'a nested array of another shape';
    throw new ShapeError('logits', `got ${got}`, `policy logits [${S}, ${A}] (states × actions)`);
  }
  if (rows.some((r) => r.some((x) => !Number.isFinite(x)))) throw new ArgumentError('logits', 'contain a non-finite value', 'finite numbers');
  return rows;
}

function softmaxRows(logits: number[][]): number[][] {
  return logits.map((row) => {
    const top = Math.max(...row);
    const e = row.map((x) => Math.exp(x - top));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / total);
  });
}

/**
 * @example
 * const mdp = tabularMdp();                         // 3 states, 3 actions, H = 4, γ = 0.9
 * const theta = tf.zeros([3, 3]);
 * const { value, gradient } = mdp.exact(theta);     // J(θ) and ∂J/∂θ [3·3]
 * const episodes = mdp.sampleEpisodes(key(0), theta, { episodes: 1000 });
 */
export function tabularMdp(options: TabularMdpOptions = {}): TabularMdp {
  checkOptions('tabularMdp', options, ['transitions', 'rewards', 'initial', 'horizon', 'gamma']);
  const transitions = options.transitions ?? DEFAULT_TRANSITIONS;
  const rewards = options.rewards ?? DEFAULT_REWARDS;
  const initial = options.initial ?? DEFAULT_INITIAL;
  const horizon = options.horizon ?? 4;
  const gamma = options.gamma ?? 0.9;
  const S = transitions.length;
  const A = transitions[0]?.length ?? 0;
  if (S < 1 || A < 1 || transitions.some((row) => row.length !== A || row.some((p) => p.length !== S || !isProbabilityVector(p)))) {
    throw new ArgumentError('tabularMdp transitions', 'are not an S × A × S table of probability rows', 'P[s][a][s\'] ≥ 0 with Σ_s\' P = 1, the same A for every state');
  }
  if (rewards.length !== S || rewards.some((row) => row.length !== A || row.some((r) => !Number.isFinite(r)))) {
    throw new ArgumentError('tabularMdp rewards', 'are not a finite S × A table', `r[s][a] for ${S} states and ${A} actions`);
  }
  if (initial.length !== S || !isProbabilityVector(initial)) throw new ArgumentError('tabularMdp initial', 'is not a probability vector over the states', `${S} non-negative numbers summing to 1`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new ArgumentError('tabularMdp horizon', `got ${String(horizon)}`, 'an integer ≥ 1');
  if (typeof gamma !== 'number' || !(gamma >= 0 && gamma <= 1)) throw new ArgumentError('tabularMdp gamma', `got ${String(gamma)}`, 'a number in [0, 1]');

  const exact = (logits: tf.Tensor | readonly (readonly number[])[]): TabularMdpExact => {
    const pi = softmaxRows(readLogits(logits, S, A));
    const occupancy: number[][] = [[...initial]];
    for (let t = 0; t < horizon - 1; t++) {
      const d = occupancy[t] as number[];
      const next = new Array<number>(S).fill(0);
      for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) for (let s2 = 0; s2 < S; s2++) next[s2] = (next[s2] as number) + (d[s] as number) * (pi[s]![a] as number) * (transitions[s]![a]![s2] as number);
      occupancy.push(next);
    }
    const gradient = new Float64Array(S * A);
    let V = new Array<number>(S).fill(0);
    for (let t = horizon - 1; t >= 0; t--) {
      const Q = Array.from({ length: S }, (_, s) => Array.from({ length: A }, (_, a) => (rewards[s]![a] as number) + gamma * transitions[s]![a]!.reduce((acc, p, s2) => acc + p * (V[s2] as number), 0)));
      const Vt = Q.map((row, s) => row.reduce((acc, q, a) => acc + (pi[s]![a] as number) * q, 0));
      for (let s = 0; s < S; s++) for (let b = 0; b < A; b++) gradient[s * A + b] = (gradient[s * A + b] as number) + gamma ** t * (occupancy[t]![s] as number) * (pi[s]![b] as number) * ((Q[s]![b] as number) - (Vt[s] as number));
      V = Vt;
    }
    return Object.freeze({ value: initial.reduce((acc, p, s) => acc + p * (V[s] as number), 0), gradient });
  };

  const objective = (logits: tf.Tensor): tf.Scalar => {
    if (!(logits instanceof tf.Tensor) || logits.rank !== 2 || logits.shape[0] !== S || logits.shape[1] !== A) {
      throw new ShapeError('logits', logits instanceof tf.Tensor ? `got shape [${logits.shape.join(', ')}]` : 'is not a tensor', `policy logits [${S}, ${A}]`);
    }
    return tf.tidy(() => {
      const pi = tf.softmax(logits); // [S, A]
      const rewardUnderPi = tf.sum(tf.mul(pi, tf.tensor2d(rewards.map((r) => [...r]))), 1); // [S]
      const P = tf.tensor3d(transitions.map((row) => row.map((p) => [...p]))); // [S, A, S']
      const transitionUnderPi = tf.sum(tf.mul(tf.expandDims(pi, 2), P), 1); // [S, S']
      let d: tf.Tensor = tf.tensor2d([[...initial]]); // [1, S]
      let J: tf.Tensor = tf.scalar(0);
      for (let t = 0; t < horizon; t++) {
        J = tf.add(J, tf.mul(gamma ** t, tf.sum(tf.mul(d, rewardUnderPi))));
        if (t < horizon - 1) d = tf.matMul(d, transitionUnderPi);
      }
      return J as tf.Scalar;
    });
  };

  const sampleEpisodes = (k: Key, logits: tf.Tensor | readonly (readonly number[])[], sampleOptions: { episodes: number }): TabularEpisodes => {
    if (!isKey(k)) throw new KeyError('sampleEpisodes key', 'is not a key', 'a key from key(seed), split or fold');
    checkOptions('sampleEpisodes', sampleOptions, ['episodes']);
    const M = sampleOptions?.episodes;
    if (!Number.isInteger(M) || (M as number) < 1) throw new ArgumentError('sampleEpisodes episodes', `got ${String(M)}`, 'an integer ≥ 1');
    const m = M as number;
    const logPi = softmaxRows(readLogits(logits, S, A)).map((row) => row.map(Math.log));
    const [gumbelKey, uniformKey] = split(k, 2) as [Key, Key];
    const noise = random.gumbel(gumbelKey, [m, horizon, A]);
    const g = noise.dataSync();
    const u = random.uniformArray(uniformKey, m * (horizon + 1));
    const draw = (p: readonly number[], v: number) => {
      let acc = 0;
      for (let i = 0; i < p.length; i++) {
        acc += p[i] as number;
        if (v < acc) return i;
      }
      return p.length - 1;
    };
    const states = new Int32Array(m * horizon);
    const actions = new Int32Array(m * horizon);
    const reward = new Float32Array(m * horizon);
    const oneHot = new Float32Array(m * horizon * S);
    for (let e = 0; e < m; e++) {
      let s = draw(initial, u[e * (horizon + 1)] as number);
      for (let t = 0; t < horizon; t++) {
        const i = e * horizon + t;
        let best = 0;
        let bestValue = -Infinity;
        for (let a = 0; a < A; a++) {
          const z = (logPi[s]![a] as number) + (g[i * A + a] as number);
          if (z > bestValue) {
            bestValue = z;
            best = a;
          }
        }
        states[i] = s;
        actions[i] = best;
        reward[i] = rewards[s]![best] as number;
        oneHot[i * S + s] = 1;
        s = draw(transitions[s]![best]!, u[e * (horizon + 1) + t + 1] as number);
      }
    }
    return Object.freeze({
      states,
      observations: tf.tensor3d(oneHot, [m, horizon, S]),
      actions: tf.tensor2d(actions, [m, horizon], 'int32'),
      rewards: tf.tensor2d(reward, [m, horizon]),
      noise,
    });
  };

  const freezeTable = <T>(x: T): T => (Array.isArray(x) ? (Object.freeze(x.map(freezeTable)) as T) : x);
  return Object.freeze({
    numStates: S,
    numActions: A,
    horizon,
    gamma,
    transitions: freezeTable(transitions.map((row) => row.map((p) => [...p]))),
    rewards: freezeTable(rewards.map((r) => [...r])),
    initial: Object.freeze([...initial]),
    objective,
    exact,
    sampleEpisodes,
  });
}
