import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describe } from '../errors';
import type { Key } from '../key';
import { bernoulli as drawBernoulli } from '../random';
import { asTensor, batchShapeOf, checkValueShape, finiteParameter, sampleShapeFor } from '../internal/params';
import { assertTensorLike, type TensorLike } from '../internal/validate';
import type { Distribution } from './distribution';
import { checkOptions } from '../options';
import { readyDistribution } from '../internal/ready';
import { assertInSupport, checkSupportOption } from '../internal/support';

/** Probabilities 0 and 1 become logits ∓100 in log-probabilities and entropies. */
const LOGIT_LIMIT = 100;

/**
 * Bernoulli distribution over {0, 1} (float32 samples), from logits α (θ = σ(α)) or probabilities.
 * log p(b) = b·α − softplus(α), finite for any finite α. Samples are not reparameterized.
 * logProb checks that its values are in {0, 1} unless made with `checkSupport: false` (hot loops).
 * @example
 * const d = bernoulli({ logits: tf.tensor([0, 2]) });
 * const b = d.sample(key(0), [100]); // [100, 2]
 */
export function bernoulli(parameters: ({ logits: TensorLike } | { probs: TensorLike }) & { checkSupport?: boolean }): Distribution {
  if (typeof parameters !== 'object' || parameters === null || !('logits' in parameters || 'probs' in parameters)) {
    throw new ArgumentError('parameters', `got ${describe(parameters)}`, '{ logits } or { probs }');
  }
  checkOptions('bernoulli', parameters, ['logits', 'probs', 'checkSupport']);
  if ('logits' in parameters && 'probs' in parameters) throw new ArgumentError('parameters', 'got both logits and probs', '{ logits } or { probs }, not both');
  let parameter: { logits: TensorLike } | { probs: TensorLike };
  let logitsOf: () => tf.Tensor;
  if ('logits' in parameters) {
    const logits = finiteParameter(parameters.logits, 'logits');
    parameter = { logits };
    logitsOf = () => asTensor(logits);
  } else {
    const probs = parameters.probs;
    assertTensorLike(probs, 'probs');
    const data = typeof probs === 'number' ? [probs] : probs.dataSync();
    for (let i = 0; i < data.length; i++) {
      const p = data[i] as number;
      if (!(p >= 0 && p <= 1)) throw new ArgumentError('probs', `got ${p} at flat index ${i}`, 'probabilities in [0, 1]');
    }
    parameter = { probs };
    logitsOf = () => {
      const p = asTensor(probs);
      return tf.clipByValue(tf.sub(tf.log(p), tf.log1p(tf.neg(p))), -LOGIT_LIMIT, LOGIT_LIMIT);
    };
  }
  const batchShape = batchShapeOf({ parameter: 'logits' in parameter ? parameter.logits : parameter.probs });
  const checkSupport = checkSupportOption(parameters);
  return readyDistribution({
    name: 'Bernoulli',
    batchShape,
    eventShape: [],
    reparameterized: false,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      sampleShapeFor(sampleShape, batchShape);
      return drawBernoulli(key, parameter, sampleShape ?? []);
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, []);
      if (checkSupport) assertInSupport(value, { kind: 'binary' }, 'Bernoulli.logProb');
      return tf.tidy(() => {
        const a = logitsOf();
        return tf.sub(tf.mul(value, a), tf.softplus(a));
      });
    },
    entropy: () =>
      tf.tidy(() => {
        const a = logitsOf();
        return tf.broadcastTo(tf.sub(tf.softplus(a), tf.mul(a, tf.sigmoid(a))), batchShape);
      }),
    mean: () => tf.tidy(() => tf.broadcastTo(tf.sigmoid(logitsOf()), batchShape)),
  });
}
