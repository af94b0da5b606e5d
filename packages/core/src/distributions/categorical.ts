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
 * Categorical distribution over class indices {0, ..., C−1} (int32 samples) from logits [..., C].
 * log p(k) = logSoftmax(α)_k, finite for |logit| up to 80 and beyond. Not reparameterized.
 * logProb checks that its values are integers in [0, C) unless made with `checkSupport: false`.
 * @example
 * const d = categorical({ logits: tf.tensor([[0, 1, 2]]) });
 * const k = d.sample(key(0), [10]); // [10, 1]
 */
export function categorical(parameters: { logits: tf.Tensor; checkSupport?: boolean }): Distribution {
  const logits = checkClassLogits(parameters);
  checkOptions('categorical', parameters, ['logits', 'checkSupport']);
  const classes = logits.shape[logits.rank - 1] as number;
  const batchShape = logits.shape.slice(0, -1);
  const checkSupport = checkSupportOption(parameters);
  return readyDistribution({
    name: 'Categorical',
    batchShape,
    eventShape: [],
    reparameterized: false,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      sampleShapeFor(sampleShape, batchShape, [], 1);
      return drawCategorical(key, logits, sampleShape ?? []);
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, [], 'value', 1);
      if (checkSupport) assertInSupport(value, { kind: 'index', classes }, 'Categorical.logProb');
      return tf.tidy(() => tf.sum(tf.mul(tf.cast(tf.oneHot(tf.cast(value, 'int32'), classes), 'float32'), tf.logSoftmax(logits)), -1));
    },
    entropy: () => categoricalEntropy(logits),
  });
}
