/**
 * The VAE of the coupled-chain experiments: Gaussian latents z ∈ ℝ^d with prior N(0, I_d), a
 * Bernoulli decoder over the pixels and a Gaussian encoder, one tanh hidden layer each:
 *   p_θ(x | z) = Bernoulli(σ(W₂ tanh(W₁ z + b₁) + b₂)),
 *   q_φ(z | x) = N(μ(x), diag σ(x)²),  [μ, s] = V₂ tanh(V₁ x + c₁) + c₂,  σ = softplus(s) + 10⁻³,
 *   log p_θ(x, z) = Σ_p x_p l_p − softplus(l_p) − ½‖z‖² − (d/2) log 2π.
 * σ is bounded away from 0 so that importance weights p/q stay bounded. logJoint and proposal are
 * what @stochgrad/mcmc's iwaeBound and unbiasedLogLikelihoodGradient take.
 * Reference: Kingma, Welling, "Auto-Encoding Variational Bayes", ICLR 2014, arXiv:1312.6114;
 * Ruiz, Titsias, Cemgil, Doucet, "Unbiased Gradient Estimation for Variational Auto-Encoders using
 * Coupled Markov Chains", UAI 2021, arXiv:2010.01845.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, KeyError, independent, isKey, normal, random, split, checkOptions, describeValue } from '@stochgrad/core';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export interface GaussianLatentVaeOptions {
  /** initial weights (Glorot-uniform kernels, zero biases) */
  key: Key;
  /** latent dimensions d */
  latents: number;
  /** hidden units of the decoder and of the encoder */
  hidden: number;
  /** per-pixel means in [0, 1] of the training data: the decoder's output bias starts at logit(clip(mean, 10⁻³, 1 − 10⁻³)) */
  dataMean: ArrayLike<number>;
  /** pixels per image (default 784) */
  pixels?: number;
}

export interface GaussianLatentVae {
  readonly latents: number;
  readonly pixels: number;
  /** W₁, b₁, W₂, b₂ */
  readonly decoderVariables: readonly tf.Variable[];
  /** V₁, c₁, V₂, c₂ */
  readonly encoderVariables: readonly tf.Variable[];
  /** log p_θ(x, z) for x [B, pixels], z [n, B, d]: [n, B] */
  logJoint(x: tf.Tensor, z: tf.Tensor): tf.Tensor;
  /** q_φ(z | x), batch [B], event [d] */
  proposal(x: tf.Tensor): ReturnType<typeof independent>;
  dispose(): void;
}

let made = 0;

function glorot(k: Key, rows: number, columns: number, name: string): tf.Variable {
  const limit = Math.sqrt(6 / (rows + columns));
  return tf.tidy(() => tf.variable(random.uniform(k, [rows, columns], { low: -limit, high: limit }), true, name));
}

/** A trainable variable of zeros (the initial tensor freed: tf.variable keeps its own reference). */
const zeroVariable = (shape: number[], name: string) => tf.tidy(() => tf.variable(tf.zeros(shape), true, name));

function count(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ArgumentError(argument, `got ${describeValue(value)}`, 'an integer >= 1');
  return value;
}

/**
 * @example
 * const vae = gaussianLatentVae({ key: key(0), latents: 16, hidden: 200, dataMean: pixelMean(train) });
 * const { bound } = iwaeBound({ key: key(1), x, logJoint: vae.logJoint, proposal: vae.proposal(x), numParticles: 8 });
 */
export function gaussianLatentVae(options: GaussianLatentVaeOptions): GaussianLatentVae {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, '{ key, latents, hidden, dataMean }');
  checkOptions('gaussianLatentVae', options, ['key', 'latents', 'hidden', 'dataMean', 'pixels']);
  if (!isKey(options.key)) throw new KeyError('key', `got ${describeValue(options.key)}${typeof options.key === 'number' ? ' (a number is a seed: pass key(seed) instead)' : ''}`, 'a Key made by key(seed)');
  const latent = count(options.latents, 'latents');
  const hidden = count(options.hidden, 'hidden');
  const pixels = count(options.pixels ?? 784, 'pixels');
  const { dataMean } = options;
  if (typeof dataMean !== 'object' || dataMean === null || dataMean.length !== pixels) {
    throw new ArgumentError('dataMean', `got ${typeof dataMean === 'object' && dataMean !== null ? `length ${dataMean.length}` : describeValue(dataMean)}`, `${pixels} per-pixel means in [0, 1]`);
  }
  // unique names: two live VAEs never clash in tfjs' variable registry
  const prefix = `gaussian-latent-vae-${made++}`;
  const keys = split(options.key, 4) as [Key, Key, Key, Key];
  const meanLogit = tf.tidy(() => {
    const p = tf.clipByValue(tf.tensor1d(Float32Array.from(dataMean)), 1e-3, 1 - 1e-3);
    return tf.log(tf.div(p, tf.sub(1, p)));
  });
  const decoder = [
    glorot(keys[0], latent, hidden, `${prefix}/decoder/W1`),
    zeroVariable([hidden], `${prefix}/decoder/b1`),
    glorot(keys[1], hidden, pixels, `${prefix}/decoder/W2`),
    tf.variable(meanLogit, true, `${prefix}/decoder/b2`),
  ];
  const encoder = [
    glorot(keys[2], pixels, hidden, `${prefix}/encoder/W1`),
    zeroVariable([hidden], `${prefix}/encoder/b1`),
    glorot(keys[3], hidden, 2 * latent, `${prefix}/encoder/W2`),
    zeroVariable([2 * latent], `${prefix}/encoder/b2`),
  ];
  const [dW1, db1, dW2, db2] = decoder as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const [eW1, eb1, eW2, eb2] = encoder as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const logJoint = (x: tf.Tensor, z: tf.Tensor) =>
    tf.tidy(() => {
      const [n, batch] = z.shape as [number, number];
      const flat = tf.reshape(z, [n * batch, latent]);
      const logits = tf.reshape(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(flat, dW1), db1)), dW2), db2), [n, batch, pixels]);
      // log Bernoulli(x; σ(l)) = x·l − softplus(l)
      const likelihood = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1);
      const prior = tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), latent * HALF_LOG_TWO_PI);
      return tf.add(likelihood, prior);
    });
  const proposal = (x: tf.Tensor) => {
    const [loc, scale] = tf.tidy(() => {
      const out = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, eW1), eb1)), eW2), eb2);
      const [mu, rawScale] = tf.split(out, 2, 1) as [tf.Tensor, tf.Tensor];
      // σ = softplus(·) + 1e-3: positive, and bounded away from 0 so that w stays bounded
      return [mu, tf.add(tf.softplus(rawScale), 1e-3)];
    });
    return independent(normal({ loc, scale }), 1);
  };
  return Object.freeze({
    latents: latent,
    pixels,
    decoderVariables: Object.freeze(decoder),
    encoderVariables: Object.freeze(encoder),
    logJoint,
    proposal,
    dispose: () => tf.dispose([...decoder, ...encoder, meanLogit]),
  });
}
