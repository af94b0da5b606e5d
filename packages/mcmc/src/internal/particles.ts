/** Particle bookkeeping for the i-SIR kernels: selecting, inserting and identifying particles. */
import * as tf from '@tensorflow/tfjs-core';
import { fold, type Key } from '@stochgrad/core';

/** particles [S, B, ...event] and one slot per chain (int, [B]) → the selected particles [B, ...event]. */
export function selectSlots(particles: tf.Tensor, slots: Int32Array): tf.Tensor {
  return tf.tidy(() => {
    const [numSlots, batch] = particles.shape as [number, number];
    const eventRank = particles.rank - 2;
    const mask = tf.transpose(tf.oneHot(tf.tensor1d(slots, 'int32'), numSlots)); // [S, B]
    const shaped = tf.reshape(mask, [numSlots, batch, ...new Array<number>(eventRank).fill(1)]);
    return tf.sum(tf.mul(tf.cast(shaped, particles.dtype), particles), 0);
  });
}

/** masks [n, B] → [n, B, 1, ...] (bool) to broadcast against rows of rank `rank`. */
function slotMask(condition: (slot: number, chain: number) => boolean, n: number, batch: number, rank: number): tf.Tensor {
  const values = new Uint8Array(n * batch);
  for (let s = 0; s < n; s++) for (let b = 0; b < batch; b++) values[s * batch + b] = condition(s, b) ? 1 : 0;
  return tf.tensor(values, [n, batch, ...new Array<number>(rank - 2).fill(1)], 'bool');
}

/**
 * rows [n, B, ...] with `item` [B, ...] inserted, for chain b, at position slots[b] along axis 0:
 * [n + 1, B, ...] (rows before the slot keep their place, the others move up one).
 */
export function insertAtSlots(rows: tf.Tensor, item: tf.Tensor, slots: Int32Array): tf.Tensor {
  return tf.tidy(() => {
    const [n, batch] = rows.shape as [number, number];
    const row = tf.expandDims(item, 0);
    const unshifted = tf.concat([rows, row], 0); // position s holds rows[s]
    const shifted = tf.concat([row, rows], 0); // position s holds rows[s − 1]
    const shape = unshifted.shape;
    const before = slotMask((s, b) => s < (slots[b] as number), n + 1, batch, rows.rank);
    const at = slotMask((s, b) => s === slots[b], n + 1, batch, rows.rank);
    const moved = tf.where(tf.broadcastTo(before, shape), unshifted, shifted);
    return tf.where(tf.broadcastTo(at, shape), tf.broadcastTo(row, shape), moved);
  });
}

/** rows [n, B, ...] with position slots[b] of chain b replaced by item[b] ([B, ...]). */
export function replaceAtSlots(rows: tf.Tensor, item: tf.Tensor, slots: Int32Array): tf.Tensor {
  return tf.tidy(() => {
    const [n, batch] = rows.shape as [number, number];
    const at = slotMask((s, b) => s === slots[b], n, batch, rows.rank);
    return tf.where(tf.broadcastTo(at, rows.shape), tf.broadcastTo(tf.expandDims(item, 0), rows.shape), rows);
  });
}

/**
 * An identity for draw j made with key k: a 53-bit hash (the words of fold(k, j)). Two particles
 * with equal identities are the same draw (common random numbers); distinct draws collide with
 * probability 2⁻⁵³.
 */
export function drawIdentity(k: Key, j: number): number {
  const [high, low] = fold(k, j).words;
  return (high & 0x1fffff) * 2 ** 32 + low;
}

/** Identities [S·B] (slot-major) of `count` draws made with key k, each shared by the B chains. */
export function freshIdentities(k: Key, count: number, batch: number): Float64Array {
  const out = new Float64Array(count * batch);
  for (let j = 0; j < count; j++) out.fill(drawIdentity(k, j), j * batch, (j + 1) * batch);
  return out;
}

