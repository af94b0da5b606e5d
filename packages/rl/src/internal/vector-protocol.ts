/**
 * @internal The messages and shared-memory layout between parallelVectorEnv and its workers.
 *
 * Shared transport (SharedArrayBuffer + Atomics): each worker owns CONTROL_WORDS Int32 words of a
 * control buffer. To step, the main thread writes the actions, stores STEP in COMMAND, increments
 * COMMAND_SEQ and notifies; the worker (blocked in Atomics.wait) steps its copies, writes
 * observations, rewards and flags into the shared result buffers, stores STATUS, then DONE_SEQ, and
 * notifies; the main thread awaits DONE_SEQ with Atomics.waitAsync. Infos whose values are all
 * numbers, under the same keys as the copy's last info sent by message (initially none: {}), go
 * through a shared Float64 buffer (STATUS = NUMERIC_INFOS; MuJoCo's x_position, reward_ctrl, ...);
 * any other info goes by message (STATUS = INFOS), and both sides then take its keys as the copy's
 * keys (sameKeysRule). Resets and close go by
 * message: the main thread posts it, increments POSTED and stores YIELD, which wakes the worker; the
 * worker leaves its wait loop whenever POSTED is ahead of the messages it has handled, so that its
 * event loop receives them (two messages posted before one wake-up are both handled). The main
 * thread answers a call only when every worker has answered it, even when one has already failed,
 * so a worker never has a command of an earlier call still pending.
 *
 * Message transport (no SharedArrayBuffer, e.g. a page that is not cross-origin isolated): every
 * call is a message, results come back in transferred buffers.
 */
import { ArgumentError, StochgradError } from '@stochgrad/core';
import { ActionError, EnvStateError, UnknownEnvironmentError } from '../errors';
import type { EnvSpec, Info } from '../env';
import { type Space, box, discrete } from '../spaces';

export const CONTROL_WORDS = 8;
export const COMMAND_SEQ = 0;
export const COMMAND = 1;
export const DONE_SEQ = 2;
export const STATUS = 3;
/** Messages the main thread has posted to this worker through the shared transport (reset, close). */
export const POSTED = 4;

export const STEP = 1;
export const YIELD = 2;

export const NUMERIC_INFOS = 0;
export const INFOS = 1;
export const FAILED = 2;

/** Numbers per copy in the shared info buffer; infos with more numbers go by message. */
export const INFO_NUMBERS = 16;

/**
 * The keys a copy's next info must have to go through shared memory, after `info` went by
 * message: its keys if every value is a number (and there are at most INFO_NUMBERS), else none.
 */
export function numericKeys(info: Info): string[] | undefined {
  const keys = Object.keys(info);
  if (keys.length > INFO_NUMBERS) return undefined;
  for (const k of keys) if (typeof info[k] !== 'number') return undefined;
  return keys;
}

export type SpaceDescription =
  | { kind: 'discrete'; n: number; start: number }
  | { kind: 'box'; low: number[]; high: number[]; shape: number[]; dtype: 'float32' | 'float64' };

export function describeSpace(space: Space): SpaceDescription {
  if (space.kind === 'discrete') return { kind: 'discrete', n: space.n, start: space.start };
  return { kind: 'box', low: Array.from(space.low), high: Array.from(space.high), shape: space.shape.slice(), dtype: space.dtype };
}

export function spaceFrom(description: SpaceDescription): Space {
  if (description.kind === 'discrete') return discrete(description.n, { start: description.start });
  return box({ low: description.low, high: description.high, shape: description.shape, dtype: description.dtype });
}

export interface SerializedError {
  name: string;
  message: string;
  argument?: string;
  allowed?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ArgumentError) return { name: error.name, message: error.message, argument: error.argument, allowed: error.allowed };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The typed error a worker threw, rebuilt in this thread with the same class and message. */
export function deserializeError(e: SerializedError): Error {
  const argumentClasses = { ActionError, UnknownEnvironmentError, ArgumentError } as const;
  const cls = argumentClasses[e.name as keyof typeof argumentClasses];
  let error: Error;
  if (cls !== undefined) {
    error = new cls(e.argument ?? '', '', e.allowed ?? '');
  } else if (e.name === 'EnvStateError') {
    error = new EnvStateError(e.message);
  } else if (e.name === 'StochgradError') {
    error = new StochgradError(e.message);
  } else {
    error = new Error(e.message);
    error.name = e.name;
  }
  error.message = `${e.message} (in a parallelVectorEnv worker)`;
  return error;
}

export interface InitMessage {
  type: 'init';
  id: string;
  options: Record<string, unknown> | undefined;
  /** Global index of the worker's first copy (seeds are seed + index). */
  first: number;
  count: number;
  imports: string[];
}

export interface SharedBuffersMessage {
  type: 'buffers';
  control: SharedArrayBuffer;
  slot: number;
  observations: SharedArrayBuffer;
  rewards: SharedArrayBuffer;
  /** Uint8 [3 × n]: terminations, truncations, autoreset. */
  flags: SharedArrayBuffer;
  /** Float64 [n × actionSize]. */
  actions: SharedArrayBuffer;
  /** Float64 [n × INFO_NUMBERS]: numeric infos. */
  infos: SharedArrayBuffer;
}

export type ToWorker =
  | InitMessage
  | SharedBuffersMessage
  | { type: 'reset'; seed: number | undefined; options: Record<string, unknown> | undefined }
  | { type: 'step'; seq: number; actions: Float64Array }
  | { type: 'close' };

export interface ResultArrays {
  observations: Float32Array;
  rewards: Float64Array;
  terminations: Uint8Array;
  truncations: Uint8Array;
  autoreset: Uint8Array;
}

export type FromWorker =
  | { type: 'ready'; observationSpace: SpaceDescription; actionSpace: SpaceDescription; spec: EnvSpec | undefined }
  | { type: 'reset-done'; observations: Float32Array; infos: Info[] }
  | { type: 'infos'; seq: number; infos: Info[] }
  | ({ type: 'step-done'; seq: number; infos: Info[] } & ResultArrays)
  | { type: 'error'; error: SerializedError }
  | { type: 'closed' };
