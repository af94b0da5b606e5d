/**
 * The random stream of an environment: a core key and a counter. Each draw folds the counter into
 * the key, so a trajectory is a pure function of the seed (and of the draws asked for).
 */
import { type Key, fold, key, random } from '@stochgrad/core';

export interface Rng {
  /** n uniforms on (low, high). */
  uniform(n: number, low?: number, high?: number): Float64Array;
  /** n standard normals, scaled by stddev. */
  normal(n: number, stddev?: number): Float64Array;
  /** One integer on {0, …, high − 1}. */
  integer(high: number): number;
}

export function createRng(seedOrKey: number | Key): Rng {
  const base = typeof seedOrKey === 'number' ? key(seedOrKey) : seedOrKey;
  let counter = 0;
  const next = (): Key => fold(base, counter++);
  return {
    uniform: (n, low = 0, high = 1) => random.uniformArray(next(), n, { low, high }),
    normal: (n, stddev = 1) => random.normalArray(next(), n, { stddev }),
    integer: (high) => random.integerArray(next(), 1, high)[0] as number,
  };
}
