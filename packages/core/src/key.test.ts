import { describe, expect, it } from 'vitest';
import { KeyError } from './errors';
import { fold, isKey, key, split } from './key';
import { randomBits, threefry2x32 } from './internal/threefry';

describe('threefry2x32', () => {
  it('matches the Random123 known-answer vectors (20 rounds)', () => {
    const cases: [number[], number[], number[]][] = [
      [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
      [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
      [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
    ];
    for (const [k, c, expected] of cases) {
      const out = [0, 0];
      threefry2x32(k[0] as number, k[1] as number, c[0] as number, c[1] as number, out, 0);
      expect(out).toEqual(expected);
    }
  });

  it('gives prefix-stable bits: the first n words of a longer draw equal a shorter draw', () => {
    expect(Array.from(randomBits(1, 2, 5))).toEqual(Array.from(randomBits(1, 2, 9).subarray(0, 5)));
  });

  it('has balanced bits (each of 32 bit positions set about half the time)', () => {
    const n = 20000;
    const bits = randomBits(7, 11, n);
    for (let b = 0; b < 32; b++) {
      let ones = 0;
      for (let i = 0; i < n; i++) ones += ((bits[i] as number) >>> b) & 1;
      // binomial(n, ½): sd = √n/2 ≈ 71; 5 sd
      expect(Math.abs(ones - n / 2)).toBeLessThan(5 * Math.sqrt(n) / 2);
    }
  });
});

describe('keys', () => {
  it('key(seed) is deterministic and distinct across seeds, up to 2^53', () => {
    expect(key(3).words).toEqual(key(3).words);
    expect(key(3).words).not.toEqual(key(4).words);
    expect(key(2 ** 40 + 1).words).toEqual([2 ** 8, 1]);
    expect(isKey(key(0))).toBe(true);
    expect(isKey({ words: [0, 0] })).toBe(false);
  });

  it('split gives n distinct keys, stable in n, different from the parent', () => {
    const k = key(5);
    const ten = split(k, 10);
    const three = split(k, 3);
    expect(three.map((x) => x.words)).toEqual(ten.slice(0, 3).map((x) => x.words));
    const all = new Set([k, ...ten].map((x) => x.words.join(',')));
    expect(all.size).toBe(11);
  });

  it('many splits never collide (2^16 keys)', () => {
    const keys = split(key(1), 2 ** 16);
    expect(new Set(keys.map((x) => x.words.join(','))).size).toBe(2 ** 16);
  });

  it('fold differs from split and across data', () => {
    const k = key(9);
    const words = new Set([fold(k, 0), fold(k, 1), fold(k, 2), ...split(k, 3)].map((x) => x.words.join(',')));
    expect(words.size).toBe(6);
    expect(fold(k, 4).words).toEqual(fold(k, 4).words);
  });

  it('keys are frozen', () => {
    const k = key(1);
    expect(Object.isFrozen(k)).toBe(true);
    expect(Object.isFrozen(k.words)).toBe(true);
    expect(String(k)).toMatch(/^Key\(0x/);
  });

  it('rejects bad seeds, counts, data and non-keys with KeyError naming the argument', () => {
    expect(() => key(-1)).toThrow(KeyError);
    expect(() => key(1.5)).toThrow(/seed/);
    expect(() => key(2 ** 53)).toThrow(/\[0, 2\^53\)/);
    expect(() => split(key(0), 0)).toThrow(/n: got number 0/);
    expect(() => fold(key(0), -3)).toThrow(/data/);
    expect(() => split(42 as never)).toThrow(/a number is a seed: pass key\(seed\) instead/);
    expect(() => fold({ words: [1, 2] } as never, 1)).toThrow(KeyError);
  });
});
