/**
 * The S-sample importance-weighted bound of a Bernoulli VAE, with q(b | x) as the proposal:
 *   L_S(x) = log (1/S) Σ_s exp ELBO(x, b_s),  b_s ~ q(b | x) iid,
 * averaged over the images, with the mean single-sample ELBO beside it. L_1 ≤ L_S ≤ log p(x), and
 * L_S → log p(x) as S grows (S = 100 in the DisARM paper's tables). Images go in chunks; chunk c
 * draws its samples from fold(key, c).
 * Reference: Burda, Grosse, Salakhutdinov, "Importance Weighted Autoencoders", ICLR 2016,
 * arXiv:1509.00519.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, fold, logMeanExp, random, ArgumentError, checkOptions, describeValue } from '@stochgrad/core';
import { bernoulliElbo } from './bernoulli-elbo';
import { type BernoulliVaeParts, assertBatch, assertParts } from './vae-gradients';

export interface ImportanceWeightedBoundResult {
  /** mean over the images of log 1/S Σ_s exp ELBO(x, b_s) */
  bound: number;
  /** mean over the images and samples of the single-sample ELBO */
  elbo: number;
  /** images evaluated */
  count: number;
}

/**
 * @example
 * const { bound } = importanceWeightedBound({ parts: { encoder, decoder, prior }, key: key(5), x: testX, numSamples: 100, chunkSize: 100 });
 */
export function importanceWeightedBound(args: { parts: BernoulliVaeParts; key: Key; x: tf.Tensor; numSamples: number; chunkSize: number }): ImportanceWeightedBoundResult {
  checkOptions('importanceWeightedBound', args, ['parts', 'key', 'x', 'numSamples', 'chunkSize']);
  const { parts, key, x, numSamples, chunkSize } = args;
  for (const [name, value] of [['numSamples', numSamples], ['chunkSize', chunkSize]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ArgumentError(name, `got ${describeValue(value)}`, 'an integer >= 1');
  }
  assertParts(parts);
  assertBatch(x, parts);
  const [count, pixels] = x.shape as [number, number];
  let boundSum = 0;
  let elboSum = 0;
  for (let start = 0, chunk = 0; start < count; start += chunkSize, chunk++) {
    const size = Math.min(chunkSize, count - start);
    const [b, e] = tf.tidy(() => {
      const xs = tf.slice(x, [start, 0], [size, pixels]);
      const logits = parts.encoder.logits(xs);
      const samples = random.bernoulli(fold(key, chunk), { logits }, [numSamples]);
      const values = bernoulliElbo({ x: xs, b: samples, encoderLogits: logits, decoder: parts.decoder, prior: parts.prior });
      return [tf.sum(logMeanExp(values, 0)).dataSync()[0] as number, tf.sum(tf.mean(values, 0)).dataSync()[0] as number];
    });
    boundSum += b;
    elboSum += e;
  }
  return { bound: boundSum / count, elbo: elboSum / count, count };
}
