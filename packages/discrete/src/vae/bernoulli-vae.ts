/**
 * A variational autoencoder with factorized Bernoulli latents b ∈ {0,1}^L, trained with any
 * GradientEstimator through its surrogate:
 *   q(b|x) = Bernoulli(σ(enc(x))),  p(b) = Bernoulli(σ(prior logits)),  p(x|b) = Bernoulli(σ(dec(b))),
 *   ELBO(x, b) = log p(x|b) + log p(b) − log q(b|x)   (each log-probability as b·α − softplus(α)).
 * 'expectation' estimators (REINFORCE-LOO, ARM, DisARM, ...) train E_q[ELBO]; 'log-mean-exp'
 * estimators (VIMCO, local DisARM) train the K-sample bound E[log 1/K Σ_k exp ELBO(x, b_k)].
 * Models and optimisers follow the DisARM experiments: 200 latents, linear (784-200) or nonlinear
 * (784-200-200-200, LeakyReLU 0.3) networks, learned prior logits, Adam 1e-4 for encoder and
 * decoder, SGD 1e-2 for the prior, batch 50. On the linear model, trainStep with disarm(), arm() or
 * 2-sample REINFORCE-LOO runs a hand-differentiated step (internal/vae-disarm-step.ts): the same
 * samples and gradients as the tape, in ~150 kernels instead of ~370.
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680 (`disarm/binary/`); Burda, Grosse, Salakhutdinov,
 * "Importance Weighted Autoencoders", ICLR 2016, arXiv:1509.00519 (the 100-sample bound).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type FastEstimator, type LinearDisarmStep, linearDisarmStep } from '../internal/vae-disarm-step';
import {
  ArgumentError,
  type Estimate,
  type GradientEstimator,
  type Key,
  ShapeError,
  fold,
  isKey,
  logMeanExp,
  random,
  split,
  stopGradient,
} from '@stochgrad/core';

/** The optimisers of one VAE; each one always sees the same variables in the same order. */
export interface VaeOptimizers {
  /** encoder weights (default Adam 1e-4) */
  encoder: tf.Optimizer;
  /** decoder weights (default Adam 1e-4) */
  decoder: tf.Optimizer;
  /** prior logits (default SGD 1e-2) */
  prior: tf.Optimizer;
  /** an estimator's own variables, e.g. RELAX's control variate (default Adam 1e-4, β1 = 0.999) */
  controlVariate: tf.Optimizer;
}

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
   * trainStep with `disarm()`, `arm()` (one pair) or REINFORCE-LOO (`scoreFunction({ controlVariate:
   * leaveOneOut(), numSamples: 2 })`) on the linear model takes a hand-differentiated path: the
   * same samples and the same gradients as the generic path (to float rounding), several times
   * faster (default true; false always uses the generic path)
   */
  fastPath?: boolean;
}

/** A type alias so that it can be returned from tf.tidy. */
export type VaeGradients = {
  /** the estimator's value per example [batch]: the ELBO (or the K-sample bound) */
  value: tf.Tensor;
  /** the estimator's gradient w.r.t. the encoder logits [batch, L] */
  logitGradient: tf.Tensor;
  /** gradients of −mean(surrogate) (the loss minimised), one per variable, in `variables` order */
  encoder: tf.Tensor[];
  decoder: tf.Tensor[];
  /** empty when the prior is fixed */
  prior: tf.Tensor[];
  /** gradients of the estimator's controlVariateLoss w.r.t. its variables (empty when it has none) */
  controlVariate: tf.Tensor[];
};

export interface VaeTrainStepResult {
  /** mean over the batch of the estimator's value: the ELBO, or the K-sample bound (VIMCO, local DisARM) */
  objective: number;
  /** with keepGradients: the estimator's gradient w.r.t. the encoder logits [batch, L] (yours to dispose) */
  logitGradient?: tf.Tensor;
  /** with keepGradients: the encoder's gradients (of −mean ELBO or −mean bound), yours to dispose */
  encoderGradients?: tf.Tensor[];
}

export interface VaeEvaluateResult {
  /** mean over the images of the numSamples-sample importance-weighted bound log 1/S Σ_s exp ELBO(x, b_s) */
  bound: number;
  /** mean over the images and samples of the single-sample ELBO */
  elbo: number;
  /** images evaluated */
  count: number;
}

export interface BernoulliVae {
  readonly pixels: number;
  readonly latents: number;
  readonly hidden: readonly number[];
  readonly learnedPrior: boolean;
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
  /** one estimate of every gradient, without updating anything (you own the tensors) */
  gradients(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator }): VaeGradients;
  /** one optimisation step on the binary batch x [batch, pixels] with the estimator's surrogate */
  trainStep(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator; keepGradients?: boolean }): VaeTrainStepResult;
  /** the numSamples-sample (default 100) importance-weighted bound on binary images x [n, pixels] */
  evaluate(args: { key: Key; x: tf.Tensor; numSamples?: number; chunkSize?: number }): VaeEvaluateResult;
  /** frees the variables and the optimisers the VAE made */
  dispose(): void;
}

interface Dense {
  kernel: tf.Variable;
  bias: tf.Variable;
}

function positiveInteger(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArgumentError(argument, `got ${String(value)}`, 'an integer >= 1');
  }
  return value;
}

/** A variable holding `initial` (which is then freed). */
function variableOf(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

function glorotDense(key: Key, inputs: number, outputs: number, bias?: Float32Array): Dense {
  const limit = Math.sqrt(6 / (inputs + outputs));
  return {
    kernel: variableOf(random.uniform(key, [inputs, outputs], { low: -limit, high: limit })),
    bias: variableOf(bias ? tf.tensor1d(bias) : tf.zeros([outputs])),
  };
}

function outputBias(dataMean: ArrayLike<number> | undefined, pixels: number): Float32Array | undefined {
  if (dataMean === undefined) return undefined;
  if (typeof dataMean !== 'object' || dataMean === null || typeof dataMean.length !== 'number' || dataMean.length !== pixels) {
    throw new ShapeError('dataMean', `got ${typeof dataMean === 'object' && dataMean !== null ? `length ${String(dataMean.length)}` : String(dataMean)}`, `${pixels} per-pixel means in [0, 1]`);
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

/** Applies dense layers with the activation between them (none after the last). */
function forward(layers: readonly Dense[], input: tf.Tensor, activation: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  let h = input;
  layers.forEach((layer, i) => {
    h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
    if (i < layers.length - 1) h = activation(h);
  });
  return h;
}

/** Σ over the last axis of log Bernoulli(v | σ(α)) = v·α − softplus(α). */
function logBernoulli(v: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.sub(tf.sum(tf.mul(v, logits), -1), tf.sum(tf.softplus(logits), -1));
}

function shape(t: tf.Tensor): string {
  return `[${t.shape.join(', ')}]`;
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
    throw new ArgumentError('options', `got ${String(options)}`, '{ key, latents?, hidden?, ... }');
  }
  if (!isKey(options.key)) throw new ArgumentError('key', `got ${String(options.key)}`, 'a Key made by key(seed)');
  const pixels = positiveInteger(options.pixels ?? 784, 'pixels');
  const latents = positiveInteger(options.latents ?? 200, 'latents');
  const hidden = Object.freeze([...(options.hidden ?? [])]);
  hidden.forEach((h, i) => positiveInteger(h, `hidden[${i}]`));
  const activation = options.activation ?? ((x: tf.Tensor) => tf.leakyRelu(x, 0.3));
  if (typeof activation !== 'function') throw new ArgumentError('activation', `got ${String(activation)}`, 'a function from tensor to tensor');
  const learnedPrior = options.learnedPrior ?? true;
  const fastPath = options.fastPath ?? true;
  if (typeof fastPath !== 'boolean') throw new ArgumentError('fastPath', `got ${String(fastPath)}`, 'true or false');
  const bias = outputBias(options.dataMean, pixels);

  const encoderWidths = [pixels, ...hidden, latents];
  const decoderWidths = [latents, ...[...hidden].reverse(), pixels];
  const keys = split(options.key, encoderWidths.length + decoderWidths.length);
  const encoderLayers: Dense[] = [];
  const decoderLayers: Dense[] = [];
  for (let i = 0; i + 1 < encoderWidths.length; i++) {
    encoderLayers.push(glorotDense(keys[i] as Key, encoderWidths[i] as number, encoderWidths[i + 1] as number));
  }
  for (let i = 0; i + 1 < decoderWidths.length; i++) {
    const last = i + 2 === decoderWidths.length;
    decoderLayers.push(glorotDense(keys[encoderWidths.length + i] as Key, decoderWidths[i] as number, decoderWidths[i + 1] as number, last ? bias : undefined));
  }
  const encoderVariables = Object.freeze(encoderLayers.flatMap((l) => [l.kernel, l.bias]));
  const decoderVariables = Object.freeze(decoderLayers.flatMap((l) => [l.kernel, l.bias]));
  const priorLogits = variableOf(tf.zeros([latents]), learnedPrior);
  const variables = Object.freeze([...encoderVariables, ...decoderVariables, ...(learnedPrior ? [priorLogits] : [])]);

  const given = options.optimizers ?? {};
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
  const fastSteps = new Map<FastEstimator, LinearDisarmStep>();
  const linear = hidden.length === 0;

  function alive(): void {
    if (disposed) throw new ArgumentError('vae', 'was disposed', 'a live VAE');
  }

  function checkImages(x: unknown, argument: string, binary: boolean): tf.Tensor {
    if (!(x instanceof tf.Tensor) || x.isDisposed) throw new ArgumentError(argument, `got ${String(x)}`, `a live tf.Tensor [batch, ${pixels}]`);
    if (x.rank !== 2 || x.shape[1] !== pixels || (x.shape[0] as number) < 1) {
      throw new ShapeError(argument, `got shape ${shape(x)}`, `[batch, ${pixels}]: one flattened image of ${pixels} pixels per row`);
    }
    if (x.dtype !== 'float32') throw new ArgumentError(argument, `got dtype ${x.dtype}`, 'float32 (cast it: tf.cast(x, "float32"))');
    if (binary) {
      const values = x.dataSync();
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v !== 0 && v !== 1) {
          throw new ArgumentError(argument, `got ${String(v)} at flat index ${i}`, 'binary pixels 0 or 1 (binarize(key, images) draws them from intensities)');
        }
      }
    }
    return x;
  }

  function encode(x: tf.Tensor): tf.Tensor2D {
    alive();
    checkImages(x, 'x', false);
    return tf.tidy(() => forward(encoderLayers, x, activation)) as tf.Tensor2D;
  }

  function decode(b: tf.Tensor): tf.Tensor {
    alive();
    if (!(b instanceof tf.Tensor) || b.rank < 1 || b.shape[b.rank - 1] !== latents) {
      throw new ShapeError('b', `got ${b instanceof tf.Tensor ? `shape ${shape(b)}` : String(b)}`, `latents [..., ${latents}]`);
    }
    return tf.tidy(() => {
      const flat = tf.reshape(b, [-1, latents]);
      return tf.reshape(forward(decoderLayers, flat, activation), [...b.shape.slice(0, -1), pixels]);
    });
  }

  function elbo(x: tf.Tensor, b: tf.Tensor, logits: tf.Tensor): tf.Tensor {
    alive();
    checkImages(x, 'x', false);
    const batch = x.shape[0] as number;
    if (!(b instanceof tf.Tensor) || b.rank < 2 || b.shape[b.rank - 1] !== latents || b.shape[b.rank - 2] !== batch) {
      throw new ShapeError('b', `got ${b instanceof tf.Tensor ? `shape ${shape(b)}` : String(b)} for x ${shape(x)}`, `latents [...lead, ${batch}, ${latents}]`);
    }
    if (!(logits instanceof tf.Tensor) || logits.rank !== 2 || logits.shape[0] !== batch || logits.shape[1] !== latents) {
      throw new ShapeError('logits', `got ${logits instanceof tf.Tensor ? `shape ${shape(logits)}` : String(logits)}`, `encoder logits [${batch}, ${latents}]`);
    }
    return tf.tidy(() => {
      const likelihood = logBernoulli(x, decode(b));
      const prior = logBernoulli(b, priorLogits);
      const posterior = logBernoulli(b, logits);
      return tf.sub(tf.add(likelihood, prior), posterior);
    });
  }

  function checkEstimator(estimator: unknown): GradientEstimator {
    const e = estimator as GradientEstimator | undefined;
    if (typeof e !== 'object' || e === null || typeof e.estimate !== 'function') {
      throw new ArgumentError('estimator', `got ${String(estimator)}`, 'a GradientEstimator (disarm(), vimco({ numSamples: 4 }), scoreFunction(...), ...)');
    }
    if (e.target !== 'expectation' && e.target !== 'log-mean-exp') {
      throw new ArgumentError('estimator', `has target ${String(e.target)}`, "target 'expectation' or 'log-mean-exp'");
    }
    return e;
  }

  function gradients(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator }): VaeGradients {
    alive();
    if (typeof args !== 'object' || args === null) throw new ArgumentError('args', `got ${String(args)}`, '{ key, x, estimator }');
    const { key } = args;
    if (!isKey(key)) throw new ArgumentError('key', `got ${String(key)}`, 'a Key (use fold(runKey, step) for a new one each step)');
    const x = checkImages(args.x, 'x', true);
    const estimator = checkEstimator(args.estimator);
    const cvVariables = [...(estimator.variables ?? [])];
    const batch = x.shape[0] as number;
    const live = estimator.target === 'log-mean-exp';

    let value: tf.Tensor | undefined;
    let logitGradient: tf.Tensor | undefined;
    let surrogate: tf.Scalar | undefined;
    let cvGrads: tf.Tensor[] = [];
    const run = (): Estimate => {
      const logits = forward(encoderLayers, x, activation);
      // −log q: live for the bound; for E_q[ELBO] its gradient has mean zero (Σ_b ∇q(b) = 0)
      const entropyLogits = live ? logits : stopGradient(logits);
      return estimator.estimate({ key, logits, objective: (b) => elbo(x, b, entropyLogits) });
    };
    const take = (e: Estimate): tf.Scalar => {
      value = tf.keep(e.value);
      logitGradient = tf.keep(e.gradient);
      surrogate = tf.keep(e.surrogate);
      return surrogate;
    };
    let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
    try {
      result = tf.variableGrads(() => {
        let s: tf.Scalar;
        if (cvVariables.length > 0) {
          // the control-variate loss is differentiated w.r.t. the estimator's variables only,
          // inside the same tape (the surrogate stays differentiable for the model's variables)
          let made: tf.Scalar | undefined;
          const inner = tf.variableGrads(() => {
            const e = run();
            made = take(e);
            if (!e.controlVariateLoss) {
              throw new ArgumentError('estimator', `${estimator.name} has variables but returned no controlVariateLoss`, 'an estimator whose learned parts come with a controlVariateLoss');
            }
            return e.controlVariateLoss;
          }, cvVariables);
          cvGrads = cvVariables.map((v) => tf.keep(inner.grads[v.name] ?? tf.zerosLike(v)));
          inner.value.dispose();
          s = made as tf.Scalar;
        } else {
          const e = run();
          s = take(e);
          e.controlVariateLoss?.dispose();
        }
        return tf.div(tf.neg(s), batch) as tf.Scalar;
      }, [...variables]);
    } catch (error) {
      tf.dispose([value, logitGradient, surrogate, ...cvGrads].filter((t): t is tf.Tensor => t !== undefined));
      throw error;
    }
    result.value.dispose();
    (surrogate as tf.Scalar | undefined)?.dispose();
    const pick = (vars: readonly tf.Variable[]) => vars.map((v) => result.grads[v.name] ?? tf.zerosLike(v));
    return {
      value: value as tf.Tensor,
      logitGradient: logitGradient as tf.Tensor,
      encoder: pick(encoderVariables),
      decoder: pick(decoderVariables),
      prior: learnedPrior ? pick([priorLogits]) : [],
      controlVariate: cvGrads,
    };
  }

  function apply(optimizer: tf.Optimizer, vars: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    if (vars.length === 0) return;
    const map: tf.NamedTensorMap = {};
    vars.forEach((v, i) => {
      map[v.name] = grads[i] as tf.Tensor;
    });
    optimizer.applyGradients(map);
  }

  /** the estimators of the fast path, by the names their factories give them */
  function fastKind(e: GradientEstimator): FastEstimator | undefined {
    if (e.target !== 'expectation' || (e.variables ?? []).length > 0 || e.evaluations !== 2) return undefined;
    if (e.name === 'disarm' || e.name === 'arm') return e.name;
    return e.name === 'reinforce+leave-one-out' ? 'reinforce-loo' : undefined;
  }

  /** disarm(), arm() or 2-sample REINFORCE-LOO on the linear model: the hand-written step */
  function fastStep(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator; keepGradients?: boolean }): VaeGradients | undefined {
    const e = args.estimator as GradientEstimator | undefined;
    const kind = fastPath && linear && typeof e === 'object' && e !== null ? fastKind(e) : undefined;
    if (kind === undefined) return undefined;
    alive();
    if (typeof args !== 'object' || args === null) throw new ArgumentError('args', `got ${String(args)}`, '{ key, x, estimator }');
    if (!isKey(args.key)) throw new ArgumentError('key', `got ${String(args.key)}`, 'a Key (use fold(runKey, step) for a new one each step)');
    const x = checkImages(args.x, 'x', true) as tf.Tensor2D;
    const [encoderKernel, encoderBias] = encoderVariables as [tf.Variable, tf.Variable];
    const [decoderKernel, decoderBias] = decoderVariables as [tf.Variable, tf.Variable];
    let step = fastSteps.get(kind);
    if (!step) {
      step = linearDisarmStep({ encoderKernel, encoderBias, decoderKernel, decoderBias, priorLogits }, kind);
      fastSteps.set(kind, step);
    }
    const r = step(args.key, x);
    return { value: r.value, logitGradient: r.logitGradient, encoder: r.encoder, decoder: r.decoder, prior: learnedPrior ? [r.prior] : (r.prior.dispose(), []), controlVariate: [] };
  }

  function trainStep(args: { key: Key; x: tf.Tensor; estimator: GradientEstimator; keepGradients?: boolean }): VaeTrainStepResult {
    const g = fastStep(args) ?? gradients(args);
    const cvVariables = args.estimator.variables ?? [];
    if (cvVariables.length > 0) {
      // tfjs optimisers keep their slots by position: one estimator's variables per VAE
      const names = cvVariables.map((v) => v.name).join(',');
      controlVariables ??= names;
      if (controlVariables !== names) {
        tf.dispose([g.value, g.logitGradient, ...g.encoder, ...g.decoder, ...g.prior, ...g.controlVariate]);
        throw new ArgumentError('estimator', `${args.estimator.name} brings other variables than the estimator trained before`, 'the same estimator at every step (or pass optimizers.controlVariate per estimator)');
      }
    }
    apply(optimizers.encoder, encoderVariables, g.encoder);
    apply(optimizers.decoder, decoderVariables, g.decoder);
    if (learnedPrior) apply(optimizers.prior, [priorLogits], g.prior);
    apply(optimizers.controlVariate, cvVariables, g.controlVariate);
    const objective = tf.tidy(() => tf.mean(g.value).dataSync()[0] as number);
    tf.dispose([g.value, ...g.decoder, ...g.prior, ...g.controlVariate]);
    if (args.keepGradients) return { objective, logitGradient: g.logitGradient, encoderGradients: g.encoder };
    tf.dispose([g.logitGradient, ...g.encoder]);
    return { objective };
  }

  function evaluate(args: { key: Key; x: tf.Tensor; numSamples?: number; chunkSize?: number }): VaeEvaluateResult {
    alive();
    if (typeof args !== 'object' || args === null) throw new ArgumentError('args', `got ${String(args)}`, '{ key, x, numSamples? }');
    const { key } = args;
    if (!isKey(key)) throw new ArgumentError('key', `got ${String(key)}`, 'a Key');
    const x = checkImages(args.x, 'x', true);
    const numSamples = positiveInteger(args.numSamples ?? 100, 'numSamples');
    const chunkSize = positiveInteger(args.chunkSize ?? Math.max(1, Math.floor(10_000 / numSamples)), 'chunkSize');
    const count = x.shape[0] as number;
    let boundSum = 0;
    let elboSum = 0;
    for (let start = 0, chunk = 0; start < count; start += chunkSize, chunk++) {
      const size = Math.min(chunkSize, count - start);
      const [b, e] = tf.tidy(() => {
        const xs = tf.slice(x, [start, 0], [size, pixels]);
        const logits = forward(encoderLayers, xs, activation);
        const samples = random.bernoulli(fold(key, chunk), { logits }, [numSamples]);
        const values = elbo(xs, samples, logits);
        return [tf.sum(logMeanExp(values, 0)).dataSync()[0] as number, tf.sum(tf.mean(values, 0)).dataSync()[0] as number];
      });
      boundSum += b;
      elboSum += e;
    }
    return { bound: boundSum / count, elbo: elboSum / count, count };
  }

  return Object.freeze({
    pixels,
    latents,
    hidden,
    learnedPrior,
    encoderVariables,
    decoderVariables,
    priorLogits,
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
      tf.dispose([...encoderVariables, ...decoderVariables, priorLogits]);
      for (const o of made) o.dispose();
      for (const step of fastSteps.values()) step.dispose();
    },
  });
}
