/**
 * Random draws. Each takes a key first, computes its numbers in JS from Threefry bits (so the
 * same key gives bitwise the same values on every backend) and returns a new float32 tensor
 * that is not connected to any tape.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describe } from './errors';
import { checkOptions } from './options';
import { type Key, assertKey } from './key';
import { openUniforms, openUniforms53 } from './internal/threefry';
import { assertFinite, assertShape, assertTensor, sizeOf, type TensorLike } from './internal/validate';
import { assertReady } from './internal/ready';

function draw(where: string, k: Key, shape: readonly number[], transform: (u: Float64Array, out: Float32Array) => void): tf.Tensor {
  assertKey(k);
  assertShape(shape, 'shape');
  assertReady(where);
  const n = sizeOf(shape);
  const out = new Float32Array(n);
  transform(openUniforms(k.words[0], k.words[1], n), out);
  return tf.tensor(out, shape.slice(), 'float32');
}

/**
 * Uniform draws on the open interval (low, high); default (0, 1).
 * @example const u = uniform(key(0), [2, 3]);
 */
export function uniform(k: Key, shape: readonly number[], options: { low?: number; high?: number } = {}): tf.Tensor {
  checkOptions('random.uniform', options, ['low', 'high']);
  const { low = 0, high = 1 } = options;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new ArgumentError('low, high', `got low ${describe(low)}, high ${describe(high)}`, 'finite numbers with low < high');
  }
  return draw('random.uniform()', k, shape, (u, out) => {
    for (let i = 0; i < u.length; i++) out[i] = low + (high - low) * (u[i] as number);
  });
}

/**
 * Standard normal draws (Box–Muller on Threefry uniforms), optionally shifted and scaled.
 * @example const eps = normal(key(0), [100]);
 */
export function normal(k: Key, shape: readonly number[], options: { mean?: number; stddev?: number } = {}): tf.Tensor {
  checkOptions('random.normal', options, ['mean', 'stddev']);
  const { mean = 0, stddev = 1 } = options;
  if (!Number.isFinite(mean) || !(stddev > 0) || !Number.isFinite(stddev)) {
    throw new ArgumentError('mean, stddev', `got mean ${describe(mean)}, stddev ${describe(stddev)}`, 'a finite mean and a finite stddev > 0');
  }
  assertKey(k);
  assertShape(shape, 'shape');
  assertReady('random.normal()');
  const n = sizeOf(shape);
  const u = openUniforms(k.words[0], k.words[1], 2 * Math.ceil(n / 2));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(u[i] as number));
    const angle = 2 * Math.PI * (u[i + 1] as number);
    out[i] = mean + stddev * radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = mean + stddev * radius * Math.sin(angle);
  }
  return tf.tensor(out, shape.slice(), 'float32');
}

/**
 * Standard Gumbel draws: −log(−log u).
 * @example const g = gumbel(key(0), [5]);
 */
export function gumbel(k: Key, shape: readonly number[]): tf.Tensor {
  return draw('random.gumbel()', k, shape, (u, out) => {
    for (let i = 0; i < u.length; i++) out[i] = -Math.log(-Math.log(u[i] as number));
  });
}

/**
 * Standard logistic draws: log u − log(1 − u).
 * @example const l = logistic(key(0), [5]);
 */
export function logistic(k: Key, shape: readonly number[]): tf.Tensor {
  return draw('random.logistic()', k, shape, (u, out) => {
    for (let i = 0; i < u.length; i++) {
      const v = u[i] as number;
      out[i] = Math.log(v) - Math.log1p(-v);
    }
  });
}

function paramValues(value: TensorLike, argument: string): { data: ArrayLike<number>; shape: number[] } {
  if (typeof value === 'number') return { data: [value], shape: [] };
  assertTensor(value, argument, 'a number or a tf.Tensor');
  return { data: value.dataSync(), shape: value.shape.slice() };
}

/**
 * Bernoulli draws (0/1 as float32) of shape [...sampleShape, ...shape of the parameter], from
 * logits (finite, any size) or probabilities in [0, 1]. Compares in logit space, so it is exact
 * at |logit| up to 80 and beyond.
 * @example const b = bernoulli(key(0), { logits: tf.tensor([0, 2, -80]) }, [10]);
 */
export function bernoulli(k: Key, parameter: { logits: TensorLike } | { probs: TensorLike }, sampleShape: readonly number[] = []): tf.Tensor {
  assertKey(k);
  assertShape(sampleShape, 'sampleShape');
  assertReady('random.bernoulli()');
  if (typeof parameter !== 'object' || parameter === null || !('logits' in parameter || 'probs' in parameter)) {
    throw new ArgumentError('parameter', `got ${describe(parameter)}`, '{ logits } or { probs }');
  }
  checkOptions('random.bernoulli', parameter, ['logits', 'probs']);
  const isLogits = 'logits' in parameter;
  const argument = isLogits ? 'logits' : 'probs';
  const raw = isLogits ? parameter.logits : (parameter as { probs: TensorLike }).probs;
  const { data, shape } = paramValues(raw, argument);
  assertFinite(data, argument);
  if (!isLogits) {
    for (let i = 0; i < data.length; i++) {
      const p = data[i] as number;
      if (!(p >= 0 && p <= 1)) throw new ArgumentError('probs', `got ${p} at flat index ${i}`, 'probabilities in [0, 1]');
    }
  }
  const m = data.length;
  const reps = sizeOf(sampleShape);
  const u = openUniforms(k.words[0], k.words[1], m * reps);
  const out = new Float32Array(m * reps);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < m; i++) {
      const v = u[r * m + i] as number;
      const p = data[i] as number;
      out[r * m + i] = (isLogits ? Math.log(v) - Math.log1p(-v) < p : v < p) ? 1 : 0;
    }
  }
  return tf.tensor(out, [...sampleShape, ...shape], 'float32');
}

/**
 * Categorical draws (int32 class indices) by the Gumbel-max trick: logits [..., C] give indices
 * of shape [...sampleShape, ...logits.shape without its last axis].
 * @example const c = categorical(key(0), tf.tensor([[0, 1, 2]]), [4]);
 */
export function categorical(k: Key, logits: tf.Tensor, sampleShape: readonly number[] = []): tf.Tensor {
  assertKey(k);
  assertTensor(logits, 'logits');
  assertShape(sampleShape, 'sampleShape');
  if (logits.rank < 1 || (logits.shape[logits.rank - 1] ?? 0) < 1) {
    throw new ArgumentError('logits', `got ${describe(logits)}`, 'a tensor with a last (class) axis of size >= 1');
  }
  const data = logits.dataSync();
  assertFinite(logits, 'logits');
  const classes = logits.shape[logits.rank - 1] as number;
  const rows = data.length / classes;
  const reps = sizeOf(sampleShape);
  const u = openUniforms(k.words[0], k.words[1], reps * data.length);
  const out = new Int32Array(reps * rows);
  for (let r = 0; r < reps; r++) {
    for (let row = 0; row < rows; row++) {
      let best = -Infinity;
      let arg = 0;
      for (let c = 0; c < classes; c++) {
        const i = row * classes + c;
        const score = (data[i] as number) - Math.log(-Math.log(u[r * data.length + i] as number));
        if (score > best) {
          best = score;
          arg = c;
        }
      }
      out[r * rows + row] = arg;
    }
  }
  return tf.tensor(out, [...sampleShape, ...logits.shape.slice(0, -1)], 'int32');
}

function checkCount(n: unknown): asserts n is number {
  if (!Number.isSafeInteger(n) || (n as number) < 0) throw new ArgumentError('n', `got ${describe(n)}`, 'an integer >= 0');
}

/**
 * n uniform draws on the open interval (low, high) as a Float64Array with 53 random bits each, in
 * JS and with no tensor: for CPU-side work such as environment noise and replay sampling. The same
 * key gives the same numbers everywhere.
 * @example const u = uniformArray(key(0), 3, { low: -0.05, high: 0.05 });
 */
export function uniformArray(k: Key, n: number, options: { low?: number; high?: number } = {}): Float64Array {
  assertKey(k);
  checkCount(n);
  checkOptions('random.uniformArray', options, ['low', 'high']);
  const { low = 0, high = 1 } = options;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new ArgumentError('low, high', `got low ${describe(low)}, high ${describe(high)}`, 'finite numbers with low < high');
  }
  const u = openUniforms53(k.words[0], k.words[1], n);
  if (low !== 0 || high !== 1) for (let i = 0; i < n; i++) u[i] = low + (high - low) * (u[i] as number);
  return u;
}

/**
 * n normal draws (Box–Muller on 53-bit uniforms) as a Float64Array, in JS and with no tensor.
 * @example const eps = normalArray(key(0), 6, { stddev: 0.1 });
 */
export function normalArray(k: Key, n: number, options: { mean?: number; stddev?: number } = {}): Float64Array {
  assertKey(k);
  checkCount(n);
  checkOptions('random.normalArray', options, ['mean', 'stddev']);
  const { mean = 0, stddev = 1 } = options;
  if (!Number.isFinite(mean) || !(stddev > 0) || !Number.isFinite(stddev)) {
    throw new ArgumentError('mean, stddev', `got mean ${describe(mean)}, stddev ${describe(stddev)}`, 'a finite mean and a finite stddev > 0');
  }
  const u = openUniforms53(k.words[0], k.words[1], 2 * Math.ceil(n / 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(u[i] as number));
    const angle = 2 * Math.PI * (u[i + 1] as number);
    out[i] = mean + stddev * radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = mean + stddev * radius * Math.sin(angle);
  }
  return out;
}

/**
 * n integers uniform on {0, …, high − 1} (high ≤ 2³²) as a Uint32Array, by scaling a 53-bit
 * uniform (the bias is below 2⁻²¹ for every allowed high).
 * @example const rows = integerArray(key(0), 256, 1_000_000);
 */
export function integerArray(k: Key, n: number, high: number): Uint32Array {
  assertKey(k);
  checkCount(n);
  if (!Number.isSafeInteger(high) || high < 1 || high > 2 ** 32) {
    throw new ArgumentError('high', `got ${describe(high)}`, 'an integer in [1, 2^32]');
  }
  const u = openUniforms53(k.words[0], k.words[1], n);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((u[i] as number) * high);
  return out;
}
