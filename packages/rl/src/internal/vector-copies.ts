/**
 * @internal The copies of a vector environment that live in one thread: the one place where
 * seeding and NEXT_STEP autoreset are implemented, used by syncVectorEnv (all copies) and by each
 * worker of parallelVectorEnv (its slice), so both give the same numbers.
 */
import { ArgumentError } from '@stochgrad/core';
import { type Env, type Info, checkAction } from '../env';
import { ActionError, EnvStateError } from '../errors';
import type { Space } from '../spaces';

/** Where a step or reset writes, with the row of the first copy of this slice. */
export interface CopiesOutput {
  observations: Float32Array;
  rewards: Float64Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  autoreset: Uint8Array;
  /** The row of this slice's first copy in the arrays above. */
  row: number;
}

export interface Copies {
  /** Numbers per observation row. */
  readonly observationSize: number;
  reset(seed: number | undefined, options: Record<string, unknown> | undefined, out: CopiesOutput): Info[];
  /** `actions` holds this slice's rows (count × actionSize). */
  step(actions: Float64Array, out: CopiesOutput): Info[];
  close(): void;
}

export function observationSizeOf(space: Space): number {
  return space.kind === 'box' ? space.size : 1;
}

export function actionSizeOf(space: Space): number {
  return space.kind === 'box' ? space.size : 1;
}

/** Checks n and a reset seed for n copies. */
export function checkVectorSeed(seed: unknown, n: number): asserts seed is number | undefined {
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0 || !Number.isSafeInteger(seed + n))) {
    throw new ArgumentError('reset seed', `got ${typeof seed === 'number' ? seed : typeof seed}`, `an integer in [0, 2^53 - ${n}) (copy i is seeded with seed + i) or undefined`);
  }
}

/** Checks a batch of actions and returns it as float64 rows (exact copies of the numbers). */
export function actionBatch(space: Space, n: number, actions: unknown): Float64Array {
  const size = actionSizeOf(space);
  const what = space.kind === 'box' ? `${n} × ${size} = ${n * size} numbers (row i is copy i's action in ${space.toString()})` : `${n} integers (one per copy) in ${space.toString()}`;
  if (actions === null || typeof actions !== 'object' || typeof (actions as ArrayLike<number>).length !== 'number') {
    throw new ActionError('actions', `got ${typeof actions === 'number' ? `the number ${actions}` : typeof actions}`, `an array of ${what}`);
  }
  const a = actions as ArrayLike<number>;
  if (a.length !== n * size) throw new ActionError('actions', `got an array of length ${a.length}`, what);
  const out = new Float64Array(n * size);
  for (let i = 0; i < out.length; i++) {
    const x = a[i];
    if (typeof x !== 'number') throw new ActionError('actions', `got ${typeof x} at index ${i}`, what);
    out[i] = x;
  }
  for (let i = 0; i < n; i++) {
    try {
      checkAction(space, space.kind === 'box' ? out.subarray(i * size, (i + 1) * size) : out[i]);
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      const problem = error.message.slice(error.message.indexOf(': ') + 2, error.message.lastIndexOf('; allowed: '));
      throw new ActionError(`actions (copy ${i})`, problem, error.allowed);
    }
  }
  return out;
}

/**
 * The copies first, first + 1, … of a vector environment (first is the global index, for seeds).
 */
export function createCopies(envs: readonly Env[], first: number): Copies {
  const count = envs.length;
  const space = envs[0]!.actionSpace;
  const obsSize = observationSizeOf(envs[0]!.observationSpace);
  const actSize = actionSizeOf(space);
  const needsReset = new Uint8Array(count);
  let everReset = false;
  const write = (out: CopiesOutput, j: number, observation: ArrayLike<number>) => {
    if (observation.length !== obsSize) {
      throw new EnvStateError(`vector env: copy ${first + j} returned an observation of length ${observation.length}; the observation space has ${obsSize} numbers`);
    }
    out.observations.set(observation, (out.row + j) * obsSize);
  };
  return {
    observationSize: obsSize,
    reset(seed, options, out) {
      const infos: Info[] = new Array<Info>(count);
      const base = seed ?? (everReset ? undefined : 0);
      for (let j = 0; j < count; j++) {
        const args: { seed?: number; options?: Record<string, unknown> } = {};
        if (base !== undefined) args.seed = base + first + j;
        if (options !== undefined) args.options = options;
        const { observation, info } = envs[j]!.reset(args);
        write(out, j, observation);
        infos[j] = info;
        needsReset[j] = 0;
      }
      everReset = true;
      return infos;
    },
    step(actions, out) {
      if (!everReset) throw new EnvStateError('step: called before reset(); call reset() on the vector env first');
      const infos: Info[] = new Array<Info>(count);
      for (let j = 0; j < count; j++) {
        const env = envs[j]!;
        const row = out.row + j;
        if (needsReset[j]) {
          const { observation, info } = env.reset();
          write(out, j, observation);
          out.rewards[row] = 0;
          out.terminations[row] = 0;
          out.truncations[row] = 0;
          out.autoreset[row] = 1;
          infos[j] = info;
          needsReset[j] = 0;
          continue;
        }
        const action = space.kind === 'box' ? actions.slice(j * actSize, (j + 1) * actSize) : (actions[j] as number);
        const { observation, reward, terminated, truncated, info } = env.step(action);
        write(out, j, observation);
        out.rewards[row] = reward;
        out.terminations[row] = terminated ? 1 : 0;
        out.truncations[row] = truncated ? 1 : 0;
        out.autoreset[row] = 0;
        infos[j] = info;
        needsReset[j] = terminated || truncated ? 1 : 0;
      }
      return infos;
    },
    close() {
      for (const env of envs) env.close();
    },
  };
}
