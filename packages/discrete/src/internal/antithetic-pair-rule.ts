/**
 * The pair rules (core's BernoulliPairRule, a declared capability) of disarm() and arm() with one
 * pair: the samples of antitheticPairs for K = 1 (same key, same uniforms u [1, ...α shape]),
 *   b = 1[α + logit u > 0],  b̃ = 1[α − logit u > 0],
 * and the estimators' logit gradients written for one pair:
 *   DisARM ĝ = ½ (f(b) − f(b̃)) (b − b̃) σ(|α|)   ((−1)^{b̃} 1[b ≠ b̃] = b − b̃),
 *   ARM    ĝ = (f(b) − f(b̃)) (u − ½).
 * A model with a hand-differentiated step uses these instead of estimate() (bernoulliVae in
 * @stochgrad/models); the models' tests check them against estimate().
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BernoulliPairRule, type Key, random } from '@stochgrad/core';

function sample(key: Key, logits: tf.Tensor): { samples: tf.Tensor; uniforms: tf.Tensor } {
  return tf.tidy(() => {
    const uniforms = tf.reshape(random.uniform(key, [1, ...logits.shape]), logits.shape);
    const noise = tf.sub(tf.log(uniforms), tf.log1p(tf.neg(uniforms))); // logit u
    const samples = tf.cast(tf.greater(tf.stack([tf.add(logits, noise), tf.sub(logits, noise)], 0), 0), 'float32');
    return { samples, uniforms };
  });
}

/** f(b) − f(b̃) [...batch] with a trailing unit axis, times `scale` when given */
function gap(f: tf.Tensor, fTilde: tf.Tensor, scale?: number): tf.Tensor {
  const difference = tf.sub(f, fTilde);
  return tf.reshape(scale === undefined ? difference : tf.mul(difference, scale), [...f.shape, 1]);
}

export const disarmPairRule: BernoulliPairRule = Object.freeze({
  sample,
  gradient: ({ f, fTilde, b, bTilde, logits }: Parameters<BernoulliPairRule['gradient']>[0]) =>
    tf.tidy(() => tf.mul(tf.mul(gap(f, fTilde, 0.5), tf.sub(b, bTilde)), tf.sigmoid(tf.abs(logits)))),
});

export const armPairRule: BernoulliPairRule = Object.freeze({
  sample,
  gradient: ({ f, fTilde, uniforms }: Parameters<BernoulliPairRule['gradient']>[0]) => {
    if (!uniforms) throw new Error('arm pair rule: the uniforms of sample() are needed');
    return tf.tidy(() => tf.mul(gap(f, fTilde), tf.sub(uniforms, 0.5)));
  },
});
