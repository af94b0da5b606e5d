/**
 * The evidence lower bound of a Bernoulli VAE at latents b:
 *   ELBO(x, b) = log p(x | b) + log p(b) − log q(b | x),   q(b | x) = Bernoulli(σ(α)),
 * each term a sum of b·logits − softplus(logits), so finite for any finite logits. Averaged over
 * b ~ q it is E_q[ELBO] ≤ log p(x); log mean_k exp ELBO(x, b_k) over K samples is the K-sample
 * (importance-weighted) bound. Pass stop-gradient encoder logits to drop the −log q term's
 * gradient (mean zero under q) when training E_q[ELBO].
 * Reference: Kingma, Welling, "Auto-Encoding Variational Bayes", ICLR 2014, arXiv:1312.6114;
 * Burda, Grosse, Salakhutdinov, "Importance Weighted Autoencoders", ICLR 2016, arXiv:1509.00519.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOptions } from '@stochgrad/core';
import type { BernoulliDecoder } from './bernoulli-decoder';
import type { BernoulliPrior } from './bernoulli-prior';
import { logBernoulli } from './log-bernoulli';

export interface BernoulliElboArgs {
  /** images [batch, pixels] */
  x: tf.Tensor;
  /** latents [...lead, batch, L] */
  b: tf.Tensor;
  /** the encoder's logits α [batch, L] of q(b | x) */
  encoderLogits: tf.Tensor;
  decoder: Pick<BernoulliDecoder, 'logLikelihood'>;
  prior: Pick<BernoulliPrior, 'logProb'>;
}

/**
 * ELBO(x, b) [...lead, batch] (no shape checks: bernoulliVae's `elbo` checks them).
 * @example
 * const values = bernoulliElbo({ x, b, encoderLogits: encoder.logits(x), decoder, prior });
 */
export function bernoulliElbo(args: BernoulliElboArgs): tf.Tensor {
  checkOptions('bernoulliElbo', args, ['x', 'b', 'encoderLogits', 'decoder', 'prior']);
  const { x, b, encoderLogits, decoder, prior } = args;
  return tf.tidy(() => {
    const likelihood = decoder.logLikelihood(x, b);
    const logPrior = prior.logProb(b);
    const posterior = logBernoulli(b, encoderLogits);
    return tf.sub(tf.add(likelihood, logPrior), posterior);
  });
}
