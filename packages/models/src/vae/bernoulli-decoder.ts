/**
 * The decoder of a Bernoulli VAE: p(x | b) = Bernoulli(σ(dec(b))) over the pixels, with dec a dense
 * network L → hidden… → pixels (the encoder's widths mirrored), and
 *   log p(x | b) = Σ_p x_p D_p − softplus(D_p),  D = dec(b).
 * The output bias may start at logit(clip(mean, 0.001, 0.999)) of the training data's pixel means
 * (DisARM's --initialize_with_bias).
 * Reference: Dong, Mnih, Tucker, "DisARM", NeurIPS 2020, arXiv:2006.10680 (`disarm/binary/`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, ShapeError, checkOptions, describeValue } from '@stochgrad/core';
import { type DenseNetwork, denseNetwork } from './dense-network';
import { logBernoulli } from './log-bernoulli';

export interface BernoulliDecoderOptions {
  /** one key per layer (hidden.length + 1) */
  keys: readonly Key[];
  latents: number;
  pixels: number;
  /** hidden widths from the latents up (the encoder's, reversed) */
  hidden?: readonly number[];
  activation?: (x: tf.Tensor) => tf.Tensor;
  /** per-pixel means in [0, 1] of the training data: the output bias starts at their clipped logits */
  dataMean?: ArrayLike<number>;
}

export interface BernoulliDecoder {
  readonly network: DenseNetwork;
  readonly variables: readonly tf.Variable[];
  /** pixel logits D [..., pixels] for latents b [..., L] (binary, or relaxed in [0, 1]) */
  logits(b: tf.Tensor): tf.Tensor;
  /** log p(x | b) [...lead, batch] for x [batch, pixels], b [...lead, batch, L] */
  logLikelihood(x: tf.Tensor, b: tf.Tensor): tf.Tensor;
}

/** logit(clip(mean, 0.001, 0.999)) per pixel, or undefined for a zero bias. */
export function outputBias(dataMean: ArrayLike<number> | undefined, pixels: number): Float32Array | undefined {
  if (dataMean === undefined) return undefined;
  if (typeof dataMean !== 'object' || dataMean === null || typeof dataMean.length !== 'number' || dataMean.length !== pixels) {
    throw new ShapeError('dataMean', `got ${typeof dataMean === 'object' && dataMean !== null ? `length ${String(dataMean.length)}` : describeValue(dataMean)}`, `${pixels} per-pixel means in [0, 1]`);
  }
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const m = dataMean[i] as number;
    if (!(m >= 0 && m <= 1)) throw new ArgumentError('dataMean', `got ${m} at index ${i}`, 'means in [0, 1] (intensities / 255)');
    const p = Math.min(0.999, Math.max(0.001, m));
    out[i] = Math.log(p) - Math.log1p(-p);
  }
  return out;
}

/**
 * @example
 * const decoder = bernoulliDecoder({ keys: split(key(1), 1), latents: 200, pixels: 784, dataMean: pixelMean(train) });
 * const logLikelihood = decoder.logLikelihood(x, b); // [batch]
 */
export function bernoulliDecoder(options: BernoulliDecoderOptions): BernoulliDecoder {
  checkOptions('bernoulliDecoder', options, ['keys', 'latents', 'pixels', 'hidden', 'activation', 'dataMean']);
  const { keys, latents, pixels, hidden = [], activation } = options;
  const bias = outputBias(options.dataMean, pixels);
  const network = denseNetwork({ keys, widths: [latents, ...hidden, pixels], ...(activation ? { activation } : {}), ...(bias ? { outputBias: bias } : {}) });
  const logits = (b: tf.Tensor) =>
    tf.tidy(() => {
      const flat = tf.reshape(b, [-1, latents]);
      return tf.reshape(network.apply(flat), [...b.shape.slice(0, -1), pixels]);
    });
  return Object.freeze({
    network,
    variables: network.variables,
    logits,
    logLikelihood: (x: tf.Tensor, b: tf.Tensor) => tf.tidy(() => logBernoulli(x, logits(b))),
  });
}
