/**
 * Numerically safe building blocks, written once for every package: finite for |logit| up to 80
 * and beyond, and differentiable on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from './errors';
import { assertTensor } from './internal/validate';

/**
 * The identity in the forward pass, zero gradient in the backward pass.
 * @example const baseline = stopGradient(tf.mean(values));
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  assertTensor(x, 'stopGradient: x');
  const fn = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  })) as Parameters<typeof tf.customGrad>[0]);
  return fn(x) as T;
}

/**
 * log σ(x) = −softplus(−x); tfjs's own logSigmoid gradient fails on intermediate tensors.
 * @example logSigmoid(tf.tensor([-80, 0, 80])) // [-80, -0.693, -1.8e-35]
 */
export function logSigmoid(x: tf.Tensor): tf.Tensor {
  assertTensor(x, 'logSigmoid: x');
  return tf.tidy(() => tf.neg(tf.softplus(tf.neg(x))));
}

/**
 * log(mean(exp(x))) along an axis, stable for large |x|.
 * @example logMeanExp(elbos, 0) // the K-sample importance-weighted bound from [K, batch] ELBOs
 */
export function logMeanExp(x: tf.Tensor, axis = 0, keepDims = false): tf.Tensor {
  assertTensor(x, 'logMeanExp: x');
  if (typeof axis !== 'number' || !Number.isInteger(axis)) throw new ArgumentError('logMeanExp: axis', `got ${describe(axis)}`, 'an integer axis');
  if (axis < -x.rank || axis >= x.rank) {
    throw new ShapeError('logMeanExp: axis', `got ${axis} for a tensor of shape [${x.shape.join(', ')}]`, `an axis in [${-x.rank}, ${x.rank})`);
  }
  if (typeof keepDims !== 'boolean') throw new ArgumentError('logMeanExp: keepDims', `got ${describe(keepDims)}`, 'true or false (default false)');
  return tf.tidy(() => {
    const n = x.shape[axis < 0 ? axis + x.rank : axis] as number;
    return tf.sub(tf.logSumExp(x, axis, keepDims), Math.log(n));
  });
}

/**
 * A DiCE "magic box" exponent: logp − stopGradient(logp). Zero in value, with the gradient of logp,
 * so that stop(w) · magicBoxExponent(logp) adds exactly the score-function term to a surrogate.
 */
export function scoreTerm(logProb: tf.Tensor): tf.Tensor {
  assertTensor(logProb, 'scoreTerm: logProb');
  return tf.tidy(() => tf.sub(logProb, stopGradient(logProb)));
}

/**
 * A new tensor with the same values and no tape history (a sync read): backpropagation never
 * walks through it. Cheap on wasm and cpu.
 */
export function detach<T extends tf.Tensor>(x: T): T {
  assertTensor(x, 'detach: x');
  return tf.tensor(x.dataSync(), x.shape, x.dtype) as T;
}
