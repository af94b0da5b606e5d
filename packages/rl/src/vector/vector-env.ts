/**
 * The vector-environment contract shared by `syncVectorEnv` (plain values) and
 * `parallelVectorEnv` (Promises): `await vec.step(actions)` works on either.
 * Semantics, Gymnasium's (`gymnasium/vector/vector_env.py`, REFERENCES-RL.md §3.1):
 * - n copies of one environment; `reset({ seed })` seeds copy i with seed + i. The first reset
 *   without a seed seeds copy i with i (so copies differ); later resets without a seed go on with
 *   each copy's stream.
 * - Autoreset NEXT_STEP (the only mode): when copy i returns terminated or truncated, the NEXT
 *   `step` ignores its action, resets it, and returns its reset observation with reward 0,
 *   terminated = truncated = 0, its reset info, and `autoreset[i] = 1`. Mask those transitions.
 * - Layout: observations are ONE Float32Array [n × observationSize], row i is copy i; environments
 *   with float64 observations (MuJoCo) are rounded to float32 here. Rewards Float64Array[n] (exact),
 *   terminations / truncations / autoreset Uint8Array[n] of 0 and 1. Infos an array of n objects.
 *   Every result is a fresh array the caller owns.
 * - Actions: discrete spaces take n integers (Int32Array, number[]); box spaces take n × actionSize
 *   numbers (Float32Array, Float64Array, number[]), row i for copy i. Each copy's environment gets
 *   its row as a Float64Array holding the numbers exactly as given. Every row must be a valid action
 *   (ActionError otherwise), even the rows of copies being autoreset, whose actions are ignored.
 */
import type { EnvSpec, Info } from '../env';
import type { Space } from '../spaces';

export interface VectorResetArgs {
  /** An integer in [0, 2⁵³ − n): copy i is reseeded with seed + i. */
  seed?: number;
  /** Reset options passed to every copy (for parallelVectorEnv: structured-cloneable). */
  options?: Record<string, unknown>;
}

export interface VectorResetResult {
  /** [n × observationSize], row i is copy i. */
  observations: Float32Array;
  infos: Info[];
}

export interface VectorStepResult {
  /** [n × observationSize]: the next observation, or the reset observation of an autoreset copy. */
  observations: Float32Array;
  rewards: Float64Array;
  /** 1 where copy i reached an MDP terminal state (bootstrap 0). */
  terminations: Uint8Array;
  /** 1 where copy i was cut, e.g. by its time limit (bootstrap V(s′)). */
  truncations: Uint8Array;
  /** 1 where this step reset copy i (its action was ignored, reward 0): not a transition. */
  autoreset: Uint8Array;
  infos: Info[];
}

/** Discrete: n integers. Box: n × actionSize numbers, row-major. */
export type VectorActions = ArrayLike<number>;

/** Either kind of vector environment; `await` its results. */
export interface VectorEnv {
  readonly kind: 'sync' | 'parallel';
  /** The number of copies, n. */
  readonly numEnvs: number;
  readonly singleObservationSpace: Space;
  readonly singleActionSpace: Space;
  /** Numbers per observation row. */
  readonly observationSize: number;
  /** Numbers per action row: 1 for a discrete space, the box size otherwise. */
  readonly actionSize: number;
  /** The spec of the copies when made by id; undefined for a `make` function without one. */
  readonly spec: EnvSpec | undefined;
  readonly autoresetMode: 'next-step';
  reset(args?: VectorResetArgs): VectorResetResult | Promise<VectorResetResult>;
  step(actions: VectorActions): VectorStepResult | Promise<VectorStepResult>;
  /** Frees the copies (and threads); the vector env is unusable after. */
  close(): void | Promise<void>;
}
