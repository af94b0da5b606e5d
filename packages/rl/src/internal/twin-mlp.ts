/**
 * @internal Two MLPs of the same sizes evaluated as one: weights W_l [2, in, out], biases [2, 1, out],
 * one batched matMul per layer (SAC's twin critics: half the kernels of two separate networks).
 * Each member is initialised as createMlp would (orthogonal, hidden gain √2, zero biases).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, split } from '@stochgrad/core';
import { type Activation, orthogonalMatrix } from './mlp';

export interface TwinMlp {
  /** [W0, b0, W1, b1, …], W_l [2, in, out], b_l [2, 1, out] */
  readonly variables: readonly tf.Variable[];
  /** x [B, sizes[0]] → [2, B, sizes[last]] */
  apply(x: tf.Tensor2D): tf.Tensor3D;
}

export function createTwinMlp(keys: readonly [Key, Key], sizes: readonly number[], activation: Activation, outputGain: number): TwinMlp {
  const layers = sizes.length - 1;
  const memberKeys = keys.map((k) => split(k, Math.max(layers, 1)));
  const variables: tf.Variable[] = [];
  for (let l = 0; l < layers; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    const gain = l === layers - 1 ? outputGain : Math.SQRT2;
    const w = new Float32Array(2 * fanIn * fanOut);
    memberKeys.forEach((ks, i) => w.set(orthogonalMatrix(ks[l] as Key, fanIn, fanOut, gain), i * fanIn * fanOut));
    variables.push(tf.tidy(() => tf.variable(tf.tensor3d(w, [2, fanIn, fanOut]), true)));
    variables.push(tf.tidy(() => tf.variable(tf.zeros([2, 1, fanOut]), true)));
  }
  const act = activation === 'tanh' ? tf.tanh : tf.relu;
  return Object.freeze({
    variables: Object.freeze(variables),
    apply(x: tf.Tensor2D): tf.Tensor3D {
      return tf.tidy(() => {
        // layer 0 multiplies the one x [B, in] by both members' weights [2, in, out] (matMul
        // broadcasts the batch axis; no tiled copy of x, and core's wasm BatchMatMul reads x as is)
        let h = x as tf.Tensor;
        for (let l = 0; l < layers; l++) {
          h = tf.add(tf.matMul(h, variables[2 * l] as tf.Variable as tf.Tensor3D), variables[2 * l + 1] as tf.Variable);
          if (l < layers - 1) h = act(h);
        }
        return h as tf.Tensor3D;
      });
    },
  });
}
