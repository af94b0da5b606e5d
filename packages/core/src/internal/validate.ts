import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from '../errors';

export type TensorLike = tf.Tensor | number;

export function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function assertTensor(value: unknown, argument: string, allowed = 'a tf.Tensor'): asserts value is tf.Tensor {
  if (!isTensor(value)) throw new ArgumentError(argument, `got ${describe(value)}`, allowed);
  if (value.isDisposed) throw new ArgumentError(argument, 'the tensor was disposed', 'a live tf.Tensor');
}

export function assertTensorLike(value: unknown, argument: string): asserts value is TensorLike {
  if (typeof value === 'number') return;
  assertTensor(value, argument, 'a number or a tf.Tensor');
}

export function assertMinRank(t: tf.Tensor, rank: number, argument: string, meaning: string): void {
  if (t.rank < rank) {
    throw new ShapeError(argument, `got shape ${shapeString(t.shape)}`, `rank >= ${rank} (${meaning})`);
  }
}

export function assertFloat(t: tf.Tensor, argument: string): void {
  if (t.dtype !== 'float32') throw new ArgumentError(argument, `got dtype ${t.dtype}`, 'a float32 tensor');
}

/** Reads the values (sync) and throws on NaN (and on ±Infinity unless allowed). */
export function assertFinite(
  value: TensorLike | ArrayLike<number>,
  argument: string,
  options: { allowInfinite?: boolean } = {},
): void {
  const data = typeof value === 'number' ? [value] : isTensor(value) ? value.dataSync() : value;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (Number.isNaN(v)) throw new ArgumentError(argument, `contains NaN (at flat index ${i})`, 'finite numbers');
    if (!options.allowInfinite && !Number.isFinite(v)) {
      throw new ArgumentError(argument, `contains ${v} (at flat index ${i})`, 'finite numbers');
    }
  }
}

/** Reads the values (sync) and throws unless every value is finite and > 0. */
export function assertPositive(value: TensorLike, argument: string): void {
  const data = typeof value === 'number' ? [value] : value.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new ArgumentError(argument, `got ${v}${data.length > 1 ? ` at flat index ${i}` : ''}`, 'finite values > 0');
    }
  }
}

export function assertIntegerIn(value: unknown, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ArgumentError(argument, `got ${describe(value)}`, range);
  }
}

export function assertShape(shape: unknown, argument: string): asserts shape is number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(argument, `got ${describe(shape)}`, 'an array of non-negative integers');
  }
}

/** Broadcast shape of two shapes (numpy rules) or a ShapeError naming both arguments. */
export function broadcastShapes(a: readonly number[], b: readonly number[], names: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(names, `shapes ${shapeString(a)} and ${shapeString(b)} do not broadcast`, 'shapes that broadcast (numpy rules)');
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

export function shapeOf(value: TensorLike): number[] {
  return typeof value === 'number' ? [] : value.shape.slice();
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
