/**
 * The contract every gradient estimator in stochgrad implements (see DESIGN.md).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Key } from './key';

/**
 * A black-box objective: samples [...lead, ...batch, ...event] to values [...lead, ...batch].
 * Estimators add the lead axes (sample axes) and call it once per estimate with all samples
 * batched, so it must broadcast over leading axes. It may depend on trainable variables (a
 * decoder) and on the logits themselves (the −log q term of an ELBO).
 */
export type Objective = (sample: tf.Tensor) => tf.Tensor;

export interface EstimateArgs {
  /** randomness for this estimate; never reuse it */
  key: Key;
  /** distribution parameters (Bernoulli logits [..., D], categorical logits [..., D, C], ...) */
  logits: tf.Tensor;
  objective: Objective;
  /**
   * let NaN and ±Infinity objective values through into the estimate (default false: they throw a
   * NonFiniteError naming the sample and the value), for objectives that produce them on purpose
   * and mask them downstream
   */
  allowNonFinite?: boolean;
}

/** (A type alias, so that it can be returned from tf.tidy.) */
export type Estimate = {
  /** estimate of E[f], shape = batch shape */
  value: tf.Tensor;
  /**
   * estimate of dE[f]/dlogits, shape = logits shape, computed without a tape on the caller's side;
   * includes f's explicit dependence on the logits when there is one
   */
  gradient: tf.Tensor;
  /**
   * a scalar whose gradient w.r.t. any variable upstream of the logits or inside f is an unbiased
   * estimate of the gradient of sum(E[f]) (for biased estimators: their documented estimate);
   * its value is sum(value)
   */
  surrogate: tf.Scalar;
  /**
   * for estimators with learned parts: a scalar to minimise w.r.t. those parts only (it does not
   * depend on the logits' upstream variables)
   */
  controlVariateLoss?: tf.Scalar;
};

/** What an estimator's gradient is the gradient of. */
export type EstimatorTarget = 'expectation' | 'log-mean-exp';

/**
 * A capability an estimator may declare (`GradientEstimator.bernoulliPair`): "one estimate is two
 * samples b, b̃ of factorized Bernoulli(σ(α)), f evaluated at both, value ½ (f(b) + f(b̃)), and a
 * gradient w.r.t. the logits α that is a function of (f(b), f(b̃), b, b̃, α, u)" (plus f's explicit
 * dependence on α, which the caller adds itself). disarm() and arm() with one pair, and
 * scoreFunction with the leave-one-out baseline and 2 Bernoulli samples, declare it.
 * A model that evaluates and differentiates f by hand (the linear Bernoulli VAE of
 * @stochgrad/models) may then skip the tape: sample() and gradient() give the same samples (same
 * key) and the same gradient as estimate(), to float rounding. Only for target 'expectation'.
 */
export interface BernoulliPairRule {
  /**
   * the two samples for logits α [...batch, D], drawn from `key` as estimate() draws them:
   * `samples` [2, ...batch, D] (b, then b̃), and the uniforms u [...batch, D] behind them when the
   * gradient uses them
   */
  sample(key: Key, logits: tf.Tensor): { samples: tf.Tensor; uniforms?: tf.Tensor };
  /** ĝ [...batch, D] from detached values f = f(b), fTilde = f(b̃) [...batch] */
  gradient(args: { f: tf.Tensor; fTilde: tf.Tensor; b: tf.Tensor; bTilde: tf.Tensor; logits: tf.Tensor; uniforms?: tf.Tensor }): tf.Tensor;
}

export interface GradientEstimator {
  readonly name: string;
  /** objective evaluations (samples passed to f) per estimate, for equal-cost comparisons */
  readonly evaluations: number;
  /**
   * 'expectation': the gradient of E[f(b)]. 'log-mean-exp': the gradient of the multi-sample
   * bound E[log mean_k exp f(b_k)] (vimco, local DisARM).
   */
  readonly target: EstimatorTarget;
  /** true when the estimator's gradient is unbiased for its target */
  readonly unbiased: boolean;
  estimate(args: EstimateArgs): Estimate;
  /** learned or stateful parts (control variates), if any */
  readonly variables?: readonly tf.Variable[];
  /** frees the variables the estimator owns */
  dispose?(): void;
  /**
   * declared capability: the estimator is a Bernoulli pair rule (see BernoulliPairRule); models with
   * a hand-differentiated step use it instead of estimate(). Absent for every other estimator.
   */
  readonly bernoulliPair?: BernoulliPairRule;
}
