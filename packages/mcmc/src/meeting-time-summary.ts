/**
 * Summary statistics of coupled-chain meeting times τ (Infinity for a chain that hit the cap):
 * the empirical distribution (histogram), mean, quantiles, and the capped fraction, which is
 * always reported because a capped chain's estimate is truncated (biased).
 */
import { ArgumentError } from '@stochgrad/core';
import { describe } from './internal/validate';

export interface MeetingTimeSummary {
  /** chains summarised */
  count: number;
  /** chains that hit the cap (τ = Infinity) */
  numCapped: number;
  cappedFraction: number;
  /** mean of the finite meeting times (NaN if none) */
  mean: number;
  /** smallest and largest finite meeting time */
  min: number;
  max: number;
  /** quantiles of all meeting times, capped ones counted as Infinity */
  median: number;
  p90: number;
  p99: number;
  /** the empirical distribution: each finite meeting time with its count, ascending */
  histogram: { time: number; count: number }[];
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/**
 * @example
 * const { meetingTimes } = runCoupledChains({ ... });
 * const s = meetingTimeSummary(meetingTimes); // s.histogram, s.mean, s.numCapped
 */
export function meetingTimeSummary(meetingTimes: ArrayLike<number>): MeetingTimeSummary {
  if (meetingTimes === null || typeof meetingTimes !== 'object' || typeof meetingTimes.length !== 'number') {
    throw new ArgumentError('meetingTimes', `got ${describe(meetingTimes)}`, 'an array of meeting times (Infinity for capped chains)');
  }
  const all = Array.from(meetingTimes);
  for (const t of all) {
    if (!(t === Infinity || (Number.isInteger(t) && t >= 0))) throw new ArgumentError('meetingTimes', `contains ${t}`, 'non-negative integers or Infinity');
  }
  const sorted = all.slice().sort((a, b) => a - b);
  const finite = sorted.filter((t) => Number.isFinite(t));
  const counts = new Map<number, number>();
  for (const t of finite) counts.set(t, (counts.get(t) ?? 0) + 1);
  const numCapped = all.length - finite.length;
  return {
    count: all.length,
    numCapped,
    cappedFraction: all.length === 0 ? 0 : numCapped / all.length,
    mean: finite.length === 0 ? NaN : finite.reduce((s, t) => s + t, 0) / finite.length,
    min: finite.length === 0 ? NaN : (finite[0] as number),
    max: finite.length === 0 ? NaN : (finite[finite.length - 1] as number),
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    histogram: [...counts.entries()].map(([time, count]) => ({ time, count })),
  };
}
