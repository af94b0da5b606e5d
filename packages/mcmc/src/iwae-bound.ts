/**
 * The importance-weighted bound (IWAE) on log p_θ(x) with S samples from q_φ(z | x):
 *   L_S = E[log (1/S) Σ_s w_s],  w_s = p_θ(x, z_s)/q_φ(z_s | x),  z_s ~ q_φ (pathwise when q is reparameterized);
 *   ∇_θ L_S = E[Σ_s w̄_s ∇_θ log p_θ(x, z_s)], the same h as the unbiased estimator but under q^{⊗S}.
 * Properties: L_S ≤ log p_θ(x), increasing in S, and S = 1 is the ELBO; so its θ-gradient is a
 * biased estimate of ∇_θ log p_θ(x) (bias O(1/S)). S evaluations. Used as the baseline, as an
 * encoder objective, and with large S to estimate test log-likelihoods.
 * Reference: Burda, Grosse, Salakhutdinov, "Importance Weighted Autoencoders", ICLR 2016,
 * arXiv:1509.00519.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError, logMeanExp, type Key } from '@stochgrad/core';
import type { LogJoint, Proposal } from './types';
import { assertFunction, assertInteger, assertKey, assertTensor, proposalBatchSize, shapeString } from './internal/validate';

export interface IwaeBoundOptions {
  key: Key;
  /** observed data [B, ...] */
  x: tf.Tensor;
  /** log p_θ(x, z) for z [n, B, ...event] → [n, B] */
  logJoint: LogJoint;
  /** q_φ(z | x) with batch shape [B] */
  proposal: Proposal;
  /** S >= 1 samples (1: the ELBO) */
  numParticles: number;
}

export interface IwaeBound {
  /** the per-data-point bound log (1/S) Σ_s w_s, [B]; differentiable in θ, and in φ when q is reparameterized */
  bound: tf.Tensor;
  /** log w_s, [S, B] */
  logWeights: tf.Tensor;
}

/**
 * @example
 * const { bound } = iwaeBound({ key: key(0), x, logJoint, proposal, numParticles: 5 });
 * optimizer.minimize(() => tf.neg(tf.sum(iwaeBound({ ... }).bound)) as tf.Scalar);
 */
export function iwaeBound(options: IwaeBoundOptions): IwaeBound {
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ key, x, logJoint, proposal, numParticles }');
  checkOptions('iwaeBound', options, ['key', 'x', 'logJoint', 'proposal', 'numParticles']);
  const { key, x, logJoint, proposal, numParticles } = options;
  assertKey(key);
  assertTensor(x, 'x');
  assertFunction(logJoint, 'logJoint', 'a function (x, z) => log p(x, z), [n, B]');
  const batch = proposalBatchSize(proposal);
  if (x.rank < 1 || x.shape[0] !== batch) throw new ShapeError('x', `got shape ${shapeString(x.shape)}`, `[B, ...] with B = ${batch}, the proposal's batch size`);
  assertInteger(numParticles, 'numParticles', 1);
  return tf.tidy(() => {
    const z = proposal.sample(key, [numParticles]);
    const joint = logJoint(x, z);
    const q = proposal.logProb(z);
    for (const [value, name] of [
      [joint, 'logJoint'],
      [q, 'proposal.logProb'],
    ] as const) {
      if (value.rank !== 2 || value.shape[0] !== numParticles || value.shape[1] !== batch) {
        throw new ShapeError(name, `returned shape ${shapeString(value.shape)}`, `[${numParticles}, ${batch}]`);
      }
    }
    const logWeights = tf.sub(tf.cast(joint, 'float32'), tf.cast(q, 'float32'));
    return { bound: logMeanExp(logWeights, 0), logWeights };
  });
}
