/**
 * @internal Helpers shared by the classic-control environments: Gymnasium's reset bounds
 * (`maybe_parse_reset_bounds`), uniform start states, and the check of an assigned `state`.
 */
import { ArgumentError } from '@stochgrad/core';
import { describeValue as show } from './describe-value';
import type { Rng } from './rng';


/**
 * The `low` and `high` reset options of a uniform start state, each defaulting on its own; finite
 * numbers with low ≤ high (low = high gives that value exactly), as Gymnasium allows.
 */
export function resetBounds(where: string, options: Record<string, unknown> | undefined, defaultLow: number, defaultHigh: number): { low: number; high: number } {
  const low = options?.low ?? defaultLow;
  const high = options?.high ?? defaultHigh;
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new ArgumentError(`${where} reset options low, high`, `got low ${show(low)}, high ${show(high)}`, `finite numbers with low <= high (defaults ${defaultLow}, ${defaultHigh})`);
  }
  return { low, high };
}

/** A finite, non-negative number option (Pendulum's `xInit`, `yInit`), or its default. */
export function resetHalfWidth(where: string, name: string, value: unknown, defaultValue: number): number {
  const v = value ?? defaultValue;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ArgumentError(`${where} reset options ${name}`, `got ${show(v)}`, `a finite number >= 0 (default ${defaultValue}); the start value is drawn from U(-${name}, ${name})`);
  }
  return v;
}

/** n draws from U(low[i], high[i]) (open interval; low = high gives low), the same numbers as rng.uniform(n, low, high). */
export function uniformIn(rng: Rng, low: readonly number[], high: readonly number[]): Float64Array {
  const u = rng.uniform(low.length);
  for (let i = 0; i < low.length; i++) u[i] = (low[i] as number) + ((high[i] as number) - (low[i] as number)) * (u[i] as number);
  return u;
}

/** Checks a state assigned to `env.unwrapped.state`: `names.length` finite numbers. */
export function checkState(where: string, value: unknown, names: readonly string[]): number[] {
  const allowed = `an array of ${names.length} finite numbers [${names.join(', ')}]`;
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(`${where} state`, `got ${show(value)}`, allowed);
  }
  const v = Array.from(value as ArrayLike<unknown>);
  if (v.length !== names.length) throw new ArgumentError(`${where} state`, `got an array of length ${v.length}`, allowed);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ArgumentError(`${where} state`, `got ${show(x)} for ${names[i]} (index ${i})`, allowed);
  });
  return v as number[];
}
