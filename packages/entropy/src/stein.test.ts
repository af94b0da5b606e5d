import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianFixture, gaussianScoreErrors } from '../test/helpers';
import { type SteinOptions, stein } from './stein';

beforeAll(async () => {
  await ready();
});

/** error of stein at M samples of a Gaussian (in sample) and at 100 fresh points */
const errors = (dim: number, m: number, options: SteinOptions = {}) => gaussianScoreErrors(stein(options), dim, m);

describe('stein', () => {
  // Measured (fixed keys): D = 2, M = 200: cos 0.962, rel. RMSE 0.27 (in), 0.952 / 0.25 (out);
  // D = 5, M = 200: 0.948 / 0.37. The error is mostly shrinkage toward 0 by η and kernel smoothing.
  it('matches the exact score of a Gaussian within its known accuracy (D = 2 and 5, M = 200, η = 0.1)', () => {
    const two = errors(2, 200);
    expect(two.cosine).toBeGreaterThan(0.94);
    expect(two.relative).toBeLessThan(0.32);
    expect(two.cosineOut).toBeGreaterThan(0.93);
    expect(two.relativeOut).toBeLessThan(0.3);
    const five = errors(5, 200);
    expect(five.cosine).toBeGreaterThan(0.92);
    expect(five.relative).toBeLessThan(0.42);
  });

  it('is consistent: the error shrinks as M grows (D = 2: M = 50 → 400)', () => {
    const small = errors(2, 50);
    const large = errors(2, 400);
    expect(large.relative).toBeLessThan(small.relative * 0.75);
    expect(large.cosine).toBeGreaterThan(small.cosine);
  });

  it('honours a fixed bandwidth: h = 1 is usable, a far too narrow h = 0.02 is much worse than the median', () => {
    const median = errors(2, 200);
    const usable = errors(2, 200, { bandwidth: 1 });
    const narrow = errors(2, 200, { bandwidth: 0.02 });
    expect(usable.cosine).toBeGreaterThan(0.8);
    expect(narrow.relative).toBeGreaterThan(median.relative + 0.3);
  });

  it('treats batch axes as independent problems: [M, B, D] equals B separate calls; no leak', () => {
    const before = tf.memory().numTensors;
    const a = gaussianFixture(key(1), 2).sample(key(2), 60);
    const b = gaussianFixture(key(3), 2).sample(key(4), 60);
    const est = stein();
    const joint = tf.stack([a, b], 1);
    const both = est.score(joint);
    const sa = est.score(a);
    const sb = est.score(b);
    const expected = tf.stack([sa, sb], 1);
    expect(both.shape).toEqual([60, 2, 2]);
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(both, expected))).dataSync()[0] as number);
    expect(gap).toBeLessThan(1e-5);
    tf.dispose([a, b, joint, both, sa, sb, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('typed errors: bad η and bandwidth, one sample, NaN, points of the wrong shape', () => {
    expect(() => stein({ eta: 0 })).toThrow(ArgumentError);
    expect(() => stein({ eta: -1 })).toThrow(ArgumentError);
    expect(() => stein({ bandwidth: 0 })).toThrow(ArgumentError);
    const est = stein();
    const one = tf.zeros([1, 2]);
    const nan = tf.tensor2d([[0, Number.NaN], [1, 1], [2, 0]]);
    const good = gaussianFixture(key(1), 2).sample(key(5), 10);
    const wrong = tf.zeros([5, 3]);
    expect(() => est.score(one)).toThrow(ShapeError);
    expect(() => est.score(nan)).toThrow(ArgumentError);
    expect(() => est.score(good, wrong)).toThrow(ShapeError);
    tf.dispose([one, nan, good, wrong]);
  });
});
