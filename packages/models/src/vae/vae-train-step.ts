/**
 * One training step of a Bernoulli VAE with any estimator: the gradients of −mean(surrogate), then
 * one update of each optimiser (encoder, decoder, prior if learned, the estimator's own variables).
 * The gradients come from the hand-differentiated linear step when the estimator declares the
 * Bernoulli pair capability (`estimator.bernoulliPair`, core's BernoulliPairRule) and the model is
 * linear; from the tape (vaeGradients) otherwise. The choice reads the declared capability only,
 * never the estimator's name: both paths give the same samples and gradients to float rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOptions } from '@stochgrad/core';
import type { BernoulliPairRule, GradientEstimator, Key } from '@stochgrad/core';
import { type LinearPairGradients, isLinear, linearPairGradients } from './linear-pair-gradients';
import { type BernoulliVaeParts, type VaeGradients, vaeGradients } from './vae-gradients';

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

export interface VaeTrainStepResult {
  /** mean over the batch of the estimator's value: the ELBO, or the K-sample bound (VIMCO, local DisARM) */
  objective: number;
  /** with keepGradients: the estimator's gradient w.r.t. the encoder logits [batch, L] (yours to dispose) */
  logitGradient?: tf.Tensor;
  /** with keepGradients: the encoder's gradients (of −mean ELBO or −mean bound), yours to dispose */
  encoderGradients?: tf.Tensor[];
}

/** Hand-differentiated steps by pair rule, reused across steps (their constants are hoisted). */
export type LinearStepCache = Map<BernoulliPairRule, LinearPairGradients>;

export interface VaeTrainStepArgs {
  parts: BernoulliVaeParts;
  optimizers: Readonly<VaeOptimizers>;
  key: Key;
  /** binary images [batch, pixels] */
  x: tf.Tensor;
  estimator: GradientEstimator;
  keepGradients?: boolean;
  /**
   * where the hand-differentiated steps live between calls; false: always the tape path
   * (default: a step made for this call and freed after it)
   */
  linearSteps?: LinearStepCache | false;
}

/** the pair rule to differentiate by hand, when the estimator declares one and the model allows it */
function declaredPairRule(parts: BernoulliVaeParts, estimator: GradientEstimator): BernoulliPairRule | undefined {
  const rule = estimator.bernoulliPair;
  if (rule === undefined || estimator.target !== 'expectation' || (estimator.variables ?? []).length > 0) return undefined;
  return isLinear(parts) ? rule : undefined;
}

function apply(optimizer: tf.Optimizer, vars: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
  if (vars.length === 0) return;
  const map: tf.NamedTensorMap = {};
  vars.forEach((v, i) => {
    map[v.name] = grads[i] as tf.Tensor;
  });
  optimizer.applyGradients(map);
}

/** The gradients of one step, by the hand-differentiated path when the capability allows it. */
export function stepGradients(args: Omit<VaeTrainStepArgs, 'optimizers' | 'keepGradients'>): VaeGradients {
  const { parts, key, x, estimator, linearSteps } = args;
  const cache = linearSteps === false ? undefined : linearSteps;
  const rule = linearSteps === false ? undefined : declaredPairRule(parts, estimator);
  if (rule === undefined) return vaeGradients({ parts, key, x, estimator });
  let step = cache?.get(rule);
  if (step === undefined) {
    step = linearPairGradients(parts, rule);
    if (cache) cache.set(rule, step);
  }
  try {
    return step(key, x as tf.Tensor2D);
  } finally {
    if (!cache) step.dispose();
  }
}

/**
 * @example
 * const parts = { encoder, decoder, prior };
 * const optimizers = { encoder: tf.train.adam(1e-4), decoder: tf.train.adam(1e-4), prior: tf.train.sgd(1e-2), controlVariate: tf.train.adam(1e-4) };
 * const { objective } = vaeTrainStep({ parts, optimizers, key: fold(runKey, step), x, estimator: disarm() });
 */
export function vaeTrainStep(args: VaeTrainStepArgs): VaeTrainStepResult {
  checkOptions('vaeTrainStep', args, ['parts', 'optimizers', 'key', 'x', 'estimator', 'keepGradients', 'linearSteps']);
  const { parts, optimizers, estimator } = args;
  const g = stepGradients(args);
  const cvVariables = estimator.variables ?? [];
  apply(optimizers.encoder, parts.encoder.variables, g.encoder);
  apply(optimizers.decoder, parts.decoder.variables, g.decoder);
  apply(optimizers.prior, parts.prior.variables, g.prior);
  apply(optimizers.controlVariate, cvVariables, g.controlVariate);
  const objective = tf.tidy(() => tf.mean(g.value).dataSync()[0] as number);
  tf.dispose([g.value, ...g.decoder, ...g.prior, ...g.controlVariate]);
  if (args.keepGradients) return { objective, logitGradient: g.logitGradient, encoderGradients: g.encoder };
  tf.dispose([g.logitGradient, ...g.encoder]);
  return { objective };
}
