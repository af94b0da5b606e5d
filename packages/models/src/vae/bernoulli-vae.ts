/**
 * A variational autoencoder with factorized Bernoulli latents b ∈ {0,1}^L, trained with any
 * GradientEstimator through its surrogate, assembled from the pieces beside this file:
 *   q(b|x) = Bernoulli(σ(enc(x)))  bernoulliEncoder,   p(x|b) = Bernoulli(σ(dec(b)))  bernoulliDecoder,
 *   p(b) = Bernoulli(σ(π))  bernoulliPrior,   ELBO(x, b) = log p(x|b) + log p(b) − log q(b|x)  bernoulliElbo,
 *   the S-sample bound  importanceWeightedBound,   one step with any estimator  vaeTrainStep.
 * 'expectation' estimators (REINFORCE-LOO, ARM, DisARM, ...) train E_q[ELBO]; 'log-mean-exp'
 * estimators (VIMCO, local DisARM) train the K-sample bound E[log 1/K Σ_k exp ELBO(x, b_k)].
 * Models and optimisers follow the DisARM experiments: 200 latents, linear (784-200) or nonlinear
 * (784-200-200-200, LeakyReLU 0.3) networks, learned prior logits, Adam 1e-4 for encoder and
 * decoder, SGD 1e-2 for the prior, batch 50. On the linear model, an estimator that declares the
 * Bernoulli pair capability (disarm(), arm(), 2-sample REINFORCE-LOO) trains by a hand-differentiated
 * step (linearPairGradients): the same samples and gradients as the tape, in 138 kernels instead of 350
 * (DisARM, batch 50, Adam updates included).
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680 (`disarm/binary/`); Burda, Grosse, Salakhutdinov,
 * "Importance Weighted Autoencoders", ICLR 2016, arXiv:1509.00519 (the 100-sample bound).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type GradientEstimator, type Key, KeyError, ShapeError, isKey, split, checkOptions, describeValue } from '@stochgrad/core';
import { bernoulliDecoder } from './bernoulli-decoder';
import { bernoulliElbo } from './bernoulli-elbo';
import { bernoulliEncoder } from './bernoulli-encoder';
import { bernoulliPrior } from './bernoulli-prior';
import { leakyRelu03 } from './dense-network';
import { type ImportanceWeightedBoundResult, importanceWeightedBound } from './importance-weighted-bound';
import { type BernoulliVaeParts, type VaeGradients, vaeGradients } from './vae-gradients';
import { type LinearStepCache, type VaeOptimizers, type VaeTrainStepResult, vaeTrainStep } from './vae-train-step';

export interface BernoulliVaeOptions {
  /** initial weights (Glorot-uniform kernels, zero biases, as Keras' Dense) */
  key: Key;
  /** pixels per image (default 784) */
  pixels?: number;
  /** Bernoulli latents L (default 200) */
  latents?: number;
  /**
   * hidden layer widths of the encoder; the decoder mirrors them. [] (default) is the linear
   * model 784-200 / 200-784; [200, 200] is the DisARM nonlinear model.
   */
  hidden?: readonly number[];
  /** hidden-layer activation (default LeakyReLU with slope 0.3) */
  activation?: (x: tf.Tensor) => tf.Tensor;
  /** train the prior logits (default true); otherwise p(b) = Bernoulli(½) */
  learnedPrior?: boolean;
  /**
   * per-pixel means of the training data in [0, 1]: the decoder's output bias starts at
   * logit(clip(mean, 0.001, 0.999)) (DisARM's --initialize_with_bias); default 0
   */
  dataMean?: ArrayLike<number>;
  /** replace any of the default optimisers (yours stay yours: dispose() frees only the defaults) */
  optimizers?: Partial<VaeOptimizers>;
  /**
   * on the linear model, trainStep with an estimator that declares the Bernoulli pair capability
   * (`estimator.bernoulliPair`: disarm(), arm() with one pair, scoreFunction({ controlVariate:
   * leaveOneOut(), numSamples: 2 })) takes the hand-differentiated path: the same samples and the
   * same gradients as the generic path (to float rounding), several times faster (default true;
   * false always uses the generic path)
   */
  fastPath?: boolean;
}

/** What evaluate() returns: the numSamples-sample bound and the mean ELBO. */
export type VaeEvaluateResult = ImportanceWeightedBoundResult;

export interface BernoulliVae {
  readonly pixels: number;
  readonly latents: number;
  readonly hidden: readonly number[];
  readonly learnedPrior: boolean;
  /** the pieces: encoder q(b|x), decoder p(x|b), prior p(b) */
  readonly parts: BernoulliVaeParts;
  /** encoder kernels and biases, input to output */
  readonly encoderVariables: readonly tf.Variable[];
  /** decoder kernels and biases, latents to pixels */
  readonly decoderVariables: readonly tf.Variable[];
  /** the prior logits [L] (not trainable when learnedPrior is false) */
  readonly priorLogits: tf.Variable;
  /** every trainable variable: encoder, decoder, then the prior logits if learned */
  readonly variables: readonly tf.Variable[];
  readonly optimizers: Readonly<VaeOptimizers>;
  /** encoder logits [batch, L] for images x [batch, pixels] */
  encode(x: tf.Tensor): tf.Tensor2D;
  /** pixel logits [..., pixels] for latents b [..., L] (binary, or relaxed in [0, 1]) */
  decode(b: tf.Tensor): tf.Tensor;
  /**
   * ELBO(x, b) = log p(x|b) + log p(b) − log q(b|x) for x [batch, pixels], latents b
   * [...lead, batch, L] and encoder logits [batch, L]: values [...lead, batch]. Finite for any
   * finite logits (softplus forms).
   */
  elbo(x: tf.Tensor, b: tf.Tensor, logits: tf.Tensor): tf.Tensor;
  /** one estimate of every gradient, on the tape, without updating anything (you own the tensors) */
  gradients(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator }): VaeGradients;
  /** one optimisation step on the binary batch x [batch, pixels] with the estimator's surrogate */
  trainStep(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator; keepGradients?: boolean }): VaeTrainStepResult;
  /** the numSamples-sample (default 100) importance-weighted bound on binary images x [n, pixels] */
  evaluate(args: { key: Key; x: tf.Tensor; numSamples?: number; chunkSize?: number }): VaeEvaluateResult;
  /** frees the variables and the optimisers the VAE made */
  dispose(): void;
}

function positiveInteger(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArgumentError(argument, `got ${describeValue(value)}`, 'an integer >= 1');
  }
  return value;
}

function shape(t: tf.Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

function checkEstimator(estimator: unknown): GradientEstimator {
  const e = estimator as GradientEstimator | undefined;
  if (typeof e !== 'object' || e === null || typeof e.estimate !== 'function') {
    throw new ArgumentError('estimator', `got ${describeValue(estimator)}`, 'a GradientEstimator (disarm(), vimco({ numSamples: 4 }), scoreFunction(...), ...)');
  }
  if (e.target !== 'expectation' && e.target !== 'log-mean-exp') {
    throw new ArgumentError('estimator', `has target ${String(e.target)}`, "target 'expectation' or 'log-mean-exp'");
  }
  return e;
}

/**
 * Makes a Bernoulli VAE. Train it with any estimator from @stochgrad/core or
 * @stochgrad/discrete; for 'expectation' estimators the −log q term of the ELBO sees
 * stop-gradient logits (its gradient has mean zero, so dropping it is unbiased and removes
 * noise, as in the DisARM code); for 'log-mean-exp' estimators it stays differentiable, as the
 * bound requires.
 * @example
 * await ready();
 * const vae = bernoulliVae({ key: key(0), dataMean: pixelMean(train) }); // linear, 200 latents, learned prior
 * const estimator = disarm();
 * for (const { indices, step } of batches({ key: key(1), count: train.count, batchSize: 50, epochs: 2 })) {
 *   const x = binarize(fold(key(2), step), subset(train, indices));
 *   const { objective } = vae.trainStep({ key: fold(key(3), step), x, estimator });
 *   x.dispose();
 *   if (step % 500 === 0) console.log(step, objective);
 * }
 * const testX = binarize(key(4), subset(test, Array.from({ length: 1000 }, (_, i) => i)));
 * console.log(vae.evaluate({ key: key(5), x: testX }).bound); // the 100-sample bound
 * vae.dispose();
 */
export function bernoulliVae(options: BernoulliVaeOptions): BernoulliVae {
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError('options', `got ${describeValue(options)}`, '{ key, latents?, hidden?, ... }');
  }
  checkOptions('bernoulliVae', options, ['key', 'pixels', 'latents', 'hidden', 'activation', 'learnedPrior', 'dataMean', 'optimizers', 'fastPath']);
  if (!isKey(options.key)) throw new KeyError('key', `got ${describeValue(options.key)}${typeof options.key === 'number' ? ' (a number is a seed: pass key(seed) instead)' : ''}`, 'a Key made by key(seed)');
  // the optimizers are checked before any variable is made
  checkOptions('bernoulliVae optimizers', options.optimizers ?? {}, ['encoder', 'decoder', 'prior', 'controlVariate']);
  const pixels = positiveInteger(options.pixels ?? 784, 'pixels');
  const latents = positiveInteger(options.latents ?? 200, 'latents');
  const hidden = Object.freeze([...(options.hidden ?? [])]);
  hidden.forEach((h, i) => positiveInteger(h, `hidden[${i}]`));
  const activation = options.activation ?? leakyRelu03;
  if (typeof activation !== 'function') throw new ArgumentError('activation', `got ${describeValue(activation)}`, 'a function from tensor to tensor');
  const learnedPrior = options.learnedPrior ?? true;
  if (typeof learnedPrior !== 'boolean') throw new ArgumentError('learnedPrior', `got ${describeValue(learnedPrior)}`, 'true (default) or false');
  const fastPath = options.fastPath ?? true;
  if (typeof fastPath !== 'boolean') throw new ArgumentError('fastPath', `got ${describeValue(fastPath)}`, 'true or false');

  // one key per layer: encoder layers take keys[0 …], decoder layers keys[hidden.length + 2 …]
  const encoderLayers = hidden.length + 1;
  const keys = split(options.key, 2 * (hidden.length + 2));
  const decoderKeys = keys.slice(hidden.length + 2, hidden.length + 2 + encoderLayers);
  const decoderHidden = [...hidden].reverse();
  // the data mean is checked before any variable is made
  const encoder = bernoulliEncoder({ keys: keys.slice(0, encoderLayers), pixels, latents, hidden, activation });
  let decoder: ReturnType<typeof bernoulliDecoder>;
  try {
    decoder = bernoulliDecoder({ keys: decoderKeys, latents, pixels, hidden: decoderHidden, activation, ...(options.dataMean !== undefined ? { dataMean: options.dataMean } : {}) });
  } catch (error) {
    encoder.network.dispose();
    throw error;
  }
  const prior = bernoulliPrior({ latents, learned: learnedPrior });
  const parts: BernoulliVaeParts = Object.freeze({ encoder, decoder, prior });
  const variables = Object.freeze([...encoder.variables, ...decoder.variables, ...prior.variables]);

  const given = options.optimizers ?? {};
  checkOptions('bernoulliVae optimizers', given, ['encoder', 'decoder', 'prior', 'controlVariate']);
  const made: tf.Optimizer[] = [];
  const own = (optimizer: tf.Optimizer | undefined, make: () => tf.Optimizer): tf.Optimizer => {
    if (optimizer) return optimizer;
    const o = make();
    made.push(o);
    return o;
  };
  const optimizers: VaeOptimizers = Object.freeze({
    encoder: own(given.encoder, () => tf.train.adam(1e-4)),
    decoder: own(given.decoder, () => tf.train.adam(1e-4)),
    prior: own(given.prior, () => tf.train.sgd(1e-2)),
    controlVariate: own(given.controlVariate, () => tf.train.adam(1e-4, 0.999)),
  });
  let controlVariables: string | undefined;
  let disposed = false;
  const linearSteps: LinearStepCache = new Map();

  function alive(): void {
    if (disposed) throw new ArgumentError('vae', 'was disposed', 'a live VAE');
  }

  function checkImages(x: unknown, argument: string, binary: boolean): tf.Tensor {
    if (!(x instanceof tf.Tensor) || x.isDisposed) throw new ArgumentError(argument, `got ${describeValue(x)}`, `a live tf.Tensor [batch, ${pixels}]`);
    if (x.rank !== 2 || x.shape[1] !== pixels || (x.shape[0] as number) < 1) {
      throw new ShapeError(argument, `got shape ${shape(x)}`, `[batch, ${pixels}]: one flattened image of ${pixels} pixels per row`);
    }
    if (x.dtype !== 'float32') throw new ArgumentError(argument, `got dtype ${x.dtype}`, 'float32 (cast it: tf.cast(x, "float32"))');
    if (binary) {
      const values = x.dataSync();
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v !== 0 && v !== 1) {
          throw new ArgumentError(argument, `got ${describeValue(v)} at flat index ${i}`, 'binary pixels 0 or 1 (binarize(key, images) draws them from intensities)');
        }
      }
    }
    return x;
  }

  /** alive, args an object, a key, binary x, a usable estimator */
  function checkStepArgs(args: unknown, where: string, allowed: readonly string[]): { key: Key; x: tf.Tensor; estimator: GradientEstimator } {
    alive();
    if (typeof args !== 'object' || args === null) throw new ArgumentError('args', `got ${describeValue(args)}`, '{ key, x, estimator }');
    checkOptions(where, args, allowed);
    const { key, x, estimator } = args as { key: unknown; x: unknown; estimator: unknown };
    if (!isKey(key)) throw new ArgumentError('key', `got ${describeValue(key)}`, 'a Key (use fold(runKey, step) for a new one each step)');
    return { key, x: checkImages(x, 'x', true), estimator: checkEstimator(estimator) };
  }

  function encode(x: tf.Tensor): tf.Tensor2D {
    alive();
    checkImages(x, 'x', false);
    return tf.tidy(() => encoder.logits(x)) as tf.Tensor2D;
  }

  function decode(b: tf.Tensor): tf.Tensor {
    alive();
    if (!(b instanceof tf.Tensor) || b.rank < 1 || b.shape[b.rank - 1] !== latents) {
      throw new ShapeError('b', `got ${b instanceof tf.Tensor ? `shape ${shape(b)}` : describeValue(b)}`, `latents [..., ${latents}]`);
    }
    return decoder.logits(b);
  }

  function elbo(x: tf.Tensor, b: tf.Tensor, logits: tf.Tensor): tf.Tensor {
    alive();
    checkImages(x, 'x', false);
    const batch = x.shape[0] as number;
    if (!(b instanceof tf.Tensor) || b.rank < 2 || b.shape[b.rank - 1] !== latents || b.shape[b.rank - 2] !== batch) {
      throw new ShapeError('b', `got ${b instanceof tf.Tensor ? `shape ${shape(b)}` : describeValue(b)} for x ${shape(x)}`, `latents [...lead, ${batch}, ${latents}]`);
    }
    if (!(logits instanceof tf.Tensor) || logits.rank !== 2 || logits.shape[0] !== batch || logits.shape[1] !== latents) {
      throw new ShapeError('logits', `got ${logits instanceof tf.Tensor ? `shape ${shape(logits)}` : describeValue(logits)}`, `encoder logits [${batch}, ${latents}]`);
    }
    return bernoulliElbo({ x, b, encoderLogits: logits, decoder, prior });
  }

  function gradients(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator }): VaeGradients {
    const { key, x, estimator } = checkStepArgs(args, 'gradients', ['key', 'x', 'estimator']);
    return vaeGradients({ parts, key, x, estimator });
  }

  function trainStep(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator; keepGradients?: boolean }): VaeTrainStepResult {
    const { key, x, estimator } = checkStepArgs(args, 'trainStep', ['key', 'x', 'estimator', 'keepGradients']);
    if (args.keepGradients !== undefined && typeof args.keepGradients !== 'boolean') throw new ArgumentError('keepGradients', `got ${describeValue(args.keepGradients)}`, 'true or false (default false)');
    const cvVariables = estimator.variables ?? [];
    if (cvVariables.length > 0) {
      // tfjs optimisers keep their slots by position: one estimator's variables per VAE
      const names = cvVariables.map((v) => v.name).join(',');
      controlVariables ??= names;
      if (controlVariables !== names) {
        throw new ArgumentError('estimator', `${estimator.name} brings other variables than the estimator trained before`, 'the same estimator at every step (or pass optimizers.controlVariate per estimator)');
      }
    }
    return vaeTrainStep({ parts, optimizers, key, x, estimator, ...(args.keepGradients ? { keepGradients: true } : {}), linearSteps: fastPath ? linearSteps : false });
  }

  function evaluate(args: { key: Key; x: tf.Tensor; numSamples?: number; chunkSize?: number }): VaeEvaluateResult {
    alive();
    if (typeof args !== 'object' || args === null) throw new ArgumentError('args', `got ${describeValue(args)}`, '{ key, x, numSamples? }');
    checkOptions('evaluate', args, ['key', 'x', 'numSamples', 'chunkSize']);
    const { key } = args;
    if (!isKey(key)) throw new ArgumentError('key', `got ${describeValue(key)}`, 'a Key');
    const x = checkImages(args.x, 'x', true);
    const numSamples = positiveInteger(args.numSamples ?? 100, 'numSamples');
    const chunkSize = positiveInteger(args.chunkSize ?? Math.max(1, Math.floor(10_000 / numSamples)), 'chunkSize');
    return importanceWeightedBound({ parts, key, x, numSamples, chunkSize });
  }

  return Object.freeze({
    pixels,
    latents,
    hidden,
    learnedPrior,
    parts,
    encoderVariables: encoder.variables,
    decoderVariables: decoder.variables,
    priorLogits: prior.logits,
    variables,
    optimizers,
    encode,
    decode,
    elbo,
    gradients,
    trainStep,
    evaluate,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      encoder.network.dispose();
      decoder.network.dispose();
      prior.dispose();
      for (const o of made) o.dispose();
      for (const step of linearSteps.values()) step.dispose();
    },
  });
}
