import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkUnbiased, key, ready } from '@stochgrad/core';
import { expectBiasDetected } from '@stochgrad/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classes, discreteModel, isirProblem, posterior } from '../test/discrete-model';
import { leakedTensors, tensorRows } from '../test/helpers';
import { coupledIsir } from './coupled-isir';
import type { IsirState } from './isir';
import { MeetingCapError } from './meeting-cap-error';
import { meetingTimeSummary } from './meeting-time-summary';
import { runChain } from './run-chain';
import { runCoupledChains } from './run-coupled-chains';

const S = 3;
const B = 20_000;

describe('runCoupledChains: H_{k:m} on the enumerable model (h = Σ w̄ onehot(z), E_π̄[h] = p(z | x))', () => {
  let model: ReturnType<typeof discreteModel>;
  let kernel: ReturnType<typeof coupledIsir>;
  const h = (state: IsirState) => tf.tidy(() => kernel.marginal.weightedAverage(state, tf.oneHot(tf.cast(state.particles, 'int32'), classes)));
  beforeAll(async () => {
    await ready();
    model = discreteModel(B);
    kernel = coupledIsir({ x: model.x, logJoint: model.logJoint, proposal: model.proposal, numParticles: S });
  });
  afterAll(() => model.dispose());

  it('is unbiased from π₀ = q^{⊗S} for (k, m, lag) = (0, 0, 1), (1, 3, 1) and (1, 3, 2), while the plain time average is biased', () => {
    for (const [k, m, lag] of [
      [0, 0, 1],
      [1, 3, 1],
      [1, 3, 2],
    ] as const) {
      const result = runCoupledChains({ key: key(k + 10 * m + 100 * lag), kernel, testFunction: h, k, m, lag, maxIterations: 200 });
      const check = checkUnbiased({ estimates: tensorRows(result.estimate), exact: posterior });
      const summary = meetingTimeSummary(result.meetingTimes);
      console.info(`H_{${k}:${m}}, lag ${lag}: max |z| = ${check.maxAbsZ.toFixed(2)} (threshold ${check.threshold.toFixed(2)}); meeting times: mean ${summary.mean.toFixed(2)}, p99 ${summary.p99}, max ${summary.max}, capped ${summary.numCapped}`);
      expect(check.passed, check.message).toBe(true);
      expect(result.numCapped).toBe(0);
      if (k === 0) expectBiasDetected({ estimates: tensorRows(result.timeAverage), exact: posterior });
      tf.dispose([result.estimate, result.timeAverage]);
    }
  });

  it('the single-chain runner\'s time average is biased for small m (here m = 0: X₀ ~ q^{⊗S})', () => {
    const chain = runChain({ key: key(5), kernel: kernel.marginal, testFunction: h, k: 0, m: 0 });
    expectBiasDetected({ estimates: tensorRows(chain.estimate as tf.Tensor), exact: posterior });
    chain.estimate?.dispose();
    kernel.marginal.dispose(chain.state);
  });

  it('reports a capped run as capped (never silent), and throws on request', () => {
    const result = runCoupledChains({ key: key(6), kernel, testFunction: h, k: 0, m: 1, maxIterations: 2 });
    const summary = meetingTimeSummary(result.meetingTimes);
    expect(result.numCapped).toBeGreaterThan(0);
    expect(summary.numCapped).toBe(result.numCapped);
    for (let b = 0; b < B; b++) expect(result.capped[b] === 1).toBe(result.meetingTimes[b] === Infinity);
    expect(result.iterations).toBe(2);
    console.info(`capped at maxIterations = 2: ${result.numCapped} of ${B} chains (${(100 * summary.cappedFraction).toFixed(1)}%) reported capped`);
    tf.dispose([result.estimate, result.timeAverage]);
    expect(() => runCoupledChains({ key: key(6), kernel, testFunction: h, k: 0, m: 1, maxIterations: 2, onCap: 'throw' })).toThrow(MeetingCapError);
  });

  it('is deterministic under a key, leaks nothing, and checks its schedule', () => {
    const small = discreteModel(50);
    const smallKernel = coupledIsir({ ...isirProblem(small), numParticles: S });
    const hSmall = (state: IsirState) => smallKernel.marginal.weightedAverage(state, tf.oneHot(tf.cast(state.particles, 'int32'), classes));
    const run = () => runCoupledChains({ key: key(7), kernel: smallKernel, testFunction: hSmall, k: 1, m: 2, maxIterations: 100 });
    const a = run();
    const b = run();
    expect(Array.from(a.estimate.dataSync())).toEqual(Array.from(b.estimate.dataSync()));
    expect(Array.from(a.meetingTimes)).toEqual(Array.from(b.meetingTimes));
    tf.dispose([a.estimate, a.timeAverage, b.estimate, b.timeAverage]);
    expect(leakedTensors(run, (r) => tf.dispose([r.estimate, r.timeAverage]))).toBe(0);
    expect(leakedTensors(() => { try { return runCoupledChains({ key: key(7), kernel: smallKernel, testFunction: hSmall, k: 0, m: 1, maxIterations: 2, onCap: 'throw' }); } catch { return undefined; } }, () => undefined)).toBe(0);
    const base = { key: key(8), kernel: smallKernel, testFunction: hSmall };
    expect(() => runCoupledChains({ ...base, k: 3, m: 2, maxIterations: 10 })).toThrow(ArgumentError);
    expect(() => runCoupledChains({ ...base, k: 0, m: 5, maxIterations: 4 })).toThrow(ArgumentError);
    expect(() => runCoupledChains({ ...base, k: 0, m: 2, lag: 0, maxIterations: 10 })).toThrow(ArgumentError);
    small.dispose();
  });
});
