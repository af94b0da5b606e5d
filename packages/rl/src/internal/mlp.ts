/**
 * @internal Multilayer perceptrons as lists of tf.Variables, with the orthogonal initialisation
 * actor-critic codes use (hidden layers gain √2, zero biases; the caller picks the output gain).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, random, split } from '@stochgrad/core';

export type Activation = 'tanh' | 'relu';

export interface Mlp {
  /** [W0, b0, W1, b1, …]: W_l of shape [in, out], b_l of shape [out] */
  readonly variables: readonly tf.Variable[];
  readonly sizes: readonly number[];
  readonly activation: Activation;
  /** x [B, sizes[0]] → [B, sizes[last]]; linear output layer */
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

/** An [rows, cols] matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols), times gain: Gram–Schmidt on normal draws. */
export function orthogonalMatrix(k: Key, rows: number, cols: number, gain: number): Float32Array {
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  const a = random.normalArray(k, tall * wide); // column c is a[c·tall … (c+1)·tall)
  for (let c = 0; c < wide; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < tall; r++) dot += (a[c * tall + r] as number) * (a[p * tall + r] as number);
      for (let r = 0; r < tall; r++) a[c * tall + r] = (a[c * tall + r] as number) - dot * (a[p * tall + r] as number);
    }
    let norm = 0;
    for (let r = 0; r < tall; r++) norm += (a[c * tall + r] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < tall; r++) a[c * tall + r] = (a[c * tall + r] as number) / norm;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // rows ≥ cols: W[i, j] = Q[i, j] (column j of Q); otherwise W = Qᵀ, W[i, j] = Q[j, i]
      out[i * cols + j] = gain * (rows >= cols ? (a[j * tall + i] as number) : (a[i * tall + j] as number));
    }
  }
  return out;
}

export function checkHiddenSizes(where: string, hiddenSizes: unknown): readonly number[] {
  if (!Array.isArray(hiddenSizes) || !hiddenSizes.every((h) => Number.isSafeInteger(h) && (h as number) >= 1)) {
    throw new ArgumentError(`${where} hiddenSizes`, `got ${JSON.stringify(hiddenSizes)}`, 'an array of integers >= 1 (e.g. [64, 64]; [] for a linear map)');
  }
  return Object.freeze([...(hiddenSizes as number[])]);
}

export function checkActivation(where: string, activation: unknown): Activation {
  if (activation !== 'tanh' && activation !== 'relu') throw new ArgumentError(`${where} activation`, `got ${String(activation)}`, "'tanh' or 'relu'");
  return activation;
}

export function createMlp(k: Key, sizes: readonly number[], activation: Activation, outputGain: number): Mlp {
  const layers = sizes.length - 1;
  const keys = split(k, Math.max(layers, 1));
  const variables: tf.Variable[] = [];
  for (let l = 0; l < layers; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    const gain = l === layers - 1 ? outputGain : Math.SQRT2;
    variables.push(tf.tidy(() => tf.variable(tf.tensor2d(orthogonalMatrix(keys[l] as Key, fanIn, fanOut, gain), [fanIn, fanOut]), true)));
    variables.push(tf.tidy(() => tf.variable(tf.zeros([fanOut]), true)));
  }
  const act = activation === 'tanh' ? tf.tanh : tf.relu;
  return Object.freeze({
    variables: Object.freeze(variables),
    sizes: Object.freeze([...sizes]),
    activation,
    apply(x: tf.Tensor2D): tf.Tensor2D {
      return tf.tidy(() => {
        let h: tf.Tensor2D = x;
        for (let l = 0; l < layers; l++) {
          h = tf.add(tf.matMul(h, variables[2 * l] as tf.Variable), variables[2 * l + 1] as tf.Variable);
          if (l < layers - 1) h = act(h);
        }
        return h;
      });
    },
  });
}
