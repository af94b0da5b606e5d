import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ArgumentError, checkUnbiased, fold, key, ready } from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classes, discreteModel, isirProblem, drawAugmentedPosterior, posterior, proposalProbs } from '../test/discrete-model';
import { leakedTensors, tensorRows } from '../test/helpers';
import { type IsirState, isir } from './isir';

const S = 3;
const B = 20_000;

describe('isir on an enumerable latent space (z ∈ {0..3}, S = 3, B = 20 000 chains)', () => {
  let model: ReturnType<typeof discreteModel>;
  beforeAll(async () => {
    await ready();
    model = discreteModel(B);
  });
  afterAll(() => model.dispose());

  /** rows [B, K]: Σ_s w̄_s onehot(z_s), whose expectation under π̄ is the posterior */
  const posteriorRows = (kernel: ReturnType<typeof isir>, state: IsirState) =>
    tf.tidy(() => tensorRows(kernel.weightedAverage(state, tf.oneHot(tf.cast(state.particles, 'int32'), classes))));
  /** rows [B, K]: onehot(z in slot 0), whose law under π̄ is posterior/S + (1 − 1/S) q */
  const slotRows = (state: IsirState) => tf.tidy(() => tensorRows(tf.oneHot(tf.cast(tf.gather(state.particles, 0), 'int32'), classes)));
  const slotMarginal = posterior.map((p, i) => p / S + (1 - 1 / S) * (proposalProbs[i] as number));

  it('leaves π̄ invariant: after 1 and 4 steps from π̄, E[Σ w̄ onehot(z)] = p(z | x) and the slot marginal is right', () => {
    const kernel = isir({ x: model.x, logJoint: model.logJoint, proposal: model.proposal, numParticles: S });
    const start = drawAugmentedPosterior(key(1), S, B);
    let state = kernel.fromParticles(key(2), start);
    start.dispose();
    // the starting state itself passes (checks the oracle and drawAugmentedPosterior)
    expectUnbiased({ estimates: posteriorRows(kernel, state), exact: posterior });
    for (let t = 1; t <= 4; t++) {
      const next = kernel.step(fold(key(3), t), state);
      kernel.dispose(state);
      state = next;
      if (t === 1 || t === 4) {
        const rows = posteriorRows(kernel, state);
        const check = checkUnbiased({ estimates: rows, exact: posterior });
        console.info(`i-SIR invariance after ${t} step(s): max |z| = ${check.maxAbsZ.toFixed(2)} over ${classes} states (threshold ${check.threshold.toFixed(2)})`);
        expect(check.passed, check.message).toBe(true);
        expectUnbiased({ estimates: slotRows(state), exact: slotMarginal });
      }
    }
    kernel.dispose(state);
  });

  it('power check: plain SIR (S fresh draws, no retained particle) is detectably biased', () => {
    const kernel = isir({ x: model.x, logJoint: model.logJoint, proposal: model.proposal, numParticles: S });
    const state = kernel.init(key(4)); // q^{⊗S}: what SIR resamples from
    expectBiasDetected({ estimates: posteriorRows(kernel, state), exact: posterior });
    kernel.dispose(state);
  });

  it('is deterministic under a key and leaks nothing', () => {
    const small = discreteModel(5);
    const kernel = isir({ ...isirProblem(small), numParticles: S });
    const run = () => {
      const s0 = kernel.init(key(5));
      const s1 = kernel.step(key(6), s0);
      kernel.dispose(s0);
      return s1;
    };
    const a = run();
    const b = run();
    expect(Array.from(a.particles.dataSync())).toEqual(Array.from(b.particles.dataSync()));
    expect(Array.from(a.identities)).toEqual(Array.from(b.identities));
    kernel.dispose(a);
    kernel.dispose(b);
    expect(leakedTensors(run, (s) => kernel.dispose(s))).toBe(0);
    small.dispose();
  });

  it('throws typed errors for S < 2 and mismatched shapes', () => {
    const small = discreteModel(5);
    expect(() => isir({ ...isirProblem(small), numParticles: 1 })).toThrow(ArgumentError);
    expect(() => isir({ ...isirProblem(small), x: tf.zeros([4, 1]), numParticles: 2 })).toThrow(ShapeError);
    const wrongJoint = isir({ ...isirProblem(small), logJoint: (_x, z) => tf.zeros([z.shape[0] as number]), numParticles: 2 });
    expect(() => wrongJoint.init(key(7))).toThrow(ShapeError);
    small.dispose();
  });
});
