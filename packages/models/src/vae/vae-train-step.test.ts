import * as tf from '@tensorflow/tfjs-core';
import { type GradientEstimator, fold, key, leaveOneOut, random, ready, scoreFunction } from '@stochgrad/core';
import { arm, disarm, localDisarm, vimco } from '@stochgrad/discrete';
import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulliVae } from './bernoulli-vae';

/** Three SGD steps on a small linear VAE; every variable's values after, and the estimate() calls made. */
function train(estimator: GradientEstimator) {
  const sgd = tf.train.sgd(0.1);
  const vae = bernoulliVae({ key: key(31), pixels: 20, latents: 6, optimizers: { encoder: sgd, decoder: sgd, prior: sgd } });
  const x = random.bernoulli(key(32), { probs: 0.4 }, [8, 20]);
  const objectives: number[] = [];
  for (let step = 0; step < 3; step++) objectives.push(vae.trainStep({ key: fold(key(33), step), x, estimator }).objective);
  const values = [...vae.encoderVariables, ...vae.decoderVariables, vae.priorLogits].map((v) => Array.from(v.dataSync()));
  x.dispose();
  vae.dispose();
  sgd.dispose();
  return { objectives, values };
}

/** An estimator that counts its estimate() calls (the tape path calls it; the hand path never does). */
function counting(inner: GradientEstimator, overrides: Partial<GradientEstimator> = {}): { estimator: GradientEstimator; calls: () => number } {
  let calls = 0;
  const estimator: GradientEstimator = {
    name: inner.name,
    evaluations: inner.evaluations,
    target: inner.target,
    unbiased: inner.unbiased,
    ...(inner.bernoulliPair ? { bernoulliPair: inner.bernoulliPair } : {}),
    estimate: (args) => {
      calls++;
      return inner.estimate(args);
    },
    ...overrides,
  };
  return { estimator, calls: () => calls };
}

describe('vaeTrainStep: the declared Bernoulli pair capability, not the name, picks the hand-differentiated step', () => {
  beforeAll(async () => {
    await ready();
  });

  it('disarm(), arm() and 2-sample REINFORCE-LOO declare it; other estimators and other settings do not', () => {
    expect(disarm().bernoulliPair).toBeDefined();
    expect(arm().bernoulliPair).toBeDefined();
    expect(scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }).bernoulliPair).toBeDefined();
    expect(disarm({ numPairs: 2 }).bernoulliPair).toBeUndefined();
    expect(arm({ numPairs: 3 }).bernoulliPair).toBeUndefined();
    expect(scoreFunction({ controlVariate: leaveOneOut(), numSamples: 3 }).bernoulliPair).toBeUndefined();
    expect(scoreFunction({ numSamples: 2 }).bernoulliPair).toBeUndefined();
    // a control variate that only shares leaveOneOut's name is not leaveOneOut
    expect(scoreFunction({ controlVariate: { ...leaveOneOut() }, numSamples: 2 }).bernoulliPair).toBeUndefined();
    expect(localDisarm({ numPairs: 2 }).bernoulliPair).toBeUndefined();
    expect(vimco({ numSamples: 2 }).bernoulliPair).toBeUndefined();
  });

  it('a renamed, wrapped disarm that declares the capability takes the hand path: estimate() is never called, same numbers as disarm()', () => {
    const reference = train(disarm());
    const wrapped = counting(disarm(), { name: 'my-antithetic-estimator' });
    const got = train(wrapped.estimator);
    expect(wrapped.calls()).toBe(0);
    expect(got.objectives).toEqual(reference.objectives);
    expect(got.values).toEqual(reference.values);
  });

  it("an estimator named 'disarm' without the capability takes the tape path (estimate() is called every step)", () => {
    const { bernoulliPair: _dropped, ...undeclared } = disarm();
    const plain = counting({ ...undeclared, name: 'disarm' });
    expect(plain.estimator.bernoulliPair).toBeUndefined();
    const got = train(plain.estimator);
    expect(plain.calls()).toBe(3);
    // the same estimator either way: the paths agree to float rounding, not bitwise
    const reference = train(disarm());
    got.objectives.forEach((o, i) => expect(o).toBeCloseTo(reference.objectives[i] as number, 3));
  });

  it('fastPath: false or hidden layers keep the tape path even with the capability', () => {
    const declared = counting(disarm());
    const sgd = tf.train.sgd(0.1);
    const x = random.bernoulli(key(34), { probs: 0.4 }, [4, 20]);
    for (const options of [{ fastPath: false }, { hidden: [5] }]) {
      const vae = bernoulliVae({ key: key(35), pixels: 20, latents: 6, optimizers: { encoder: sgd, decoder: sgd, prior: sgd }, ...options });
      const before = declared.calls();
      vae.trainStep({ key: key(36), x, estimator: declared.estimator });
      expect(declared.calls()).toBe(before + 1);
      vae.dispose();
    }
    tf.dispose([x]);
    sgd.dispose();
  });
});
