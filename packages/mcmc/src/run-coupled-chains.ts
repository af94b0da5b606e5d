/**
 * The unbiased coupled-chain estimator H_{k:m} of E_π[h] for any test function h, with lag L.
 *   X₀, Y₀ ~ π₀, X_t = K(X_{t−1}) for t ≤ L, then (X_t, Y_{t−L}) by the coupled kernel until
 *   τ = inf{t ≥ L : X_t = Y_{t−L}} and t ≥ m;
 *   H_{k:m} = (1/(m−k+1)) [Σ_{t=k}^{m} h(X_t) + Σ_{t=k+L}^{τ−1} v_t (h(X_t) − h(Y_{t−L}))],
 *   v_t = ⌊(t−k)/L⌋ − ⌈max(L, t−m)/L⌉ + 1 (the average over l = k..m of H_l = h(X_l) + Σ_{j≥1} Δ_{l+jL});
 *   with L = 1, v_t = min(t−k, m−k+1).
 * Properties: E[H_{k:m}] = E_π[h] exactly when the coupling is faithful and τ has geometric tails
 * (finite variance under moment conditions); the time average alone is the usual biased MCMC
 * estimate, and the second sum is its bias correction. Accumulated on the fly; chains that reach
 * `maxIterations` without meeting are reported (`capped`), never silently truncated.
 * Reference: Jacob, O'Leary, Atchadé, "Unbiased Markov chain Monte Carlo methods with couplings",
 * JRSS-B 2020, arXiv:1708.03625 (lag L: Biswas, Jacob, Vanetti, NeurIPS 2019, arXiv:1905.09971).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError } from '@stochgrad/core';
import type { Key } from '@stochgrad/core';
import type { CoupledKernel } from './types';
import { type LoopResult, type StepInfo, checkSchedule, coupledLoop } from './internal/coupled-loop';
import { untaped } from './internal/untaped';
import { assertFunction, assertKey, assertOptionalFunction, describe, shapeString } from './internal/validate';

export type { StepInfo } from './internal/coupled-loop';

export interface RunCoupledChainsOptions<TState> {
  key: Key;
  /** the coupled kernel (its `marginal` is the single-chain kernel K and initial distribution π₀) */
  kernel: CoupledKernel<TState>;
  /** h: a state of B chains → [B, ...] (float) */
  testFunction: (state: TState) => tf.Tensor;
  /** burn-in: first time averaged (>= 0) */
  k: number;
  /** last time averaged (>= k) */
  m: number;
  /** lag L >= 1 (default 1) */
  lag?: number;
  /** cap on t (>= max(m, lag + 1)); chains not met by then are reported as capped */
  maxIterations: number;
  /** 'report' (default) flags capped chains in the result; 'throw' throws a MeetingCapError */
  onCap?: 'report' | 'throw';
  /** called after each time t with the current states (valid only during the call) */
  onStep?: (info: StepInfo<TState>) => void;
}

export interface CoupledChainsResult extends LoopResult {
  /** H_{k:m} per chain, [B, ...]; truncated (biased) where `capped` */
  estimate: tf.Tensor;
  /** the plain MCMC average (1/(m−k+1)) Σ_{t=k}^{m} h(X_t), [B, ...] (biased) */
  timeAverage: tf.Tensor;
}

/**
 * @example
 * const coupled = coupledIsir({ x, logJoint, proposal, numParticles: 8 });
 * const { estimate, meetingTimes, numCapped } = runCoupledChains({
 *   key: key(0), kernel: coupled, k: 2, m: 6, maxIterations: 100,
 *   testFunction: (s) => coupled.marginal.weightedAverage(s, s.particles), // posterior mean, [B, D]
 * });
 */
export function runCoupledChains<TState>(options: RunCoupledChainsOptions<TState>): CoupledChainsResult {
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ key, kernel, testFunction, k, m, maxIterations }');
  checkOptions('runCoupledChains', options, ['key', 'kernel', 'testFunction', 'k', 'm', 'lag', 'maxIterations', 'onCap', 'onStep']);
  assertOptionalFunction(options.onStep, 'onStep');
  const { key, kernel, testFunction, onStep } = options;
  assertKey(key);
  if (kernel === null || typeof kernel !== 'object' || typeof kernel.step !== 'function' || typeof kernel.marginal !== 'object') {
    throw new ArgumentError('kernel', `got ${describe(kernel)}`, 'a CoupledKernel (e.g. coupledIsir(...))');
  }
  assertFunction(testFunction, 'testFunction', 'a function state => tf.Tensor [B, ...]');
  const schedule = checkSchedule(options);
  const batch = kernel.marginal.batchSize;
  const span = schedule.m - schedule.k + 1;
  return untaped(() => {
    let estimate: tf.Tensor | undefined;
    let timeAverage: tf.Tensor | undefined;
    const evaluate = (state: TState) => {
      const h = testFunction(state);
      if (!(h instanceof tf.Tensor) || h.rank < 1 || h.shape[0] !== batch) {
        throw new ShapeError('testFunction', `returned ${h instanceof tf.Tensor ? `shape ${shapeString(h.shape)}` : describe(h)}`, `a tensor [B, ...] with B = ${batch}`);
      }
      return tf.cast(h, 'float32');
    };
    const weighted = (c: Float64Array, h: tf.Tensor) => tf.mul(tf.reshape(tf.tensor1d(Float32Array.from(c), 'float32'), [batch, ...new Array<number>(h.rank - 1).fill(1)]), h);
    const accumulate = (total: tf.Tensor | undefined, term: tf.Tensor) => {
      if (!total) return tf.keep(term);
      const sum = tf.keep(tf.add(total, term));
      tf.dispose([total, term]);
      return sum;
    };
    let result: LoopResult;
    try {
      result = coupledLoop({
      key,
      kernel,
      schedule,
      onStep,
      contribute: ({ t, x, y, coefficientX, coefficientY }) => {
        const [term, average] = tf.tidy(() => {
          const hx = evaluate(x);
          let sum = weighted(coefficientX, hx);
          if (y !== undefined && coefficientY.some((v) => v !== 0)) sum = tf.add(sum, weighted(coefficientY, evaluate(y)));
          const inWindow = t >= schedule.k && t <= schedule.m;
          return [sum, inWindow ? tf.div(hx, span) : tf.zerosLike(hx)];
        });
        estimate = accumulate(estimate, term);
        timeAverage = accumulate(timeAverage, average);
      },
      });
    } catch (error) {
      tf.dispose([estimate, timeAverage].filter((t): t is tf.Tensor => t !== undefined));
      throw error;
    }
    if (!estimate || !timeAverage) throw new ArgumentError('k, m', 'no time contributed', 'a window the chains reach');
    return { ...result, estimate, timeAverage };
  });
}
