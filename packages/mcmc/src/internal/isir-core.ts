/**
 * The machinery shared by the i-SIR kernel and its coupling: weighing particles, drawing fresh
 * ones, and building the next state around a retained particle.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError, random, split, type Key } from '@stochgrad/core';
import type { LogJoint, Proposal } from '../types';
import { drawIdentity, freshIdentities, insertAtSlots } from './particles';
import { assertFunction, assertInteger, assertTensor, describe, proposalBatchSize, shapeString } from './validate';

/** A state of B i-SIR chains on the augmented space of S particles each. */
export interface IsirState {
  /** z_{1:S} for each chain: [S, B, ...event] (detached) */
  readonly particles: tf.Tensor;
  /** log w(z) = log p(x, z) − log q(z | x): [S, B] (detached) */
  readonly logWeights: tf.Tensor;
  /**
   * an identity per particle, [S·B] slot-major (slot s of chain b at s·B + b): equal identities
   * in the same slot mean the same draw (the coupled kernel shares draws between its chains)
   */
  readonly identities: Float64Array;
  /** per chain, the slot that holds the particle retained from the previous state (absent for fresh states) */
  readonly retainedSlots: Int32Array | undefined;
}

export interface IsirOptions {
  /** the observed data, [B, ...] */
  x: tf.Tensor;
  /** log p(x, z) for z [n, B, ...event]: [n, B] */
  logJoint: LogJoint;
  /** q(z | x) with batch shape [B] */
  proposal: Proposal;
  /** S >= 2 particles per chain (S − 1 fresh draws per step) */
  numParticles: number;
  /**
   * true when logJoint treats the data points (rows of x, axis 1 of z) independently and accepts
   * any number of them, as a VAE decoder does (not one that closes over per-row tensors of size B).
   * Lets the coupled kernel evaluate log p(x, z) only for chains that still need it. Default false.
   */
  independentRows?: boolean;
}

export interface IsirCore {
  readonly batchSize: number;
  readonly numParticles: number;
  /**
   * fresh draws [n, B, ...event] and their log-weights [n, B]; with `active` and independentRows,
   * log p(x, z) is evaluated for the active chains only (the others get log-weight 0)
   */
  draw(key: Key, n: number, active?: Uint8Array): { particles: tf.Tensor; logWeights: tf.Tensor; evaluated: number };
  /** log-weights [n, B] of particles [n, B, ...event] */
  weigh(particles: tf.Tensor): tf.Tensor;
  /** a uniform slot in [0, S) for each chain, [B] */
  slots(key: Key): Int32Array;
  /** log-weights as float32 values, checked for NaN and an all −∞ chain */
  readLogWeights(state: IsirState): Float32Array;
  /**
   * The next state: S − 1 fresh draws (from `freshKey`) and the retained particles [B, ...event]
   * (with their log-weights and identities) at slots[b] for chain b.
   */
  assemble(fresh: { particles: tf.Tensor; logWeights: tf.Tensor }, freshKey: Key, slots: Int32Array, retained: tf.Tensor, retainedLogWeights: Float32Array, retainedIdentities: Float64Array): IsirState;
  dispose(state: IsirState): void;
}

export function checkIsirOptions(options: IsirOptions): { batch: number } {
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ x, logJoint, proposal, numParticles }');
  checkOptions('isir', options, ['x', 'logJoint', 'proposal', 'numParticles', 'independentRows']);
  const { x, logJoint, proposal, numParticles } = options;
  assertTensor(x, 'x');
  assertFunction(logJoint, 'logJoint', 'a function (x, z) => log p(x, z), [n, B]');
  const batch = proposalBatchSize(proposal);
  if (x.rank < 1 || x.shape[0] !== batch) {
    throw new ShapeError('x', `got shape ${shapeString(x.shape)}`, `a batch [B, ...] with B = ${batch}, the proposal's batch size`);
  }
  assertInteger(numParticles, 'numParticles', 2);
  const { independentRows } = options;
  if (independentRows !== undefined && typeof independentRows !== 'boolean') throw new ArgumentError('independentRows', `got ${describe(independentRows)}`, 'true, false or undefined');
  return { batch };
}

export function isirCore(options: IsirOptions): IsirCore {
  const { batch } = checkIsirOptions(options);
  const { x, logJoint, proposal, numParticles, independentRows = false } = options;
  /** log p(x, z) [n, B], evaluated only on the chains in `chains` (others 0) when given */
  const jointOf = (particles: tf.Tensor, chains: number[] | undefined) => {
    if (chains === undefined) return logJoint(x, particles);
    const n = particles.shape[0] as number;
    const index = tf.tensor1d(chains, 'int32');
    const part = logJoint(tf.gather(x, index), tf.gather(particles, index, 1));
    if (part.rank !== 2 || part.shape[0] !== n || part.shape[1] !== chains.length) {
      throw new ShapeError('logJoint', `returned shape ${shapeString(part.shape)} for ${chains.length} of the rows`, `[${n}, ${chains.length}] (independentRows: any number of rows)`);
    }
    // column b of the result: column position[b] of [part, 0]
    const position = new Int32Array(batch).fill(chains.length);
    chains.forEach((b, i) => (position[b] = i));
    return tf.gather(tf.concat([tf.cast(part, 'float32'), tf.zeros([n, 1])], 1), tf.tensor1d(position, 'int32'), 1);
  };
  const weigh = (particles: tf.Tensor, chains?: number[]) =>
    tf.tidy(() => {
      const n = particles.shape[0] as number;
      const joint = jointOf(particles, chains);
      const q = proposal.logProb(particles);
      for (const [value, name] of [
        [joint, 'logJoint'],
        [q, 'proposal.logProb'],
      ] as const) {
        if (value.rank !== 2 || value.shape[0] !== n || value.shape[1] !== batch) {
          throw new ShapeError(name, `returned shape ${shapeString(value.shape)} for particles ${shapeString(particles.shape)}`, `[${n}, ${batch}] (one value per particle and data point)`);
        }
      }
      const logWeights = tf.sub(tf.cast(joint, 'float32'), tf.cast(q, 'float32'));
      if (chains === undefined) return logWeights;
      const mask = new Uint8Array(batch);
      for (const b of chains) mask[b] = 1;
      return tf.where(tf.broadcastTo(tf.tensor2d(mask, [1, batch], 'bool'), logWeights.shape), logWeights, tf.zerosLike(logWeights));
    });
  const draw = (key: Key, n: number, active?: Uint8Array) => {
    let chains: number[] | undefined;
    if (active !== undefined && independentRows) {
      chains = [];
      for (let b = 0; b < batch; b++) if (active[b]) chains.push(b);
      if (chains.length === batch) chains = undefined;
      else if (chains.length === 0) chains = [0]; // keep the shapes non-empty
    }
    const out = tf.tidy(() => {
      const particles = proposal.sample(key, [n]);
      if (particles.rank < 2 || particles.shape[0] !== n || particles.shape[1] !== batch) {
        throw new ShapeError('proposal.sample', `returned shape ${shapeString(particles.shape)} for sampleShape [${n}]`, `[${n}, ${batch}, ...event]`);
      }
      return { particles, logWeights: weigh(particles, chains) };
    });
    return { ...out, evaluated: chains === undefined ? batch : chains.length };
  };
  const slots = (key: Key) => {
    const u = random.uniform(key, [batch]);
    const values = u.dataSync();
    u.dispose();
    return Int32Array.from(values, (v) => Math.min(numParticles - 1, Math.floor(v * numParticles)));
  };
  const readLogWeights = (state: IsirState) => {
    const values = state.logWeights.dataSync() as Float32Array;
    for (let b = 0; b < batch; b++) {
      let finite = false;
      for (let s = 0; s < numParticles; s++) {
        const v = values[s * batch + b] as number;
        if (Number.isNaN(v) || v === Infinity) throw new ArgumentError('logJoint, proposal', `gave a log-weight ${v} (particle ${s}, data point ${b})`, 'log-weights that are finite or −Infinity');
        if (v > -Infinity) finite = true;
      }
      if (!finite) throw new ArgumentError('logJoint, proposal', `gave log-weight −Infinity to every particle of data point ${b}`, 'at least one particle with positive weight');
    }
    return values;
  };
  const assemble: IsirCore['assemble'] = (fresh, freshKey, positions, retained, retainedLogWeights, retainedIdentities) => {
    const particles = insertAtSlots(fresh.particles, retained, positions);
    const logWeights = tf.tidy(() => insertAtSlots(fresh.logWeights, tf.tensor1d(retainedLogWeights, 'float32'), positions));
    const identities = new Float64Array(numParticles * batch);
    const freshIds = Array.from({ length: numParticles - 1 }, (_, j) => drawIdentity(freshKey, j));
    for (let b = 0; b < batch; b++) {
      const position = positions[b] as number;
      for (let j = 0; j < numParticles - 1; j++) identities[(j < position ? j : j + 1) * batch + b] = freshIds[j] as number;
      identities[position * batch + b] = retainedIdentities[b] as number;
    }
    return { particles, logWeights, identities, retainedSlots: positions };
  };
  return {
    batchSize: batch,
    numParticles,
    draw,
    weigh,
    slots,
    readLogWeights,
    assemble,
    dispose: (state) => tf.dispose([state.particles, state.logWeights]),
  };
}

/** A fresh state: S draws from the proposal (π₀ = q^{⊗S}), identified by `key`. */
export function freshState(core: IsirCore, key: Key): IsirState {
  const { particles, logWeights } = core.draw(key, core.numParticles);
  return { particles, logWeights, identities: freshIdentities(key, core.numParticles, core.batchSize), retainedSlots: undefined };
}

/** keys for one i-SIR step: resampling, fresh draws, the retained particle's slot */
export function stepKeys(key: Key): { resampleKey: Key; freshKey: Key; slotKey: Key } {
  const [resampleKey, freshKey, slotKey] = split(key, 3) as [Key, Key, Key];
  return { resampleKey, freshKey, slotKey };
}
