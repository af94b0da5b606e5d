/** Random action batches for the vector-env tests. */
import { type Key, fold } from '@stochgrad/core';
import type { Space } from '../../src/spaces';

/** n actions of `space` drawn by key (row i from fold(fold(k, t), i)). */
export function randomActions(space: Space, n: number, k: Key, t: number): Int32Array | Float32Array {
  if (space.kind === 'discrete') return Int32Array.from({ length: n }, (_, i) => space.sample(fold(fold(k, t), i)));
  const out = new Float32Array(n * space.size);
  for (let i = 0; i < n; i++) out.set(space.sample(fold(fold(k, t), i)), i * space.size);
  return out;
}

