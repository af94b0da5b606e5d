import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from '../errors';
import type { Objective } from '../estimator';
import { assertKey } from '../key';
import type { Key } from '../key';
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
 * surrogate (still on the caller's tape) and its gradient. Tensors that `build` wants to keep
 * are returned through `keep` and owned by the caller.
 */
export function surrogateAndGradient<TExtra extends Record<string, tf.Tensor>>(
  x: tf.Tensor,
  build: (x: tf.Tensor) => { surrogate: tf.Scalar; extra: TExtra },
): { surrogate: tf.Scalar; gradient: tf.Tensor; extra: TExtra } {
  let extra: TExtra | undefined;
  const { value, grad } = tf.valueAndGrad((input: tf.Tensor) => {
    const built = build(input);
    for (const t of Object.values(built.extra)) tf.keep(t);
    extra = built.extra;
    return built.surrogate;
  })(x);
  return { surrogate: value as tf.Scalar, gradient: grad, extra: extra as TExtra };
}
