/**
 * VIMCO: the gradient of the K-sample bound E[log 1/K Σ_k exp f(b_k)] for K iid samples from a
 * discrete family, with per-sample leave-one-out baselines:
 *   L̂ = logmeanexp_k f_k,  L̂_{−k} = L̂ with f_k replaced by the mean of the others (geometric mean),
 *   ĝ = Σ_k (L̂ − L̂_{−k}) ∇ log p(b_k) + Σ_k softmax(f)_k ∇f_k (f's own dependence).
 * Properties: unbiased for the gradient of the K-sample bound; K evaluations; needs K >= 2.
 * Reference: Mnih, Rezende, "Variational Inference for Monte Carlo Objectives", ICML 2016,
 * arXiv:1602.06725.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  type Estimate,
  type EstimateArgs,
  type Family,
  type GradientEstimator,
  bernoulliFamily,
  callObjective,
  checkEstimateArgs,
  detach,
  logMeanExp,
  scoreTerm,
  surrogateAndGradient,
} from '@stochgrad/core';
import { checkOptions, describeValue } from '@stochgrad/core';

export interface VimcoOptions {
  /** K samples in the bound (default 2; >= 2); K evaluations */
  numSamples?: number;
  /** the sampling family; default Bernoulli logits [..., D] (categoricalFamily works too) */
  family?: Family;
}

/** L̂ − L̂_{−k} for detached values f [K, ...batch]. */
function leaveOneOutSignals(f: tf.Tensor): tf.Tensor {
  const k = f.shape[0] as number;
  const total = logMeanExp(f, 0);
  const others = tf.div(tf.sub(tf.sum(f, 0, true), f), k - 1); // mean of the others, per k
  const replaced = tf.stack(
    Array.from({ length: k }, (_, i) => {
      const rows = tf.unstack(f, 0);
      rows[i] = tf.squeeze(tf.slice(others, [i], [1]), [0]);
      return logMeanExp(tf.stack(rows, 0), 0);
    }),
    0,
  );
  return tf.sub(tf.expandDims(total, 0), replaced);
}

/**
 * @example
 * const est = vimco({ numSamples: 4 });
 * const { value, surrogate } = est.estimate({ key: key(0), logits, objective: (b) => elbo(x, b) });
 */
export function vimco(options: VimcoOptions = {}): GradientEstimator {
  checkOptions('vimco', options, ['numSamples', 'family']);
  const numSamples = options.numSamples ?? 2;
  const family = options.family ?? bernoulliFamily;
  if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples < 2) {
    throw new ArgumentError('numSamples', `got ${describeValue(numSamples)}`, 'an integer >= 2 (leave-one-out needs K >= 2)');
  }
  function estimate(args: EstimateArgs): Estimate {
    const { key, logits, objective } = checkEstimateArgs(args);
    return tf.tidy(() => {
      const { surrogate, gradient, extra } = surrogateAndGradient(logits, (l) => {
        const distribution = family.distribution(l);
        const samples = detach(distribution.sample(key, [numSamples]));
        const values = callObjective(objective, samples, [numSamples, ...distribution.batchShape]);
        const signals = leaveOneOutSignals(detach(values));
        const value = logMeanExp(values, 0);
        const score = tf.sum(tf.mul(signals, scoreTerm(distribution.logProb(samples))));
        return { surrogate: tf.add(tf.sum(value), score) as tf.Scalar, extra: { value } };
      });
      return { value: extra.value, gradient, surrogate };
    });
  }
  return Object.freeze({ name: `vimco(K=${numSamples})`, evaluations: numSamples, target: 'log-mean-exp' as const, unbiased: true, estimate });
}
