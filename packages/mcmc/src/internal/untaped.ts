/**
 * Runs a computation without recording it on an active gradient tape.
 *
 * Chain states are detached by definition (the estimators differentiate a surrogate evaluated at
 * them afterwards), but when the caller is inside `tf.grad`/`optimizer.minimize`, tfjs records
 * every kernel and keeps a copy of its inputs until the backward pass: tens of decoder passes
 * that can never receive a gradient. The engine does not record kernels that run inside a
 * kernel, and a customGrad forward function is such a kernel, so `fn` runs there. Outside any
 * tape this costs one scalar op.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Every tensor in `value` (tensors, arrays and plain objects of them, other values ignored). */
function tensorsIn(value: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value as Record<string, unknown>)) tensorsIn(v, out);
  }
  return out;
}

/** `value` with every tensor replaced by `map(tensor)` (same structure). */
function mapTensors<T>(value: T, map: (t: tf.Tensor) => tf.Tensor): T {
  if (value instanceof tf.Tensor) return map(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapTensors(v, map)) as T;
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mapTensors(v, map);
    return out as T;
  }
  return value;
}

/**
 * `fn()`, run off the tape. Tensors in the result (also inside arrays and plain objects) are
 * returned as ordinary tensors owned by the caller, tracked by the caller's tidy scope.
 */
export function untaped<T>(fn: () => T): T {
  let result: T | undefined;
  let failure: unknown;
  let failed = false;
  const run = tf.customGrad(((anchor: tf.Tensor) => {
    try {
      result = fn();
      for (const t of tensorsIn(result)) tf.keep(t);
    } catch (error) {
      failed = true;
      failure = error;
    }
    return { value: tf.zerosLike(anchor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  }) as Parameters<typeof tf.customGrad>[0]);
  const anchor = tf.scalar(0);
  tf.dispose([run(anchor), anchor]);
  if (failed) throw failure;
  const kept = tensorsIn(result);
  // clone out of the kept set, so the caller's tidy scopes own the tensors again
  const seen = new Map<number, tf.Tensor>();
  const out = mapTensors(result as T, (t) => {
    let copy = seen.get(t.id);
    if (!copy) {
      copy = tf.clone(t);
      seen.set(t.id, copy);
    }
    return copy;
  });
  tf.dispose(kept);
  return out;
}
