import * as tf from '@tensorflow/tfjs-core';
import { type Key, random } from '@stochgrad/core';

export interface AntitheticPairs {
  /** u ~ U(0,1) [K, ...logits shape] */
  u: tf.Tensor;
  /** b = 1[u > σ(−α)] */
  b: tf.Tensor;
  /** b̃ = 1[u < σ(α)], the antithetic partner: same law as b */
  bTilde: tf.Tensor;
}

/**
 * K antithetic pairs of Bernoulli(σ(α)) samples from one set of uniforms, compared in logit space
 * (α + logit u > 0, α − logit u > 0) so that they are exact for any finite α. `logits` must be
 * detached (no tape history): the pairs are samples, not functions of α.
 */
export function antitheticPairs(key: Key, logits: tf.Tensor, numPairs: number): AntitheticPairs {
  return tf.tidy(() => {
    const u = random.uniform(key, [numPairs, ...logits.shape]);
    const noise = tf.sub(tf.log(u), tf.log1p(tf.neg(u))); // logit u
    const b = tf.cast(tf.greater(tf.add(logits, noise), 0), 'float32');
    const bTilde = tf.cast(tf.greater(tf.sub(logits, noise), 0), 'float32');
    return { u, b, bTilde };
  });
}

/** (−1)^{b̃} · 1[b ≠ b̃] · σ(|α|): the per-coordinate DisARM factor. */
export function disarmFactor(b: tf.Tensor, bTilde: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const differ = tf.abs(tf.sub(b, bTilde));
    const sign = tf.sub(1, tf.mul(bTilde, 2));
    return tf.mul(tf.mul(differ, sign), tf.sigmoid(tf.abs(logits)));
  });
}

/** Appends as many unit axes to `values` [K, ...batch] as `like` has beyond it (the event axis). */
export function expandToEvent(values: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return tf.reshape(values, [...values.shape, ...new Array<number>(like.rank - values.rank).fill(1)]);
}
