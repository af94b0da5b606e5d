/**
 * The mean return of an agent's policy over whole episodes of a single environment.
 * Math: Ĵ = (1/E) Σ_e Σ_t r_t^(e) (undiscounted), with the standard deviation over episodes (population, as numpy.std).
 * Properties: the environment is reset with `seed` first, then goes on with its own stream, so the
 * same agent, env and seed give the same figures; deterministic actions by default (as SB3's
 * evaluate_policy). An episode ends at termination or truncation (make's time limit).
 * Reference: Stable-Baselines3, `common/evaluation.py: evaluate_policy` (Raffin et al., JMLR 2021).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { Env } from '../env';
import { make } from '../registry';

export interface EvaluatePolicyOptions {
  /** Number of episodes, an integer >= 1; default 10. */
  episodes?: number;
  /** Default true. */
  deterministic?: boolean;
  /** The first reset's seed; default 0. */
  seed?: number;
  /** Stops an episode that runs longer than this (an env without a time limit); default 100,000. */
  maxEpisodeSteps?: number;
}

export interface EvaluatePolicyResult {
  meanReturn: number;
  stdReturn: number;
  returns: number[];
  lengths: number[];
}

/** Anything with the agent's predict. */
export interface Predictor {
  predict(observation: ArrayLike<number>, options?: { deterministic?: boolean }): number | ArrayLike<number>;
}

/**
 * @example
 * const { meanReturn, stdReturn } = evaluatePolicy(agent, 'CartPole-v1', { episodes: 10 });
 */
export function evaluatePolicy(agent: Predictor, env: Env | string, options: EvaluatePolicyOptions = {}): EvaluatePolicyResult {
  const where = 'evaluatePolicy';
  checkOptions(where, options, ['episodes', 'deterministic', 'seed', 'maxEpisodeSteps']);
  const { episodes = 10, deterministic = true, seed = 0, maxEpisodeSteps = 100_000 } = options;
  if (agent === null || typeof agent !== 'object' || typeof agent.predict !== 'function') throw new ArgumentError(`${where} agent`, `got ${agent === null ? 'null' : typeof agent}`, 'an agent with predict(observation, { deterministic })');
  if (!Number.isSafeInteger(episodes) || episodes < 1) throw new ArgumentError(`${where} episodes`, `got ${String(episodes)}`, 'an integer >= 1');
  if (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) throw new ArgumentError(`${where} maxEpisodeSteps`, `got ${String(maxEpisodeSteps)}`, 'an integer >= 1');
  const owned = typeof env === 'string';
  const e = typeof env === 'string' ? make(env) : env;
  try {
    const returns: number[] = [];
    const lengths: number[] = [];
    for (let episode = 0; episode < episodes; episode++) {
      let { observation } = e.reset(episode === 0 ? { seed } : undefined);
      let total = 0;
      let length = 0;
      for (;;) {
        const result = e.step(agent.predict(observation, { deterministic }));
        total += result.reward;
        length += 1;
        observation = result.observation;
        if (result.terminated || result.truncated || length >= maxEpisodeSteps) break;
      }
      returns.push(total);
      lengths.push(length);
    }
    const meanReturn = returns.reduce((s, x) => s + x, 0) / episodes;
    const stdReturn = Math.sqrt(returns.reduce((s, x) => s + (x - meanReturn) ** 2, 0) / episodes);
    return { meanReturn, stdReturn, returns, lengths };
  } finally {
    if (owned) e.close();
  }
}
