import { ArgumentError, fold, key, split } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { Z, expectUniformMoments } from '../test/helpers/classic-control';
import { box, discrete } from './spaces';

/** z-scores of the mean and variance of `values` against a law with the given mean, variance and fourth central moment. */
function momentZ(values: ArrayLike<number>, mean: number, variance: number, mu4: number) {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const m = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - m) ** 2;
  const v = squares / (n - 1);
  return [(m - mean) / Math.sqrt(variance / n), (v - variance) / Math.sqrt((mu4 - variance ** 2) / n)];
}

function column(space: ReturnType<typeof box>, n: number, seed: number) {
  const columns = Array.from({ length: space.size }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) space.sample(fold(key(seed), i)).forEach((v, j) => (columns[j]![i] = v));
  return columns;
}

describe('box', () => {
  it('contains values of the right length inside the bounds, ±Infinity only where a bound is infinite', () => {
    const space = box({ low: [-1, 0], high: [1, Infinity] });
    expect(space.shape).toEqual([2]);
    expect(space.size).toBe(2);
    expect(space.dtype).toBe('float32');
    expect(space.contains([0, 0])).toBe(true);
    expect(space.contains(Float32Array.of(-1, 1e30))).toBe(true);
    expect(space.contains([1, Infinity])).toBe(true);
    expect(space.contains([1.0000001, 0])).toBe(false);
    expect(space.contains([0, -Infinity])).toBe(false);
    expect(space.contains([Number.NaN, 0])).toBe(false);
    expect(space.contains([0])).toBe(false);
    expect(space.contains([0, 0, 0])).toBe(false);
    expect(space.contains(0)).toBe(false);
    expect(space.contains('ab')).toBe(false);
    expect(space.contains(['0', 0])).toBe(false);
    expect(space.contains(null)).toBe(false);
    expect(space.toString()).toBe('Box([-1, 0], [1, Infinity], [2], float32)');
    expect(box({ low: -2, high: 2, shape: [1] }).toString()).toBe('Box(-2, 2, [1], float32)');
  });

  it('a shape of several axes flattens to size; scalar bounds fill it', () => {
    const space = box({ low: 0, high: 1, shape: [2, 3], dtype: 'float64' });
    expect(space.size).toBe(6);
    expect(Array.from(space.low)).toEqual([0, 0, 0, 0, 0, 0]);
    const x = space.sample(key(0));
    expect(x).toBeInstanceOf(Float64Array);
    expect(x).toHaveLength(6);
  });

  it('samples are in bounds, of the dtype, and a function of the key', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const space = box({ low: [-3, 0, 5], high: [-2, 1e-3, 5], dtype });
      const keys = split(key(1), 200);
      for (const k of keys) {
        const x = space.sample(k);
        expect(x).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        expect(space.contains(x)).toBe(true);
        expect(x[2]).toBe(5);
        expect(Array.from(space.sample(k))).toEqual(Array.from(x));
      }
      expect(Array.from(space.sample(keys[0]!))).not.toEqual(Array.from(space.sample(keys[1]!)));
    }
  });

  it('float32 samples never round out of a box whose bounds are not float32 numbers', () => {
    // one float32 (0.099999994) lies in [0.1 − 1e-8, 0.1]; rounding a draw to the nearest float32 often gives 0.10000000149 > 0.1
    const narrow = box({ low: 0.1 - 1e-8, high: 0.1, shape: [4] });
    for (let i = 0; i < 500; i++) expect(narrow.contains(narrow.sample(fold(key(2), i)))).toBe(true);
    const wide = box({ low: -0.7, high: 0.7, shape: [8] });
    for (let i = 0; i < 500; i++) expect(wide.contains(wide.sample(fold(key(3), i)))).toBe(true);
  });

  it("Gymnasium's sampling rule: uniform on bounded coordinates, shifted exponential on half-bounded, normal on unbounded", () => {
    const space = box({ low: [-2, 1, -Infinity, -Infinity], high: [3, Infinity, 4, Infinity], dtype: 'float64' });
    const [uniform, lowerBounded, upperBounded, unbounded] = column(space, 20000, 4) as [Float64Array, Float64Array, Float64Array, Float64Array];
    expectUniformMoments(uniform, -2, 3);
    // 1 + Exp(1): mean 2, variance 1, fourth central moment 9
    for (const z of momentZ(lowerBounded, 2, 1, 9)) expect(Math.abs(z)).toBeLessThan(Z);
    expect(Math.min(...lowerBounded)).toBeGreaterThanOrEqual(1);
    // 4 − Exp(1)
    for (const z of momentZ(upperBounded, 3, 1, 9)) expect(Math.abs(z)).toBeLessThan(Z);
    expect(Math.max(...upperBounded)).toBeLessThanOrEqual(4);
    // N(0, 1): fourth moment 3
    for (const z of momentZ(unbounded, 0, 1, 3)) expect(Math.abs(z)).toBeLessThan(Z);
    // power: the exponential is not mistaken for a normal of the same mean and variance (skew shows in the median)
    const sorted = Float64Array.from(lowerBounded).sort();
    expect(sorted[10000]).toBeCloseTo(1 + Math.log(2), 1);
  });

  it('bad arguments are typed errors that say what is allowed', () => {
    expect(() => box({ low: 1, high: 0 })).toThrow(ArgumentError);
    expect(() => box({ low: 1, high: 0 })).toThrow(/low\[0\] = 1 > high\[0\] = 0; allowed: low <= high elementwise/);
    expect(() => box({ low: [0, 0], high: [1, 1, 1] })).toThrow(/box high: got 3 numbers; allowed: 2 numbers/);
    expect(() => box({ low: Number.NaN, high: 1 })).toThrow(/box low: got NaN/);
    expect(() => box({ low: 0, high: 1, shape: [0] })).toThrow(/box shape: got \[0\]; allowed: an array of positive integers/);
    expect(() => box({ low: 0, high: 1, dtype: 'int32' as never })).toThrow(/box dtype: got int32/);
    expect(() => box({ low: 0, hi: 1 } as never)).toThrow(/unknown option "hi" \(did you mean "high"\?\)/);
    expect(() => box(undefined as never)).toThrow(ArgumentError);
    expect(() => box({ low: 0, high: 1 }).sample(0 as never)).toThrow(/sample key: got number; allowed: a Key/);
  });
});

describe('discrete', () => {
  it('contains the integers start … start + n − 1 and nothing else', () => {
    const space = discrete(3);
    expect([0, 1, 2].every((a) => space.contains(a))).toBe(true);
    for (const bad of [-1, 3, 0.5, Number.NaN, Infinity, '1', [1], true, null]) expect(space.contains(bad)).toBe(false);
    const shifted = discrete(2, { start: -1 });
    expect(shifted.contains(-1) && shifted.contains(0) && !shifted.contains(1)).toBe(true);
    expect(space.toString()).toBe('Discrete(3)');
    expect(shifted.toString()).toBe('Discrete(2, start=-1)');
  });

  it('samples are uniform on the set and a function of the key', () => {
    const space = discrete(4, { start: 10 });
    const counts = [0, 0, 0, 0];
    const n = 8000;
    for (let i = 0; i < n; i++) {
      const k = fold(key(5), i);
      const a = space.sample(k);
      expect(space.sample(k)).toBe(a);
      counts[a - 10]!++;
    }
    // each count is Binomial(n, 1/4): within z standard deviations of n/4
    for (const c of counts) expect(Math.abs(c - n / 4) / Math.sqrt((n * 3) / 16)).toBeLessThan(Z);
  });

  it('bad arguments are typed errors', () => {
    expect(() => discrete(0)).toThrow(/discrete n: got 0; allowed: an integer >= 1/);
    expect(() => discrete(2.5)).toThrow(ArgumentError);
    expect(() => discrete(2, { start: 0.5 })).toThrow(/discrete start/);
    expect(() => discrete(2, { begin: 1 } as never)).toThrow(/unknown option "begin"/);
    expect(() => discrete(2).sample({} as never)).toThrow(/sample key/);
  });
});
