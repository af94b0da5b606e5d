import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from './errors';
import { checkUnbiased, checkVariance, compareVariances, criticalZ, moments, normalQuantile } from './statistics';
import { key } from './key';
import { openUniforms } from './internal/threefry';

function gaussianRows(seed: number, m: number, d: number, mean = 0, sd = 1): number[][] {
  const u = openUniforms(key(seed).words[0], key(seed).words[1], 2 * m * d);
  return Array.from({ length: m }, (_, i) =>
    Array.from({ length: d }, (_, j) => {
      const k = 2 * (i * d + j);
      return mean + sd * Math.sqrt(-2 * Math.log(u[k] as number)) * Math.cos(2 * Math.PI * (u[k + 1] as number));
    }),
  );
}

describe('statistics', () => {
  it('normalQuantile matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
    expect(normalQuantile(1 - 1e-9)).toBeCloseTo(5.997807015, 4);
    expect(criticalZ(1e-3, 10)).toBeCloseTo(normalQuantile(1 - 1e-3 / 20), 10);
    expect(() => normalQuantile(1)).toThrow(ArgumentError);
  });

  it('moments: mean, variance and their standard errors', () => {
    const m = moments([[1, 10], [2, 10], [3, 10], [4, 10]]);
    expect(m.mean).toEqual([2.5, 10]);
    expect(m.variance[0]).toBeCloseTo(5 / 3, 10);
    expect(m.variance[1]).toBe(0);
    expect(m.standardError[0]).toBeCloseTo(Math.sqrt(5 / 12), 10);
    expect(() => moments([[1]])).toThrow(/at least 2/);
    expect(() => moments([[1, 2], [1]])).toThrow(ShapeError);
  });

  it('checkUnbiased: accepts the true mean, rejects a shifted one, and its false-alarm rate is calibrated', () => {
    const rows = gaussianRows(1, 5000, 4, 0.3, 2);
    expect(checkUnbiased({ estimates: rows, exact: [0.3, 0.3, 0.3, 0.3] }).passed).toBe(true);
    expect(checkUnbiased({ estimates: rows, exact: [0.3, 0.3, 0.6, 0.3] }).passed).toBe(false);
    // 400 independent unbiased runs at α = 0.05: about 20 false alarms (binomial sd ≈ 4.4)
    let alarms = 0;
    for (let seed = 0; seed < 400; seed++) {
      if (!checkUnbiased({ estimates: gaussianRows(100 + seed, 200, 3), exact: [0, 0, 0], falseAlarmRate: 0.05 }).passed) alarms++;
    }
    expect(alarms).toBeGreaterThan(20 - 4 * 4.4);
    expect(alarms).toBeLessThan(20 + 4 * 4.4);
  });

  it('checkUnbiased treats constant estimates exactly', () => {
    expect(checkUnbiased({ estimates: [[2], [2], [2]], exact: [2] }).passed).toBe(true);
    expect(checkUnbiased({ estimates: [[2], [2], [2]], exact: [2.1] }).passed).toBe(false);
  });

  it('checkVariance accepts the true variance and rejects 20% off', () => {
    const rows = gaussianRows(2, 20000, 2, 0, 3);
    expect(checkVariance({ estimates: rows, expected: 9 }).passed).toBe(true);
    expect(checkVariance({ estimates: rows, expected: 9 * 1.2 }).passed).toBe(false);
  });

  it('compareVariances detects lower variance, paired and unpaired, and not the reverse', () => {
    const a = gaussianRows(3, 4000, 2, 0, 1);
    const b = gaussianRows(4, 4000, 2, 0, 1.2);
    expect(compareVariances({ a, b }).lower).toBe(true);
    expect(compareVariances({ a: b, b: a }).lower).toBe(false);
    const paired = a.map((row) => row.map((v) => v * 1.1));
    expect(compareVariances({ a, b: paired, paired: true }).lower).toBe(true);
    expect(compareVariances({ a, b: a, paired: true }).lower).toBe(false);
  });
});
