import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  type BernoulliPairRule,
  type Estimate,
  type EstimateArgs,
  type EstimatorTarget,
  type GradientEstimator,
  bernoulliFamily,
  callObjective,
  checkEstimateArgs,
  detach,
  surrogateAndGradient,
} from '@stochgrad/core';
import { type AntitheticPairs, antitheticPairs } from './antithetic';
import { describeValue } from '@stochgrad/core';

export interface PairTerms {
  /** ĝ through the samples, shape of the logits (built from detached values only) */
  signal: tf.Tensor;
  /** the estimate of the target's value [...batch]; may depend on the logits explicitly (f's own dependence) */
  value: tf.Tensor;
}

/**
 * Shared body of the antithetic Bernoulli estimators (ARM, DisARM, local DisARM): K pairs, one
 * objective call on [2K, ...batch, D], and a DiCE-style surrogate sum(value) + Σ stop(ĝ)·(α − stop α),
 * whose gradient w.r.t. the logits (computed here as `gradient`) is ĝ plus f's explicit term.
 */
export function bernoulliPairEstimator(options: {
  name: string;
  numPairs: number;
  target: EstimatorTarget;
  terms: (args: { pairs: AntitheticPairs; values: tf.Tensor; f: tf.Tensor; fTilde: tf.Tensor; logits: tf.Tensor }) => PairTerms;
  /** the declared capability (core's BernoulliPairRule), for one pair on target 'expectation' only */
  pairRule?: BernoulliPairRule;
}): GradientEstimator {
  const { name, numPairs, target, terms, pairRule } = options;
  if (typeof numPairs !== 'number' || !Number.isInteger(numPairs) || numPairs < 1) {
    throw new ArgumentError('numPairs', `got ${describeValue(numPairs)}`, 'an integer >= 1');
  }
  function estimate(args: EstimateArgs): Estimate {
    const { key, logits, objective } = checkEstimateArgs(args);
    return tf.tidy(() => {
      const { surrogate, gradient, extra } = surrogateAndGradient(logits, (l) => {
        const batch = bernoulliFamily.distribution(l).batchShape; // validates shape and values
        const frozen = detach(l);
        const pairs = antitheticPairs(key, frozen, numPairs);
        const values = callObjective(objective, tf.concat([pairs.b, pairs.bTilde], 0), [2 * numPairs, ...batch]);
        const [f, fTilde] = tf.split(detach(values), 2, 0) as [tf.Tensor, tf.Tensor];
        const { signal, value } = terms({ pairs, values, f, fTilde, logits: frozen });
        // ĝ·(α − stop α) is 0 in value, ĝ in gradient
        const scoreSurrogate = tf.sum(tf.mul(signal, tf.sub(l, frozen)));
        return { surrogate: tf.add(tf.sum(value), scoreSurrogate) as tf.Scalar, extra: { value } };
      });
      return { value: extra.value, gradient, surrogate };
    });
  }
  const capability = pairRule && numPairs === 1 && target === 'expectation' ? { bernoulliPair: pairRule } : {};
  return Object.freeze({ name, evaluations: 2 * numPairs, target, unbiased: true, ...capability, estimate });
}
