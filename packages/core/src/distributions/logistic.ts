import * as tf from '@tensorflow/tfjs-core';
import { logistic as drawLogistic } from '../random';
import { locationScale } from '../internal/location-scale';
import type { TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';

/**
 * Logistic distribution, reparameterized: x = loc + scale·(log u − log(1 − u)).
 * With z = (x − μ)/s: log p(x) = −z − 2·softplus(−z) − log s; H = log s + 2; mean μ.
 * @example const d = logistic({ loc: tf.tensor([0, 1]), scale: 0.5 });
 */
export function logistic(parameters: { loc: TensorLike; scale: TensorLike }): Distribution {
  return locationScale(
    {
      name: 'Logistic',
      noise: drawLogistic,
      standardLogProb: (z) => tf.sub(tf.neg(z), tf.mul(tf.softplus(tf.neg(z)), 2)),
      standardEntropy: 2,
      standardMean: 0,
    },
    parameters,
  );
}
