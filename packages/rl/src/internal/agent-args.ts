/** @internal Argument checks shared by the agents and their networks. */
import { ArgumentError, type Key, KeyError, checkOptions, isKey } from '@stochgrad/core';

export function checkKey(where: string, k: unknown): asserts k is Key {
  if (!isKey(k)) throw new KeyError(`${where} key`, `got ${typeof k}`, 'a key from key(seed) or split');
}

export function checkSize(where: string, name: string, value: unknown, min: number): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < min) throw new ArgumentError(`${where} ${name}`, `got ${String(value)}`, `an integer >= ${min}`);
}

/** The options of an agent's learn call, checked: totalTimesteps an integer >= 1, onProgress a function, signal. */
export function checkLearnOptions<P>(where: string, options: unknown): { totalTimesteps: number; onProgress?: (progress: P) => void; signal?: AbortSignal } {
  checkOptions(`${where} learn`, options, ['totalTimesteps', 'onProgress', 'signal']);
  if (options === undefined) throw new ArgumentError(`${where} learn options`, 'got undefined', '{ totalTimesteps, onProgress?, signal? }');
  const { totalTimesteps, onProgress, signal } = options as { totalTimesteps: unknown; onProgress?: unknown; signal?: AbortSignal };
  if (!Number.isSafeInteger(totalTimesteps) || (totalTimesteps as number) < 1) throw new ArgumentError(`${where} learn totalTimesteps`, `got ${String(totalTimesteps)}`, 'an integer >= 1');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new ArgumentError(`${where} learn onProgress`, `got ${typeof onProgress}`, 'a function');
  return { totalTimesteps: totalTimesteps as number, onProgress: onProgress as ((progress: P) => void) | undefined, signal };
}

/** predict's observation (an array of `size` numbers) and options (deterministic, key), checked. */
export function checkPredictArgs(where: string, observation: unknown, options: unknown, size: number): void {
  checkOptions(`${where} predict`, options, ['deterministic', 'key']);
  const o = observation as ArrayLike<number> | null;
  if (o === null || typeof o !== 'object' || o.length !== size) {
    throw new ArgumentError(`${where} predict observation`, `got ${o === null || typeof o !== 'object' ? typeof o : `length ${o.length}`}`, `an array of ${size} numbers`);
  }
  const k = (options as { key?: unknown } | undefined)?.key;
  if (k !== undefined) checkKey(`${where} predict`, k);
}

/** Mean of the last (up to) 100 episode returns; NaN before the first. */
export function meanOfLast100(returns: readonly number[]): number {
  const last = returns.slice(-100);
  return last.length ? last.reduce((s, x) => s + x, 0) / last.length : Number.NaN;
}
