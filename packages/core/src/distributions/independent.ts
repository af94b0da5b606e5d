import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from '../errors';
import type { Key } from '../key';
import { shapeString } from '../internal/validate';
import type { Distribution } from './distribution';
import { readyDistribution } from '../internal/ready';

/**
 * Reinterprets the last `reinterpretedBatchRank` batch axes of a distribution as event axes (TFP's
 * Independent): log-probabilities and entropies are summed over them.
 * @example
 * const d = independent(bernoulli({ logits: tf.zeros([5, 8]) }), 1); // batch [5], event [8]
 */
export function independent(base: Distribution, reinterpretedBatchRank = 1): Distribution {
  if (typeof base !== 'object' || base === null || typeof base.logProb !== 'function') {
    throw new ArgumentError('base', `got ${describe(base)}`, 'a Distribution');
  }
  const r = reinterpretedBatchRank;
  if (!Number.isInteger(r) || r < 0 || r > base.batchShape.length) {
    throw new ShapeError('reinterpretedBatchRank', `got ${describe(r)} for batch shape ${shapeString(base.batchShape)}`, `an integer in [0, ${base.batchShape.length}]`);
  }
  const cut = base.batchShape.length - r;
  const sumAxes = (t: tf.Tensor) => (r === 0 ? t : tf.sum(t, Array.from({ length: r }, (_, i) => t.rank - r + i)));
  const entropy = base.entropy;
  const mean = base.mean;
  return readyDistribution({
    name: `Independent(${base.name})`,
    batchShape: base.batchShape.slice(0, cut),
    eventShape: [...base.batchShape.slice(cut), ...base.eventShape],
    reparameterized: base.reparameterized,
    sample: (key: Key, sampleShape?: readonly number[]) => base.sample(key, sampleShape),
    logProb: (value: tf.Tensor) => tf.tidy(() => sumAxes(base.logProb(value))),
    ...(entropy ? { entropy: () => tf.tidy(() => sumAxes(entropy())) } : {}),
    ...(mean ? { mean } : {}),
  });
}
