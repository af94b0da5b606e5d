import { ArgumentError } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { meetingTimeSummary } from './meeting-time-summary';

describe('meetingTimeSummary', () => {
  it('gives the empirical distribution, mean, quantiles, and counts capped chains (Infinity)', () => {
    const s = meetingTimeSummary([1, 1, 2, 5, 1, Infinity, 3, 2, 1, Infinity]);
    expect(s.count).toBe(10);
    expect(s.numCapped).toBe(2);
    expect(s.cappedFraction).toBe(0.2);
    expect(s.histogram).toEqual([
      { time: 1, count: 4 },
      { time: 2, count: 2 },
      { time: 3, count: 1 },
      { time: 5, count: 1 },
    ]);
    expect(s.mean).toBe(16 / 8);
    expect([s.min, s.max]).toEqual([1, 5]);
    expect(s.median).toBe(2);
    expect(s.p90).toBe(Infinity); // capped chains count as Infinity in the quantiles
    expect(meetingTimeSummary(new Float64Array([4, 4])).p99).toBe(4);
  });

  it('throws typed errors for bad input', () => {
    expect(() => meetingTimeSummary([1, 2.5])).toThrow(ArgumentError);
    expect(() => meetingTimeSummary([-1])).toThrow(ArgumentError);
    expect(() => meetingTimeSummary(null as never)).toThrow(ArgumentError);
  });
});
