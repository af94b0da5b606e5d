/**
 * Episode statistics (Gymnasium's RecordEpisodeStatistics): on the step that ends an episode
 * (terminated or truncated), `info.episode = { return, length, time }`, and the last
 * `bufferLength` episodes are kept in running lists the user can read.
 * Math: return = Σₜ rₜ over the episode (undiscounted), length = number of steps, time = wall-clock
 * seconds from the reset to the end (performance.now(); not reproducible, unlike the other two).
 * Properties: observations, rewards and flags pass through unchanged; the inner info is copied,
 * never mutated.
 * Reference: Gymnasium `wrappers/common.py` RecordEpisodeStatistics (Farama Foundation, MIT).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { Action, Env, Observation } from '../env';
import { checkEnv, wrapEnv } from './wrap';

export interface RecordEpisodeStatisticsOptions {
  /** How many finished episodes the running lists keep (default 100, as Gymnasium). */
  bufferLength?: number;
}

/** What `info.episode` holds on the step that ends an episode. */
export interface EpisodeStatistics {
  /** The undiscounted sum of the episode's rewards. */
  readonly return: number;
  /** The number of steps in the episode. */
  readonly length: number;
  /** Wall-clock seconds from the reset to the last step. */
  readonly time: number;
}

export interface RecordEpisodeStatisticsExtra {
  /** Returns of the last `bufferLength` finished episodes, oldest first (a copy). */
  readonly returnQueue: readonly number[];
  /** Lengths of the last `bufferLength` finished episodes, oldest first (a copy). */
  readonly lengthQueue: readonly number[];
  /** Wall-clock durations (s) of the last `bufferLength` finished episodes, oldest first (a copy). */
  readonly timeQueue: readonly number[];
  /** Finished episodes since the wrapper was made. */
  readonly episodeCount: number;
  /** Return and length of the episode under way. */
  readonly episodeReturn: number;
  readonly episodeLength: number;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * @example
 * const env = recordEpisodeStatistics(make('CartPole-v1'));
 * env.reset({ seed: 0 });
 * let r; do { r = env.step(1); } while (!r.terminated && !r.truncated);
 * r.info.episode; // { return: 10, length: 10, time: 0.0001 }
 */
export function recordEpisodeStatistics<TObs extends Observation, TAction extends Action>(
  env: Env<TObs, TAction>,
  options: RecordEpisodeStatisticsOptions = {},
): Env<TObs, TAction> & RecordEpisodeStatisticsExtra {
  checkEnv('recordEpisodeStatistics', env);
  checkOptions('recordEpisodeStatistics', options, ['bufferLength']);
  const { bufferLength = 100 } = options;
  if (!Number.isSafeInteger(bufferLength) || bufferLength < 1) {
    throw new ArgumentError('recordEpisodeStatistics bufferLength', `got ${String(bufferLength)}`, 'an integer >= 1');
  }
  const returns: number[] = [];
  const lengths: number[] = [];
  const times: number[] = [];
  let episodeReturn = 0;
  let episodeLength = 0;
  let episodeCount = 0;
  let start = now();
  const push = (list: number[], value: number) => {
    list.push(value);
    if (list.length > bufferLength) list.shift();
  };
  const extra: RecordEpisodeStatisticsExtra = {
    get returnQueue() {
      return returns.slice();
    },
    get lengthQueue() {
      return lengths.slice();
    },
    get timeQueue() {
      return times.slice();
    },
    get episodeCount() {
      return episodeCount;
    },
    get episodeReturn() {
      return episodeReturn;
    },
    get episodeLength() {
      return episodeLength;
    },
  };
  return wrapEnv<TObs, TAction>(
    env as Env<Observation, TAction>,
    {
      reset(args) {
        const result = env.reset(args);
        episodeReturn = 0;
        episodeLength = 0;
        start = now();
        return result;
      },
      step(action) {
        const result = env.step(action);
        episodeReturn += result.reward;
        episodeLength += 1;
        if (!result.terminated && !result.truncated) return result;
        const time = Math.round((now() - start) * 1e3) / 1e6;
        const episode: EpisodeStatistics = Object.freeze({ return: episodeReturn, length: episodeLength, time });
        push(returns, episodeReturn);
        push(lengths, episodeLength);
        push(times, time);
        episodeCount += 1;
        return { ...result, info: { ...result.info, episode } };
      },
    },
    extra,
  ) as Env<TObs, TAction> & RecordEpisodeStatisticsExtra;
}
