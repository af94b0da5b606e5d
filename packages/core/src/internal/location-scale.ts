import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../key';
import type { Distribution } from '../distributions/distribution';
import { asTensor, checkParameters, batchShapeOf, checkValueShape, finiteParameter, positiveParameter, sampleShapeFor } from './params';
import type { TensorLike } from './validate';
import { readyDistribution } from './ready';

export interface LocationScaleFamily {
  name: string;
  /** standard draws (loc 0, scale 1) */
  noise: (key: Key, shape: readonly number[]) => tf.Tensor;
  /** log density of the standard member at z */
  standardLogProb: (z: tf.Tensor) => tf.Tensor;
  /** entropy of the standard member */
  standardEntropy: number;
  /** mean of the standard member */
  standardMean: number;
}

/** x = loc + scale · z with z from the standard member: reparameterized in loc and scale. */
export function locationScale(family: LocationScaleFamily, parameters: { loc: TensorLike; scale: TensorLike }): Distribution {
  checkParameters(parameters, ['loc', 'scale'], '{ loc, scale } (numbers or tf.Tensors, scale > 0)', family.name.toLowerCase());
  const loc = finiteParameter(parameters.loc, 'loc');
  const scale = positiveParameter(parameters.scale, 'scale');
  const batchShape = batchShapeOf({ loc, scale });
  return readyDistribution({
    name: family.name,
    batchShape,
    eventShape: [],
    reparameterized: true,
    sample: (key: Key, sampleShape?: readonly number[]) => {
      const shape = sampleShapeFor(sampleShape, batchShape);
      return tf.tidy(() => tf.add(asTensor(loc), tf.mul(asTensor(scale), family.noise(key, shape))));
    },
    logProb: (value: tf.Tensor) => {
      checkValueShape(value, batchShape, []);
      return tf.tidy(() => {
        const s = asTensor(scale);
        return tf.sub(family.standardLogProb(tf.div(tf.sub(value, asTensor(loc)), s)), tf.log(s));
      });
    },
    entropy: () => tf.tidy(() => tf.broadcastTo(tf.add(tf.log(asTensor(scale)), family.standardEntropy), batchShape)),
    mean: () =>
      tf.tidy(() => tf.broadcastTo(tf.add(asTensor(loc), tf.mul(asTensor(scale), family.standardMean)), batchShape)),
  });
}
