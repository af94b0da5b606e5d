/**
 * σ, softmax and tanh whose gradients are themselves differentiable. tfjs 4.22 saves the *output*
 * of Sigmoid, Softmax, Tanh (and Exp, Elu, Pow) for their gradients, and records that saved copy
 * on the tape before the op that produced it, so a second backward pass treats it as a constant:
 * d/dφ of a gradient through σ(x(φ)) silently misses σ's curvature. These versions save the input
 * and recompute the output in the backward pass; their values and first derivatives are tfjs's.
 */
import * as tf from '@tensorflow/tfjs-core';

type Unary = (x: tf.Tensor) => tf.Tensor;

function recomputing(forward: Unary, backward: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor): Unary {
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return { value: forward(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy, saved[0] as tf.Tensor) };
  }) as Parameters<typeof tf.customGrad>[0]);
  return (x) => op(x);
}

/** σ(x), twice differentiable on the tape */
export const sigmoid = recomputing(tf.sigmoid, (dy, x) => {
  const y = tf.sigmoid(x);
  return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
});

/** softmax over the last axis, twice differentiable on the tape */
export const softmax = recomputing(tf.softmax, (dy, x) => {
  const y = tf.softmax(x);
  return tf.mul(y, tf.sub(dy, tf.sum(tf.mul(dy, y), -1, true)));
});

/** tanh(x), twice differentiable on the tape */
export const tanh = recomputing(tf.tanh, (dy, x) => {
  const y = tf.tanh(x);
  return tf.mul(dy, tf.sub(1, tf.square(y)));
});
