/**
 * Rescales actions affinely from [min, max] to the inner environment's Box [low, high]
 * (Gymnasium's RescaleAction): the agent acts in [min, max] (e.g. [−1, 1] for a tanh policy).
 * Math: a′ = low + (high − low)·(a − min)/(max − min), then clipped into [low, high] so that
 * float rounding never leaves the box.
 * Properties: the wrapped action space is Box(min, max); actions outside it are ActionErrors
 * (compose with clipAction outside to accept any finite action). The inner Box must be bounded.
 * Reference: Gymnasium `wrappers/transform_action.py` RescaleAction (Farama Foundation, MIT).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { type Env, type Observation, checkAction } from '../env';
import { box } from '../spaces';
import { checkEnv, wrapEnv } from './wrap';

export interface RescaleActionOptions {
  /** The agent's lower bound: a number for every element or an array of the action size. */
  min: number | ArrayLike<number>;
  /** The agent's upper bound (> min elementwise). */
  max: number | ArrayLike<number>;
}

function bounds(value: unknown, size: number, name: string): Float64Array {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ArgumentError(`rescaleAction ${name}`, `got ${value}`, 'a finite number or an array of finite numbers');
    return new Float64Array(size).fill(value);
  }
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(`rescaleAction ${name}`, `got ${value === undefined ? 'undefined' : typeof value}`, `a finite number or an array of ${size} finite numbers`);
  }
  const a = value as ArrayLike<number>;
  if (a.length !== size) throw new ArgumentError(`rescaleAction ${name}`, `got ${a.length} numbers`, `${size} numbers (the action size)`);
  const out = Float64Array.from(a);
  if (!out.every(Number.isFinite)) throw new ArgumentError(`rescaleAction ${name}`, 'contains a non-finite number', 'finite numbers');
  return out;
}

/**
 * @example
 * const env = rescaleAction(make('Pendulum-v1'), { min: -1, max: 1 });
 * env.reset({ seed: 0 });
 * env.step([0.5]); // applied as [1] (the torque box is [−2, 2])
 */
export function rescaleAction<TObs extends Observation>(env: Env<TObs, ArrayLike<number>>, options: RescaleActionOptions): Env<TObs, ArrayLike<number>> {
  checkEnv('rescaleAction', env);
  checkOptions('rescaleAction', options, ['min', 'max']);
  if (options === undefined) throw new ArgumentError('rescaleAction options', 'got undefined', '{ min, max }');
  const inner = env?.actionSpace;
  if (inner === undefined || inner.kind !== 'box') {
    throw new ArgumentError('rescaleAction env', `got an environment with action space ${inner === undefined ? 'undefined' : inner.toString()}`, 'an environment with a box action space');
  }
  const { low, high, size } = inner;
  if (!low.every(Number.isFinite) || !high.every(Number.isFinite)) {
    throw new ArgumentError('rescaleAction env', `the action space ${inner.toString()} is unbounded`, 'an environment whose box action space has finite bounds');
  }
  const min = bounds(options.min, size, 'min');
  const max = bounds(options.max, size, 'max');
  for (let i = 0; i < size; i++) {
    if (!((min[i] as number) < (max[i] as number))) {
      throw new ArgumentError('rescaleAction min, max', `min[${i}] = ${min[i]} >= max[${i}] = ${max[i]}`, 'min < max elementwise');
    }
  }
  const actionSpace = box({ low: min, high: max, shape: inner.shape.slice(), dtype: inner.dtype });
  return wrapEnv<TObs, ArrayLike<number>>(env as Env<Observation, ArrayLike<number>>, {
    actionSpace,
    step(action) {
      checkAction(actionSpace, action);
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        const lo = low[i] as number;
        const hi = high[i] as number;
        const a = lo + (hi - lo) * (((action[i] as number) - (min[i] as number)) / ((max[i] as number) - (min[i] as number)));
        out[i] = Math.min(Math.max(a, lo), hi);
      }
      return env.step(out);
    },
  });
}
