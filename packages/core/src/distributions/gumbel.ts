import * as tf from '@tensorflow/tfjs-core';
import { gumbel as drawGumbel } from '../random';
import { locationScale } from '../internal/location-scale';
import type { TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';

const EULER_GAMMA = 0.5772156649015329;

/**
 * Gumbel distribution (maximum-value type I), reparameterized: x = loc + scale·(−log(−log u)).
 * With z = (x − μ)/β: log p(x) = −z − e^(−z) − log β; H = log β + γ + 1; mean μ + βγ.
 * @example const d = gumbel({ loc: 0, scale: 1 });
 */
export function gumbel(parameters: { loc: TensorLike; scale: TensorLike }): Distribution {
  return locationScale(
    {
      name: 'Gumbel',
      noise: drawGumbel,
      standardLogProb: (z) => tf.neg(tf.add(z, tf.exp(tf.neg(z)))),
      standardEntropy: EULER_GAMMA + 1,
      standardMean: EULER_GAMMA,
    },
    parameters,
  );
}
