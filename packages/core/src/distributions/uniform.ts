import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors';
import type { Key } from '../key';
import { uniform as drawUniform } from '../random';
import { asTensor, checkParameters, batchShapeOf, checkValueShape, finiteParameter, sampleShapeFor } from '../internal/params';
import type { TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';
import { assertReady, readyDistribution } from '../internal/ready';

function smallestGap(low: TensorLike, high: TensorLike): number {
  assertReady('uniform()');
  return tf.tidy(() => tf.min(tf.sub(asTensor(high), asTensor(low))).dataSync()[0] as number);
}

/**
 * Uniform distribution on (low, high), reparameterized: x = low + (high − low)·u.
 * log p(x) = −log(high − low) inside, −∞ outside; H = log(high − low); mean (low + high)/2.
 * @example const d = uniform({ low: 0, high: tf.tensor([1, 2]) });
 */
export function uniform(parameters: { low: TensorLike; high: TensorLike }): Distribution {
  checkParameters(parameters, ['low', 'high'], '{ low, high } with low < high', 'uniform');
  const low = finiteParameter(parameters.low, 'low');
  const high = finiteParameter(parameters.high, 'high');
  const batchShape = batchShapeOf({ low, high });
  // from plain numbers it may be made before ready() (as the other distributions); tensors need the backend
  const smallest = typeof low === 'number' && typeof high === 'number' ? high - low : smallestGap(low, high);
  if (!(smallest > 0)) throw new ArgumentError('low, high', `high − low is ${smallest} somewhere`, 'low < high everywhere');
  const width = () => tf.sub(asTensor(high), asTensor(low));
  return readyDistribution({
    name: 'Uniform',
    batchShape,
    eventShape: [],
    reparameterized: true,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      const shape = sampleShapeFor(sampleShape, batchShape);
      return tf.tidy(() => tf.add(asTensor(low), tf.mul(width(), drawUniform(key, shape))));
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, []);
      return tf.tidy(() => {
        const inside = tf.logicalAnd(tf.greaterEqual(value, asTensor(low)), tf.lessEqual(value, asTensor(high)));
        const density = tf.neg(tf.log(width()));
        return tf.where(inside, tf.broadcastTo(density, inside.shape), tf.fill(inside.shape, -Infinity));
      });
    },
    entropy: () => tf.tidy(() => tf.broadcastTo(tf.log(width()), batchShape)),
    mean: () => tf.tidy(() => tf.broadcastTo(tf.div(tf.add(asTensor(low), asTensor(high)), 2), batchShape)),
  });
}
