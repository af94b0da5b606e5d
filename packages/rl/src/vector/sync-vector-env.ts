/**
 * n copies of an environment stepped one after the other in this thread (Gymnasium's
 * SyncVectorEnv), with Gymnasium's NEXT_STEP autoreset and seeds seed + i (see vector-env.ts for
 * the layout of actions and results). Its methods return plain values.
 * Properties: the same numbers as parallelVectorEnv for the same seeds and actions, bitwise; any
 * environment works, including ones registered only in this thread or built by a function.
 * Reference: Gymnasium `vector/sync_vector_env.py` (Farama Foundation, MIT).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { Env } from '../env';
import { EnvStateError } from '../errors';
import { type CopiesOutput, actionBatch, actionSizeOf, checkVectorSeed, createCopies, observationSizeOf } from '../internal/vector-copies';
import { type MakeOptions, make } from '../registry';
import type { VectorActions, VectorEnv, VectorResetArgs, VectorResetResult, VectorStepResult } from './vector-env';

export interface SyncVectorEnvOptions {
  /** A registered id (`make(id, options)` builds each copy); give either `id` or `make`. */
  id?: string;
  /** Builds copy i (e.g. `(i) => normalizeObservation(make('Pendulum-v1'))`). */
  make?: (index: number) => Env;
  /** The number of copies, an integer >= 1. */
  n: number;
  /** Options for `make(id, options)` (only with `id`). */
  options?: MakeOptions;
}

export interface SyncVectorEnv extends VectorEnv {
  readonly kind: 'sync';
  /** The copies, for inspection (stepping them directly breaks the vector env's bookkeeping). */
  readonly envs: readonly Env[];
  reset(args?: VectorResetArgs): VectorResetResult;
  step(actions: VectorActions): VectorStepResult;
  close(): void;
}

/** @internal Checks n for a vector env. */
export function checkCopies(where: string, n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new ArgumentError(`${where} n`, `got ${typeof n === 'number' ? n : typeof n}`, 'an integer >= 1 (the number of copies)');
  }
}

/**
 * @example
 * const vec = syncVectorEnv({ id: 'CartPole-v1', n: 8 });
 * let { observations } = vec.reset({ seed: 0 }); // Float32Array [8 × 4]
 * const { rewards, terminations, truncations, autoreset } = vec.step(new Int32Array(8).fill(1));
 */
export function syncVectorEnv(options: SyncVectorEnvOptions): SyncVectorEnv {
  checkOptions('syncVectorEnv', options, ['id', 'make', 'n', 'options']);
  if (options === undefined) throw new ArgumentError('syncVectorEnv options', 'got undefined', '{ id or make, n, options? }');
  const { id, make: makeCopy, n, options: makeOptions } = options;
  checkCopies('syncVectorEnv', n);
  if ((id === undefined) === (makeCopy === undefined)) {
    throw new ArgumentError('syncVectorEnv id, make', id === undefined ? 'got neither' : 'got both', 'exactly one of id (a registered id) and make (a function (index) => Env)');
  }
  if (makeCopy !== undefined && typeof makeCopy !== 'function') throw new ArgumentError('syncVectorEnv make', `got ${typeof makeCopy}`, 'a function (index) => Env');
  if (makeCopy !== undefined && makeOptions !== undefined) throw new ArgumentError('syncVectorEnv options', 'given with make', 'options only with id (pass them inside your make function)');
  const envs: Env[] = [];
  try {
    for (let i = 0; i < n; i++) envs.push(id !== undefined ? make(id, makeOptions) : makeCopy!(i));
  } catch (error) {
    for (const env of envs) env.close();
    throw error;
  }
  const first = envs[0]!;
  const obsSize = observationSizeOf(first.observationSpace);
  const actSize = actionSizeOf(first.actionSpace);
  for (let i = 1; i < n; i++) {
    const e = envs[i]!;
    if (e.actionSpace.toString() !== first.actionSpace.toString() || e.observationSpace.toString() !== first.observationSpace.toString()) {
      for (const env of envs) env.close();
      throw new ArgumentError('syncVectorEnv make', `copy ${i} has spaces ${e.observationSpace.toString()} / ${e.actionSpace.toString()}, copy 0 ${first.observationSpace.toString()} / ${first.actionSpace.toString()}`, 'copies with the same observation and action spaces');
    }
  }
  const copies = createCopies(envs, 0);
  let state: 'new' | 'running' | 'closed' = 'new';
  const output = (): CopiesOutput => ({
    observations: new Float32Array(n * obsSize),
    rewards: new Float64Array(n),
    terminations: new Uint8Array(n),
    truncations: new Uint8Array(n),
    autoreset: new Uint8Array(n),
    row: 0,
  });
  return Object.freeze({
    kind: 'sync' as const,
    numEnvs: n,
    singleObservationSpace: first.observationSpace,
    singleActionSpace: first.actionSpace,
    observationSize: obsSize,
    actionSize: actSize,
    spec: first.spec,
    autoresetMode: 'next-step' as const,
    envs: Object.freeze(envs.slice()),
    reset(args: VectorResetArgs = {}) {
      if (state === 'closed') throw new EnvStateError('reset: the vector env was closed; make a new one');
      checkOptions('reset', args, ['seed', 'options']);
      checkVectorSeed(args.seed, n);
      const out = output();
      const infos = copies.reset(args.seed, args.options, out);
      state = 'running';
      return { observations: out.observations, infos };
    },
    step(actions: VectorActions) {
      if (state === 'closed') throw new EnvStateError('step: the vector env was closed; make a new one');
      if (state === 'new') throw new EnvStateError('step: called before reset(); call reset() on the vector env first');
      const batch = actionBatch(first.actionSpace, n, actions);
      const out = output();
      const infos = copies.step(batch, out);
      const { observations, rewards, terminations, truncations, autoreset } = out;
      return { observations, rewards, terminations, truncations, autoreset, infos };
    },
    close() {
      if (state === 'closed') return;
      state = 'closed';
      copies.close();
    },
  });
}
