/**
 * Minibatches in a keyed random order: each epoch is a fresh permutation (Fisher–Yates on
 * uniforms from `fold(key, epoch)`), so the same key gives the same batches on every run.
 */
import { ArgumentError, type Key, fold, random, checkOptions, describeValue } from '@stochgrad/core';

/**
 * A random permutation of 0..n−1 drawn from `key`.
 * @example const order = permutation(key(0), 50_000);
 */
export function permutation(key: Key, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError('n', `got ${describeValue(n)}`, 'an integer >= 0');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  if (n < 2) return out;
  const u = random.uniform(key, [n - 1]);
  const uniforms = u.dataSync();
  u.dispose();
  for (let i = n - 1; i > 0; i--) {
    // float32 uniforms in (0, 1): min(...) guards the rounding of u·(i + 1) up to i + 1
    const j = Math.min(i, Math.floor((uniforms[n - 1 - i] as number) * (i + 1)));
    const t = out[i] as number;
    out[i] = out[j] as number;
    out[j] = t;
  }
  return out;
}

/** One minibatch: the image indices, the epoch it belongs to and its global step number. */
export interface Batch {
  readonly indices: Int32Array;
  readonly epoch: number;
  readonly step: number;
}

export interface BatchOptions {
  /** the shuffling key: epoch e uses permutation(fold(key, e), count) */
  key: Key;
  /** number of examples */
  count: number;
  batchSize: number;
  /** epochs to run (default Infinity: the iterator never ends; stop it yourself) */
  epochs?: number;
  /** drop the last, smaller batch of each epoch so every batch has batchSize rows (default true) */
  dropRemainder?: boolean;
}

/**
 * Minibatch indices, epoch after epoch, each epoch in a new keyed order.
 * @example
 * const it = batches({ key: key(1), count: train.count, batchSize: 50 });
 * const { indices } = it.next().value; // 50 indices into train
 * The options are checked when batches() is called, not at the first next().
 */
export function batches(options: BatchOptions): Generator<Batch, void, undefined> {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, '{ key, count, batchSize, epochs?, dropRemainder? }');
  checkOptions('batches', options, ['key', 'count', 'batchSize', 'epochs', 'dropRemainder']);
  const { key, count, batchSize, epochs = Infinity, dropRemainder = true } = options;
  if (typeof dropRemainder !== 'boolean') throw new ArgumentError('dropRemainder', `got ${describeValue(dropRemainder)}`, 'true (default) or false');
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new ArgumentError('count', `got ${describeValue(count)}`, 'an integer >= 1');
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || (dropRemainder && batchSize > count)) {
    throw new ArgumentError('batchSize', `got ${describeValue(batchSize)} for ${count} examples`, `an integer in [1, ${dropRemainder ? count : Infinity}]`);
  }
  if (typeof epochs !== 'number' || !(epochs >= 0) || (Number.isFinite(epochs) && !Number.isInteger(epochs))) {
    throw new ArgumentError('epochs', `got ${describeValue(epochs)}`, 'a whole number >= 0 or Infinity');
  }
  return minibatches(key, count, batchSize, epochs, dropRemainder);
}

function* minibatches(key: Key, count: number, batchSize: number, epochs: number, dropRemainder: boolean): Generator<Batch, void, undefined> {
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = permutation(fold(key, epoch), count);
    const end = dropRemainder ? count - (count % batchSize) : count;
    for (let start = 0; start < end; start += batchSize) {
      yield { indices: order.slice(start, Math.min(start + batchSize, end)), epoch, step: step++ };
    }
  }
}
