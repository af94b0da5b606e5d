/**
 * Typed errors of @stochgrad/rl, on core's hierarchy: every one is a StochgradError, and the
 * argument errors are core's ArgumentError, so one `catch` serves every package.
 */
import { ArgumentError, StochgradError } from '@stochgrad/core';

/** An action that is not in the environment's action space (wrong type, length, range, NaN). */
export class ActionError extends ArgumentError {
  override name = 'ActionError';
}

/** An environment used out of order: `step` before `reset`, `step` after the episode ended. */
export class EnvStateError extends StochgradError {
  override name = 'EnvStateError';
}

/** An id that is not in the registry; the message lists the registered ones. */
export class UnknownEnvironmentError extends ArgumentError {
  override name = 'UnknownEnvironmentError';
}
