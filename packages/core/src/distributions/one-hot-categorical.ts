import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../key';
import { categorical as drawCategorical } from '../random';
import { checkValueShape, sampleShapeFor } from '../internal/params';
import { categoricalEntropy, checkClassLogits } from '../internal/class-logits';
import type { Distribution } from './distribution';
import { checkOptions } from '../options';
import { readyDistribution } from '../internal/ready';
import { assertInSupport, checkSupportOption } from '../internal/support';

/**
 * Categorical distribution over one-hot vectors (float32 samples [..., C]) from logits [..., C].
 * log p(y) = Σ_c y_c · logSoftmax(α)_c. Not reparameterized; its relaxation is
 * relaxedOneHotCategorical. logProb checks that its values are one-hot rows unless made with
 * `checkSupport: false`.
 * @example
 * const d = oneHotCategorical({ logits: tf.tensor([0, 1, 2]) });
 * const y = d.sample(key(0), [10]); // [10, 3]
 */
export function oneHotCategorical(parameters: { logits: tf.Tensor; checkSupport?: boolean }): Distribution {
  const logits = checkClassLogits(parameters);
  checkOptions('oneHotCategorical', parameters, ['logits', 'checkSupport']);
  const classes = logits.shape[logits.rank - 1] as number;
  const batchShape = logits.shape.slice(0, -1);
  const eventShape = [classes];
  const checkSupport = checkSupportOption(parameters);
  return readyDistribution({
    name: 'OneHotCategorical',
    batchShape,
    eventShape,
    reparameterized: false,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      sampleShapeFor(sampleShape, batchShape, [], 1);
      return tf.tidy(() => tf.cast(tf.oneHot(drawCategorical(key, logits, sampleShape ?? []), classes), 'float32'));
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, eventShape);
      if (checkSupport) assertInSupport(value, { kind: 'one-hot', classes }, 'OneHotCategorical.logProb');
      return tf.tidy(() => tf.sum(tf.mul(value, tf.logSoftmax(logits)), -1));
    },
    entropy: () => categoricalEntropy(logits),
    mean: () => tf.tidy(() => tf.softmax(logits)),
  });
}
