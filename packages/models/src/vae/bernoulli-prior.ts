/**
 * The prior of a Bernoulli VAE: p(b) = Bernoulli(σ(π)) factorized over L latents, with logits π
 * learned (from 0, as in the DisARM experiments) or fixed at 0 (p(b) = Bernoulli(½)):
 *   log p(b) = Σ_i b_i π_i − softplus(π_i).
 * Reference: Dong, Mnih, Tucker, "DisARM", NeurIPS 2020, arXiv:2006.10680 (`disarm/binary/`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, describeValue } from '@stochgrad/core';
import { variableOf } from './dense-network';
import { logBernoulli } from './log-bernoulli';

export interface BernoulliPrior {
  /** π [L] (not trainable when the prior is fixed) */
  readonly logits: tf.Variable;
  readonly learned: boolean;
  /** [π] when learned, [] when fixed */
  readonly variables: readonly tf.Variable[];
  /** log p(b) [...] for latents b [..., L] */
  logProb(b: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/**
 * @example
 * const prior = bernoulliPrior({ latents: 200 });
 * const logPrior = prior.logProb(b);
 */
export function bernoulliPrior(options: { latents: number; learned?: boolean }): BernoulliPrior {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, '{ latents, learned? }');
  checkOptions('bernoulliPrior', options, ['latents', 'learned']);
  if (typeof options.latents !== 'number' || !Number.isInteger(options.latents) || options.latents < 1) {
    throw new ArgumentError('latents', `got ${describeValue(options.latents)}`, 'an integer >= 1');
  }
  if (options.learned !== undefined && typeof options.learned !== 'boolean') throw new ArgumentError('learned', `got ${describeValue(options.learned)}`, 'true (default) or false');
  const learned = options.learned ?? true;
  const logits = variableOf(tf.zeros([options.latents]), learned);
  return Object.freeze({
    logits,
    learned,
    variables: Object.freeze(learned ? [logits] : []),
    logProb: (b: tf.Tensor) => logBernoulli(b, logits),
    dispose: () => logits.dispose(),
  });
}
