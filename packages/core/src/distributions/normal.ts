import * as tf from '@tensorflow/tfjs-core';
import { normal as drawNormal } from '../random';
import { locationScale } from '../internal/location-scale';
import type { TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Normal distribution N(loc, scale²), reparameterized: x = loc + scale·ε.
 * log p(x) = −½((x − μ)/σ)² − log σ − ½ log 2π; H = ½ + ½ log 2π + log σ.
 * @example
 * const d = normal({ loc: tf.zeros([3]), scale: 2 });
 * const x = d.sample(key(0), [5]); // [5, 3], differentiable in loc and scale
 */
export function normal(parameters: { loc: TensorLike; scale: TensorLike }): Distribution {
  return locationScale(
    {
      name: 'Normal',
      noise: drawNormal,
      standardLogProb: (z) => tf.sub(tf.mul(tf.square(z), -0.5), HALF_LOG_TWO_PI),
      standardEntropy: 0.5 + HALF_LOG_TWO_PI,
      standardMean: 0,
    },
    parameters,
  );
}
