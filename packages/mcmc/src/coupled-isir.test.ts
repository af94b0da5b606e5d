import * as tf from '@tensorflow/tfjs-core';
import { checkUnbiased, key, ready } from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classes, discreteModel, drawAugmentedPosterior, logJointTable, posterior, proposalProbs } from '../test/discrete-model';
import { flagRows, oneHotRows, softmax, tensorRows } from '../test/helpers';
import { coupledIsir } from './coupled-isir';
import type { IsirState } from './isir';
import { meetingTimeSummary } from './meeting-time-summary';
import { runCoupledChains } from './run-coupled-chains';

const S = 3;
const B = 20_000;

describe('coupledIsir', () => {
  let model: ReturnType<typeof discreteModel>;
  beforeAll(async () => {
    await ready();
    model = discreteModel(B);
  });
  afterAll(() => model.dispose());

  const posteriorRows = (kernel: ReturnType<typeof coupledIsir>, state: IsirState) =>
    tf.tidy(() => tensorRows(kernel.marginal.weightedAverage(state, tf.oneHot(tf.cast(state.particles, 'int32'), classes))));

  it('moves each chain by the i-SIR kernel: from (π̄, π̄), both chains stay π̄-distributed over two coupled steps', () => {
    const kernel = coupledIsir({ x: model.x, logJoint: model.logJoint, proposal: model.proposal, numParticles: S });
    const zx = drawAugmentedPosterior(key(1), S, B);
    const zy = drawAugmentedPosterior(key(2), S, B);
    let x = kernel.marginal.fromParticles(key(3), zx);
    let y = kernel.marginal.fromParticles(key(4), zy);
    tf.dispose([zx, zy]);
    let met = 0;
    for (const t of [1, 2]) {
      const step = kernel.step(key(10 + t), x, y);
      kernel.marginal.dispose(x);
      kernel.marginal.dispose(y);
      ({ x, y } = step);
      met = step.met.reduce((s, v) => s + v, 0);
      for (const [name, state] of [
        ['X', x],
        ['Y', y],
      ] as const) {
        const check = checkUnbiased({ estimates: posteriorRows(kernel, state), exact: posterior });
        expect(check.passed, `${name} after coupled step ${t}: ${check.message}`).toBe(true);
      }
    }
    // the first step cannot meet (nothing shared yet); the second often does
    expect(met).toBeGreaterThan(B / 10);
    kernel.marginal.dispose(x);
    kernel.marginal.dispose(y);
  });

  it('starts Y₀ ~ q^{⊗S} (exact joint law over all 4^S configurations) and meets at τ = 1 with probability E[Σ_s min(w̄_s, 1/S)]', () => {
    const kernel = coupledIsir({ x: model.x, logJoint: model.logJoint, proposal: model.proposal, numParticles: S });
    const x0 = kernel.marginal.init(key(30));
    const x1 = kernel.marginal.step(key(31), x0);
    const y0 = kernel.initPartner(key(32), { current: x1, previous: x0, lag: 1 });
    const met = kernel.met(x1, y0);
    // the configuration index Σ_s z_s 4^s of Y₀, one-hot over 4^S cells
    const cells = classes ** S;
    const configurations = (state: IsirState) => {
      const z = state.particles.dataSync();
      return Array.from({ length: B }, (_, b) => {
        let index = 0;
        for (let s = S - 1; s >= 0; s--) index = index * classes + (z[s * B + b] as number);
        return index;
      });
    };
    const rows = configurations(y0);
    const exactJoint: number[] = [];
    let exactMeet = 0;
    const logWeight = logJointTable.map((v, c) => v - Math.log(proposalProbs[c] as number));
    for (let index = 0; index < cells; index++) {
      const config = Array.from({ length: S }, (_, s) => Math.floor(index / classes ** s) % classes);
      const probability = config.reduce((p, c) => p * (proposalProbs[c] as number), 1);
      exactJoint.push(probability);
      const w = softmax(config.map((c) => logWeight[c] as number));
      exactMeet += probability * w.reduce((sum, v) => sum + Math.min(v, 1 / S), 0);
    }
    expectUnbiased({ estimates: oneHotRows(rows, cells), exact: exactJoint });
    // power check: X₁ itself (what Y₀ copies when the indices agree) is not q^{⊗S}-distributed
    expectBiasDetected({ estimates: oneHotRows(configurations(x1), cells), exact: exactJoint });
    const check = checkUnbiased({ estimates: flagRows(met), exact: [exactMeet] });
    console.info(`lag-1 start: P(Y₀ = X₁) = ${check.mean[0]?.toFixed(4)} vs E[Σ min(w̄, 1/S)] = ${exactMeet.toFixed(4)} (z = ${check.z[0]?.toFixed(2)}); Y₀'s law over ${cells} configurations matches q^{⊗S}`);
    expect(check.passed, check.message).toBe(true);
    for (const state of [x0, x1, y0]) kernel.marginal.dispose(state);
  });

  it('with q = p(z | x): lag 1 meets at the first step (τ = 1); lag 2 (a fresh partner) meets at τ = 3 with probability 1 − 1/S, then geometrically', () => {
    const exact = discreteModel(B, { proposalEqualsPosterior: true });
    const kernel = coupledIsir({ x: exact.x, logJoint: exact.logJoint, proposal: exact.proposal, numParticles: S });
    const run = (lag: number) => runCoupledChains({ key: key(20 + lag), kernel, testFunction: (s) => tf.zeros([s.logWeights.shape[1] as number]), k: 0, m: 0, lag, maxIterations: 100 });
    const one = run(1);
    const atFirst = one.meetingTimes.reduce((n, t) => n + (t === 1 ? 1 : 0), 0);
    console.info(`q = posterior, S = ${S}, lag 1: ${atFirst} of ${B} chains meet at τ = 1 (${JSON.stringify(meetingTimeSummary(one.meetingTimes).histogram)})`);
    // w̄ is uniform up to float32 rounding of log p(x, z) − log q(z | x), which may leave a few chains out
    expect(atFirst).toBeGreaterThanOrEqual(B - 20);
    expect(one.numCapped).toBe(0);
    tf.dispose([one.estimate, one.timeAverage]);

    const two = run(2);
    const rows = Array.from(two.meetingTimes, (t) => [t === 3 ? 1 : 0, t]);
    // τ − 2 ~ Geometric(1 − 1/S): P(τ = 3) = 1 − 1/S, E[τ] = 2 + S/(S − 1)
    const check = checkUnbiased({ estimates: rows, exact: [1 - 1 / S, 2 + S / (S - 1)] });
    const summary = meetingTimeSummary(two.meetingTimes);
    console.info(`q = posterior, S = ${S}, lag 2: P(τ = 3) = ${check.mean[0]?.toFixed(4)} (exact ${(1 - 1 / S).toFixed(4)}, z = ${check.z[0]?.toFixed(2)}), mean τ = ${summary.mean.toFixed(3)} (z = ${check.z[1]?.toFixed(2)})`);
    expect(check.passed, check.message).toBe(true);
    expect(summary.min).toBe(3);
    expect(two.numCapped).toBe(0);
    tf.dispose([two.estimate, two.timeAverage]);
    exact.dispose();
  });
});
