/**
 * Local DisARM: the gradient of the K-sample bound E[log 1/K Σ_k exp f(b_k)], b_k iid
 * Bernoulli(σ(α)), from K antithetic pairs (b_k, b̃_k):
 *   l = logmeanexp_k f(b_k),  l̃_k = the same with b_k replaced by b̃_k,
 *   ĝ_i = Σ_k ½ (l − l̃_k) (−1)^{b̃_k,i} 1[b_k,i ≠ b̃_k,i] σ(|α_i|)   (+ ∂l/∂α through f itself).
 * `symmetrized` averages with the same estimate with the roles of b and b̃ swapped.
 * Properties: unbiased for the gradient of the K-sample bound; 2K evaluations; lower variance than
 * VIMCO with 2K samples in the paper's VAE experiments.
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680, §4 (multi-sample bounds).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type GradientEstimator, logMeanExp } from '@stochgrad/core';
import { disarmFactor, expandToEvent } from './internal/antithetic';
import { bernoulliPairEstimator } from './internal/bernoulli-pair-estimator';
import { checkOptions, describeValue } from '@stochgrad/core';

export interface LocalDisarmOptions {
  /** K: antithetic pairs, and the number of samples in the bound (default 2; >= 2); 2K evaluations */
  numPairs?: number;
  /** average with the b ↔ b̃ swapped estimate (default false) */
  symmetrized?: boolean;
}

/** Σ_k ½ (l − l̃_k) · factor_k for values f (the samples in the bound) and their partners fTilde. */
function localSignal(f: tf.Tensor, fTilde: tf.Tensor, factor: tf.Tensor): tf.Tensor {
  const k = f.shape[0] as number;
  const l = logMeanExp(f, 0); // [...batch]
  // l̃_k: replace row k of f by row k of fTilde
  const swapped = tf.stack(
    Array.from({ length: k }, (_, i) => {
      const rows = tf.unstack(f, 0);
      rows[i] = tf.squeeze(tf.slice(fTilde, [i], [1]), [0]);
      return logMeanExp(tf.stack(rows, 0), 0);
    }),
    0,
  ); // [K, ...batch]
  const weight = expandToEvent(tf.mul(tf.sub(tf.expandDims(l, 0), swapped), 0.5), factor);
  return tf.sum(tf.mul(weight, factor), 0);
}

/**
 * @example
 * const est = localDisarm({ numPairs: 4 }); // gradient of the 4-sample bound from 8 evaluations
 * const { value } = est.estimate({ key: key(0), logits, objective: (b) => elbo(x, b) }); // value ≈ the bound
 */
export function localDisarm(options: LocalDisarmOptions = {}): GradientEstimator {
  checkOptions('localDisarm', options, ['numPairs', 'symmetrized']);
  const numPairs = options.numPairs ?? 2;
  const symmetrized = options.symmetrized ?? false;
  if (typeof numPairs !== 'number' || !Number.isInteger(numPairs) || numPairs < 2) {
    throw new ArgumentError('numPairs', `got ${describeValue(numPairs)}`, 'an integer >= 2 (the bound needs K >= 2 samples)');
  }
  if (typeof symmetrized !== 'boolean') throw new ArgumentError('symmetrized', `got ${describeValue(symmetrized)}`, 'true or false (default false)');
  return bernoulliPairEstimator({
    name: `local-disarm${symmetrized ? '-sym' : ''}(K=${numPairs})`,
    numPairs,
    target: 'log-mean-exp',
    terms: ({ pairs, values, f, fTilde, logits }) => {
      const [fValues, fTildeValues] = tf.split(values, 2, 0) as [tf.Tensor, tf.Tensor];
      const factor = disarmFactor(pairs.b, pairs.bTilde, logits);
      const forward = localSignal(f, fTilde, factor);
      if (!symmetrized) return { signal: forward, value: logMeanExp(fValues, 0) };
      // swapping b and b̃ flips the factor's sign: (−1)^{b_i} = −(−1)^{b̃_i} where they differ
      const backward = localSignal(fTilde, f, tf.neg(factor));
      return {
        signal: tf.mul(tf.add(forward, backward), 0.5),
        value: tf.mul(tf.add(logMeanExp(fValues, 0), logMeanExp(fTildeValues, 0)), 0.5),
      };
    },
  });
}
