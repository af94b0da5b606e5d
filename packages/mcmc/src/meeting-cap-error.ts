import { StochgradError } from '@stochgrad/core';

/**
 * Thrown by the coupled-chain runners with `onCap: 'throw'` when some chains have not met after
 * `maxIterations` steps. The run's meeting times (Infinity for the capped chains) are attached.
 */
export class MeetingCapError extends StochgradError {
  override name = 'MeetingCapError';
  readonly meetingTimes: Float64Array;
  readonly numCapped: number;
  readonly maxIterations: number;
  constructor(meetingTimes: Float64Array, maxIterations: number) {
    const numCapped = meetingTimes.reduce((n, t) => n + (Number.isFinite(t) ? 0 : 1), 0);
    super(`${numCapped} of ${meetingTimes.length} coupled chains had not met after maxIterations = ${maxIterations}; their estimates would be truncated (biased)`);
    this.meetingTimes = meetingTimes;
    this.numCapped = numCapped;
    this.maxIterations = maxIterations;
  }
}
