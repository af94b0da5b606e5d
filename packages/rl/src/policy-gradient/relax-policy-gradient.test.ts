import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, compareVariances, fold, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { THETA, disposeEpisodes, logitsAt, tabularControlVariate, tabularEstimates } from '../../test/helpers/policy-gradient';
import { tabularMdp } from '../exact/tabular-mdp';
import { relaxPolicyGradientBody } from '../internal/relax-policy-gradient-body';
import { box as boxSpace, discrete } from '../spaces';
import { controlVariateGradients } from './control-variate-gradients';
import { relaxPolicyGradient } from './relax-policy-gradient';

const M = 20_000;
const FALSE_ALARM = 1e-3;

/** the RELAX RL code's "slightly biased" sampler (REFERENCES-RL.md §1.2): z̃_b = log π_b + g_b, z̃_i = log π_i − log(−log u_i + exp(−(z̃_b − log π_i))) */
function referenceCodeSampler(logits: tf.Tensor, b: tf.Tensor, noise: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const top = tf.sum(tf.mul(b, tf.add(logp, noise)), -1, true);
    const others = tf.sub(logp, tf.log(tf.add(tf.exp(tf.neg(noise)), tf.exp(tf.neg(tf.sub(top, logp))))));
    return tf.add(tf.mul(b, top), tf.mul(tf.sub(1, b), others));
  });
}

/** an arbitrary fixed φ with a strong action dependence */
function fixedPhi() {
  return {
    v: tf.tensor1d([0.5, 1.2, -0.3]),
    W: tf.tensor2d([[2.0, -1.5, 0.5], [-1.0, 2.5, 1.0], [1.5, 0.0, -2.0]]),
    U: tf.tensor2d([[1.0, 0.5, -1.0], [0.0, -1.5, 2.0], [-0.5, 1.0, 0.5]]),
    scale: tf.scalar(1.3),
  };
}

beforeAll(async () => {
  await ready();
});

describe('relaxPolicyGradient', () => {
  it(`is unbiased for ∇J on the tabular MDP for a fixed arbitrary φ (z̃ from the exact conditional; M = ${M}, false-alarm rate ${FALSE_ALARM}), with and without the rollout's Gumbel noise; the reference code's sampler is detected`, () => {
    const mdp = tabularMdp();
    const before = tf.memory().numTensors;
    const episodes = mdp.sampleEpisodes(key(202), THETA, { episodes: M });
    const phi = fixedPhi();
    const controlVariate = tabularControlVariate(episodes.observations, phi);
    const exact = mdp.exact(THETA).gradient;
    const common = { actions: episodes.actions, rewards: episodes.rewards, gamma: mdp.gamma, controlVariate, temperature: 0.5 };
    const withNoise = tabularEstimates(mdp, episodes, THETA, (logits) => relaxPolicyGradient({ key: key(1), logits, noise: episodes.noise, ...common }).surrogate);
    const check = checkUnbiased({ estimates: withNoise, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[RELAX, rollout noise] ${check.message}`);
    expect(check.passed, check.message).toBe(true);
    const drawn = tabularEstimates(mdp, episodes, THETA, (logits) => relaxPolicyGradient({ key: key(2), logits, ...common }).surrogate);
    const checkDrawn = checkUnbiased({ estimates: drawn, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[RELAX, z drawn from p(z | a)] ${checkDrawn.message}`);
    expect(checkDrawn.passed, checkDrawn.message).toBe(true);
    const biased = tabularEstimates(mdp, episodes, THETA, (logits) => relaxPolicyGradientBody('test', { key: key(1), logits, noise: episodes.noise, ...common }, referenceCodeSampler).surrogate);
    const checkBiased = checkUnbiased({ estimates: biased, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[RELAX, reference code's conditional sampler] ${checkBiased.message}`);
    expect(checkBiased.passed, `the biased sampler went undetected: ${checkBiased.message}`).toBe(false);
    disposeEpisodes(episodes);
    tf.dispose(Object.values(phi));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('control-variate training (∂Σĝ²/∂φ: network, log τ, scale) lowers the measured variance on the exact MDP, and stays unbiased', () => {
    const mdp = tabularMdp();
    const theta = tf.variable(tf.tensor2d(THETA), true, 'relax-test-theta');
    const phi = {
      v: tf.variable(tf.zeros([3]), true, 'relax-test-v'),
      W: tf.variable(tf.zeros([3, 3]), true, 'relax-test-W'),
      U: tf.variable(tf.zeros([3, 3]), true, 'relax-test-U'),
      scale: tf.variable(tf.scalar(1), true, 'relax-test-scale'),
    };
    const logTemperature = tf.variable(tf.scalar(0), true, 'relax-test-log-temperature');
    const controlVariables = [phi.v, phi.W, phi.U, phi.scale, logTemperature];
    const estimatesAt = (seed: number, m: number) => {
      const episodes = mdp.sampleEpisodes(key(seed), THETA, { episodes: m });
      const controlVariate = tabularControlVariate(episodes.observations, phi);
      const rows = tabularEstimates(mdp, episodes, THETA, (logits) =>
        relaxPolicyGradient({ key: fold(key(seed), 1), logits, noise: episodes.noise, actions: episodes.actions, rewards: episodes.rewards, gamma: mdp.gamma, controlVariate, temperature: tf.exp(logTemperature) }).surrogate,
      );
      disposeEpisodes(episodes);
      return rows;
    };
    const beforeTraining = estimatesAt(303, 4000);
    const startTensors = tf.memory().numTensors;
    const optimizer = tf.train.adam(0.05);
    const steps = 60;
    for (let step = 0; step < steps; step++) {
      const episodes = mdp.sampleEpisodes(fold(key(404), step), THETA, { episodes: 64 });
      const controlVariate = tabularControlVariate(episodes.observations, phi);
      const { loss, gradients } = controlVariateGradients({
        surrogate: () =>
          relaxPolicyGradient({ key: fold(key(405), step), logits: logitsAt(episodes.observations, theta), noise: episodes.noise, actions: episodes.actions, rewards: episodes.rewards, gamma: mdp.gamma, controlVariate, temperature: tf.exp(logTemperature) }).surrogate,
        policyVariables: [theta],
        controlVariables,
      });
      expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
      expect(gradients.map((g) => g.name).sort()).toEqual(controlVariables.map((v) => v.name).sort());
      optimizer.applyGradients(gradients);
      tf.dispose([loss, ...gradients.map((g) => g.tensor)]);
      disposeEpisodes(episodes);
    }
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(startTensors);
    const afterTraining = estimatesAt(303, 4000);
    const comparison = compareVariances({ a: afterTraining, b: beforeTraining, paired: true, falseAlarmRate: FALSE_ALARM });
    console.log(`[RELAX control-variate training, ${steps} Adam steps of 64 episodes] τ = ${Math.exp(logTemperature.dataSync()[0]!).toFixed(3)}, scale = ${phi.scale.dataSync()[0]!.toFixed(3)}; per-episode ${comparison.message}`);
    expect(comparison.lower, comparison.message).toBe(true);
    const check = checkUnbiased({ estimates: afterTraining, exact: mdp.exact(THETA).gradient, falseAlarmRate: FALSE_ALARM });
    console.log(`[RELAX after training, M = 4000] ${check.message}`);
    expect(check.passed, check.message).toBe(true);
    tf.dispose([theta, logTemperature, ...Object.values(phi)]);
  });

  it('is deterministic under a key: the same key gives bitwise the same estimate, another key another one', () => {
    const mdp = tabularMdp();
    const episodes = mdp.sampleEpisodes(key(9), THETA, { episodes: 16 });
    const phi = fixedPhi();
    const controlVariate = tabularControlVariate(episodes.observations, phi);
    const estimate = (k: ReturnType<typeof key>) =>
      tabularEstimates(mdp, episodes, THETA, (logits) => relaxPolicyGradient({ key: k, logits, actions: episodes.actions, rewards: episodes.rewards, gamma: mdp.gamma, controlVariate, temperature: 0.5 }).surrogate).flatMap((row) => Array.from(row));
    const a = estimate(key(1));
    expect(estimate(key(1))).toEqual(a);
    expect(estimate(key(2))).not.toEqual(a);
    disposeEpisodes(episodes);
    tf.dispose(Object.values(phi));
  });

  it('typed errors: a Box action space, float actions, out-of-range actions, gamma, shapes, temperature, options', () => {
    const logits = tf.zeros([2, 3, 3]);
    const actions = tf.zeros([2, 3], 'int32');
    const rewards = tf.zeros([2, 3]);
    const args = { key: key(0), logits, actions, rewards, gamma: 0.9, controlVariate: (x: tf.Tensor) => tf.sum(x, -1), temperature: 0.5 };
    const surrogate = (extra: object) => tf.tidy(() => relaxPolicyGradient({ ...args, ...extra }).surrogate);
    expect(() => surrogate({ actionSpace: boxSpace({ low: -1, high: 1, shape: [3] }) })).toThrow(/Discrete action space/);
    expect(() => surrogate({ actionSpace: discrete(4) })).toThrow(ShapeError);
    expect(() => surrogate({ actions: tf.zeros([2, 3]) })).toThrow(/int32/);
    expect(() => surrogate({ actions: tf.fill([2, 3], 3, 'int32') })).toThrow(ArgumentError);
    expect(() => surrogate({ gamma: 1.5 })).toThrow(/gamma/);
    expect(() => surrogate({ logits: tf.zeros([2, 4, 3]) })).toThrow(ShapeError);
    expect(() => surrogate({ temperature: 0 })).toThrow(/temperature/);
    expect(() => surrogate({ key: 3 })).toThrow(/key/);
    expect(() => surrogate({ controlVariate: () => tf.zeros([2]) })).toThrow(/controlVariate/);
    expect(() => surrogate({ temprature: 1 })).toThrow(/did you mean "temperature"/);
    expect(() => surrogate({ actionSpace: discrete(3) })).not.toThrow();
    tf.dispose([logits, actions, rewards]);
  });
});
