/**
 * Reflection-maximal coupling of two Gaussians with a common diagonal covariance,
 * N(locX, diag(scale²)) and N(locY, diag(scale²)), one pair per batch row.
 *   z = (locX − locY)/scale, e = z/‖z‖, ξ ~ N(0, I), W ~ U(0, 1), X = locX + scale·ξ;
 *   if W·φ(ξ) ≤ φ(ξ + z) then Y = X, else Y = locY + scale·(ξ − 2(eᵀξ)e) (ξ reflected in e⊥).
 * Properties: X and Y have the right marginals; P(X = Y) = 2Φ(−‖z‖/2) = 1 − TV, the largest
 * possible; when they differ, Y − X is the reflection's (mirror) image, so ‖Y − X‖ stays small.
 * One normal vector and one uniform per row, no loop.
 * Reference: Bou-Rabee, Eberle, Zimmer, "Coupling and convergence for Hamiltonian Monte Carlo",
 * Ann. Appl. Probab. 2020, arXiv:1805.00452; as used in Jacob, O'Leary, Atchadé, JRSS-B 2020,
 * arXiv:1708.03625.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError, random, split, type Key } from '@stochgrad/core';
import { assertKey, assertTensor, shapeString } from './internal/validate';

export interface ReflectionMaximalCouplingOptions {
  /** mean of X, [..., D] */
  locX: tf.Tensor;
  /** mean of Y, [..., D] (same shape as locX) */
  locY: tf.Tensor;
  /** common standard deviations (diagonal), a positive number or a tensor broadcastable to [..., D] */
  scale: number | tf.Tensor;
}

export interface ReflectionCouplingDraw {
  /** [..., D], N(locX, diag(scale²)) */
  x: tf.Tensor;
  /** [..., D], N(locY, diag(scale²)) */
  y: tf.Tensor;
  /** 1 where x = y, flat over the batch rows */
  met: Uint8Array;
}

/**
 * @example
 * const { x, y, met } = reflectionMaximalCoupling(key(0), {
 *   locX: tf.zeros([100, 2]), locY: tf.ones([100, 2]), scale: 1,
 * }); // P(met) = 2Φ(−√2/2) ≈ 0.48
 */
export function reflectionMaximalCoupling(key: Key, options: ReflectionMaximalCouplingOptions): ReflectionCouplingDraw {
  assertKey(key);
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ locX, locY, scale }');
  checkOptions('reflectionMaximalCoupling', options, ['locX', 'locY', 'scale']);
  const { locX, locY, scale } = options;
  assertTensor(locX, 'locX');
  assertTensor(locY, 'locY');
  if (locX.rank < 1 || locX.rank !== locY.rank || locX.shape.some((d, i) => d !== locY.shape[i])) {
    throw new ShapeError('locX, locY', `got ${shapeString(locX.shape)} and ${shapeString(locY.shape)}`, 'equal shapes [..., D]');
  }
  if (typeof scale !== 'number') {
    assertTensor(scale, 'scale');
    const fits = scale.rank <= locX.rank && scale.shape.every((d, i) => d === 1 || d === locX.shape[locX.rank - scale.rank + i]);
    if (!fits) throw new ShapeError('scale', `got shape ${shapeString(scale.shape)}`, `a shape that broadcasts to ${shapeString(locX.shape)}`);
  }
  const scaleValues = typeof scale === 'number' ? [scale] : scale.dataSync();
  for (const s of scaleValues) {
    if (!(s > 0) || !Number.isFinite(s)) throw new ArgumentError('scale', `contains ${s}`, 'finite values > 0');
  }
  for (const [name, loc] of [['locX', locX], ['locY', locY]] as const) {
    const values = loc.dataSync();
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i] as number)) throw new ArgumentError(name, `contains ${values[i]} (at flat index ${i})`, 'finite values');
    }
  }
  const [normalKey, uniformKey] = split(key) as [Key, Key];
  const out = tf.tidy(() => {
    const sigma = typeof scale === 'number' ? tf.scalar(scale) : scale;
    const z = tf.div(tf.sub(locX, locY), sigma);
    const norm = tf.norm(z, 'euclidean', -1, true);
    const e = tf.div(z, tf.maximum(norm, 1e-30));
    const xi = random.normal(normalKey, locX.shape);
    // log φ(ξ + z) − log φ(ξ) = −½‖ξ + z‖² + ½‖ξ‖²
    const logRatio = tf.mul(tf.sub(tf.sum(tf.square(xi), -1), tf.sum(tf.square(tf.add(xi, z)), -1)), 0.5);
    const accept = tf.lessEqual(tf.log(random.uniform(uniformKey, logRatio.shape)), logRatio);
    const x = tf.add(locX, tf.mul(sigma, xi));
    const reflected = tf.sub(xi, tf.mul(tf.mul(tf.sum(tf.mul(e, xi), -1, true), 2), e));
    const yReflected = tf.add(locY, tf.mul(sigma, reflected));
    const y = tf.where(tf.broadcastTo(tf.expandDims(accept, -1), x.shape), x, yReflected);
    return { x, y, accept };
  });
  const met = Uint8Array.from(out.accept.dataSync());
  out.accept.dispose();
  return { x: out.x, y: out.y, met };
}
