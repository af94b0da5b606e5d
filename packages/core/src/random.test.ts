import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { ArgumentError, KeyError, ShapeError } from './errors';
import { key } from './key';
import { bernoulli, categorical, gumbel, logistic, normal, uniform } from './random';

const EULER_GAMMA = 0.5772156649015329;

function stats(t: tf.Tensor) {
  const d = t.dataSync();
  const n = d.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += (d[i] as number) / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((d[i] as number) - m) ** 2 / (n - 1);
  return { m, v, n, min: Math.min(...d), max: Math.max(...d) };
}

// mean within 5 standard errors
const closeMean = (s: { m: number; n: number }, mean: number, variance: number) =>
  expect(Math.abs(s.m - mean)).toBeLessThan(5 * Math.sqrt(variance / s.n));

describe('draws', () => {
  beforeAll(async () => {
    await ready();
  });

  it('uniform: open (0,1), mean ½, variance 1/12, shape as asked', () => {
    const u = uniform(key(1), [200, 100]);
    expect(u.shape).toEqual([200, 100]);
    const s = stats(u);
    expect(s.min).toBeGreaterThan(0);
    expect(s.max).toBeLessThan(1);
    closeMean(s, 0.5, 1 / 12);
    expect(Math.abs(s.v - 1 / 12)).toBeLessThan(0.002);
    const scaled = stats(uniform(key(1), [1000], { low: -2, high: 2 }));
    expect(scaled.min).toBeGreaterThan(-2);
    tf.dispose(u);
  });

  it('normal: mean 0, variance 1, finite; shifted and scaled', () => {
    const s = stats(normal(key(2), [50001]));
    closeMean(s, 0, 1);
    expect(Math.abs(s.v - 1)).toBeLessThan(0.03);
    const t = stats(normal(key(2), [20000], { mean: 3, stddev: 0.5 }));
    closeMean(t, 3, 0.25);
  });

  it('gumbel: mean γ, variance π²/6; logistic: mean 0, variance π²/3', () => {
    const g = stats(gumbel(key(3), [50000]));
    closeMean(g, EULER_GAMMA, Math.PI ** 2 / 6);
    expect(Math.abs(g.v - Math.PI ** 2 / 6) / (Math.PI ** 2 / 6)).toBeLessThan(0.05);
    const l = stats(logistic(key(4), [50000]));
    closeMean(l, 0, Math.PI ** 2 / 3);
    expect(Math.abs(l.v - Math.PI ** 2 / 3) / (Math.PI ** 2 / 3)).toBeLessThan(0.05);
    expect(Number.isFinite(g.min) && Number.isFinite(g.max) && Number.isFinite(l.min) && Number.isFinite(l.max)).toBe(true);
  });

  it('bernoulli: frequencies match σ(logit) and probs, exact at |logit| = 80', () => {
    const logits = tf.tensor1d([-80, -1, 0, 2, 80]);
    const b = bernoulli(key(5), { logits }, [20000]);
    expect(b.shape).toEqual([20000, 5]);
    const mean = tf.mean(b, 0).dataSync();
    const p = [0, 1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2)), 1];
    p.forEach((pi, i) => expect(Math.abs((mean[i] as number) - pi)).toBeLessThanOrEqual(5 * Math.sqrt((pi * (1 - pi)) / 20000)));
    const q = tf.mean(bernoulli(key(6), { probs: tf.tensor1d([0.2, 0.9]) }, [20000]), 0).dataSync();
    expect(Math.abs((q[0] as number) - 0.2)).toBeLessThan(0.015);
    expect(Math.abs((q[1] as number) - 0.9)).toBeLessThan(0.015);
    tf.dispose(logits);
  });

  it('categorical: frequencies match softmax, int32 indices, sample shape first', () => {
    const logits = tf.tensor2d([[0, 1, 2], [80, -80, 0]]);
    const c = categorical(key(7), logits, [30000]);
    expect(c.shape).toEqual([30000, 2]);
    expect(c.dtype).toBe('int32');
    const d = c.dataSync();
    const counts = [0, 0, 0];
    let wrong = 0;
    for (let i = 0; i < 30000; i++) {
      counts[d[2 * i] as number]! += 1;
      if (d[2 * i + 1] !== 0) wrong++;
    }
    const p = [1, Math.E, Math.E ** 2].map((v) => v / (1 + Math.E + Math.E ** 2));
    counts.forEach((n, j) => expect(Math.abs(n / 30000 - (p[j] as number))).toBeLessThan(5 * Math.sqrt(((p[j] as number) * (1 - (p[j] as number))) / 30000)));
    expect(wrong).toBe(0);
    tf.dispose(logits);
  });

  it('the same key gives bitwise-identical samples, on wasm and on cpu', async () => {
    const draw = () => [uniform(key(8), [64]), normal(key(8), [64]), gumbel(key(8), [64]), logistic(key(8), [64])].map((t) => Array.from(t.dataSync()));
    const wasm = draw();
    expect(draw()).toEqual(wasm);
    await ready({ backend: 'cpu' });
    expect(draw()).toEqual(wasm);
    await ready();
    expect(draw()[0]).not.toEqual(Array.from(uniform(key(9), [64]).dataSync()));
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => uniform(1 as never, [2])).toThrow(KeyError);
    expect(() => uniform(key(0), [2, -1])).toThrow(ShapeError);
    expect(() => uniform(key(0), [2], { low: 1, high: 1 })).toThrow(ArgumentError);
    expect(() => normal(key(0), [2], { stddev: 0 })).toThrow(/stddev/);
    expect(() => bernoulli(key(0), { logits: tf.tensor1d([NaN]) })).toThrow(/logits: contains NaN/);
    expect(() => bernoulli(key(0), { probs: tf.tensor1d([1.5]) })).toThrow(/probs: got 1.5/);
    expect(() => categorical(key(0), tf.tensor1d([0, Infinity]))).toThrow(ArgumentError);
  });

  it('leaves no tensors behind beyond its result', () => {
    const before = tf.memory().numTensors;
    const t = bernoulli(key(0), { logits: 0.3 }, [3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('CPU-side array draws', () => {
  it('uniformArray: same key, same numbers; inside (low, high); mean and variance of U(0, 1)', async () => {
    const { uniformArray } = await import('./random');
    const { key: mk } = await import('./key');
    const a = uniformArray(mk(3), 100_000);
    expect(uniformArray(mk(3), 100_000)).toEqual(a);
    let mean = 0;
    let sq = 0;
    for (const v of a) {
      expect(v > 0 && v < 1).toBe(true);
      mean += v / a.length;
      sq += (v * v) / a.length;
    }
    // SE of the mean 1/sqrt(12 n) ≈ 9.1e-4; 5 SE
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 9.1e-4);
    expect(Math.abs(sq - mean * mean - 1 / 12)).toBeLessThan(2e-3);
    // 53 bits: values are not all on the 2^-23 grid of the float32 draws
    expect(a.some((v) => Math.abs(v * 2 ** 23 - Math.round(v * 2 ** 23)) > 1e-3)).toBe(true);
    const b = uniformArray(mk(3), 10, { low: -0.05, high: 0.05 });
    for (const v of b) expect(v > -0.05 && v < 0.05).toBe(true);
  });
  it('normalArray: moments of N(mean, stddev²); odd n', async () => {
    const { normalArray } = await import('./random');
    const { key: mk } = await import('./key');
    const n = 100_001;
    const a = normalArray(mk(4), n, { mean: 1, stddev: 2 });
    expect(a.length).toBe(n);
    let mean = 0;
    for (const v of a) mean += v / n;
    let variance = 0;
    for (const v of a) variance += (v - mean) ** 2 / (n - 1);
    expect(Math.abs(mean - 1)).toBeLessThan(5 * (2 / Math.sqrt(n)));
    expect(Math.abs(variance - 4)).toBeLessThan(5 * 4 * Math.sqrt(2 / n));
  });
  it('integerArray: in range and uniform (chi-squared over 10 bins)', async () => {
    const { integerArray } = await import('./random');
    const { key: mk } = await import('./key');
    const n = 50_000;
    const a = integerArray(mk(5), n, 10);
    const counts = new Array(10).fill(0);
    for (const v of a) counts[v]++;
    const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88); // p = 0.001 at 9 degrees of freedom
  });
  it('typed errors for bad counts and ranges', async () => {
    const { uniformArray, integerArray, normalArray } = await import('./random');
    const { key: mk } = await import('./key');
    expect(() => uniformArray(mk(0), -1)).toThrow(/n: got number -1/);
    expect(() => uniformArray(mk(0), 1.5)).toThrow(/an integer >= 0/);
    expect(() => uniformArray(mk(0), 2, { low: 1, high: 1 })).toThrow(/low < high/);
    expect(() => normalArray(mk(0), 2, { stddev: 0 })).toThrow(/stddev > 0/);
    expect(() => integerArray(mk(0), 2, 0)).toThrow(/high: got number 0/);
    expect(() => integerArray(3 as never, 2, 2)).toThrow(/Key/);
  });
});
