/**
 * The reparameterizations REBAR and RELAX need, per family: z ~ p(z | α) from noise, b = H(z),
 * the conditional z̃ ~ p(z | b, α) from fresh noise (differentiable in α), the relaxation σ_λ(z)
 * and the score ∇_α log p(b | α). All closed forms below are finite for |α| up to 80 and beyond.
 *
 * Bernoulli (θ = σ(α)): z = α + ℓ_u, b = 1[z > 0]. With ℓ = logit(v) for v ~ U(0, 1), inverting
 * the logistic CDF of z truncated to z < 0 or z > 0 gives (REFERENCES §4.2's v′ form, simplified)
 *   b = 0: z̃ = α + logit(v(1 − θ))     = −softplus(softplus(−α) − ℓ)
 *   b = 1: z̃ = α + logit(1 − θ(1 − v)) =  softplus(softplus(α) + ℓ).
 * Categorical (θ = softmax(α)): z = log θ + g_u, b = one-hot argmax z. With g = −log(−log v):
 *   z̃_b = g_b (the max of Gumbels with Σθ = 1 is a standard Gumbel, independent of argmax),
 *   z̃_i = −log(−log v_i / θ_i − log v_b) = a_i − softplus(a_i − g_b),  a_i = log θ_i + g_i (i ≠ b),
 * i.e. Gumbel(log θ_i) truncated below z̃_b, in log-space.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, random } from '@stochgrad/core';
import { sigmoid, softmax } from './relax-second-order';

export interface Relaxation {
  readonly name: 'bernoulli' | 'categorical';
  /** parameter axes per event: 1 for Bernoulli [..., D], 2 for categorical [..., D, C] */
  readonly eventRank: number;
  /** standard logistic (Bernoulli) or Gumbel (categorical) noise of the given shape */
  noise(key: Key, shape: readonly number[]): tf.Tensor;
  /** z, reparameterized: differentiable in the logits */
  perturb(logits: tf.Tensor, noise: tf.Tensor): tf.Tensor;
  /** b = H(z) as float32 0/1 (one-hot for categorical) */
  hard(z: tf.Tensor): tf.Tensor;
  /** z̃ ~ p(z | b, α) from fresh noise, differentiable in the logits */
  conditional(logits: tf.Tensor, b: tf.Tensor, noise: tf.Tensor): tf.Tensor;
  /** σ_λ(z): σ(z/λ) or softmax(z/λ) over the classes (differentiable twice: see relax-second-order) */
  relax(z: tf.Tensor, temperature: tf.Tensor): tf.Tensor;
  /** ∇_α log p(b | α), shape of b */
  score(logits: tf.Tensor, b: tf.Tensor): tf.Tensor;
}

export const bernoulliRelaxation: Relaxation = Object.freeze({
  name: 'bernoulli' as const,
  eventRank: 1,
  noise: (key: Key, shape: readonly number[]) => random.logistic(key, shape),
  perturb: (logits: tf.Tensor, noise: tf.Tensor) => tf.add(logits, noise),
  hard: (z: tf.Tensor) => tf.tidy(() => tf.cast(tf.greater(z, 0), 'float32')),
  conditional: (logits: tf.Tensor, b: tf.Tensor, noise: tf.Tensor) =>
    tf.tidy(() => {
      const above = tf.softplus(tf.add(tf.softplus(logits), noise));
      const below = tf.neg(tf.softplus(tf.sub(tf.softplus(tf.neg(logits)), noise)));
      // both branches are finite, so mixing by b never meets 0·∞
      return tf.add(tf.mul(b, above), tf.mul(tf.sub(1, b), below));
    }),
  relax: (z: tf.Tensor, temperature: tf.Tensor) => sigmoid(tf.div(z, temperature)),
  score: (logits: tf.Tensor, b: tf.Tensor) => tf.sub(b, tf.sigmoid(logits)),
});

export const categoricalRelaxation: Relaxation = Object.freeze({
  name: 'categorical' as const,
  eventRank: 2,
  noise: (key: Key, shape: readonly number[]) => random.gumbel(key, shape),
  perturb: (logits: tf.Tensor, noise: tf.Tensor) => tf.add(tf.logSoftmax(logits), noise),
  hard: (z: tf.Tensor) =>
    tf.tidy(() => tf.cast(tf.oneHot(tf.argMax(z, -1), z.shape[z.rank - 1] as number), 'float32')),
  conditional: (logits: tf.Tensor, b: tf.Tensor, noise: tf.Tensor) =>
    tf.tidy(() => {
      const top = tf.sum(tf.mul(b, noise), -1, true); // g_b
      const shifted = tf.add(tf.logSoftmax(logits), noise); // a_i = log θ_i + g_i
      const truncated = tf.sub(shifted, tf.softplus(tf.sub(shifted, top)));
      return tf.add(tf.mul(b, top), tf.mul(tf.sub(1, b), truncated));
    }),
  relax: (z: tf.Tensor, temperature: tf.Tensor) => softmax(tf.div(z, temperature)),
  score: (logits: tf.Tensor, b: tf.Tensor) => tf.sub(b, tf.softmax(logits)),
});
