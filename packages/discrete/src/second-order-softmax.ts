/**
 * softmax over the last axis whose gradient is itself differentiable (for second-order gradients
 * such as the RELAX control-variate update ∂(Σĝ²)/∂φ through a relaxation softmax(z/λ)).
 * Math: y = softmax(x); backward dx = y ⊙ (dy − Σ dy ⊙ y), with y recomputed from x.
 * Properties: same values and first derivatives as tf.softmax. tfjs 4.22 saves softmax's output for
 * its gradient, and a second backward pass treats that saved copy as a constant (losing the
 * curvature); this version saves the input instead.
 * Reference: the tfjs-core Softmax gradient (tfjs-core/src/gradients/Softmax_grad.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describeValue } from '@stochgrad/core';
import { softmax } from './internal/relax-second-order';

/**
 * @example
 * const relaxed = secondOrderSoftmax(tf.div(z, temperature)); // d/dλ of a gradient through it is exact
 */
export function secondOrderSoftmax(x: tf.Tensor): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new ArgumentError('secondOrderSoftmax: x', `got ${describeValue(x)}`, 'a float32 tf.Tensor [..., C]');
  if (x.isDisposed) throw new ArgumentError('secondOrderSoftmax: x', 'the tensor was disposed', 'a live tf.Tensor [..., C]');
  if (x.rank < 1) throw new ShapeError('secondOrderSoftmax: x', 'got a scalar', 'a tensor [..., C] with a class axis');
  return softmax(x);
}
