import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, key, ready } from '@stochgrad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discreteModel } from '../test/discrete-model';
import { leakedTensors } from '../test/helpers';
import { coupledIsir } from './coupled-isir';
import type { IsirState } from './isir';
import { runCoupledChains } from './run-coupled-chains';
import { traceCoupledChains } from './trace-coupled-chains';

const B = 300;

describe('traceCoupledChains', () => {
  let model: ReturnType<typeof discreteModel>;
  let kernel: ReturnType<typeof coupledIsir>;
  // the posterior-weighted mean of z and the largest normalised weight: [B, 2]
  const h = (state: IsirState) =>
    tf.tidy(() => tf.stack([kernel.marginal.weightedAverage(state, state.particles), tf.max(kernel.marginal.normalizedWeights(state), 0)], 1));
  beforeAll(async () => {
    await ready();
    model = discreteModel(B);
    kernel = coupledIsir({ x: model.x, logJoint: model.logJoint, proposal: model.proposal, numParticles: 3 });
  });
  afterAll(() => model.dispose());

  it('records h(X_t), h(Y_{t−L}) until every chain has met; the traces join at τ and match runCoupledChains', () => {
    for (const lag of [1, 2]) {
      const trace = traceCoupledChains({ key: key(1), kernel, testFunction: h, lag, minSteps: 3, maxIterations: 200 });
      const run = runCoupledChains({ key: key(1), kernel, testFunction: h, k: 0, m: 3, lag, maxIterations: 200 });
      expect(Array.from(trace.meetingTimes)).toEqual(Array.from(run.meetingTimes));
      tf.dispose([run.estimate, run.timeAverage]);
      expect(trace.numCapped).toBe(0);
      const last = Math.max(3, ...trace.meetingTimes);
      expect(trace.x.length).toBe(last + 1);
      expect(trace.x[0]?.length).toBe(B);
      expect(trace.x[0]?.[0]?.length).toBe(2);
      for (let t = 0; t < lag; t++) expect(trace.y[t]).toBeNull();
      let differed = 0;
      for (let b = 0; b < B; b++) {
        const tau = trace.meetingTimes[b] as number;
        for (let t = lag; t <= last; t++) {
          const yt = trace.y[t];
          if (yt === null || yt === undefined) continue;
          if (t >= tau) expect(yt[b]).toEqual(trace.x[t]?.[b]);
          else if (JSON.stringify(yt[b]) !== JSON.stringify(trace.x[t]?.[b])) differed++;
        }
      }
      expect(differed).toBeGreaterThan(0);
      // once every chain has met, Y is dropped
      if (last > Math.max(...trace.meetingTimes)) expect(trace.y[last]).toBeNull();
    }
  });

  it('reports capped chains, is deterministic, leaks nothing, and checks its input', () => {
    const capped = traceCoupledChains({ key: key(2), kernel, testFunction: h, maxIterations: 2 });
    expect(capped.numCapped).toBeGreaterThan(0);
    expect(capped.meetingTimes.filter((t) => t === Infinity).length).toBe(capped.numCapped);
    const again = traceCoupledChains({ key: key(2), kernel, testFunction: h, maxIterations: 2 });
    expect(again.x).toEqual(capped.x);
    expect(leakedTensors(() => traceCoupledChains({ key: key(3), kernel, testFunction: h, maxIterations: 50 }), () => undefined)).toBe(0);
    expect(() => traceCoupledChains({ key: key(4), kernel, testFunction: h, lag: 0, maxIterations: 50 })).toThrow(ArgumentError);
    expect(() => traceCoupledChains({ key: key(4), kernel, testFunction: h, minSteps: 60, maxIterations: 50 })).toThrow(ArgumentError);
    expect(() => traceCoupledChains({ key: key(4), kernel, testFunction: () => tf.zeros([B + 1]), maxIterations: 50 })).toThrow(ShapeError);
  });
});
