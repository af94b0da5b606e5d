/**
 * The rank check every estimator and oracle runs: the same computation at ranks 1–8 (leading axes of
 * size 1 inserted after a replicate axis of 3) must equal the rank-2 result with the same key, or be
 * refused with a ShapeError before any kernel runs (tfjs's wasm backend computes rank ≥ 7 wrongly
 * and only says so on stderr), with no tensor left behind. That no XNN line is printed is checked for
 * every test of the repository by vitest.no-xnn.ts (the wasm module binds console.warn when the
 * backend starts, so only a wrapper installed before that sees its lines).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkOptions, describeValue } from '@stochgrad/core';
import { expect } from 'vitest';

export interface RankConsistencyOptions {
  /** the shape of one problem's parameters (its rank is the lowest tested) */
  eventShape: readonly number[];
  /** the result (e.g. a gradient) for parameters of shape [...lead, ...eventShape], flattened; throws to refuse */
  compute: (lead: number[]) => number[];
  /** the lowest rank that must be served (default 5: every estimator serves logits up to rank 4 plus a replicate axis) */
  servedUpTo?: number;
  /** relative tolerance (default 1e-4) */
  tolerance?: number;
}

/** Runs the check; returns one line per rank ("3: equal", "7: ShapeError"). */
export function expectRankConsistency(options: RankConsistencyOptions): string[] {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('expectRankConsistency options', `got ${describeValue(options)}`, '{ eventShape, compute, servedUpTo?, tolerance? }');
  checkOptions('expectRankConsistency', options, ['eventShape', 'compute', 'servedUpTo', 'tolerance']);
  const { eventShape, compute, servedUpTo = 5, tolerance = 1e-4 } = options;
  if (!Array.isArray(eventShape) || !eventShape.every((d) => Number.isInteger(d) && d >= 1) || eventShape.length > 8) {
    throw new ShapeError('eventShape', `got ${describeValue(eventShape)}`, 'an array of at most 8 positive integers');
  }
  if (typeof compute !== 'function') throw new ArgumentError('compute', `got ${describeValue(compute)}`, 'a function (lead: number[]) => number[]');
  if (!Number.isInteger(servedUpTo) || servedUpTo < 1 || servedUpTo > 8) throw new ArgumentError('servedUpTo', `got ${describeValue(servedUpTo)}`, 'an integer in [1, 8]');
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) throw new ArgumentError('tolerance', `got ${describeValue(tolerance)}`, 'a finite number >= 0');
  const m = 3;
  const outcome: string[] = [];
  const reference = { single: compute([1]), replicated: compute([m]) };
  let refused = false;
  for (let rank = Math.max(1, eventShape.length); rank <= 8; rank++) {
    const lead = rank === eventShape.length ? [] : [m, ...new Array<number>(rank - eventShape.length - 1).fill(1)];
    const before = tf.memory().numTensors;
    let result: number[];
    try {
      result = compute(lead);
    } catch (error) {
      expect(error, `rank ${rank}: ${String(error)}`).toBeInstanceOf(ShapeError);
      expect((error as Error).message).toMatch(/wasm backend/);
      expect(tf.memory().numTensors, `rank ${rank}: tensors left by the refusal`).toBe(before);
      refused = true;
      outcome.push(`${rank}: ShapeError`);
      continue;
    }
    expect(refused, `rank ${rank} computed after a lower rank was refused`).toBe(false);
    const expected = lead.length === 0 ? reference.single : reference.replicated;
    expect(result.length).toBe(expected.length);
    result.forEach((g, i) => {
      const e = expected[i] as number;
      expect(Math.abs(g - e), `rank ${rank}, coordinate ${i}: ${g} vs ${e} at rank ${eventShape.length + 1}`).toBeLessThanOrEqual(tolerance * (1 + Math.abs(e)));
    });
    outcome.push(`${rank}: equal`);
  }
  expect(outcome.filter((o) => o.endsWith('equal')).length, outcome.join(', ')).toBeGreaterThanOrEqual(servedUpTo - Math.max(1, eventShape.length) + 1);
  return outcome;
}
