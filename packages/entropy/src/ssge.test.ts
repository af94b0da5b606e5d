import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianFixture, gaussianScoreErrors } from '../test/helpers';
import { symmetricEigen } from './internal/linalg';
import { type SsgeOptions, ssge } from './ssge';

beforeAll(async () => {
  await ready();
});

/** error of ssge at M samples of a Gaussian (in sample) and at 100 fresh points */
const errors = (dim: number, m: number, options: SsgeOptions = {}) => gaussianScoreErrors(ssge(options), dim, m);

describe('ssge', () => {
  // Measured (fixed keys): D = 2, M = 200: cos 0.956, rel. RMSE 0.22 (in), 0.974 / 0.18 (out);
  // D = 5, M = 200: 0.950 / 0.37. The error is truncation to J eigenfunctions plus kernel smoothing.
  it('matches the exact score of a Gaussian within its known accuracy (D = 2 and 5, M = 200, 99% of the spectrum)', () => {
    const two = errors(2, 200);
    expect(two.cosine).toBeGreaterThan(0.94);
    expect(two.relative).toBeLessThan(0.27);
    expect(two.cosineOut).toBeGreaterThan(0.95);
    expect(two.relativeOut).toBeLessThan(0.23);
    const five = errors(5, 200);
    expect(five.cosine).toBeGreaterThan(0.92);
    expect(five.relative).toBeLessThan(0.42);
  });

  it('is consistent: the error shrinks as M grows (D = 2: M = 50 → 200)', () => {
    const small = errors(2, 50);
    const large = errors(2, 200);
    expect(large.relative).toBeLessThan(small.relative * 0.75);
    expect(large.cosine).toBeGreaterThan(small.cosine);
  });

  it('a fixed number of eigenfunctions works; too few of them is visibly worse in D = 5', () => {
    const six = errors(2, 200, { numEigen: 6 });
    expect(six.cosineOut).toBeGreaterThan(0.95);
    const fewInFive = errors(5, 200, { numEigen: 6 });
    const defaultInFive = errors(5, 200);
    expect(fewInFive.relative).toBeGreaterThan(defaultInFive.relative * 1.5);
  });

  it('symmetricEigen: A v = λ v to 1e-10 on a random symmetric matrix; ascending order', () => {
    const n = 40;
    const a = new Float64Array(n * n);
    const g = gaussianFixture(key(9), n).sample(key(10), n);
    const data = g.dataSync();
    g.dispose();
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = (data[i * n + j] as number) + (data[j * n + i] as number);
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
    const { values, vectors } = symmetricEigen(a, n);
    let residual = 0;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += (a[i * n + k] as number) * (vectors[k * n + j] as number);
        residual = Math.max(residual, Math.abs(av - (values[j] as number) * (vectors[i * n + j] as number)));
      }
    }
    expect(residual).toBeLessThan(1e-10);
    for (let j = 1; j < n; j++) expect(values[j] as number).toBeGreaterThanOrEqual(values[j - 1] as number);
  });

  it('treats batch axes as independent problems; no leak', () => {
    const before = tf.memory().numTensors;
    const a = gaussianFixture(key(1), 2).sample(key(2), 60);
    const b = gaussianFixture(key(3), 2).sample(key(4), 60);
    const points = gaussianFixture(key(1), 2).sample(key(5), 7);
    const est = ssge();
    const joint = tf.stack([a, b], 1);
    const jointPoints = tf.stack([points, points], 1);
    const both = est.score(joint, jointPoints);
    const sa = est.score(a, points);
    const sb = est.score(b, points);
    const expected = tf.stack([sa, sb], 1);
    expect(both.shape).toEqual([7, 2, 2]);
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(both, expected))).dataSync()[0] as number);
    expect(gap).toBeLessThan(1e-5);
    tf.dispose([a, b, points, joint, jointPoints, both, sa, sb, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('typed errors: bad options, one sample, NaN, points of the wrong shape', () => {
    expect(() => ssge({ numEigen: 0 })).toThrow(ArgumentError);
    expect(() => ssge({ eigenvalueThreshold: 1.5 })).toThrow(ArgumentError);
    expect(() => ssge({ eta: -1 })).toThrow(ArgumentError);
    expect(() => ssge({ bandwidth: 'mean' as unknown as number })).toThrow(ArgumentError);
    const est = ssge();
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
