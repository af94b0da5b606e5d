/**
 * Spaces, as Gymnasium's `Box` and `Discrete`: what an observation or action may be, with
 * `contains` and `sample(key)`. Frozen objects; bounds are Float64Arrays of the flattened shape.
 */
import { ArgumentError, type Key, checkOptions, isKey, random, KeyError } from '@stochgrad/core';

/** A box of real vectors: low ≤ x ≤ high elementwise (bounds may be ±Infinity). */
export interface BoxSpace {
  readonly kind: 'box';
  readonly shape: readonly number[];
  /** The number of elements: the product of the shape. */
  readonly size: number;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** The element type of values in this space (observations of this dtype, actions any numbers). */
  readonly dtype: 'float32' | 'float64';
  /** True when `value` is an array-like of `size` finite (or in-bound infinite) numbers in the bounds. */
  contains(value: unknown): boolean;
  /**
   * A draw from the box: uniform where both bounds are finite, normal where both are infinite,
   * shifted exponential where one is (Gymnasium's rule).
   */
  sample(key: Key): Float32Array | Float64Array;
  toString(): string;
}

/** The integers start, start + 1, …, start + n − 1. */
export interface DiscreteSpace {
  readonly kind: 'discrete';
  readonly n: number;
  readonly start: number;
  readonly shape: readonly [];
  contains(value: unknown): boolean;
  sample(key: Key): number;
  toString(): string;
}

export type Space = BoxSpace | DiscreteSpace;

export interface BoxOptions {
  /** Lower bound: a number for every element, or an array of `size` numbers. */
  low: number | ArrayLike<number>;
  /** Upper bound: a number for every element, or an array of `size` numbers. */
  high: number | ArrayLike<number>;
  /** Default: [length of low or high] when one is an array. */
  shape?: readonly number[];
  /** Default 'float32'. */
  dtype?: 'float32' | 'float64';
}

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);
/** The next float32 above the float32 f. */
function nextUpFloat32(f: number): number {
  if (f === 0) return 2 ** -149;
  f32[0] = f;
  f32Bits[0] = (f32Bits[0] as number) + (f > 0 ? 1 : -1);
  return f32[0] as number;
}
/** The float32 closest to x on the inside: the smallest float32 ≥ x (side +1) or the largest ≤ x (side −1). */
function float32Inside(x: number, side: 1 | -1): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.fround(x);
  if (side === 1 ? f >= x : f <= x) return f;
  return side === 1 ? nextUpFloat32(f) : -nextUpFloat32(-f);
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

function bound(value: number | ArrayLike<number>, size: number, argument: string): Float64Array {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new ArgumentError(argument, 'got NaN', 'a number (±Infinity allowed) or an array of numbers');
    return new Float64Array(size).fill(value);
  }
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(argument, `got ${typeof value}`, 'a number or an array of numbers');
  }
  if (value.length !== size) throw new ArgumentError(argument, `got ${value.length} numbers`, `${size} numbers (the size of the shape)`);
  const out = Float64Array.from(value);
  if (out.some(Number.isNaN)) throw new ArgumentError(argument, 'contains NaN', 'numbers (±Infinity allowed)');
  return out;
}

/**
 * A Box space.
 * @example
 * const actions = box({ low: -2, high: 2, shape: [1] });
 * const observations = box({ low: [-4.8, -Infinity], high: [4.8, Infinity] });
 */
export function box(options: BoxOptions): BoxSpace {
  checkOptions('box', options, ['low', 'high', 'shape', 'dtype']);
  if (options === undefined) throw new ArgumentError('box options', 'got undefined', '{ low, high, shape?, dtype? }');
  const { dtype = 'float32' } = options;
  if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError('box dtype', `got ${String(dtype)}`, "'float32' or 'float64'");
  const lengthOf = (v: unknown) => (typeof v === 'object' && v !== null && typeof (v as ArrayLike<number>).length === 'number' ? (v as ArrayLike<number>).length : undefined);
  const shape = options.shape ?? [lengthOf(options.low) ?? lengthOf(options.high) ?? 1];
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ArgumentError('box shape', `got ${JSON.stringify(shape)}`, 'an array of positive integers');
  }
  const size = shape.reduce((a: number, b: number) => a * b, 1);
  const low = bound(options.low, size, 'box low');
  const high = bound(options.high, size, 'box high');
  for (let i = 0; i < size; i++) {
    if (!((low[i] as number) <= (high[i] as number))) {
      throw new ArgumentError('box low, high', `low[${i}] = ${low[i]} > high[${i}] = ${high[i]}`, 'low <= high elementwise');
    }
  }
  const Out = dtype === 'float32' ? Float32Array : Float64Array;
  // the draws are clamped to the values of the dtype inside the bounds, so that a float32 draw
  // never rounds out of a box whose bounds are not float32 numbers (e.g. high = 0.7)
  const lowInside = dtype === 'float32' ? low.map((v) => float32Inside(v, 1)) : low;
  const highInside = dtype === 'float32' ? high.map((v) => float32Inside(v, -1)) : high;
  const space: BoxSpace = {
    kind: 'box',
    shape: Object.freeze(shape.slice()),
    size,
    low,
    high,
    dtype,
    contains(value) {
      if (value === null || typeof value !== 'object' || (value as ArrayLike<number>).length !== size) return false;
      const v = value as ArrayLike<number>;
      for (let i = 0; i < size; i++) {
        const x = v[i];
        if (typeof x !== 'number' || Number.isNaN(x) || x < (low[i] as number) || x > (high[i] as number)) return false;
      }
      return true;
    },
    sample(k) {
      if (!isKey(k)) throw new KeyError('sample key', `got ${typeof k}`, 'a Key made by key(seed), split or fold');
      const u = random.uniformArray(k, 2 * size);
      const out = new Out(size);
      for (let i = 0; i < size; i++) {
        const lo = low[i] as number;
        const hi = high[i] as number;
        const a = u[2 * i] as number;
        const b = u[2 * i + 1] as number;
        if (Number.isFinite(lo) && Number.isFinite(hi)) out[i] = lo + (hi - lo) * a;
        else if (Number.isFinite(lo)) out[i] = lo - Math.log(a);
        else if (Number.isFinite(hi)) out[i] = hi + Math.log(a);
        else out[i] = Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
        // rounding to the dtype must not leave the box (a float32 box too narrow to hold a float32 cannot hold a draw)
        if (out[i]! < (lowInside[i] as number)) out[i] = lowInside[i] as number;
        if (out[i]! > (highInside[i] as number)) out[i] = highInside[i] as number;
      }
      return out;
    },
    toString: () => {
      const same = (a: Float64Array) => a.every((x) => x === a[0]);
      const show = (a: Float64Array) => (same(a) ? fmt(a[0] as number) : `[${Array.from(a, fmt).join(', ')}]`);
      return `Box(${show(low)}, ${show(high)}, [${shape.join(', ')}], ${dtype})`;
    },
  };
  return Object.freeze(space);
}

/**
 * A Discrete space of n integers from `start` (default 0).
 * @example const actions = discrete(2); // 0 = push left, 1 = push right
 */
export function discrete(n: number, options: { start?: number } = {}): DiscreteSpace {
  checkOptions('discrete', options, ['start']);
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentError('discrete n', `got ${typeof n === 'number' ? n : typeof n}`, 'an integer >= 1');
  const { start = 0 } = options;
  if (!Number.isSafeInteger(start)) throw new ArgumentError('discrete start', `got ${String(start)}`, 'an integer');
  return Object.freeze({
    kind: 'discrete' as const,
    n,
    start,
    shape: Object.freeze([]) as unknown as readonly [],
    contains: (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= start && value < start + n,
    sample(k: Key) {
      if (!isKey(k)) throw new KeyError('sample key', `got ${typeof k}`, 'a Key made by key(seed), split or fold');
      return start + (random.integerArray(k, 1, n)[0] as number);
    },
    toString: () => (start === 0 ? `Discrete(${n})` : `Discrete(${n}, start=${start})`),
  });
}
