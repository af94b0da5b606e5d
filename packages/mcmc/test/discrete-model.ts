/**
 * A latent-variable model small enough to enumerate: z ∈ {0, 1, 2, 3}, log p(x, z) from a fixed
 * table (for one observed x), and a categorical proposal q(z | x) that is not the posterior.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, categorical, random, split } from '@stochgrad/core';
import { softmax } from './helpers';

export const classes = 4;
/** log p(x, z) for z = 0..3 (prior × likelihood for the one observed x) */
export const logJointTable = [-2.1, -0.4, -1.3, -3.0];
/** proposal logits (not the posterior) */
export const proposalLogits = [0.5, -0.5, 0.2, 0.4];
export const posterior = softmax(logJointTable);
export const proposalProbs = softmax(proposalLogits);

/** The model for a batch of B copies of the same data point; pass exact = true for q = posterior. */
export function discreteModel(batch: number, options: { proposalEqualsPosterior?: boolean } = {}) {
  const table = tf.tensor1d(logJointTable);
  const logits = tf.tile(tf.tensor2d([options.proposalEqualsPosterior ? logJointTable : proposalLogits]), [batch, 1]);
  const x = tf.zeros([batch, 1]);
  return {
    x,
    logJoint: (_x: tf.Tensor, z: tf.Tensor) => tf.gather(table, tf.cast(z, 'int32')),
    proposal: categorical({ logits }),
    dispose: () => tf.dispose([table, logits, x]),
  };
}

/** Draws z_{1:S} ~ π̄ exactly for B chains: a uniform slot holds a posterior draw, the others q draws. [S, B] int32 */
export function drawAugmentedPosterior(k: Key, numParticles: number, batch: number): tf.Tensor {
  const [slotKey, postKey, qKey] = split(k, 3) as [Key, Key, Key];
  const slotU = random.uniform(slotKey, [batch]).dataSync();
  const postU = random.uniform(postKey, [batch]).dataSync();
  const qU = random.uniform(qKey, [numParticles * batch]).dataSync();
  const inverse = (p: number[], u: number) => {
    let c = 0;
    for (let i = 0; i < p.length; i++) {
      c += p[i] as number;
      if (u < c) return i;
    }
    return p.length - 1;
  };
  const out = new Int32Array(numParticles * batch);
  for (let b = 0; b < batch; b++) {
    const special = Math.min(numParticles - 1, Math.floor((slotU[b] as number) * numParticles));
    for (let s = 0; s < numParticles; s++) {
      out[s * batch + b] = s === special ? inverse(posterior, postU[b] as number) : inverse(proposalProbs, qU[s * batch + b] as number);
    }
  }
  return tf.tensor2d(out, [numParticles, batch], 'int32');
}

/** The i-SIR options of a model (x, logJoint, proposal), without its dispose(): options are checked for unknown keys. */
export function isirProblem(model: ReturnType<typeof discreteModel>) {
  return { x: model.x, logJoint: model.logJoint, proposal: model.proposal };
}
