/**
 * Shared body of the perturb-and-relax estimators (Gumbel-softmax, straight-through Bernoulli,
 * stochastic softmax tricks): noise U, perturbed parameters z = α + U, a hard sample H(z) and a
 * relaxed sample S(z) differentiable in α, with one objective call per estimate.
 *
 * - straight-through: f sees H(z) + (S(z) − stop S(z)): exactly H(z) in value (x − x = 0 in IEEE
 *   arithmetic), the Jacobian of S in the backward pass. value = mean_k f(H(z_k)), K evaluations;
 *   surrogate = Σ value, whose gradient is the ST gradient for the logits and for variables in f.
 * - relaxed: f sees S(z) and H(z) in one call on [S; H] ([2K, ...batch, ...event]);
 *   value = mean_k f(H(z_k)) (comparable with unbiased estimators), 2K evaluations;
 *   surrogate = stop(Σ value) + r − stop(r), r = Σ mean_k f(S(z_k)): equal to Σ value, with the
 *   gradient of the relaxed objective for the logits and for variables in f alike.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type Estimate,
  type EstimateArgs,
  type GradientEstimator,
  type Key,
  callObjective,
  checkEstimateArgs,
  detach,
  stopGradient,
  surrogateAndGradient,
} from '@stochgrad/core';

export interface PerturbAndRelax {
  /** validates the logits (shape, finite values) and returns the batch shape f keeps */
  batchShape(logits: tf.Tensor): number[];
  /** z = α + noise for K samples, [K, ...] (the event layout of the samples), differentiable in α */
  perturb(key: Key, logits: tf.Tensor, numSamples: number): tf.Tensor;
  /** the hard sample H(z) from a detached z */
  hard(perturbed: tf.Tensor): tf.Tensor;
  /** the relaxed sample S(z), differentiable in z (and in α where it uses α directly) */
  soft(perturbed: tf.Tensor, logits: tf.Tensor): tf.Tensor;
}

export interface PerturbAndRelaxConfig {
  name: string;
  numSamples: number;
  straightThrough: boolean;
  relaxation: PerturbAndRelax;
}

/** A biased GradientEstimator for E[f(H(z))] from a perturb-and-relax scheme. */
export function perturbAndRelaxEstimator(config: PerturbAndRelaxConfig): GradientEstimator {
  const { name, numSamples, straightThrough, relaxation } = config;

  function estimate(args: EstimateArgs): Estimate {
    const { key, logits, objective } = checkEstimateArgs(args);
    const batch = tf.tidy(() => relaxation.batchShape(logits));
    return tf.tidy(() => {
      const { surrogate, gradient, extra } = surrogateAndGradient(logits, (l) => {
        const perturbed = relaxation.perturb(key, l, numSamples);
        const hard = relaxation.hard(detach(perturbed));
        const soft = relaxation.soft(perturbed, l);
        if (straightThrough) {
          const sample = tf.add(hard, tf.sub(soft, stopGradient(soft)));
          const value = tf.mean(callObjective(objective, sample, [numSamples, ...batch]), 0);
          return { surrogate: tf.sum(value) as tf.Scalar, extra: { value } };
        }
        const values = callObjective(objective, tf.concat([soft, hard], 0), [2 * numSamples, ...batch]);
        const [relaxedValues, hardValues] = tf.split(values, 2, 0) as [tf.Tensor, tf.Tensor];
        const value = tf.mean(hardValues, 0);
        const relaxed = tf.sum(tf.mean(relaxedValues, 0));
        const surrogate = tf.add(stopGradient(tf.sum(value)), tf.sub(relaxed, stopGradient(relaxed))) as tf.Scalar;
        return { surrogate, extra: { value } };
      });
      return { value: extra.value, gradient, surrogate };
    });
  }

  return Object.freeze({
    name,
    evaluations: straightThrough ? numSamples : 2 * numSamples,
    target: 'expectation' as const,
    unbiased: false,
    estimate,
  });
}
