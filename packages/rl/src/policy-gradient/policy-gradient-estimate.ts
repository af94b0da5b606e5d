/**
 * What every policy-gradient estimator of this folder returns, and how to use it.
 * surrogate: a scalar whose gradient w.r.t. the policy parameters θ (anything upstream of the
 * log-probabilities, logits or action means) is the estimate ĝ of ∇J, averaged over the M episodes
 * of the batch (summed over their steps). Maximize it (minimize its negation). Its gradient w.r.t.
 * control-variate parameters φ means nothing: train φ with controlVariateGradients.
 */
import type * as tf from '@tensorflow/tfjs-core';

export interface PolicyGradientEstimate {
  /** differentiate w.r.t. the policy parameters: the gradient is the estimate of ∇J */
  surrogate: tf.Scalar;
  /** G_t, [M, H] */
  returns: tf.Tensor;
  /** G_t − c_t, the coefficient of ∇log π(a_t|s_t), [M, H] (no gradient) */
  advantages: tf.Tensor;
}
