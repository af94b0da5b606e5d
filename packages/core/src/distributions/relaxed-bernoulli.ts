import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../key';
import { logistic as drawLogistic } from '../random';
import { asTensor, checkParameters, batchShapeOf, checkValueShape, finiteParameter, positiveParameter, sampleShapeFor } from '../internal/params';
import type { TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';
import { readyDistribution } from '../internal/ready';

/**
 * Binary Concrete (relaxed Bernoulli) with logits α and temperature λ > 0, reparameterized:
 * y = σ((α + L)/λ), L standard logistic. P(y > ½) = σ(α) exactly; as λ → 0 y tends to a
 * Bernoulli(σ(α)) sample. Density on (0, 1), via x = logit y, z = λx − α:
 * log p(y) = log λ − z − 2·softplus(−z) + softplus(−x) + softplus(x).
 * Reference: Maddison, Mnih, Teh, "The Concrete Distribution", ICLR 2017, arXiv:1611.00712.
 * @example
 * const d = relaxedBernoulli({ logits: tf.tensor([0, 3]), temperature: 0.5 });
 * const y = d.sample(key(0), [10]); // differentiable in logits and temperature
 */
export function relaxedBernoulli(parameters: { logits: TensorLike; temperature: TensorLike }): Distribution {
  checkParameters(parameters, ['logits', 'temperature'], '{ logits, temperature } with temperature > 0', 'relaxedBernoulli');
  const logits = finiteParameter(parameters.logits, 'logits');
  const temperature = positiveParameter(parameters.temperature, 'temperature');
  const batchShape = batchShapeOf({ logits, temperature });
  return readyDistribution({
    name: 'RelaxedBernoulli',
    batchShape,
    eventShape: [],
    reparameterized: true,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      const shape = sampleShapeFor(sampleShape, batchShape);
      return tf.tidy(() => tf.sigmoid(tf.div(tf.add(asTensor(logits), drawLogistic(key, shape)), asTensor(temperature))));
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, []);
      return tf.tidy(() => {
        const lambda = asTensor(temperature);
        const x = tf.sub(tf.log(value), tf.log1p(tf.neg(value)));
        const z = tf.sub(tf.mul(lambda, x), asTensor(logits));
        const logistic = tf.sub(tf.sub(tf.log(lambda), z), tf.mul(tf.softplus(tf.neg(z)), 2));
        return tf.add(logistic, tf.add(tf.softplus(tf.neg(x)), tf.softplus(x)));
      });
    },
  });
}
