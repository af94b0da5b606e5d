/**
 * A small fully connected network with its own tf.Variables, initialized from a key
 * (Glorot-uniform weights, zero biases). Inputs [R, in] → outputs [R, out]; matMul without
 * transpose flags (those are slow on wasm).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, random, split } from '@stochgrad/core';

export type Activation = 'softplus' | 'tanh';

export interface Mlp {
  readonly variables: readonly tf.Variable[];
  /** inputs [R, in] → [R, out], with the trained weights or (when kept) their moving average */
  apply(input: tf.Tensor, weights?: 'trained' | 'average'): tf.Tensor;
  /** average ← decay·average + (1 − decay)·weights (the average starts at the initial weights) */
  updateAverage(decay: number): void;
  dispose(): void;
}

function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === 'tanh' ? tf.tanh(x) : tf.softplus(x);
}

export function mlp(k: Key, sizes: readonly number[], activation: Activation, keepAverage = false): Mlp {
  const layers = sizes.length - 1;
  const keys = split(k, layers);
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  for (let i = 0; i < layers; i++) {
    const fanIn = sizes[i] as number;
    const fanOut = sizes[i + 1] as number;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const init = random.uniform(keys[i] as Key, [fanIn, fanOut], { low: -limit, high: limit });
    weights.push(tf.variable(init, true));
    init.dispose();
    const zeros = tf.zeros([fanOut]);
    biases.push(tf.variable(zeros, true));
    zeros.dispose();
  }
  const variables = Object.freeze(weights.flatMap((w, i) => [w, biases[i] as tf.Variable]));
  const average = keepAverage ? variables.map((v) => tf.variable(v, false)) : null;
  return Object.freeze({
    variables,
    apply(input: tf.Tensor, which: 'trained' | 'average' = 'trained'): tf.Tensor {
      const params = which === 'average' && average ? average : variables;
      return tf.tidy(() => {
        let h = input;
        for (let i = 0; i < layers; i++) {
          h = tf.add(tf.matMul(h, params[2 * i] as tf.Variable), params[2 * i + 1] as tf.Variable);
          if (i < layers - 1) h = activate(h, activation);
        }
        return h;
      });
    },
    updateAverage(decay: number): void {
      if (!average) return;
      tf.tidy(() => {
        average.forEach((a, i) => a.assign(tf.add(tf.mul(a, decay), tf.mul(variables[i] as tf.Variable, 1 - decay))));
      });
    },
    dispose(): void {
      for (const v of variables) v.dispose();
      if (average) for (const v of average) v.dispose();
    },
  });
}
