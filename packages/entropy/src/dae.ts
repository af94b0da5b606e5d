/**
 * A plain (non-amortized) denoising autoencoder as a score estimator: one noise level σ at a
 * time, learning ∇ log (q ∗ N(0, σ²I)), the score of the smoothed distribution.
 *   reconstruction form (default): min_ψ E ‖r_ψ(x + σu) − x‖², ŝ(x) = (r_ψ(x) − x)/σ²;
 *   residual form: min_ψ E ‖u + σ·f_ψ(x + σu)‖² (the same optimum with r = x̃ + σ² f, rescaled by 1/σ²), ŝ(x) = f_ψ(x);
 *   either way the optimum is ∇ log (q ∗ N(0, σ²I)), u ~ N(0, I).
 * Properties: biased by the smoothing, O(σ²) for smooth q; small σ fights numerics and a
 * vanishing training signal (the reconstruction form divides its errors by σ²), the trade-off
 * AR-DAE removes; σ may follow a schedule in the step count (annealing large → small σ).
 * Reference: Alain, Bengio, "What Regularized Auto-Encoders Learn from the Data-Generating
 * Distribution", JMLR 2014, arXiv:1211.4246 (https://arxiv.org/abs/1211.4246); Vincent, "A
 * Connection Between Score Matching and Denoising Autoencoders", Neural Computation 2011.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, KeyError, checkOptions, isKey, random } from '@stochgrad/core';
import { checkContext, denoiser, denoisingLoss, flatContext, step } from './internal/denoiser';
import type { Activation } from './internal/mlp';
import { assertAveraging, assertInteger, assertOneOf, assertPositiveNumber, assertSamples, assertTensor, describeValue, shapeString } from './internal/validate';
import type { TrainResult } from './ardae';

export interface DaeOptions {
  /** initializes the network (required: the weights are random) */
  key: Key;
  /** event dimension D */
  dim: number;
  /** the noise standard deviation σ > 0, or a schedule σ(step) with step = 0, 1, ... counted by train() */
  sigma: number | ((step: number) => number);
  /** units per hidden layer (default 128) */
  hidden?: number;
  /** hidden layers (default 3) */
  layers?: number;
  /** hidden nonlinearity (default 'softplus') */
  activation?: Activation;
  /** 'reconstruction' (default, the classic DAE: the network outputs r(x̃)) or 'residual' (it outputs the score f) */
  form?: 'reconstruction' | 'residual';
  /** size C of an optional context input (default 0) */
  contextDim?: number;
  /** learning rate of the default Adam optimizer (default 1e-3) */
  learningRate?: number;
  /** your own optimizer instead (dispose() leaves it alone) */
  optimizer?: tf.Optimizer;
  /** decay of a Polyak (exponential moving) average of the weights that score() uses; 0 (default): the trained weights */
  averaging?: number;
}

export interface Dae {
  readonly name: 'dae';
  readonly dim: number;
  readonly contextDim: number;
  readonly variables: readonly tf.Variable[];
  /** optimizer steps taken so far (the argument of a σ schedule) */
  readonly steps: number;
  /** the σ of the latest step (σ(0) before training): the σ whose smoothed score score() estimates */
  readonly sigma: number;
  /** One optimizer step on samples [N, ...batch, D] (context [...batch, C] when contextDim > 0). */
  train(key: Key, samples: tf.Tensor, context?: tf.Tensor): TrainResult;
  /** The DAE objective at the current σ as a scalar on the tape (does not advance the step count). */
  loss(key: Key, samples: tf.Tensor, context?: tf.Tensor): tf.Scalar;
  /** ŝ(x) ≈ ∇ log (q ∗ N(0, σ²I))(x) at x [..., D]: a ScoreFunction. */
  score(x: tf.Tensor, context?: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/**
 * @example
 * // annealed from σ = 5 to 0.05 over 4000 steps (the classic DAE schedule)
 * const est = dae({ key: key(0), dim: 2, sigma: (t) => 5 + (0.05 - 5) * Math.min(t / 4000, 1) });
 * for (let i = 0; i < 4000; i++) est.train(fold(trainKey, i), samples);
 * const s = est.score(points);
 */
export function dae(options: DaeOptions): Dae {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, 'an options object { key, dim, sigma, ... }');
  checkOptions('dae', options, ['key', 'dim', 'sigma', 'hidden', 'layers', 'activation', 'form', 'contextDim', 'learningRate', 'optimizer', 'averaging']);
  const { key: initKey, dim, sigma, hidden = 128, layers = 3, activation = 'softplus', form = 'reconstruction', contextDim = 0, learningRate = 1e-3, averaging = 0 } = options;
  if (!isKey(initKey)) throw new KeyError('key', `got ${describeValue(initKey)}`, 'a Key made by key(seed), split or fold (the weights are random)');
  assertInteger(dim, 'dim', 1);
  if (typeof sigma !== 'function') assertPositiveNumber(sigma, 'sigma');
  assertInteger(hidden, 'hidden', 1);
  assertInteger(layers, 'layers', 1);
  assertOneOf(activation, 'activation', ['softplus', 'tanh']);
  assertOneOf(form, 'form', ['reconstruction', 'residual']);
  assertInteger(contextDim, 'contextDim', 0);
  assertPositiveNumber(learningRate, 'learningRate');
  assertAveraging(averaging);
  if (options.optimizer !== undefined && !(options.optimizer instanceof tf.Optimizer)) {
    throw new ArgumentError('optimizer', `got ${describeValue(options.optimizer)}`, 'a tf.Optimizer');
  }

  const net = denoiser(initKey, { dim, contextDim, hidden, layers, activation, parametrization: 'residual', amortized: false, averaging });
  const ownsOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? tf.train.adam(learningRate);
  let steps = 0;
  let lastSigma: number | undefined;
  let disposed = false;

  const sigmaAt = (t: number): number => {
    const value = typeof sigma === 'function' ? sigma(t) : sigma;
    assertPositiveNumber(value, `sigma(${t})`);
    return value;
  };

  const check = (k: Key, samples: tf.Tensor, context: tf.Tensor | undefined) => {
    if (disposed) throw new ArgumentError('dae', 'used after dispose()', 'a live model');
    if (!isKey(k)) throw new KeyError('key', `got ${describeValue(k)}`, 'a Key (fold(trainKey, step) gives one per step)');
    assertSamples(samples, 'samples', dim);
    checkContext(context, contextDim, samples.shape.slice(1, -1), 'context', 'samples [N, ...batch, D]');
  };

  const objective = (k: Key, samples: tf.Tensor, context: tf.Tensor | undefined, noise: number): tf.Scalar =>
    tf.tidy(() => {
      if (form === 'residual') return denoisingLoss(net, k, samples, tf.fill([1, ...samples.shape.slice(0, -1), 1], noise), context);
      const flat = tf.reshape(samples, [-1, dim]);
      const noisy = tf.add(flat, tf.mul(random.normal(k, flat.shape), noise));
      const reconstruction = net.field(noisy, null, flatContext(context, samples.shape.slice(0, -1)));
      return tf.mean(tf.square(tf.sub(reconstruction, flat))) as tf.Scalar;
    });

  const model: Dae = {
    name: 'dae',
    dim,
    contextDim,
    variables: net.variables,
    get steps() {
      return steps;
    },
    get sigma() {
      return lastSigma ?? sigmaAt(0);
    },
    train(k, samples, context) {
      check(k, samples, context);
      const noise = sigmaAt(steps);
      const loss = step(optimizer, net, () => objective(k, samples, context, noise));
      steps += 1;
      lastSigma = noise;
      return { loss };
    },
    loss(k, samples, context) {
      check(k, samples, context);
      return objective(k, samples, context, sigmaAt(steps));
    },
    score(x: tf.Tensor, context?: tf.Tensor): tf.Tensor {
      if (disposed) throw new ArgumentError('dae', 'used after dispose()', 'a live model');
      assertTensor(x, 'x', 'a float32 tensor [..., D]');
      if (x.rank < 1 || x.shape[x.rank - 1] !== dim) throw new ArgumentError('x', `got shape ${shapeString(x.shape)}`, `a last (event) axis of size dim = ${dim}`);
      checkContext(context, contextDim, x.shape.slice(0, -1), 'context', 'x');
      return tf.tidy(() => {
        const flat = tf.reshape(x, [-1, dim]);
        const out = net.field(flat, null, flatContext(context, x.shape.slice(0, -1)), averaging > 0 ? 'average' : 'trained');
        const noise = lastSigma ?? sigmaAt(0);
        return tf.reshape(form === 'residual' ? out : tf.div(tf.sub(out, flat), noise * noise), x.shape);
      });
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      net.dispose();
      if (ownsOptimizer) optimizer.dispose();
    },
  };
  return Object.freeze(model);
}
