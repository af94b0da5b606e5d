/**
 * One estimate of every gradient of a Bernoulli VAE through an estimator's surrogate, on the tape:
 *   α = enc(x),  Estimate = estimator.estimate({ key, logits: α, objective: b ↦ ELBO(x, b) }),
 *   loss = −surrogate / batch, differentiated w.r.t. encoder, decoder and prior variables.
 * For target 'expectation' (E_q[ELBO]) the −log q term sees stop-gradient logits: its gradient has
 * mean zero under q (Σ_b ∇q(b) = 0), so dropping it is unbiased and removes noise, as in the DisARM
 * code; for 'log-mean-exp' (the K-sample bound: VIMCO, local DisARM) it stays live, as the bound
 * requires. An estimator with variables (a learned control variate) also gets the gradient of its
 * controlVariateLoss w.r.t. those variables, from the same samples.
 * Reference: Dong, Mnih, Tucker, "DisARM", NeurIPS 2020, arXiv:2006.10680; Mnih, Rezende,
 * "Variational Inference for Monte Carlo Objectives", ICML 2016, arXiv:1602.06725.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Estimate, type GradientEstimator, type Key, ShapeError, stopGradient, checkOptions, describeValue } from '@stochgrad/core';
import type { BernoulliDecoder } from './bernoulli-decoder';
import { bernoulliElbo } from './bernoulli-elbo';
import type { BernoulliEncoder } from './bernoulli-encoder';
import type { BernoulliPrior } from './bernoulli-prior';

/** The three parts of a Bernoulli VAE. */
export interface BernoulliVaeParts {
  readonly encoder: BernoulliEncoder;
  readonly decoder: BernoulliDecoder;
  readonly prior: BernoulliPrior;
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

/**
 * The generic (tape) path: any estimator, any encoder and decoder. You own the tensors.
 * @example
 * const g = vaeGradients({ parts: { encoder, decoder, prior }, key: key(1), x, estimator: vimco({ numSamples: 4 }) });
 */
/** @internal Throws unless `parts` is { encoder, decoder, prior } of a Bernoulli VAE. */
export function assertParts(parts: unknown): asserts parts is BernoulliVaeParts {
  const p = parts as Partial<BernoulliVaeParts> | null;
  if (typeof p !== 'object' || p === null || typeof p.encoder?.logits !== 'function' || typeof p.decoder?.logits !== 'function' || typeof p.prior !== 'object' || p.prior === null) {
    throw new ArgumentError('parts', `got ${describeValue(parts)}`, "{ encoder, decoder, prior } of a Bernoulli VAE (vae.parts)");
  }
}

/** @internal Throws unless x is a live tensor [N, pixels] of the encoder's pixel count. */
export function assertBatch(x: unknown, parts: BernoulliVaeParts): asserts x is tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new ArgumentError('x', `got ${describeValue(x)}`, 'a tf.Tensor [N, pixels]');
  if (x.isDisposed) throw new ArgumentError('x', 'the tensor was disposed', 'a live tf.Tensor [N, pixels]');
  const pixels = parts.encoder.network.layers[0]?.kernel.shape[0];
  if (x.rank !== 2 || (pixels !== undefined && x.shape[1] !== pixels)) {
    throw new ShapeError('x', `got shape [${x.shape.join(', ')}]`, `a batch [N, ${pixels ?? 'pixels'}] of the VAE's pixel count`);
  }
}

export function vaeGradients(args: { parts: BernoulliVaeParts; key: Key; x: tf.Tensor; estimator: GradientEstimator }): VaeGradients {
  checkOptions('vaeGradients', args, ['parts', 'key', 'x', 'estimator']);
  const { parts, key, x, estimator } = args;
  assertParts(parts);
  assertBatch(x, parts);
  const { encoder, decoder, prior } = parts;
  const cvVariables = [...(estimator.variables ?? [])];
  const batch = x.shape[0] as number;
  const live = estimator.target === 'log-mean-exp';
  const variables = [...encoder.variables, ...decoder.variables, ...prior.variables];

  let value: tf.Tensor | undefined;
  let logitGradient: tf.Tensor | undefined;
  let surrogate: tf.Scalar | undefined;
  let cvGrads: tf.Tensor[] = [];
  const run = (): Estimate => {
    const logits = encoder.logits(x);
    // −log q: live for the bound; for E_q[ELBO] its gradient has mean zero
    const entropyLogits = live ? logits : stopGradient(logits);
    return estimator.estimate({ key, logits, objective: (b) => bernoulliElbo({ x, b, encoderLogits: entropyLogits, decoder, prior }) });
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
    }, variables);
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
    encoder: pick(encoder.variables),
    decoder: pick(decoder.variables),
    prior: pick(prior.variables),
    controlVariate: cvGrads,
  };
}
