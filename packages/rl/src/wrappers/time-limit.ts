/**
 * Ends episodes after a number of steps with `truncated: true` (Gymnasium's TimeLimit; `make`
 * adds it from the registration's `maxEpisodeSteps`). When the limit and a terminal state fall on
 * the same step, both flags are true, as in Gymnasium.
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { Action, Env, Observation } from '../env';
import { EnvStateError } from '../errors';
import { checkEnv, wrapEnv } from './wrap';

export interface TimeLimitOptions {
  /** A positive integer. */
  maxEpisodeSteps: number;
}

/**
 * @example const env = timeLimit(cartPole(), { maxEpisodeSteps: 200 });
 */
export function timeLimit<TObs extends Observation, TAction extends Action>(env: Env<TObs, TAction>, options: TimeLimitOptions): Env<TObs, TAction> {
  checkEnv('timeLimit', env);
  checkOptions('timeLimit', options, ['maxEpisodeSteps']);
  const max = options?.maxEpisodeSteps;
  if (!Number.isSafeInteger(max) || max < 1) throw new ArgumentError('timeLimit maxEpisodeSteps', `got ${String(max)}`, 'an integer >= 1');
  let elapsed = 0;
  let truncated = false;
  let closed = false;
  return wrapEnv<TObs, TAction>(env as Env<Observation, TAction>, {
    reset(args) {
      const result = env.reset(args);
      elapsed = 0;
      truncated = false;
      return result;
    },
    step(action) {
      if (truncated && !closed) throw new EnvStateError(`step: the episode ended (truncated at the time limit of ${max} steps); call env.reset() before stepping again`);
      const result = env.step(action);
      elapsed += 1;
      if (elapsed >= max) {
        truncated = true;
        return { ...result, truncated: true };
      }
      return result;
    },
    close() {
      closed = true;
      env.close();
    },
  }, { maxEpisodeSteps: max, get elapsedSteps() { return elapsed; } });
}
