/**
 * Families: how an estimator turns its parameter tensor (the `logits` of the contract) into a
 * distribution over the samples passed to the objective. The discrete families skip logProb's
 * support check (`checkSupport: false`): estimators evaluate it on their own samples, which are
 * in the support by construction, and the check would cost ~10% of a score-function estimate.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors';
import type { Distribution } from './distributions/distribution';
import { bernoulli } from './distributions/bernoulli';
import { independent } from './distributions/independent';
import { normal } from './distributions/normal';
import { oneHotCategorical } from './distributions/one-hot-categorical';
import { assertTensor, shapeString } from './internal/validate';

export interface Family {
  readonly name: string;
  /** true when samples are differentiable in the parameters (pathwise estimators need it) */
  readonly reparameterized: boolean;
  /** how the trailing parameter axes read, for error messages: e.g. '[..., D]' */
  readonly parameterLayout: string;
  /** parameter axes that belong to one event (Bernoulli 1: [D]; categorical 2: [D, C]; normal 2: [D, 2]) */
  readonly parameterEventRank: number;
  /** the distribution of one sample; its logProb sums over the event */
  distribution(parameters: tf.Tensor): Distribution;
}

function checkRank(parameters: unknown, family: Family, extra?: (t: tf.Tensor) => string | undefined): tf.Tensor {
  assertTensor(parameters, 'logits', `a tf.Tensor of shape ${family.parameterLayout}`);
  const problem = parameters.rank < family.parameterEventRank ? `rank ${parameters.rank}` : extra?.(parameters);
  if (problem !== undefined) {
    throw new ShapeError('logits', `got shape ${shapeString(parameters.shape)} (${problem})`, `shape ${family.parameterLayout} for the ${family.name} family`);
  }
  return parameters;
}

/** Factorized Bernoulli over the last axis: logits [..., D], samples {0,1} [..., D]. */
export const bernoulliFamily: Family = Object.freeze({
  name: 'bernoulli',
  reparameterized: false,
  parameterLayout: '[..., D]',
  parameterEventRank: 1,
  distribution(parameters: tf.Tensor): Distribution {
    return independent(bernoulli({ logits: checkRank(parameters, bernoulliFamily), checkSupport: false }), 1);
  },
});

/** D independent categoricals: logits [..., D, C], one-hot samples [..., D, C]. */
export const categoricalFamily: Family = Object.freeze({
  name: 'categorical',
  reparameterized: false,
  parameterLayout: '[..., D, C] with C >= 2',
  parameterEventRank: 2,
  distribution(parameters: tf.Tensor): Distribution {
    const logits = checkRank(parameters, categoricalFamily, (t) =>
      (t.shape[t.rank - 1] as number) < 2 ? `C = ${t.shape[t.rank - 1]}` : undefined,
    );
    return independent(oneHotCategorical({ logits, checkSupport: false }), 1);
  },
});

/** Factorized normal: parameters [..., D, 2] = (loc, log scale), samples [..., D]. */
export const normalFamily: Family = Object.freeze({
  name: 'normal',
  reparameterized: true,
  parameterLayout: '[..., D, 2] (loc, log scale)',
  parameterEventRank: 2,
  distribution(parameters: tf.Tensor): Distribution {
    const p = checkRank(parameters, normalFamily, (t) => (t.shape[t.rank - 1] !== 2 ? `last axis ${t.shape[t.rank - 1]}` : undefined));
    const [loc, logScale] = tf.unstack(p, -1) as [tf.Tensor, tf.Tensor];
    return independent(normal({ loc, scale: tf.exp(logScale) }), 1);
  },
});
