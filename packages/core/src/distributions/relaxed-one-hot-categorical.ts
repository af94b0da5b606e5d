import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../key';
import { gumbel as drawGumbel } from '../random';
import { asTensor, checkParameters, checkValueShape, positiveParameter, sampleShapeFor } from '../internal/params';
import { checkClassLogits } from '../internal/class-logits';
import { broadcastShapes, shapeOf, type TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';
import { readyDistribution } from '../internal/ready';

function logFactorial(n: number): number {
  let total = 0;
  for (let i = 2; i <= n; i++) total += Math.log(i);
  return total;
}

/**
 * Concrete (relaxed one-hot categorical) over the simplex with logits α [..., C] and temperature
 * λ > 0 (broadcast against the batch shape), reparameterized: y = softmax((α + G)/λ), G standard
 * Gumbel. argmax y follows softmax(α) exactly. Density w.r.t. the first C − 1 coordinates:
 * log p(y) = log (C−1)! + (C−1) log λ + Σ_c (α_c − (λ+1) log y_c) − C · logsumexp_c(α_c − λ log y_c).
 * Reference: Maddison, Mnih, Teh, ICLR 2017 (arXiv:1611.00712); Jang, Gu, Poole, ICLR 2017
 * (arXiv:1611.01144).
 * @example
 * const d = relaxedOneHotCategorical({ logits: tf.tensor([0, 1, 2]), temperature: 0.5 });
 * const y = d.sample(key(0), [10]); // [10, 3], rows on the simplex
 */
export function relaxedOneHotCategorical(parameters: { logits: tf.Tensor; temperature: TensorLike }): Distribution {
  checkParameters(parameters, ['logits', 'temperature'], '{ logits, temperature } with temperature > 0', 'relaxedOneHotCategorical');
  const logits = checkClassLogits(parameters, 2);
  const temperature = positiveParameter(parameters.temperature, 'temperature');
  const classes = logits.shape[logits.rank - 1] as number;
  const batchShape = broadcastShapes(logits.shape.slice(0, -1), shapeOf(temperature), 'logits, temperature');
  const eventShape = [classes];
  const lambdaOf = () => tf.expandDims(asTensor(temperature), -1);
  return readyDistribution({
    name: 'RelaxedOneHotCategorical',
    batchShape,
    eventShape,
    reparameterized: true,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      const shape = sampleShapeFor(sampleShape, batchShape, eventShape);
      return tf.tidy(() => tf.softmax(tf.div(tf.add(logits, drawGumbel(key, shape)), lambdaOf())));
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, eventShape);
      return tf.tidy(() => {
        const lambda = asTensor(temperature);
        const logY = tf.log(value);
        const inner = tf.sub(logits, tf.mul(lambdaOf(), logY));
        const sumTerm = tf.sum(tf.sub(logits, tf.mul(tf.add(lambdaOf(), 1), logY)), -1);
        const constant = tf.add(tf.mul(tf.log(lambda), classes - 1), logFactorial(classes - 1));
        return tf.add(constant, tf.sub(sumTerm, tf.mul(tf.logSumExp(inner, -1), classes)));
      });
    },
  });
}
