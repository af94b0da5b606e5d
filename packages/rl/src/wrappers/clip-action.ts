/**
 * Clips every finite action into the inner environment's Box (Gymnasium's ClipAction): the
 * wrapped action space is unbounded, Box(−∞, ∞) of the same shape, as in Gymnasium.
 * Math: a′ᵢ = min(max(aᵢ, lowᵢ), highᵢ).
 * Properties: NaN and ±Infinity are still errors (ActionError), as is a wrong length; only a Box
 * action space can be wrapped.
 * Reference: Gymnasium `wrappers/transform_action.py` ClipAction (Farama Foundation, MIT).
 */
import { ArgumentError } from '@stochgrad/core';
import { type Env, type Observation, checkAction } from '../env';
import { box } from '../spaces';
import { checkEnv, wrapEnv } from './wrap';

/**
 * @example
 * const env = clipAction(make('Pendulum-v1'));
 * env.reset({ seed: 0 });
 * env.step([5]); // applied as [2]
 */
export function clipAction<TObs extends Observation>(env: Env<TObs, ArrayLike<number>>): Env<TObs, ArrayLike<number>> {
  checkEnv('clipAction', env);
  const inner = env?.actionSpace;
  if (inner === undefined || inner.kind !== 'box') {
    throw new ArgumentError('clipAction env', `got an environment with action space ${inner === undefined ? 'undefined' : inner.toString()}`, 'an environment with a box action space');
  }
  const { low, high, size } = inner;
  const actionSpace = box({ low: -Infinity, high: Infinity, shape: inner.shape.slice(), dtype: inner.dtype });
  return wrapEnv<TObs, ArrayLike<number>>(env as Env<Observation, ArrayLike<number>>, {
    actionSpace,
    step(action) {
      checkAction(actionSpace, action);
      const clipped = new Float64Array(size);
      for (let i = 0; i < size; i++) clipped[i] = Math.min(Math.max(action[i] as number, low[i] as number), high[i] as number);
      return env.step(clipped);
    },
  });
}
