/**
 * A surrogate whose gradient is an estimate of ∇_φ H(q_φ) for a sampler x = g_φ(ε) with no density,
 * given any estimate of the score ∇_x log q_φ(x).
 *   ∇_φ H(q_φ) = −E_ε[ ∇_x log q_φ(x)|_{x=g_φ(ε)} · ∂g_φ(ε)/∂φ ]  (the ∂_φ log q_φ term has zero mean),
 *   surrogate = −(1/N) Σ_n stop(ŝ(x_n)) · (x_n − stop(x_n)): value 0, gradient the estimate above.
 * Properties: unbiased for ∇_φ H whenever ŝ is the exact score (a Monte Carlo average over N
 * samples); with a learned or kernel score its bias is that of ŝ; the score is detached, so no
 * gradient reaches the score model; one score evaluation per sample.
 * Reference: Lim, Courville, Pal, Huang, "AR-DAE: Towards Unbiased Neural Entropy Gradient
 * Estimation", ICML 2020, arXiv:2006.05164, §2; Li, Turner, "Gradient Estimators for Implicit
 * Models", ICLR 2018, arXiv:1705.07107.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, detach, stopGradient } from '@stochgrad/core';
import { assertFiniteValues, assertSamples, describeValue, sameShape, shapeString } from './internal/validate';
import type { ScoreFunction } from './types';

/**
 * samples [N, ...batch, D] on the tape (axis 0: samples of one distribution per batch element);
 * scoreFn maps detached samples to score estimates of the same shape. Differentiating the
 * returned scalar gives the estimate of Σ_batch ∇ H(q_batch). Its value is 0: only its gradient
 * means something, so add it to a loss freely (minimize `energy − entropySurrogate(...)` to
 * maximise entropy).
 * @example
 * // reverse KL to an energy U: minimise E_q[U(x)] − H(q)
 * optimizer.minimize(() => tf.tidy(() => {
 *   const x = generator(random.normal(fold(k, step), [256, 10]));
 *   return tf.sub(tf.mean(energy(x)), entropySurrogate(x, model.score));
 * }));
 */
export function entropySurrogate(samples: tf.Tensor, scoreFn: ScoreFunction): tf.Scalar {
  assertSamples(samples, 'samples', undefined);
  if (typeof scoreFn !== 'function') {
    throw new ArgumentError('scoreFn', `got ${describeValue(scoreFn)}`, 'a function x [N, ...batch, D] -> score [N, ...batch, D] (model.score, an exact score, ...)');
  }
  return tf.tidy(() => {
    const fixed = detach(samples);
    const raw = scoreFn(fixed);
    if (!(raw instanceof tf.Tensor) || !sameShape(raw.shape, samples.shape)) {
      throw new ShapeError('scoreFn', `returned ${describeValue(raw)} for samples of shape ${shapeString(samples.shape)}`, `a score tensor of the samples' shape ${shapeString(samples.shape)}`);
    }
    assertFiniteValues(raw, 'scoreFn(samples)');
    const score = detach(raw.dtype === 'float32' ? raw : tf.cast(raw, 'float32'));
    const n = samples.shape[0] as number;
    // x − stop(x): zero in value, identity in gradient
    const centred = tf.sub(samples, stopGradient(samples));
    return tf.div(tf.neg(tf.sum(tf.mul(score, centred))), n) as tf.Scalar;
  });
}
