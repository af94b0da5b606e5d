/**
 * The coupled-chain loop shared by runCoupledChains and unbiasedLogLikelihoodGradient: it runs
 * X for `lag` steps, starts Y, then runs the coupled kernel until every chain has met and t ≥ m
 * (or the cap), and hands each state to `contribute` with its H_{k:m} coefficient, so that the
 * caller accumulates on the fly and never stores whole chains.
 *
 * With lag L, τ_b = inf{t ≥ L : X_t = Y_{t−L}} for chain b, and
 *   H_{k:m} = (1/(m−k+1)) Σ_{l=k}^{m} H_l,  H_l = h(X_l) + Σ_{j≥1} (h(X_{l+jL}) − h(Y_{l+(j−1)L}))
 *          = Σ_{t=k}^{m} h(X_t)/(m−k+1) + Σ_{t=k+L}^{τ−1} v_t/(m−k+1) (h(X_t) − h(Y_{t−L})),
 *   v_t = #{j ≥ 1 : k ≤ t − jL ≤ m} = ⌊(t−k)/L⌋ − ⌈max(L, t−m)/L⌉ + 1  (min(t−k, m−k+1) for L = 1),
 * so at time t, X_t has coefficient 1[k ≤ t ≤ m]/(m−k+1) + c_t and Y_{t−L} has −c_t, where
 * c_t = v_t/(m−k+1) while t ≥ k + L and chain b has not met (t < τ_b), else 0.
 */
import { ArgumentError, fold, split, type Key } from '@stochgrad/core';
import { MeetingCapError } from '../meeting-cap-error';
import type { CoupledKernel } from '../types';
import { assertInteger, describe } from './validate';

export interface Schedule {
  /** burn-in: the first time averaged */
  k: number;
  /** the last time averaged (m ≥ k) */
  m: number;
  /** lag L ≥ 1 between the chains */
  lag: number;
  /** the cap on t; chains that have not met by then are reported as capped */
  maxIterations: number;
  /** 'report' (default): return with capped chains flagged; 'throw': throw a MeetingCapError */
  onCap: 'report' | 'throw';
}

/** Validates k, m, lag, maxIterations, onCap with typed errors. */
export function checkSchedule(options: { k?: unknown; m?: unknown; lag?: unknown; maxIterations?: unknown; onCap?: unknown }): Schedule {
  const { k, m, lag = 1, maxIterations, onCap = 'report' } = options;
  assertInteger(k, 'k', 0);
  assertInteger(m, 'm', 0);
  if (k > m) throw new ArgumentError('k, m', `got k = ${k} > m = ${m}`, 'integers 0 <= k <= m');
  assertInteger(lag, 'lag', 1);
  const minimum = Math.max(m, lag + 1);
  if (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < minimum) {
    throw new ArgumentError('maxIterations', `got ${describe(maxIterations)}`, `an integer >= max(m, lag + 1) = ${minimum}`);
  }
  if (onCap !== 'report' && onCap !== 'throw') throw new ArgumentError('onCap', `got ${describe(onCap)}`, "'report' or 'throw'");
  return { k, m, lag, maxIterations, onCap };
}

export interface Contribution<TState> {
  t: number;
  x: TState;
  /** Y_{t−lag}, absent before Y starts and once every chain has met */
  y: TState | undefined;
  /** per-chain coefficient of h(X_t) */
  coefficientX: Float64Array;
  /** per-chain coefficient of h(Y_{t−lag}) (zero where absent) */
  coefficientY: Float64Array;
}

export interface StepInfo<TState> {
  t: number;
  x: TState;
  y: TState | undefined;
  /** per chain: 1 once X and Y have met (X_t = Y_{t−lag}) */
  met: Uint8Array;
}

export interface LoopResult {
  /** τ_b per chain; Infinity where capped */
  meetingTimes: Float64Array;
  /** 1 where chain b hit the cap without meeting */
  capped: Uint8Array;
  numCapped: number;
  /** the last time t computed for X */
  iterations: number;
  /** single-chain kernel calls (X before Y starts, and after every chain has met) */
  singleSteps: number;
  /** coupled kernel calls */
  coupledSteps: number;
  /**
   * chain transitions computed: B per kernel call, fewer for coupled calls that skipped idle chains
   * (met chains after m, when the kernel can skip them)
   */
  chainSteps: number;
}

export function coupledLoop<TState>(args: {
  key: Key;
  kernel: CoupledKernel<TState>;
  schedule: Schedule;
  contribute: (c: Contribution<TState>) => void;
  onStep?: (info: StepInfo<TState>) => void;
}): LoopResult {
  const { kernel, schedule, contribute, onStep } = args;
  const { k, m, lag, maxIterations, onCap } = schedule;
  const marginal = kernel.marginal;
  const batch = marginal.batchSize;
  const [initKey, lagKey, partnerKey, runKey] = split(args.key, 4) as [Key, Key, Key, Key];
  const span = m - k + 1;
  const tau = new Float64Array(batch).fill(Infinity);
  const met = new Uint8Array(batch);
  let singleSteps = 0;
  let coupledSteps = 0;
  let chainSteps = 0;

  const coefficients = (t: number, haveY: boolean) => {
    const cx = new Float64Array(batch);
    const cy = new Float64Array(batch);
    const average = t >= k && t <= m ? 1 / span : 0;
    const correction = haveY && t >= k + lag ? Math.max(0, Math.floor((t - k) / lag) - Math.ceil(Math.max(lag, t - m) / lag) + 1) / span : 0;
    for (let b = 0; b < batch; b++) {
      const c = met[b] ? 0 : correction;
      cx[b] = average + c;
      cy[b] = -c;
    }
    return { cx, cy };
  };
  const emit = (t: number, x: TState, y: TState | undefined) => {
    const { cx, cy } = coefficients(t, y !== undefined);
    if (cx.some((v) => v !== 0) || cy.some((v) => v !== 0)) contribute({ t, x, y, coefficientX: cx, coefficientY: cy });
  };

  let x = marginal.init(initKey);
  let y: TState | undefined;
  try {
    let previous: TState | undefined;
    for (let t = 0; t < lag; t++) {
      emit(t, x, undefined);
      onStep?.({ t, x, y: undefined, met });
      const next = marginal.step(fold(lagKey, t + 1), x);
      if (t < lag - 1) marginal.dispose(x);
      else previous = x;
      x = next;
      singleSteps++;
      chainSteps += batch;
    }
    let t = lag;
    try {
      y = kernel.initPartner(partnerKey, { current: x, previous: previous as TState, lag });
    } finally {
      marginal.dispose(previous as TState);
    }
    const initial = kernel.met(x, y);
    for (let b = 0; b < batch; b++) {
      if (initial[b]) {
        met[b] = 1;
        tau[b] = t;
      }
    }
    emit(t, x, y);
    onStep?.({ t, x, y, met });
    let allMet = met.every((v) => v === 1);
    for (t = lag + 1; t <= maxIterations && (t <= m || !allMet); t++) {
      if (allMet) {
        if (y !== undefined) {
          marginal.dispose(y);
          y = undefined;
        }
        const next = marginal.step(fold(runKey, t), x);
        marginal.dispose(x);
        x = next;
        singleSteps++;
        chainSteps += batch;
      } else {
        // after m, met chains contribute nothing more: the kernel may skip them
        const active = t > m ? Uint8Array.from(met, (v) => 1 - v) : undefined;
        const step = kernel.step(fold(runKey, t), x, y as TState, active);
        marginal.dispose(x);
        marginal.dispose(y as TState);
        x = step.x;
        y = step.y;
        coupledSteps++;
        chainSteps += step.advanced ?? batch;
        for (let b = 0; b < batch; b++) {
          if (!met[b] && step.met[b]) {
            met[b] = 1;
            tau[b] = t;
          }
        }
        allMet = met.every((v) => v === 1);
      }
      emit(t, x, y);
      onStep?.({ t, x, y, met });
    }
    const capped = new Uint8Array(batch);
    let numCapped = 0;
    for (let b = 0; b < batch; b++) {
      if (!met[b]) {
        capped[b] = 1;
        numCapped++;
      }
    }
    if (numCapped > 0 && onCap === 'throw') throw new MeetingCapError(tau, maxIterations);
    return { meetingTimes: tau, capped, numCapped, iterations: t - 1, singleSteps, coupledSteps, chainSteps };
  } finally {
    marginal.dispose(x);
    if (y !== undefined) marginal.dispose(y);
  }
}
