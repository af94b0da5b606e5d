/**
 * RELAX's learned control-variate network r_ρ and the default one: an MLP with one tanh hidden
 * layer on the relaxed sample, r(y) = w₂ᵀ tanh(W₁ᵀ(2y − 1) + b₁) + b₂ (the input centering follows
 * the RELAX toy). The output layer starts at zero, so an untrained RELAX is REBAR.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, random } from '@stochgrad/core';
import { tanh } from './relax-second-order';

/** What a control-variate network sees for a batch of samples. */
export interface RelaxNetworkInput {
  /** z or z̃, the continuous sample before the relaxation: [...lead, ...batch, D] or [..., D, C] */
  z: tf.Tensor;
  /** σ_λ(z): the relaxed sample at the current temperature, same shape as z */
  relaxed: tf.Tensor;
}

/**
 * A control-variate network r_ρ for RELAX: one value per sample, [...lead, ...batch] for inputs
 * [...lead, ...batch, ...event]. It may close over the data or the logits (it is then a
 * function of them too; the estimator stays unbiased). Its variables are trained on the
 * estimator's variance; the caller owns them.
 */
export interface RelaxNetwork {
  readonly apply: (input: RelaxNetworkInput) => tf.Tensor;
  readonly variables: readonly tf.Variable[];
}

/** The default r_ρ for inputs whose event has `inputSize` entries; owns its variables. */
export function defaultNetwork(key: Key, inputSize: number, eventRank: number, hiddenUnits: number): RelaxNetwork & { dispose(): void } {
  const variables = tf.tidy(() => {
    // W₁ ~ N(0, 1/inputSize): the hidden units start distinct, so ρ gets a gradient from the first step
    const w1 = tf.variable(random.normal(key, [inputSize, hiddenUnits], { stddev: 1 / Math.sqrt(inputSize) }), true);
    const b1 = tf.variable(tf.zeros([hiddenUnits]), true);
    const w2 = tf.variable(tf.zeros([hiddenUnits, 1]), true);
    const b2 = tf.variable(tf.zeros([1]), true);
    return [w1, b1, w2, b2] as const;
  });
  const [w1, b1, w2, b2] = variables;
  const apply = ({ relaxed }: RelaxNetworkInput) =>
    tf.tidy(() => {
      const lead = relaxed.shape.slice(0, relaxed.rank - eventRank);
      const rows = tf.reshape(tf.sub(tf.mul(relaxed, 2), 1), [-1, inputSize]);
      const hidden = tanh(tf.add(tf.matMul(rows, w1), b1));
      return tf.reshape(tf.add(tf.matMul(hidden, w2), b2), lead);
    });
  return Object.freeze({ apply, variables, dispose: () => tf.dispose([...variables]) });
}
