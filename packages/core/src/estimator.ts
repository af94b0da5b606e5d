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
}
