import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, key, random, ready } from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { flagRows, leakedTensors, oneHotRows } from '../test/helpers';
import { maximalCouplingCategorical } from './maximal-coupling-categorical';

const p = [0.1, 0.2, 0.3, 0.4];
const q = [0.4, 0.3, 0.2, 0.1];
const overlap = p.reduce((s, v, i) => s + Math.min(v, q[i] as number), 0); // 1 − TV = 0.6
const M = 40_000;

describe('maximalCouplingCategorical', () => {
  beforeAll(async () => {
    await ready();
  });

  it(`has the right marginals and P(x = y) = 1 − TV = ${overlap} (M = ${M}, α = 1e-3)`, () => {
    const logitsX = tf.tile(tf.log(tf.tensor2d([p])), [M, 1]);
    const logitsY = tf.tile(tf.log(tf.tensor2d([q])), [M, 1]);
    const { x, y, met } = maximalCouplingCategorical(key(1), { logitsX, logitsY });
    const xs = x.dataSync();
    const ys = y.dataSync();
    expectUnbiased({ estimates: oneHotRows(xs, 4), exact: p });
    expectUnbiased({ estimates: oneHotRows(ys, 4), exact: q });
    expectUnbiased({ estimates: flagRows(met), exact: [overlap] });
    for (let i = 0; i < M; i++) expect(met[i] === 1).toBe(xs[i] === ys[i]);
    const check = checkUnbiased({ estimates: flagRows(met), exact: [overlap] });
    console.info(`categorical coupling: meeting rate z = ${check.z[0]?.toFixed(2)} (1 − TV = ${overlap})`);
    tf.dispose([logitsX, logitsY, x, y]);
  });

  it('power check: independent draws meet with probability Σ p q = 0.2, and the test sees it', () => {
    const logitsX = tf.tile(tf.log(tf.tensor2d([p])), [M, 1]);
    const logitsY = tf.tile(tf.log(tf.tensor2d([q])), [M, 1]);
    const x = random.categorical(key(2), logitsX);
    const y = random.categorical(key(3), logitsY);
    const xs = x.dataSync();
    const ys = y.dataSync();
    expectBiasDetected({ estimates: Array.from(xs, (v, i) => [v === ys[i] ? 1 : 0]), exact: [overlap] });
    tf.dispose([logitsX, logitsY, x, y]);
  });

  it('handles −∞ logits, identical rows (always meet) and disjoint rows (never meet)', () => {
    const logitsX = tf.tensor2d([
      [0, -Infinity, 0],
      [0, 1, 2],
      [0, -Infinity, -Infinity],
    ]);
    const logitsY = tf.tensor2d([
      [0, -Infinity, 0],
      [0, 1, 2],
      [-Infinity, 0, -Infinity],
    ]);
    const rows = 3;
    const reps = 2000;
    const { x, y, met } = maximalCouplingCategorical(key(4), { logitsX: tf.tile(logitsX, [reps, 1]), logitsY: tf.tile(logitsY, [reps, 1]) });
    const xs = x.dataSync();
    for (let i = 0; i < rows * reps; i++) {
      const row = i % rows;
      if (row === 0) expect(xs[i]).not.toBe(1);
      expect(met[i]).toBe(row === 2 ? 0 : 1);
    }
    tf.dispose([logitsX, logitsY, x, y]);
  });

  it('is deterministic under a key, leaks nothing, and throws typed errors', () => {
    const logitsX = tf.tensor2d([[0, 1, 2]]);
    const logitsY = tf.tensor2d([[2, 1, 0]]);
    const a = maximalCouplingCategorical(key(5), { logitsX: tf.tile(logitsX, [50, 1]), logitsY: tf.tile(logitsY, [50, 1]) });
    const b = maximalCouplingCategorical(key(5), { logitsX: tf.tile(logitsX, [50, 1]), logitsY: tf.tile(logitsY, [50, 1]) });
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
    expect(Array.from(a.y.dataSync())).toEqual(Array.from(b.y.dataSync()));
    tf.dispose([a.x, a.y, b.x, b.y]);
    expect(leakedTensors(() => maximalCouplingCategorical(key(6), { logitsX, logitsY }), (r) => tf.dispose([r.x, r.y]))).toBe(0);
    expect(() => maximalCouplingCategorical(key(7), { logitsX, logitsY: tf.tensor2d([[0, 1]]) })).toThrow(ShapeError);
    expect(() => maximalCouplingCategorical(key(7), { logitsX, logitsY: tf.tensor2d([[NaN, 1, 2]]) })).toThrow(ArgumentError);
    expect(() => maximalCouplingCategorical(key(7), { logitsX, logitsY: tf.tensor2d([[-Infinity, -Infinity, -Infinity]]) })).toThrow(ArgumentError);
    tf.dispose([logitsX, logitsY]);
  });
});
