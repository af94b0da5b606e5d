/**
 * A banana-shaped 2-D density with an exact sampler and score:
 *   x₁ ~ N(0, a²),  x₂ | x₁ ~ N(c·(x₁² − a²), w²);
 *   ∇ log q = (−x₁/a² + 2c·x₁·r, −r),  r = (x₂ − c(x₁² − a²))/w².
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, checkOptions, describeValue, random } from '@stochgrad/core';
import { assertInteger, assertPoints, assertPositiveNumber, coordinate } from '../internal/validate';
import type { ToyDensity } from './toy-density';

export interface BananaOptions {
  /** a: the spread of x₁ (default 1) */
  spread?: number;
  /** c: the bend (default 0.5) */
  curvature?: number;
  /** w: the thickness of the banana (default 0.35) */
  width?: number;
}

/**
 * @example
 * const q = banana();
 * const x = q.sample!(key(0), 512);
 * const s = q.score(x);
 */
export function banana(options: BananaOptions = {}): ToyDensity {
  checkOptions('banana', options, ['spread', 'curvature', 'width']);
  const { spread = 1, curvature = 0.5, width = 0.35 } = options;
  assertPositiveNumber(spread, 'spread');
  assertPositiveNumber(width, 'width');
  if (typeof curvature !== 'number' || !Number.isFinite(curvature)) throw new ArgumentError('curvature', `got ${describeValue(curvature)}`, 'a finite number');
  const offset = curvature * spread * spread;
  const logNormalizer = -Math.log(2 * Math.PI * spread * width);
  const parts = (x: tf.Tensor) => {
    assertPoints(x, 2, 'banana');
    const x1 = coordinate(x, 0);
    const x2 = coordinate(x, 1);
    const residual = tf.sub(x2, tf.sub(tf.mul(tf.square(x1), curvature), offset));
    return { x1, residual };
  };
  const density: ToyDensity = {
    name: 'banana',
    dim: 2,
    normalized: true,
    box: [-4, 4],
    logDensity: (x) => tf.tidy(() => {
      const { x1, residual } = parts(x);
      const quad = tf.add(tf.square(tf.div(x1, spread)), tf.square(tf.div(residual, width)));
      return tf.add(tf.mul(quad, -0.5), logNormalizer);
    }),
    score: (x) => tf.tidy(() => {
      const { x1, residual } = parts(x);
      const r = tf.div(residual, width * width);
      const d1 = tf.add(tf.div(tf.neg(x1), spread * spread), tf.mul(tf.mul(x1, r), 2 * curvature));
      return tf.stack([d1, tf.neg(r)], -1);
    }),
    sample: (k: Key, n: number) => {
      assertInteger(n, 'n', 1);
      return tf.tidy(() => {
        const eps = random.normal(k, [n, 2]);
        const x1 = tf.mul(coordinate(eps, 0), spread);
        const x2 = tf.add(tf.sub(tf.mul(tf.square(x1), curvature), offset), tf.mul(coordinate(eps, 1), width));
        return tf.stack([x1, x2], 1);
      });
    },
  };
  return Object.freeze(density);
}
