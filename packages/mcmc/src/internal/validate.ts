import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, KeyError, ShapeError, describeValue, isKey, type Key } from '@stochgrad/core';

/** core's describeValue: the type and the value (`string "2"`), a tensor by its shape. */
export function describe(value: unknown): string {
  return describeValue(value);
}

/** Throws unless `value` is undefined or a function. */
export function assertOptionalFunction(value: unknown, argument: string): void {
  if (value !== undefined && typeof value !== 'function') throw new ArgumentError(argument, `got ${describe(value)}`, 'a function or undefined');
}

export const shapeString = (shape: readonly number[]) => `[${shape.join(', ')}]`;

export function assertKey(value: unknown, argument = 'key'): asserts value is Key {
  if (!isKey(value)) {
    const hint = typeof value === 'number' ? ' (a number is a seed: pass key(seed) instead)' : '';
    throw new KeyError(argument, `got ${describe(value)}${hint}`, 'a Key made by key(seed), split or fold');
  }
}

export function assertTensor(value: unknown, argument: string): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new ArgumentError(argument, `got ${describe(value)}`, 'a tf.Tensor');
  if (value.isDisposed) throw new ArgumentError(argument, 'the tensor was disposed', 'a live tf.Tensor');
}

export function assertInteger(value: unknown, argument: string, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ArgumentError(argument, `got ${describe(value)}`, `an integer >= ${min}`);
  }
}

export function assertFunction(value: unknown, argument: string, allowed: string): void {
  if (typeof value !== 'function') throw new ArgumentError(argument, `got ${describe(value)}`, allowed);
}

/** Checks a proposal and returns its batch size B (batch shape must be [B]). */
export function proposalBatchSize(proposal: unknown, argument = 'proposal'): number {
  const p = proposal as { batchShape?: unknown; sample?: unknown; logProb?: unknown } | null;
  if (p === null || typeof p !== 'object' || typeof p.sample !== 'function' || typeof p.logProb !== 'function' || !Array.isArray(p.batchShape)) {
    throw new ArgumentError(argument, `got ${describe(proposal)}`, 'a Proposal: { batchShape: [B], sample(key, sampleShape), logProb(value) }');
  }
  const batch = p.batchShape as number[];
  if (batch.length !== 1 || !Number.isInteger(batch[0]) || (batch[0] as number) < 1) {
    throw new ShapeError(`${argument}.batchShape`, `got ${shapeString(batch)}`, 'a batch shape [B] (one proposal per data point)');
  }
  return batch[0] as number;
}

/** Throws a ShapeError unless `t` has exactly `shape`. */
export function assertShapeEquals(t: tf.Tensor, shape: readonly number[], argument: string, meaning: string): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(argument, `returned shape ${shapeString(t.shape)}`, `${shapeString(shape)} (${meaning})`);
  }
}
