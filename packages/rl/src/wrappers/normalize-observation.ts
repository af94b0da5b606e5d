/**
 * Normalizes observations by a running mean and variance (Gymnasium's NormalizeObservation with
 * its RunningMeanStd), optionally clipped.
 * Math: each observation x (on reset and step) first updates the moments, the parallel
 * (Chan et al.) update with a batch of one: δ = x − μ, N′ = N + 1, μ′ = μ + δ/N′,
 * σ²′ = (σ²·N + δ²·N/N′)/N′, starting from μ = 0, σ² = 1, N = 1e-4; then
 * y = (x − μ′)/√(σ²′ + ε), clipped to [−clip, clip] when `clip` is given. Returned as Float32Array.
 * Properties: `update: false` (or `setUpdate(false)`) freezes the moments for evaluation;
 * `runningMeanStd` and `setRunningMeanStd` save and restore them (copies, float64; not named
 * `state`, which would shadow an inner environment's own `state`).
 * Reference: Gymnasium `wrappers/stateful_observation.py` NormalizeObservation and
 * `wrappers/utils.py` RunningMeanStd (Farama Foundation, MIT); Chan, Golub & LeVeque, "Updating
 * formulae and a pairwise algorithm for computing sample variances", 1979.
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { Action, Env, Observation } from '../env';
import { box } from '../spaces';
import { checkEnv, wrapEnv } from './wrap';

export interface NormalizeObservationOptions {
  /** Added to the variance under the square root (default 1e-8, as Gymnasium). */
  epsilon?: number;
  /** Clip normalized values to [−clip, clip] (default: no clipping, as Gymnasium). */
  clip?: number;
  /** Update the moments with each observation (default true). */
  update?: boolean;
}

/** The running moments, per observation element. */
export interface RunningMeanStdState {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  readonly count: number;
}

export interface NormalizeObservationExtra {
  /** A copy of the running moments (save it with the agent). */
  readonly runningMeanStd: RunningMeanStdState;
  /** Restores moments saved from `state` (copied in; sizes must match, var >= 0, count > 0). */
  setRunningMeanStd(state: RunningMeanStdState): void;
  /** Whether observations update the moments. */
  readonly updating: boolean;
  /** Turns updating on or off (off for evaluation). */
  setUpdate(update: boolean): void;
}

/**
 * @example
 * const env = normalizeObservation(make('CartPole-v1'), { clip: 10 });
 * const { observation } = env.reset({ seed: 0 }); // (x − μ)/√(σ² + ε)
 * const saved = env.runningMeanStd; // later: env.setRunningMeanStd(saved), env.setUpdate(false)
 */
export function normalizeObservation<TAction extends Action>(
  env: Env<Observation, TAction>,
  options: NormalizeObservationOptions = {},
): Env<Float32Array, TAction> & NormalizeObservationExtra {
  checkEnv('normalizeObservation', env);
  checkOptions('normalizeObservation', options, ['epsilon', 'clip', 'update']);
  const { epsilon = 1e-8, clip, update = true } = options;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) {
    throw new ArgumentError('normalizeObservation epsilon', `got ${String(epsilon)}`, 'a finite number >= 0');
  }
  if (clip !== undefined && (typeof clip !== 'number' || !(clip > 0))) {
    throw new ArgumentError('normalizeObservation clip', `got ${String(clip)}`, 'a number > 0 (Infinity allowed) or undefined');
  }
  if (typeof update !== 'boolean') throw new ArgumentError('normalizeObservation update', `got ${typeof update}`, 'true or false');
  const space = env?.observationSpace;
  if (space === undefined || space.kind !== 'box') {
    throw new ArgumentError('normalizeObservation env', `got an environment with observation space ${space === undefined ? 'undefined' : space.toString()}`, 'an environment with a box observation space');
  }
  const size = space.size;
  let mean = new Float64Array(size);
  let variance = new Float64Array(size).fill(1);
  let count = 1e-4;
  let updating = update;
  const limit = clip ?? Infinity;

  const normalize = (x: Observation): Float32Array => {
    if (updating) {
      const total = count + 1;
      for (let i = 0; i < size; i++) {
        const delta = (x[i] as number) - (mean[i] as number);
        mean[i] = (mean[i] as number) + delta / total;
        variance[i] = ((variance[i] as number) * count + (delta * delta * count) / total) / total;
      }
      count = total;
    }
    const y = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const z = ((x[i] as number) - (mean[i] as number)) / Math.sqrt((variance[i] as number) + epsilon);
      y[i] = Math.min(Math.max(z, -limit), limit);
    }
    return y;
  };

  const extra: NormalizeObservationExtra = {
    get runningMeanStd() {
      return Object.freeze({ mean: mean.slice(), var: variance.slice(), count });
    },
    setRunningMeanStd(state) {
      checkOptions('normalizeObservation setRunningMeanStd', state, ['mean', 'var', 'count']);
      const ok = (a: unknown): a is ArrayLike<number> => a !== null && typeof a === 'object' && (a as ArrayLike<number>).length === size;
      if (state === undefined || !ok(state.mean) || !ok(state.var)) {
        throw new ArgumentError('normalizeObservation setRunningMeanStd', 'mean or var missing or of the wrong length', `{ mean, var } arrays of ${size} numbers and count`);
      }
      const m = Float64Array.from(state.mean);
      const v = Float64Array.from(state.var);
      if (!m.every(Number.isFinite) || !v.every((x) => Number.isFinite(x) && x >= 0)) {
        throw new ArgumentError('normalizeObservation setRunningMeanStd', 'mean or var has a non-finite or negative-variance entry', 'finite means and variances >= 0');
      }
      if (typeof state.count !== 'number' || !Number.isFinite(state.count) || !(state.count > 0)) {
        throw new ArgumentError('normalizeObservation setRunningMeanStd count', `got ${String(state.count)}`, 'a finite number > 0');
      }
      mean = m;
      variance = v;
      count = state.count;
    },
    get updating() {
      return updating;
    },
    setUpdate(value) {
      if (typeof value !== 'boolean') throw new ArgumentError('normalizeObservation setUpdate', `got ${typeof value}`, 'true or false');
      updating = value;
    },
  };

  return wrapEnv<Float32Array, TAction>(
    env,
    {
      observationSpace: box({ low: -limit, high: limit, shape: space.shape.slice(), dtype: 'float32' }),
      reset(args) {
        const { observation, info } = env.reset(args);
        return { observation: normalize(observation), info };
      },
      step(action) {
        const result = env.step(action);
        return { ...result, observation: normalize(result.observation) };
      },
    },
    extra,
  ) as Env<Float32Array, TAction> & NormalizeObservationExtra;
}
