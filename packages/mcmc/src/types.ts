/**
 * The shared vocabulary of @stochgrad/mcmc: latent-variable models, proposals, Markov kernels and
 * their couplings. Shapes follow the TFP convention: particles [n, B, ...event] for n particles
 * per data point and a batch of B data points.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Key } from '@stochgrad/core';

/**
 * log p_θ(x, z): data x [B, ...] and latents z [n, B, ...event] (any n) to values [n, B].
 * It may read trainable variables (a decoder): estimators differentiate it on the tape.
 */
export type LogJoint = (x: tf.Tensor, z: tf.Tensor) => tf.Tensor;

/**
 * The proposal q(z | x) for a batch of B data points: anything with a batch shape [B], a `sample`
 * giving [...sampleShape, B, ...event] and a `logProb` giving [...sampleShape, B]. A core
 * `Distribution` (e.g. `independent(normal({ loc, scale }), 1)`) is one.
 */
export interface Proposal {
  readonly batchShape: readonly number[];
  sample(key: Key, sampleShape?: readonly number[]): tf.Tensor;
  logProb(value: tf.Tensor): tf.Tensor;
}

/** A distribution the rejection-form maximal coupling can use: draws and log densities. */
export interface Coupleable {
  /** one draw per batch element: [...batch, ...event] */
  sample(key: Key): tf.Tensor;
  /** log density of `value` [...batch, ...event]: [...batch] */
  logProb(value: tf.Tensor): tf.Tensor;
}

/**
 * A Markov kernel on states of a batch of B independent chains. Kernels never dispose the
 * states they are given; the runner disposes what it no longer needs with `dispose`.
 */
export interface MarkovKernel<TState> {
  /** chains per state (the batch size B) */
  readonly batchSize: number;
  /** a draw from the initial distribution π₀ */
  init(key: Key): TState;
  /** one transition X_{t+1} ~ K(X_t, ·) */
  step(key: Key, state: TState): TState;
  /** frees the tensors of a state */
  dispose(state: TState): void;
}

/** The result of one coupled transition. */
export interface CoupledStep<TState> {
  x: TState;
  y: TState;
  /** 1 where chain b of x equals chain b of y after the step */
  met: Uint8Array;
  /** chains whose step was computed (default: all B) */
  advanced?: number;
}

/**
 * A coupling of a Markov kernel with itself: each chain of `step` moves by `marginal`, and the
 * coupling is faithful (chains that have met stay equal).
 */
export interface CoupledKernel<TState> {
  readonly marginal: MarkovKernel<TState>;
  /**
   * The second chain's Y₀ ~ π₀, given the first chain's `current` = X_lag = K(`previous`), where
   * `previous` = X_{lag−1} (so X₀ ~ π₀ when lag = 1). Any coupling of Y₀ with the X chain is valid
   * as long as Y₀'s marginal is π₀; sharing randomness lets the chains meet sooner.
   */
  initPartner(key: Key, chains: { current: TState; previous: TState; lag: number }): TState;
  /** 1 where chain b of x equals chain b of y */
  met(x: TState, y: TState): Uint8Array;
  /**
   * (X_{t+1}, Y_{t+1−lag}) from (X_t, Y_{t−lag}). `active` (optional, 1 per chain) marks the chains
   * whose next states are still needed; the runner passes it once only met chains are idle, and a
   * kernel may then skip the work for the others (their states stay equal but are otherwise
   * arbitrary) and say how many chains it advanced in `advanced`.
   */
  step(key: Key, x: TState, y: TState, active?: Uint8Array): CoupledStep<TState>;
}
