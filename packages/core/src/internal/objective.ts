import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from '../errors';
import type { Objective } from '../estimator';
import { assertKey } from '../key';
import type { Key } from '../key';
import { assertReady } from './ready';
import { assertTensor, sameShape, shapeString } from './validate';

/** Calls f on samples and checks it returned float values of the expected shape. */
export function callObjective(objective: Objective, samples: tf.Tensor, expected: readonly number[]): tf.Tensor {
  const values = objective(samples);
  if (!(values instanceof tf.Tensor)) {
    throw new ArgumentError('objective', `returned ${describe(values)} for samples of shape ${shapeString(samples.shape)}`, `a tf.Tensor of shape ${shapeString(expected)}`);
  }
  if (!sameShape(values.shape, expected)) {
    throw new ShapeError(
      'objective',
      `returned shape ${shapeString(values.shape)} for samples of shape ${shapeString(samples.shape)}`,
      `values of shape ${shapeString(expected)}: one value per sample, the event axes reduced`,
    );
  }
  return values.dtype === 'float32' ? values : tf.cast(values, 'float32');
}

/** Validates the common arguments of GradientEstimator.estimate. */
export function checkEstimateArgs(args: unknown): { key: Key; logits: tf.Tensor; objective: Objective } {
  assertReady('estimate()');
  if (typeof args !== 'object' || args === null) {
    throw new ArgumentError('args', `got ${describe(args)}`, '{ key, logits, objective }');
  }
  const { key, logits, objective } = args as { key: unknown; logits: unknown; objective: unknown };
  assertKey(key, 'key');
  assertTensor(logits, 'logits');
  if (logits.dtype !== 'float32') throw new ArgumentError('logits', `got dtype ${logits.dtype}`, 'a float32 tensor');
  if (typeof objective !== 'function') {
    throw new ArgumentError('objective', `got ${describe(objective)}`, 'a function from samples to values');
  }
  return { key, logits, objective: objective as Objective };
}

/**
 * Runs `build(x)` under tf.valueAndGrad w.r.t. x so that one forward pass gives both the
 * surrogate (still on the caller's tape) and its gradient. The `extra` tensors `build` returns
 * come back owned by the caller, tracked by the caller's tidy scope like any other result.
 */
export function surrogateAndGradient<TExtra extends Record<string, tf.Tensor>>(
  x: tf.Tensor,
  build: (x: tf.Tensor) => { surrogate: tf.Scalar; extra: TExtra },
): { surrogate: tf.Scalar; gradient: tf.Tensor; extra: TExtra } {
  let kept: TExtra | undefined;
  let result: { value: tf.Tensor; grad: tf.Tensor };
  try {
    result = tf.valueAndGrad((input: tf.Tensor) => {
      const built = build(input);
      for (const t of Object.values(built.extra)) tf.keep(t);
      kept = built.extra;
      return built.surrogate;
    })(x);
  } catch (error) {
    if (kept) tf.dispose(Object.values(kept));
    releaseAbandonedTape();
    throw error;
  }
  const extra = {} as Record<string, tf.Tensor>;
  for (const [name, t] of Object.entries(kept as TExtra)) {
    extra[name] = tf.clone(t);
    t.dispose();
  }
  return { surrogate: result.value as tf.Scalar, gradient: result.grad, extra: extra as TExtra };
}

interface EngineState {
  gradientDepth: number;
  activeTape: { saved: tf.Tensor[] }[] | null;
}

/**
 * When f throws inside tf.grad, tfjs leaves the tape behind with the tensors it saved for the
 * backward pass. Free them, as a completed backward pass would, when no outer gradient is running.
 */
function releaseAbandonedTape(): void {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved) t.dispose();
  state.activeTape = null;
}
