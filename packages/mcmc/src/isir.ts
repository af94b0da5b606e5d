/**
 * i-SIR (iterated sampling-importance-resampling, conditional importance sampling): a Markov
 * kernel on S importance samples that leaves the IWAE-augmented posterior invariant.
 *   target π̄(z_{1:S}) = (1/S) Σ_s p(z_s | x) Π_{j≠s} q(z_j | x),  w(z) = p(x, z)/q(z | x);
 *   step: pick z* = z_i with i ∝ w(z_i); draw S − 1 fresh z ~ q(· | x); put z* in a uniform slot.
 * Properties: π̄ is invariant; under π̄ the retained z* is an exact posterior draw and
 * E[Σ_s w̄_s f(z_s)] = E_{p(z|x)}[f]; uniformly ergodic when w is bounded. S − 1 evaluations of
 * log p(x, z) per step. Runs B chains (one per data point) at once.
 * Reference: Andrieu, Lee, Vihola, "Uniform ergodicity of the iterated conditional SMC and
 * geometric ergodicity of particle Gibbs samplers", Bernoulli 2018, arXiv:1312.6432; used with
 * couplings in Ruiz, Titsias, Cemgil, Doucet, "Unbiased gradient estimation for variational
 * auto-encoders using coupled Markov chains", UAI 2021, arXiv:2010.01845.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, random, type Key } from '@stochgrad/core';
import type { MarkovKernel } from './types';
import { rowProbabilities, sampleRows } from './internal/categorical-coupling';
import { type IsirOptions, type IsirState, freshState, isirCore, stepKeys } from './internal/isir-core';
import { freshIdentities, selectSlots } from './internal/particles';
import { assertKey, assertTensor, shapeString } from './internal/validate';

export type { IsirOptions, IsirState } from './internal/isir-core';

export interface IsirKernel extends MarkovKernel<IsirState> {
  readonly numParticles: number;
  /** log p(x, z) evaluations per chain: S for `init`, S − 1 per `step` */
  readonly evaluations: { readonly init: number; readonly step: number };
  /** a state from given particles [S, B, ...event]; `key` only names them (identities) */
  fromParticles(key: Key, particles: tf.Tensor): IsirState;
  /** self-normalised weights w̄ [S, B] of a state */
  normalizedWeights(state: IsirState): tf.Tensor;
  /** Σ_s w̄_s f_s for values [S, B, ...] of a function of each particle: [B, ...] */
  weightedAverage(state: IsirState, values: tf.Tensor): tf.Tensor;
}

/** Σ_s w̄_s values_s with w̄ = softmax(logWeights) over the particle axis. */
export function weightedAverageOf(logWeights: tf.Tensor, values: tf.Tensor): tf.Tensor {
  assertTensor(logWeights, 'logWeights');
  assertTensor(values, 'values');
  if (logWeights.rank !== 2) throw new ShapeError('logWeights', `got shape ${shapeString(logWeights.shape)}`, 'log weights [S, B]: particles by chains');
  if (values.rank < 2 || values.shape[0] !== logWeights.shape[0] || values.shape[1] !== logWeights.shape[1]) {
    throw new ShapeError('values', `got shape ${shapeString(values.shape)} for logWeights of shape ${shapeString(logWeights.shape)}`, `values [${logWeights.shape[0]}, ${logWeights.shape[1]}, ...]: one per particle and chain`);
  }
  return tf.tidy(() => {
    const w = tf.softmax(tf.transpose(logWeights), -1); // [B, S]
    const shaped = tf.reshape(tf.transpose(w), [...logWeights.shape, ...new Array<number>(values.rank - 2).fill(1)]);
    return tf.sum(tf.mul(shaped, tf.cast(values, 'float32')), 0);
  });
}

/**
 * @example
 * const kernel = isir({ x, logJoint, proposal: independent(normal({ loc, scale }), 1), numParticles: 8 });
 * let state = kernel.init(key(0));
 * const next = kernel.step(key(1), state); // z* ~ p(z | x) when state ~ π̄
 * kernel.dispose(state);
 */
export function isir(options: IsirOptions): IsirKernel {
  const core = isirCore(options);
  const { batchSize: batch, numParticles } = core;
  function step(key: Key, state: IsirState): IsirState {
    assertKey(key);
    const { resampleKey, freshKey, slotKey } = stepKeys(key);
    const logWeights = core.readLogWeights(state);
    const rows = new Float64Array(batch * numParticles);
    for (let b = 0; b < batch; b++) for (let s = 0; s < numParticles; s++) rows[b * numParticles + s] = logWeights[s * batch + b] as number;
    const uniforms = random.uniform(resampleKey, [batch]);
    const chosen = new Int32Array(batch);
    sampleRows(rowProbabilities(rows, batch, numParticles), batch, numParticles, uniforms.dataSync(), chosen);
    uniforms.dispose();
    const retainedLogWeights = new Float32Array(batch);
    const retainedIdentities = new Float64Array(batch);
    for (let b = 0; b < batch; b++) {
      const index = (chosen[b] as number) * batch + b;
      retainedLogWeights[b] = logWeights[index] as number;
      retainedIdentities[b] = state.identities[index] as number;
    }
    const positions = core.slots(slotKey);
    const retained = selectSlots(state.particles, chosen);
    const fresh = core.draw(freshKey, numParticles - 1);
    const next = core.assemble(fresh, freshKey, positions, retained, retainedLogWeights, retainedIdentities);
    tf.dispose([retained, fresh.particles, fresh.logWeights]);
    return next;
  }
  function fromParticles(key: Key, particles: tf.Tensor): IsirState {
    assertKey(key);
    assertTensor(particles, 'particles');
    if (particles.rank < 2 || particles.shape[0] !== numParticles || particles.shape[1] !== batch) {
      throw new ShapeError('particles', `got shape ${shapeString(particles.shape)}`, `[${numParticles}, ${batch}, ...event]`);
    }
    return { particles: tf.clone(particles), logWeights: core.weigh(particles), identities: freshIdentities(key, numParticles, batch), retainedSlots: undefined };
  }
  return Object.freeze({
    batchSize: batch,
    numParticles,
    evaluations: Object.freeze({ init: numParticles, step: numParticles - 1 }),
    init: (key: Key) => {
      assertKey(key);
      return freshState(core, key);
    },
    step,
    dispose: core.dispose,
    fromParticles,
    normalizedWeights: (state: IsirState) => tf.tidy(() => tf.transpose(tf.softmax(tf.transpose(state.logWeights), -1))),
    weightedAverage: (state: IsirState, values: tf.Tensor) => weightedAverageOf(state.logWeights, values),
  });
}
