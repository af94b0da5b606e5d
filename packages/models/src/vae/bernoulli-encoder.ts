/**
 * The encoder of a Bernoulli VAE: q(b | x) = Bernoulli(σ(enc(x))), factorized over L latents, with
 * enc a dense network pixels → hidden… → L (LeakyReLU 0.3 between layers by default). [] hidden
 * layers is the DisARM paper's linear model 784-200; [200, 200] its nonlinear one.
 * Reference: Dong, Mnih, Tucker, "DisARM", NeurIPS 2020, arXiv:2006.10680 (`disarm/binary/`).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { checkOptions } from '@stochgrad/core';
import type { Key } from '@stochgrad/core';
import { type DenseNetwork, denseNetwork } from './dense-network';

export interface BernoulliEncoderOptions {
  /** one key per layer (hidden.length + 1) */
  keys: readonly Key[];
  pixels: number;
  latents: number;
  hidden?: readonly number[];
  activation?: (x: tf.Tensor) => tf.Tensor;
}

export interface BernoulliEncoder {
  readonly network: DenseNetwork;
  readonly variables: readonly tf.Variable[];
  /** the logits α = enc(x) [batch, L] of q(b | x) for images x [batch, pixels] */
  logits(x: tf.Tensor): tf.Tensor;
}

/**
 * @example
 * const encoder = bernoulliEncoder({ keys: split(key(0), 1), pixels: 784, latents: 200 });
 * const alpha = encoder.logits(x); // [batch, 200]
 */
export function bernoulliEncoder(options: BernoulliEncoderOptions): BernoulliEncoder {
  checkOptions('bernoulliEncoder', options, ['keys', 'pixels', 'latents', 'hidden', 'activation']);
  const { keys, pixels, latents, hidden = [], activation } = options;
  const network = denseNetwork({ keys, widths: [pixels, ...hidden, latents], ...(activation ? { activation } : {}) });
  return Object.freeze({ network, variables: network.variables, logits: (x: tf.Tensor) => network.apply(x) });
}
