/**
 * The check every estimator and distribution makes before it touches a tensor: the backend has
 * started. tfjs would otherwise throw its own plain Error telling the user to `await tf.ready()`,
 * which is not what starts stochgrad's backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors';

/** Throws a BackendError (a StochgradError) saying to `await ready()` when no backend has started. */
export function assertReady(where: string): void {
  try {
    // tfjs starts a synchronous backend (cpu) here if one is registered; it throws while an
    // asynchronous one (wasm) has not been awaited.
    void tf.engine().backend;
  } catch {
    throw new BackendError(
      `${where} was called before the backend started: call \`await ready()\` from '@stochgrad/core' first (it starts the WASM backend; ready({ backend: 'cpu' }) starts cpu)`,
    );
  }
}

/** Freezes a distribution whose methods check `assertReady` first. */
export function readyDistribution<T extends { readonly name: string }>(distribution: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(distribution)) {
    guarded[name] =
      typeof member === 'function'
        ? (...args: unknown[]): unknown => {
            assertReady(`${distribution.name}.${name}()`);
            return (member as (...a: unknown[]) => unknown)(...args);
          }
        : member;
  }
  return Object.freeze(guarded) as T;
}
