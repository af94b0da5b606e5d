import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../backend';
import { bernoulli } from '../distributions/bernoulli';
import { categorical } from '../distributions/categorical';
import { independent } from '../distributions/independent';
import { oneHotCategorical } from '../distributions/one-hot-categorical';
import { ArgumentError } from '../errors';

const skip = /make the distribution with checkSupport: false to skip this check in a hot loop$/;

describe('logProb checks the support of the discrete distributions (checkSupport, on by default)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('bernoulli: values in {0, 1}', () => {
    const d = bernoulli({ logits: 0 });
    for (const [v, text] of [[0.5, '0.5'], [2, '2'], [-3, '-3'], [Number.NaN, 'NaN']] as const) {
      expect(() => d.logProb(tf.scalar(v))).toThrow(ArgumentError);
      expect(() => d.logProb(tf.scalar(v))).toThrow(new RegExp(`^Bernoulli\\.logProb value: got ${text} at index \\[\\]; allowed: values in \\{0, 1\\}`));
    }
    const batch = bernoulli({ logits: tf.zeros([2, 3]) });
    expect(() => batch.logProb(tf.tensor2d([[0, 1, 0], [1, 1, 0.25]]))).toThrow(/got 0\.25 at index \[1, 2\]/);
    expect(() => independent(batch, 1).logProb(tf.tensor2d([[0, 1, 0], [1, 2, 0]]))).toThrow(/got 2 at index \[1, 1\]/);
    expect(() => d.logProb(tf.scalar(0.5))).toThrow(skip);
    // in the support: the log-probabilities, unchanged
    expect(d.logProb(tf.scalar(0)).dataSync()[0]).toBeCloseTo(-Math.log(2), 6);
    expect(bernoulli({ probs: 0.25 }).logProb(tf.tensor1d([1, 0], 'int32')).arraySync()).toEqual([expect.closeTo(Math.log(0.25), 5), expect.closeTo(Math.log(0.75), 5)]);
  });

  it('categorical: integer class indices in [0, C)', () => {
    const d = categorical({ logits: tf.tensor2d([[0, 1, 2], [2, 1, 0]]) });
    expect(() => d.logProb(tf.tensor1d([0, 3], 'int32'))).toThrow(/^Categorical\.logProb value: got 3 at index \[1\]; allowed: class indices: integers in \[0, 2\]/);
    expect(() => d.logProb(tf.tensor1d([-1, 0], 'int32'))).toThrow(/got -1 at index \[0\]/);
    expect(() => d.logProb(tf.tensor1d([0, 1.5]))).toThrow(/got 1\.5 at index \[1\]/);
    expect(() => d.logProb(tf.tensor1d([0.3, 1]))).toThrow(/got 0\.3 at index \[0\]/); // as written, not float32's 0.30000001192092896
    const logSoftmax = (l: number[], k: number) => (l[k] as number) - Math.log(l.reduce((s, x) => s + Math.exp(x), 0));
    const lp = d.logProb(tf.tensor1d([2, 0], 'int32')).dataSync();
    expect(lp[0]).toBeCloseTo(logSoftmax([0, 1, 2], 2), 5);
    expect(lp[1]).toBeCloseTo(logSoftmax([2, 1, 0], 0), 5);
  });

  it('oneHotCategorical: rows one-hot over the last axis', () => {
    const d = oneHotCategorical({ logits: tf.tensor2d([[0, 1, 2], [2, 1, 0]]) });
    expect(() => d.logProb(tf.tensor2d([[0, 0, 1], [1, 1, 0]]))).toThrow(/^OneHotCategorical\.logProb value: got the row \[1, 1, 0\] at index \[1\]; allowed: one-hot rows/);
    expect(() => d.logProb(tf.tensor2d([[0, 0, 0], [1, 0, 0]]))).toThrow(/got the row \[0, 0, 0\] at index \[0\]/);
    expect(() => d.logProb(tf.tensor2d([[0, 0.5, 0.5], [1, 0, 0]]))).toThrow(/got the row \[0, 0\.5, 0\.5\] at index \[0\]/);
    expect(d.logProb(tf.tensor2d([[0, 0, 1], [1, 0, 0]])).dataSync()[0]).toBeCloseTo(2 - Math.log(1 + Math.E + Math.E ** 2), 5);
  });

  it('checkSupport: false skips the check (hot loops); the option is checked', () => {
    expect(bernoulli({ logits: 0, checkSupport: false }).logProb(tf.scalar(0.5)).dataSync()[0]).toBeCloseTo(-Math.log(2), 6);
    expect(categorical({ logits: tf.tensor1d([0, 0]), checkSupport: false }).logProb(tf.scalar(5, 'int32')).dataSync()[0]).toBe(0);
    expect(() => oneHotCategorical({ logits: tf.tensor1d([0, 0]), checkSupport: false }).logProb(tf.tensor1d([1, 1]))).not.toThrow();
    expect(() => bernoulli({ logits: 0, checkSupport: 'no' as never })).toThrow(/^checkSupport: got string "no"; allowed: true \(default\) or false$/);
  });
});
