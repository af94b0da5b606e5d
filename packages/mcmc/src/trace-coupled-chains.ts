/**
 * The path of a pair of coupled chains, for plots: h(X_t) for t = 0..T and h(Y_{t−L}) from the
 * time Y starts until every chain has met, with the meeting times.
 *   X₀, Y₀ ~ π₀, X_t = K(X_{t−1}) for t ≤ L, then (X_t, Y_{t−L}) by the coupled kernel;
 *   τ = inf{t ≥ L : X_t = Y_{t−L}}; the run stops at T = max(τ, minSteps) or at the cap.
 * Properties: the same chains (same keys, same law) as runCoupledChains with k = 0 and
 * m = minSteps; stores h only, so memory grows with T·B·|h|, not with the states. Capped chains are
 * reported (τ = Infinity), never silent. A kernel built with `independentRows: true` may leave a
 * chain arbitrary once it has met and t > minSteps: plot chain b up to max(τ_b, minSteps).
 * Reference: Jacob, O'Leary, Atchadé, "Unbiased Markov chain Monte Carlo methods with couplings",
 * JRSS-B 2020, arXiv:1708.03625 (Figure 1 draws such traces).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError, type Key } from '@stochgrad/core';
import type { CoupledKernel } from './types';
import { checkSchedule, coupledLoop } from './internal/coupled-loop';
import { untaped } from './internal/untaped';
import { assertFunction, assertInteger, assertKey, describe, shapeString } from './internal/validate';

export interface TraceCoupledChainsOptions<TState> {
  key: Key;
  /** the coupled kernel, e.g. coupledIsir(...) */
  kernel: CoupledKernel<TState>;
  /** what to record of a state of B chains: [B] or [B, F] (e.g. the posterior-weighted particle mean) */
  testFunction: (state: TState) => tf.Tensor;
  /** lag L >= 1 (default 1) */
  lag?: number;
  /** run X at least this long (default 0: stop once every chain has met) */
  minSteps?: number;
  /** cap on t (>= max(minSteps, lag + 1)); chains not met by then are reported as capped */
  maxIterations: number;
}

export interface CoupledChainsTrace {
  /** x[t][b] = h(X_t) of chain b, for t = 0..T (each a list of F numbers) */
  x: number[][][];
  /** y[t][b] = h(Y_{t−L}) of chain b, or null before Y starts (t < L) and after every chain has met */
  y: (number[][] | null)[];
  /** τ_b per chain (Infinity where capped) */
  meetingTimes: Float64Array;
  /** 1 where chain b hit the cap without meeting */
  capped: Uint8Array;
  numCapped: number;
  lag: number;
}

/**
 * @example
 * const coupled = coupledIsir({ x, logJoint, proposal, numParticles: 4 });
 * const trace = traceCoupledChains({ key: key(0), kernel: coupled, maxIterations: 100,
 *   testFunction: (s) => coupled.marginal.weightedAverage(s, s.particles) }); // [B, D] per time
 * // plot trace.x[t][0] and trace.y[t]?.[0] against t; they join at t = trace.meetingTimes[0]
 */
export function traceCoupledChains<TState>(options: TraceCoupledChainsOptions<TState>): CoupledChainsTrace {
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ key, kernel, testFunction, maxIterations }');
  checkOptions('traceCoupledChains', options, ['key', 'kernel', 'testFunction', 'lag', 'minSteps', 'maxIterations']);
  const { key, kernel, testFunction, minSteps = 0 } = options;
  assertKey(key);
  if (kernel === null || typeof kernel !== 'object' || typeof kernel.step !== 'function' || typeof kernel.marginal !== 'object') {
    throw new ArgumentError('kernel', `got ${describe(kernel)}`, 'a CoupledKernel (e.g. coupledIsir(...))');
  }
  assertFunction(testFunction, 'testFunction', 'a function state => tf.Tensor [B] or [B, F]');
  assertInteger(minSteps, 'minSteps', 0);
  const schedule = checkSchedule({ k: 0, m: minSteps, lag: options.lag, maxIterations: options.maxIterations });
  const batch = kernel.marginal.batchSize;
  const values = (state: TState): number[][] =>
    tf.tidy(() => {
      const h = testFunction(state);
      if (!(h instanceof tf.Tensor) || h.rank < 1 || h.rank > 2 || h.shape[0] !== batch) {
        throw new ShapeError('testFunction', `returned ${h instanceof tf.Tensor ? `shape ${shapeString(h.shape)}` : describe(h)}`, `a tensor [B] or [B, F] with B = ${batch}`);
      }
      const width = h.rank === 2 ? (h.shape[1] as number) : 1;
      const data = h.dataSync();
      return Array.from({ length: batch }, (_, b) => Array.from(data.subarray(b * width, (b + 1) * width)));
    });
  const x: number[][][] = [];
  const y: (number[][] | null)[] = [];
  const loop = untaped(() =>
    coupledLoop({
      key,
      kernel,
      schedule,
      contribute: () => undefined,
      onStep: (info) => {
        x.push(values(info.x));
        y.push(info.y === undefined ? null : values(info.y));
      },
    }),
  );
  return { x, y, meetingTimes: loop.meetingTimes, capped: loop.capped, numCapped: loop.numCapped, lag: schedule.lag };
}
