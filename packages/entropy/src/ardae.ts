/**
 * AR-DAE: learns the score ∇_x log q(x) (or ∇_x log q(x | context)) of a distribution known only
 * through samples, with an amortized residual denoising autoencoder.
 *   min_ψ E_{x~q} E_{σ~N(0, δ²·s(x)²)} E_{u~N(0,I)} ‖u + σ·f_ψ(x + σu; σ)‖², s(x) the per-datum sample std;
 *   at each σ the minimiser is ∇ log (q ∗ N(0, σ²I)), so f_ψ(x; 0) → ∇_x log q(x) (score at σ = 0).
 *   residual form: f_ψ is the network output; gradient form: f_ψ = −∇_x E_ψ(x; σ), E_ψ ≈ −log q̃ + const.
 * Properties: asymptotically unbiased (a DAE at a fixed σ converges to the score of the smoothed
 * q instead); a learned estimate, so biased after finite training; two network passes per
 * (sample, σ) pair per step (u and −u, antithetic: same objective, the noisy 2σ·uᵀf term cancels
 * within a pair; the reference code draws u independently); the gradient form needs
 * second-order gradients and also gives an unnormalized log density.
 * Reference: Lim, Courville, Pal, Huang, "AR-DAE: Towards Unbiased Neural Entropy Gradient
 * Estimation", ICML 2020, arXiv:2006.05164 (https://arxiv.org/abs/2006.05164).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, KeyError, checkOptions, isKey, random, split } from '@stochgrad/core';
import { type Parametrization, checkContext, denoiser, denoisingLoss, flatContext, perDatumScale, step } from './internal/denoiser';
import type { Activation } from './internal/mlp';
import { assertAveraging, assertInteger, assertOneOf, assertPositiveNumber, assertSamples, assertTensor, describeValue, shapeString } from './internal/validate';
import type { ScoreFunction } from './types';

export interface ArdaeOptions {
  /** initializes the network (required: the weights are random) */
  key: Key;
  /** event dimension D of the samples */
  dim: number;
  /** units per hidden layer (default 128) */
  hidden?: number;
  /** hidden layers (default 3, as the paper's toys) */
  layers?: number;
  /** hidden nonlinearity (default 'softplus', smooth as a score network should be) */
  activation?: Activation;
  /** 'residual' (default): the network outputs the score; 'gradient': it outputs −log q̃ and the score is its negative gradient */
  parametrization?: Parametrization;
  /** size C of an optional context input (default 0: unconditional) */
  contextDim?: number;
  /** δ: σ ~ N(0, δ²·scale²) during training (default 0.1, the paper's --delta) */
  delta?: number;
  /** 'per-datum' (default): scale = the samples' std over the sample axis, averaged over D, per datum; or a fixed number */
  scale?: 'per-datum' | number;
  /** σ draws per sample and step (default 4) */
  numSigmas?: number;
  /** pair every noise draw u with −u (default true): same objective, far less gradient noise at small σ; false: independent draws, as the reference code */
  antithetic?: boolean;
  /** the network sees c·x and the score is c·f(c·x) (the reference code's --std-scale; default 1) */
  rescale?: number;
  /** learning rate of the default optimizer, Adam (default 1e-3) */
  learningRate?: number;
  /** your own optimizer instead (you keep ownership: dispose() leaves it alone) */
  optimizer?: tf.Optimizer;
  /** decay of a Polyak (exponential moving) average of the weights that score() uses; 0 (default): the trained weights (the paper's VAE runs use 0.998) */
  averaging?: number;
}

export interface TrainResult {
  /** the denoising loss before the step (mean over elements) */
  loss: number;
}

export interface Ardae {
  readonly name: 'ardae';
  readonly dim: number;
  readonly contextDim: number;
  readonly parametrization: Parametrization;
  /** the network's variables (not the optimizer's) */
  readonly variables: readonly tf.Variable[];
  /** One optimizer step on samples [N, ...batch, D] (context [...batch, C] when contextDim > 0). */
  train(key: Key, samples: tf.Tensor, context?: tf.Tensor): TrainResult;
  /** The AR-DAE objective as a scalar on the tape, for your own training loop. */
  loss(key: Key, samples: tf.Tensor, context?: tf.Tensor): tf.Scalar;
  /** The learned score at x [..., D] (σ = 0 unless given): a ScoreFunction. */
  score(x: tf.Tensor, context?: tf.Tensor, sigma?: number): tf.Tensor;
  /** log q̃(x) up to an additive constant, [...]: gradient parametrization only. */
  logDensity(x: tf.Tensor, context?: tf.Tensor): tf.Tensor;
  /** Frees the variables and the default optimizer's state. */
  dispose(): void;
}

/**
 * @example
 * const est = ardae({ key: key(0), dim: 2, hidden: 64 });
 * for (let i = 0; i < 2000; i++) {
 *   const x = sampler(fold(sampleKey, i));            // [N, 2], no density needed
 *   est.train(fold(trainKey, i), x);
 *   x.dispose();
 * }
 * const s = est.score(points);                           // ≈ ∇ log q at points [M, 2]
 * const surrogate = entropySurrogate(samplerOutput, est.score);
 */
export function ardae(options: ArdaeOptions): Ardae {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, 'an options object { key, dim, ... }');
  checkOptions('ardae', options, [
    'key', 'dim', 'hidden', 'layers', 'activation', 'parametrization', 'contextDim', 'delta', 'scale', 'numSigmas', 'antithetic', 'rescale', 'learningRate', 'optimizer', 'averaging',
  ]);
  const {
    key: initKey,
    dim,
    hidden = 128,
    layers = 3,
    activation = 'softplus',
    parametrization = 'residual',
    contextDim = 0,
    delta = 0.1,
    scale = 'per-datum',
    numSigmas = 4,
    antithetic = true,
    rescale = 1,
    learningRate = 1e-3,
    averaging = 0,
  } = options;
  if (!isKey(initKey)) throw new KeyError('key', `got ${describeValue(initKey)}`, 'a Key made by key(seed), split or fold (the weights are random)');
  assertInteger(dim, 'dim', 1);
  assertInteger(hidden, 'hidden', 1);
  assertInteger(layers, 'layers', 1);
  assertOneOf(activation, 'activation', ['softplus', 'tanh']);
  assertOneOf(parametrization, 'parametrization', ['residual', 'gradient']);
  assertInteger(contextDim, 'contextDim', 0);
  assertPositiveNumber(delta, 'delta');
  if (scale !== 'per-datum') assertPositiveNumber(scale, 'scale');
  assertInteger(numSigmas, 'numSigmas', 1);
  if (typeof antithetic !== 'boolean') throw new ArgumentError('antithetic', `got ${describeValue(antithetic)}`, 'true or false');
  assertPositiveNumber(rescale, 'rescale');
  assertPositiveNumber(learningRate, 'learningRate');
  assertAveraging(averaging);
  if (options.optimizer !== undefined && !(options.optimizer instanceof tf.Optimizer)) {
    throw new ArgumentError('optimizer', `got ${describeValue(options.optimizer)}`, 'a tf.Optimizer (tf.train.adam(...), ...)');
  }

  const net = denoiser(initKey, { dim, contextDim, hidden, layers, activation, parametrization, amortized: true, averaging });
  const evaluationWeights = averaging > 0 ? 'average' : 'trained';
  const ownsOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? tf.train.adam(learningRate);
  let disposed = false;

  const checkAlive = () => {
    if (disposed) throw new ArgumentError('ardae', 'used after dispose()', 'a live model');
  };

  const checkTraining = (k: Key, samples: tf.Tensor, context: tf.Tensor | undefined) => {
    checkAlive();
    if (!isKey(k)) throw new KeyError('key', `got ${describeValue(k)}`, 'a Key (fold(trainKey, step) gives one per step)');
    assertSamples(samples, 'samples', dim, scale === 'per-datum' ? 2 : 1);
    checkContext(context, contextDim, samples.shape.slice(1, -1), 'context', 'samples [N, ...batch, D]');
  };

  const objective = (k: Key, samples: tf.Tensor, context: tf.Tensor | undefined): tf.Scalar => {
    const [sigmaKey, noiseKey] = split(k);
    return tf.tidy(() => {
      const y = tf.mul(samples, rescale);
      const batch = samples.shape.slice(1, -1);
      // s per datum [...batch], broadcast over [S, N, ...batch, 1]
      const s = scale === 'per-datum' ? tf.reshape(perDatumScale(y), [...batch, 1]) : tf.scalar(scale * rescale);
      const z = random.normal(sigmaKey as Key, [numSigmas, samples.shape[0] as number, ...batch, 1]);
      const sigma = tf.mul(tf.mul(z, delta), s);
      return denoisingLoss(net, noiseKey as Key, y, sigma, context, antithetic);
    });
  };

  const checkPoints = (x: tf.Tensor, context: tf.Tensor | undefined) => {
    assertTensor(x, 'x', 'a float32 tensor [..., D]');
    if (x.rank < 1 || x.shape[x.rank - 1] !== dim) throw new ArgumentError('x', `got shape ${shapeString(x.shape)}`, `a last (event) axis of size dim = ${dim}`);
    checkContext(context, contextDim, x.shape.slice(0, -1), 'context', 'x');
  };

  const score = (x: tf.Tensor, context?: tf.Tensor, sigma = 0): tf.Tensor => {
    checkAlive();
    checkPoints(x, context);
    if (typeof sigma !== 'number' || !Number.isFinite(sigma)) throw new ArgumentError('sigma', `got ${describeValue(sigma)}`, 'a finite number (0 for the score)');
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const y = tf.reshape(tf.mul(x, rescale), [-1, dim]);
      const rows = y.shape[0] as number;
      const sigmaColumn = tf.fill([rows, 1], sigma * rescale);
      const f = net.field(y, sigmaColumn, flatContext(context, lead), evaluationWeights);
      return tf.reshape(tf.mul(f, rescale), x.shape);
    });
  };

  const logDensity = (x: tf.Tensor, context?: tf.Tensor): tf.Tensor => {
    checkAlive();
    if (parametrization !== 'gradient') {
      throw new ArgumentError('parametrization', "got 'residual' (its network outputs the score, not a log density)", "'gradient' for an unnormalized log density");
    }
    checkPoints(x, context);
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const y = tf.reshape(tf.mul(x, rescale), [-1, dim]);
      return tf.reshape(tf.neg(net.energy(y, tf.zeros([y.shape[0] as number, 1]), flatContext(context, lead), evaluationWeights)), lead);
    });
  };

  const model: Ardae = {
    name: 'ardae',
    dim,
    contextDim,
    parametrization,
    variables: net.variables,
    train(k, samples, context) {
      checkTraining(k, samples, context);
      return { loss: step(optimizer, net, () => objective(k, samples, context)) };
    },
    loss(k, samples, context) {
      checkTraining(k, samples, context);
      return objective(k, samples, context);
    },
    score: ((x: tf.Tensor, context?: tf.Tensor, sigma?: number) => score(x, context, sigma)) satisfies ScoreFunction,
    logDensity,
    dispose(): void {
      if (disposed) return;
      disposed = true;
      net.dispose();
      if (ownsOptimizer) optimizer.dispose();
    },
  };
  return Object.freeze(model);
}
