/**
 * The registry, as Gymnasium's: `make(id, options)` builds a registered environment and wraps it
 * in its time limit; `registeredEnvironments()` lists the ids; `register` adds your own.
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { Env, EnvSpec } from './env';
import { UnknownEnvironmentError } from './errors';
import { describeValue } from './internal/describe-value';
import { wrapEnv } from './wrappers/wrap';
import { timeLimit } from './wrappers/time-limit';

export interface EnvRegistration {
  readonly id: string;
  /** Builds the raw environment from the options (already checked against `optionNames`). */
  readonly entryPoint: (options: Record<string, unknown>) => Env;
  readonly maxEpisodeSteps?: number;
  readonly rewardThreshold?: number;
  /** Environment options `make` accepts besides `maxEpisodeSteps` (e.g. LunarLander's `gravity`). */
  readonly optionNames?: readonly string[];
  /** Defaults merged under the user's options (e.g. `{ continuous: true }`). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** A one-line description for listings. */
  readonly description?: string;
}

const registry = new Map<string, EnvRegistration>();

/**
 * Adds an environment to the registry (an id registered twice is an error).
 * @example register({ id: 'MyEnv-v0', entryPoint: () => myEnv(), maxEpisodeSteps: 100 });
 */
export function register(registration: EnvRegistration): void {
  checkOptions('register', registration, ['id', 'entryPoint', 'maxEpisodeSteps', 'rewardThreshold', 'optionNames', 'defaults', 'description']);
  const { id, entryPoint } = registration;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_/.-]+-v\d+$/.test(id)) throw new ArgumentError('register id', `got ${JSON.stringify(id)}`, "a name and a version, like 'CartPole-v1'");
  if (typeof entryPoint !== 'function') throw new ArgumentError('register entryPoint', `got ${typeof entryPoint}`, 'a function (options) => Env');
  if (registry.has(id)) throw new ArgumentError('register id', `"${id}" is registered already`, 'an id not yet registered');
  const max = registration.maxEpisodeSteps;
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 1)) throw new ArgumentError('register maxEpisodeSteps', `got ${String(max)}`, 'an integer >= 1 or undefined');
  registry.set(id, Object.freeze({ ...registration }));
}

/** The registered ids, sorted. */
export function registeredEnvironments(): string[] {
  return [...registry.keys()].sort();
}

function lookup(id: unknown): EnvRegistration {
  const found = typeof id === 'string' ? registry.get(id) : undefined;
  if (!found) {
    const known = registeredEnvironments();
    const sameName = typeof id === 'string' ? known.filter((k) => k.replace(/-v\d+$/, '') === id.replace(/-v\d+$/, '')) : [];
    throw new UnknownEnvironmentError(
      'make id',
      `${typeof id === 'string' ? `"${id}" is not registered` : `got ${describeValue(id)}`}${sameName.length ? ` (versions registered: ${sameName.join(', ')})` : ''}`,
      known.join(', '),
    );
  }
  return found;
}

/** The spec `make(id)` would give, without building the environment. */
export function envSpec(id: string, options: Record<string, unknown> = {}): EnvSpec {
  const r = lookup(id);
  checkOptions(`envSpec('${id}')`, options, ['maxEpisodeSteps', ...(r.optionNames ?? [])]);
  return Object.freeze({
    id: r.id,
    maxEpisodeSteps: (options.maxEpisodeSteps as number | undefined) ?? r.maxEpisodeSteps,
    rewardThreshold: r.rewardThreshold,
    options: Object.freeze({ ...r.defaults, ...options }),
  });
}

export interface MakeOptions {
  /** Overrides the registered time limit; `null` makes the environment without one. */
  maxEpisodeSteps?: number | null;
  /** Environment options, by environment (see the README's table). */
  [option: string]: unknown;
}

/**
 * A registered environment, wrapped in its time limit.
 * @example
 * const env = make('CartPole-v1');
 * let { observation } = env.reset({ seed: 0 });
 * const { reward, terminated, truncated } = env.step(1);
 */
export function make(id: string, options: MakeOptions = {}): Env {
  const r = lookup(id);
  checkOptions(`make('${id}')`, options, ['maxEpisodeSteps', ...(r.optionNames ?? [])]);
  const { maxEpisodeSteps, ...rest } = options;
  if (maxEpisodeSteps !== undefined && maxEpisodeSteps !== null && (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps < 1)) {
    throw new ArgumentError(`make('${id}') maxEpisodeSteps`, `got ${String(maxEpisodeSteps)}`, 'an integer >= 1, or null for no time limit');
  }
  const limit = maxEpisodeSteps === null ? undefined : (maxEpisodeSteps ?? r.maxEpisodeSteps);
  const envOptions = { ...r.defaults, ...rest };
  const raw = r.entryPoint(envOptions);
  const spec: EnvSpec = Object.freeze({ id: r.id, maxEpisodeSteps: limit, rewardThreshold: r.rewardThreshold, options: Object.freeze(envOptions) });
  const limited = limit === undefined ? raw : timeLimit(raw, { maxEpisodeSteps: limit });
  return wrapEnv(limited, { spec });
}
