/**
 * Immutable, splittable PRNG keys in the JAX style, backed by Threefry-2x32-20 computed in JS.
 * The same key gives the same numbers on every run; draw from a key once, split it for more.
 */
import { KeyError, describe } from './errors';
import { DOMAIN_FOLD, DOMAIN_SPLIT, threefry2x32 } from './internal/threefry';

const KEY_BRAND: unique symbol = Symbol.for('stochgrad.key');

/** A PRNG key: two 32-bit words. Make one with `key(seed)`, get more with `split` and `fold`. */
export interface Key {
  readonly [KEY_BRAND]: true;
  /** The two 32-bit words of the key, high then low. */
  readonly words: readonly [number, number];
}

function makeKey(high: number, low: number): Key {
  const words = Object.freeze([high >>> 0, low >>> 0] as [number, number]);
  return Object.freeze({
    [KEY_BRAND]: true as const,
    words,
    toString: () => `Key(0x${words[0].toString(16)}, 0x${words[1].toString(16)})`,
  });
}

/** True when `value` is a key made by `key`, `split` or `fold`. */
export function isKey(value: unknown): value is Key {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[KEY_BRAND] === true;
}

/** @internal Throws a KeyError unless `value` is a key. */
export function assertKey(value: unknown, argument = 'key'): asserts value is Key {
  if (!isKey(value)) {
    const hint = typeof value === 'number' ? ' (a number is a seed: pass key(seed) instead)' : '';
    throw new KeyError(argument, `got ${describe(value)}${hint}`, 'a Key made by key(seed), split(k, n) or fold(k, data)');
  }
}

/**
 * A key from an integer seed in [0, 2⁵³).
 * @example
 * const k = key(0);
 * const [k1, k2] = split(k);
 */
export function key(seed: number): Key {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new KeyError('seed', `got ${describe(seed)}`, 'an integer in [0, 2^53)');
  }
  return makeKey(Math.floor(seed / 2 ** 32), seed % 2 ** 32);
}

/**
 * n new keys, independent of each other and of `k` (default n = 2). Never use `k` again after
 * splitting it.
 * @example
 * const [sampleKey, noiseKey] = split(key(1));
 * const keys = split(key(2), 100);
 */
export function split(k: Key, n = 2): Key[] {
  assertKey(k);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32 - 1) {
    throw new KeyError('n', `got ${describe(n)}`, 'an integer in [1, 2^32)');
  }
  const [k0, k1] = k.words;
  const words = [0, 0];
  const keys: Key[] = new Array(n);
  for (let i = 0; i < n; i++) {
    threefry2x32(k0, k1, i, DOMAIN_SPLIT, words, 0);
    keys[i] = makeKey(words[0] as number, words[1] as number);
  }
  return keys;
}

/**
 * A new key that depends on `k` and on an integer (an iteration number, a data index, ...):
 * fold(k, 3) and fold(k, 4) are independent.
 * @example
 * for (let step = 0; step < 100; step++) train(fold(runKey, step));
 */
export function fold(k: Key, data: number): Key {
  assertKey(k);
  if (!Number.isInteger(data) || data < 0 || data > 2 ** 32 - 1) {
    throw new KeyError('data', `got ${describe(data)}`, 'an integer in [0, 2^32)');
  }
  const [k0, k1] = k.words;
  const words = [0, 0];
  threefry2x32(k0, k1, data, DOMAIN_FOLD, words, 0);
  return makeKey(words[0] as number, words[1] as number);
}
