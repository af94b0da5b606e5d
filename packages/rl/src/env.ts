/**
 * The environment contract, Gymnasium's in TypeScript idiom: `reset({ seed, options })` gives
 * `{ observation, info }`, `step(action)` gives `{ observation, reward, terminated, truncated, info }`
 * with `terminated` an MDP terminal state (bootstrap 0) and `truncated` a cut such as the time
 * limit (bootstrap V(s′)). Environments run on the CPU; observations are typed arrays that agents
 * batch into tensors.
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { ActionError, EnvStateError } from './errors';
import { describeValue } from './internal/describe-value';
import { type Rng, createRng } from './internal/rng';
import type { RenderFrame } from './render';
import type { Space } from './spaces';

export type Observation = Float32Array | Float64Array;
/** An integer for a `discrete` action space, an array-like of numbers for a `box`. */
export type Action = number | ArrayLike<number>;
export type Info = Record<string, unknown>;

export interface ResetArgs {
  /**
   * An integer in [0, 2⁵³): reseeds the environment's random stream. Without a seed the stream
   * goes on; an environment that was never seeded draws as if seeded with 0.
   */
  seed?: number;
  /** Environment-specific reset options (e.g. CartPole's `low`/`high`); unknown names are errors. */
  options?: Record<string, unknown>;
}

export interface ResetResult<TObs extends Observation = Observation> {
  observation: TObs;
  info: Info;
}

export interface StepResult<TObs extends Observation = Observation> {
  observation: TObs;
  reward: number;
  /** An MDP terminal state was reached: bootstrap with 0. */
  terminated: boolean;
  /** The episode was cut (time limit): bootstrap with V(s′). */
  truncated: boolean;
  info: Info;
}

/** What `make` knows about an environment: Gymnasium's `EnvSpec`. */
export interface EnvSpec {
  readonly id: string;
  /** The time limit `make` wraps the environment in (undefined: none). */
  readonly maxEpisodeSteps: number | undefined;
  /** The mean return over 100 episodes at which the task counts as solved (undefined: none). */
  readonly rewardThreshold: number | undefined;
  /** The options the environment was made with. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface EnvMetadata {
  /** Frames per second to play rendered frames at (Gymnasium's `render_fps`; 1 / dt for CartPole). */
  readonly renderFps: number;
}

export interface Env<TObs extends Observation = Observation, TAction extends Action = Action> {
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  /** Set by `make`; undefined for an environment built directly. */
  readonly spec: EnvSpec | undefined;
  readonly metadata: EnvMetadata;
  reset(args?: ResetArgs): ResetResult<TObs>;
  /**
   * Advances one step. Throws ActionError for an action outside the action space (wrong type,
   * length, NaN or ±Infinity, out of bounds) and EnvStateError before the first reset, after the
   * episode ended (terminated or truncated) and after close.
   */
  step(action: TAction): StepResult<TObs>;
  /** A drawable description of the current state (see `drawFrame`, `frameToSvg`). */
  render(): RenderFrame;
  /** Frees what the environment holds (physics engines); the environment is unusable after. */
  close(): void;
  /** The innermost environment, without wrappers. */
  readonly unwrapped: Env;
}

/** What an environment author writes; `defineEnv` adds the checks and the seeding. */
export interface EnvDynamics<TObs extends Observation = Observation, TAction extends Action = Action> {
  readonly observationSpace: Space;
  readonly actionSpace: Space;
  readonly metadata: EnvMetadata;
  /** Names allowed in `reset({ options })`. */
  readonly resetOptionNames?: readonly string[];
  /** Draw a start state from `rng` (a stream that the seed fixes). */
  reset(rng: Rng, options: Record<string, unknown> | undefined): { observation: TObs; info?: Info };
  /** One step from the current state; the action has been checked against the action space. */
  step(action: TAction): { observation: TObs; reward: number; terminated: boolean; info?: Info };
  render(): RenderFrame;
  close?(): void;
}


/** @internal Checks an action against a space; throws ActionError naming what is wrong. */
export function checkAction(space: Space, action: unknown): void {
  if (space.kind === 'discrete') {
    if (typeof action !== 'number' || !Number.isInteger(action) || !space.contains(action)) {
      throw new ActionError('action', `got ${describeValue(action)}`, `an integer in {${space.start}, …, ${space.start + space.n - 1}} (${space.toString()})`);
    }
    return;
  }
  if (action === null || typeof action !== 'object' || typeof (action as ArrayLike<number>).length !== 'number') {
    throw new ActionError('action', `got ${typeof action === 'number' ? `the number ${action}` : describeValue(action)}`, `an array of ${space.size} numbers in ${space.toString()}`);
  }
  const a = action as ArrayLike<number>;
  if (a.length !== space.size) throw new ActionError('action', `got an array of length ${a.length}`, `an array of ${space.size} numbers in ${space.toString()}`);
  for (let i = 0; i < space.size; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ActionError('action', `got ${describeValue(x)} at index ${i}`, `finite numbers in ${space.toString()}`);
    }
    if (x < (space.low[i] as number) || x > (space.high[i] as number)) {
      throw new ActionError(
        'action',
        `got ${x} at index ${i}, outside [${space.low[i]}, ${space.high[i]}]`,
        `numbers in ${space.toString()} (wrap the env in clipAction or rescaleAction to accept others)`,
      );
    }
  }
}

/** @internal Checks a reset seed. */
export function checkSeed(seed: unknown): asserts seed is number | undefined {
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0)) {
    throw new ArgumentError('reset seed', `got ${describeValue(seed)}`, 'an integer in [0, 2^53) or undefined');
  }
}

/**
 * An environment from its dynamics, with Gymnasium's order enforcing and passive checks made
 * strict: seeds, reset options and actions are checked, and `step` out of order is an error.
 * @example
 * const env = defineEnv({ observationSpace, actionSpace, metadata: { renderFps: 50 }, reset, step, render });
 */
export function defineEnv<TObs extends Observation, TAction extends Action, TExtra extends object = object>(
  dynamics: EnvDynamics<TObs, TAction>,
  extra?: TExtra,
): Env<TObs, TAction> & TExtra {
  const d = dynamics as Partial<EnvDynamics<TObs, TAction>> | null;
  if (typeof d !== 'object' || d === null) throw new ArgumentError('defineEnv dynamics', `got ${describeValue(dynamics)}`, '{ observationSpace, actionSpace, metadata, reset(rng, options), step(action), render() }');
  for (const name of ['reset', 'step', 'render'] as const) {
    if (typeof d[name] !== 'function') throw new ArgumentError(`defineEnv dynamics.${name}`, `got ${describeValue(d[name])}`, 'a function');
  }
  for (const name of ['observationSpace', 'actionSpace'] as const) {
    const space = d[name] as { kind?: string } | undefined;
    if (typeof space !== 'object' || space === null || (space.kind !== 'box' && space.kind !== 'discrete')) throw new ArgumentError(`defineEnv dynamics.${name}`, `got ${describeValue(space)}`, 'a space from box(...) or discrete(n)');
  }
  let rng: Rng | undefined;
  let state: 'new' | 'running' | 'ended' | 'closed' = 'new';
  const resetNames = dynamics.resetOptionNames ?? [];
  const env: Env<TObs, TAction> = {
    observationSpace: dynamics.observationSpace,
    actionSpace: dynamics.actionSpace,
    spec: undefined,
    metadata: dynamics.metadata,
    reset(args = {}) {
      if (state === 'closed') throw new EnvStateError('reset: the environment was closed; make a new one');
      checkOptions('reset', args, ['seed', 'options']);
      checkSeed(args.seed);
      checkOptions('reset', args.options, resetNames);
      if (args.seed !== undefined || rng === undefined) rng = createRng(args.seed ?? 0);
      const { observation, info = {} } = dynamics.reset(rng, args.options);
      state = 'running';
      return { observation, info };
    },
    step(action) {
      if (state === 'new') throw new EnvStateError('step: called before reset(); call env.reset() first');
      if (state === 'closed') throw new EnvStateError('step: the environment was closed; make a new one');
      if (state === 'ended') throw new EnvStateError('step: the episode ended (terminated); call env.reset() before stepping again');
      checkAction(dynamics.actionSpace, action);
      const { observation, reward, terminated, info = {} } = dynamics.step(action);
      if (terminated) state = 'ended';
      return { observation, reward, terminated, truncated: false, info };
    },
    render() {
      if (state === 'closed') throw new EnvStateError('render: the environment was closed');
      if (state === 'new') throw new EnvStateError('render: called before reset(); call env.reset() first');
      return dynamics.render();
    },
    close() {
      if (state === 'closed') return;
      state = 'closed';
      dynamics.close?.();
    },
    get unwrapped() {
      return env as unknown as Env;
    },
  };
  Object.defineProperties(env, Object.getOwnPropertyDescriptors(extra ?? {}));
  return Object.freeze(env) as Env<TObs, TAction> & TExtra;
}

export type { Rng };
