// Argument checks shared by the relaxation-based estimators (Gumbel-softmax, straight-through,
// stochastic softmax tricks). Each throws core's typed errors naming the argument.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkOptions as checkOptionNames, describeValue } from '@stochgrad/core';

export { describeValue } from '@stochgrad/core';

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * An options argument: undefined becomes {}, anything else but an object throws, and so does an
 * unknown key (core's checkOptions: it names the key, the closest allowed one and the allowed set).
 * A `name` must be a string.
 */
export function checkOptions<T extends object>(options: T | undefined, where: string, allowed: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError('options', `got ${describeValue(options)}`, 'an options object');
  }
  checkOptionNames(where, options, allowed);
  const name = (options as { name?: unknown }).name;
  if (name !== undefined && typeof name !== 'string') throw new ArgumentError('name', `got ${describeValue(name)}`, 'a string');
  return options;
}

/** A temperature: a finite number > 0. */
export function checkTemperature(value: unknown, argument = 'temperature'): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ArgumentError(argument, `got ${describeValue(value)}`, 'a finite number > 0');
  }
  return value;
}

export function checkInteger(value: unknown, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ArgumentError(argument, `got ${describeValue(value)}`, range);
  }
  return value;
}

export function checkBoolean(value: unknown, argument: string): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(argument, `got ${describeValue(value)}`, 'true or false');
  return value;
}

/** A live float32 tensor of rank >= minRank whose values are all finite; returns its values. */
export function checkFiniteTensor(value: unknown, argument: string, minRank: number, layout: string): Float32Array {
  if (!(value instanceof tf.Tensor)) throw new ArgumentError(argument, `got ${describeValue(value)}`, `a tf.Tensor of shape ${layout}`);
  if (value.isDisposed) throw new ArgumentError(argument, 'the tensor was disposed', 'a live tf.Tensor');
  if (value.dtype !== 'float32') throw new ArgumentError(argument, `got dtype ${value.dtype}`, 'a float32 tensor');
  if (value.rank < minRank) throw new ShapeError(argument, `got shape ${shapeString(value.shape)}`, `shape ${layout}`);
  const data = value.dataSync() as Float32Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (Number.isNaN(v)) throw new ArgumentError(argument, `contains NaN (at flat index ${i})`, 'finite numbers');
    if (!Number.isFinite(v)) throw new ArgumentError(argument, `contains ${v} (at flat index ${i})`, 'finite numbers');
  }
  return data;
}
