/**
 * @internal The base of every wrapper: an Env that forwards to `inner` except where `overrides`
 * says otherwise. Wrappers are plain objects; `unwrapped` always reaches the innermost env.
 */
import { ArgumentError } from '@stochgrad/core';
import type { Action, Env, Observation } from '../env';
import { describeValue } from '../internal/describe-value';

/** Throws unless `env` looks like an Env (reset, step, spaces): wrappers call it before touching it. */
export function checkEnv(where: string, env: unknown): asserts env is Env {
  const e = env as Partial<Env> | null;
  if (typeof e !== 'object' || e === null || typeof e.reset !== 'function' || typeof e.step !== 'function' || typeof e.observationSpace !== 'object' || typeof e.actionSpace !== 'object') {
    throw new ArgumentError(`${where} env`, `got ${describeValue(env)}`, 'an Env (from make(id), defineEnv or another wrapper)');
  }
}

export function wrapEnv<TObs extends Observation, TAction extends Action, TInnerAction extends Action = TAction>(
  inner: Env<Observation, TInnerAction>,
  overrides: Partial<Pick<Env<TObs, TAction>, 'reset' | 'step' | 'render' | 'close' | 'observationSpace' | 'actionSpace' | 'spec'>>,
  extra: object = {},
): Env<TObs, TAction> {
  const env = {
    get observationSpace() {
      return overrides.observationSpace ?? inner.observationSpace;
    },
    get actionSpace() {
      return overrides.actionSpace ?? inner.actionSpace;
    },
    get spec() {
      return 'spec' in overrides ? overrides.spec : inner.spec;
    },
    get metadata() {
      return inner.metadata;
    },
    reset: overrides.reset ?? ((args) => inner.reset(args) as ReturnType<Env<TObs, TAction>['reset']>),
    step: overrides.step ?? ((action) => inner.step(action as unknown as TInnerAction) as ReturnType<Env<TObs, TAction>['step']>),
    render: overrides.render ?? (() => inner.render()),
    close: overrides.close ?? (() => inner.close()),
    get unwrapped() {
      return inner.unwrapped;
    },
  };
  // forward the extras of the inner env (e.g. a MuJoCo env's `physics`) that the wrapper does not shadow
  for (const name of Object.keys(inner)) {
    if (!(name in env)) Object.defineProperty(env, name, { get: () => (inner as unknown as Record<string, unknown>)[name], enumerable: true, configurable: true });
  }
  Object.defineProperties(env, Object.getOwnPropertyDescriptors(extra));
  return Object.freeze(env) as Env<TObs, TAction>;
}
