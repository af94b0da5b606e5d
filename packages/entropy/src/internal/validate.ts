/**
 * Input checks shared by the package: every failure is a typed error from core that names the
 * argument, what it was, and what is allowed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describeValue as describeAnyValue } from '@stochgrad/core';

/** core's describeValue (type and value: `string "2"`), with the dtype of a tensor. */
export function describeValue(value: unknown): string {
  if (value instanceof tf.Tensor) return `tensor of shape [${value.shape.join(', ')}] (${value.dtype})`;
  return describeAnyValue(value);
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function assertTensor(value: unknown, argument: string, allowed = 'a float32 tf.Tensor'): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new ArgumentError(argument, `got ${describeValue(value)}`, allowed);
  if (value.isDisposed) throw new ArgumentError(argument, 'the tensor was disposed', 'a live tf.Tensor');
  if (value.dtype !== 'float32') throw new ArgumentError(argument, `got dtype ${value.dtype}`, allowed);
}

/** Reads the values (a sync read) and throws on NaN or ±Infinity. */
export function assertFiniteValues(t: tf.Tensor, argument: string): void {
  const data = t.dataSync();
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isFinite(v)) throw new ArgumentError(argument, `contains ${v} (at flat index ${i})`, 'finite numbers');
  }
}

export function assertInteger(value: unknown, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ArgumentError(argument, `got ${describeValue(value)}`, range);
  }
}

export function assertPositiveNumber(value: unknown, argument: string): asserts value is number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ArgumentError(argument, `got ${describeValue(value)}`, 'a finite number > 0');
  }
}

export function assertNonNegativeNumber(value: unknown, argument: string): asserts value is number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new ArgumentError(argument, `got ${describeValue(value)}`, 'a finite number >= 0');
  }
}

export function assertOneOf<T extends string>(value: unknown, argument: string, allowed: readonly T[]): asserts value is T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new ArgumentError(argument, `got ${describeValue(value)}`, allowed.map((a) => `'${a}'`).join(' or '));
  }
}

/** Samples [N, ...batch, D] with N ≥ minSamples and D = dim: float32, finite. */
export function assertSamples(samples: unknown, argument: string, dim: number | undefined, minSamples = 1): asserts samples is tf.Tensor {
  assertTensor(samples, argument, 'a float32 tensor [N, ...batch, D] (sample axis first, event axis last)');
  if (samples.rank < 2) {
    throw new ShapeError(argument, `got shape ${shapeString(samples.shape)}`, 'rank >= 2: [N, ...batch, D] with the sample axis first');
  }
  const d = samples.shape[samples.rank - 1] as number;
  if (dim !== undefined && d !== dim) {
    throw new ShapeError(argument, `got shape ${shapeString(samples.shape)} (last axis ${d})`, `a last (event) axis of size dim = ${dim}`);
  }
  if ((samples.shape[0] as number) < minSamples) {
    throw new ShapeError(argument, `got ${samples.shape[0]} sample(s) on axis 0`, `at least ${minSamples} samples on axis 0`);
  }
  assertFiniteValues(samples, argument);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** x[..., i] for a tensor with a last (event) axis: a slice, cheap to differentiate on every backend. */
export function coordinate(x: tf.Tensor, i: number): tf.Tensor {
  const begin = x.shape.map((_, axis) => (axis === x.rank - 1 ? i : 0));
  const size = x.shape.map((d, axis) => (axis === x.rank - 1 ? 1 : d));
  return tf.reshape(tf.slice(x, begin, size), x.shape.slice(0, -1));
}

export function assertAveraging(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ArgumentError('averaging', `got ${describeValue(value)}`, 'a decay in [0, 1) (0: no weight averaging)');
  }
}

/** Points x [..., D] at which a density of dimension `dim` is evaluated: a live float32 tensor whose last axis is `dim`. */
export function assertPoints(x: unknown, dim: number, where: string): asserts x is tf.Tensor {
  assertTensor(x, `${where}: x`, `a float32 tensor [..., ${dim}]`);
  if (x.rank < 1 || x.shape[x.rank - 1] !== dim) throw new ShapeError(`${where}: x`, `got shape ${shapeString(x.shape)}`, `a last (event) axis of size ${dim}`);
}
