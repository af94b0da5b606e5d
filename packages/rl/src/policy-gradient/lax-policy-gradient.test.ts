import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, compareVariances, fold, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeEpisodes, linearQuadraticEstimates } from '../../test/helpers/policy-gradient';
import { linearQuadraticMdp } from '../exact/linear-quadratic-mdp';
import { laxPolicyGradientBody } from '../internal/lax-policy-gradient-body';
import { box, discrete } from '../spaces';
import { controlVariateGradients } from './control-variate-gradients';
import { laxPolicyGradient } from './lax-policy-gradient';

const M = 20_000;
const FALSE_ALARM = 1e-3;
const POLICY = { gain: -0.4, logScale: Math.log(0.6) };

/** c_φ(s, a) = V(s) + ĉ(s, a) = φ_0 + φ_1 s² + φ_2 a² + φ_3 a s + φ_4 a, for s, a [M, H, 1] */
function quadraticControlVariate(observations: tf.Tensor, phi: tf.Tensor): (a: tf.Tensor) => tf.Tensor {
  return (a) =>
    tf.tidy(() => {
      const s = tf.squeeze(observations, [2]);
      const x = tf.squeeze(a, [2]);
      const features = tf.stack([tf.onesLike(s), tf.square(s), tf.square(x), tf.mul(x, s), x], -1); // [M, H, 5]
      return tf.sum(tf.mul(features, phi), -1);
    });
}

beforeAll(async () => {
  await ready();
});

describe('laxPolicyGradient', () => {
  it(`is unbiased for (∂J/∂K, ∂J/∂log σ) on the linear-quadratic MDP for a fixed arbitrary φ (M = ${M}, false-alarm rate ${FALSE_ALARM}); c at a fresh action (the RELAX continuous code) is detected`, () => {
    const lq = linearQuadraticMdp();
    const before = tf.memory().numTensors;
    const episodes = lq.sampleEpisodes(key(505), POLICY, { episodes: M });
    const exact = lq.exact(POLICY).gradient;
    // a second, low-variance φ (near the trained one) makes the test sharper on ∂J/∂K
    const sharp = tf.tensor1d([-1.0, -1.0, -0.7, 0.2, 0.2]);
    const sharpRows = linearQuadraticEstimates(episodes, POLICY, (loc, logScale) =>
      laxPolicyGradient({ loc, logScale, actions: episodes.actions, rewards: episodes.rewards, gamma: lq.gamma, controlVariate: quadraticControlVariate(episodes.observations, sharp) }).surrogate,
    );
    const sharpCheck = checkUnbiased({ estimates: sharpRows, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[LAX, c at the executed action, φ near the variance minimum] ${sharpCheck.message}`);
    expect(sharpCheck.passed, sharpCheck.message).toBe(true);
    const phi = tf.tensor1d([0.3, -1.2, 1.5, -0.8, 0.6]);
    const controlVariate = quadraticControlVariate(episodes.observations, phi);
    const common = { actions: episodes.actions, rewards: episodes.rewards, gamma: lq.gamma, controlVariate };
    const rows = linearQuadraticEstimates(episodes, POLICY, (loc, logScale) => laxPolicyGradient({ loc, logScale, ...common }).surrogate);
    const check = checkUnbiased({ estimates: rows, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[LAX, c at the executed action] ${check.message}`);
    expect(check.passed, check.message).toBe(true);
    const fresh = linearQuadraticEstimates(episodes, POLICY, (loc, logScale) => laxPolicyGradientBody('test', { loc, logScale, ...common }, { fresh: key(6) }).surrogate);
    const biased = checkUnbiased({ estimates: fresh, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[LAX, c at a fresh action] ${biased.message}`);
    expect(biased.passed, `the fresh-action variant went undetected: ${biased.message}`).toBe(false);
    disposeEpisodes(episodes);
    tf.dispose([phi, sharp]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('control-variate training (∂Σĝ²/∂φ) lowers the measured variance on the linear-quadratic MDP, and stays unbiased', () => {
    const lq = linearQuadraticMdp();
    const gain = tf.variable(tf.scalar(POLICY.gain), true, 'lax-test-gain');
    const logScale = tf.variable(tf.scalar(POLICY.logScale), true, 'lax-test-log-scale');
    const phi = tf.variable(tf.zeros([5]), true, 'lax-test-phi');
    const estimatesAt = (seed: number, m: number) => {
      const episodes = lq.sampleEpisodes(key(seed), POLICY, { episodes: m });
      const controlVariate = quadraticControlVariate(episodes.observations, phi);
      const rows = linearQuadraticEstimates(episodes, POLICY, (loc, l) => laxPolicyGradient({ loc, logScale: l, actions: episodes.actions, rewards: episodes.rewards, gamma: lq.gamma, controlVariate }).surrogate);
      disposeEpisodes(episodes);
      return rows;
    };
    const beforeTraining = estimatesAt(606, 4000);
    const startTensors = tf.memory().numTensors;
    const optimizer = tf.train.adam(0.05);
    const steps = 60;
    for (let step = 0; step < steps; step++) {
      const episodes = lq.sampleEpisodes(fold(key(707), step), POLICY, { episodes: 64 });
      const controlVariate = quadraticControlVariate(episodes.observations, phi);
      const { loss, gradients } = controlVariateGradients({
        surrogate: () => laxPolicyGradient({ loc: tf.mul(gain, episodes.observations), logScale, actions: episodes.actions, rewards: episodes.rewards, gamma: lq.gamma, controlVariate }).surrogate,
        policyVariables: [gain, logScale],
        controlVariables: [phi],
      });
      expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
      optimizer.applyGradients(gradients);
      tf.dispose([loss, ...gradients.map((g) => g.tensor)]);
      disposeEpisodes(episodes);
    }
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(startTensors);
    const afterTraining = estimatesAt(606, 4000);
    const comparison = compareVariances({ a: afterTraining, b: beforeTraining, paired: true, falseAlarmRate: FALSE_ALARM });
    console.log(`[LAX control-variate training, ${steps} Adam steps of 64 episodes] φ = [${Array.from(phi.dataSync()).map((v) => v.toFixed(3)).join(', ')}]; per-episode ${comparison.message}`);
    expect(comparison.lower, comparison.message).toBe(true);
    const check = checkUnbiased({ estimates: afterTraining, exact: lq.exact(POLICY).gradient, falseAlarmRate: FALSE_ALARM });
    console.log(`[LAX after training, M = 4000] ${check.message}`);
    expect(check.passed, check.message).toBe(true);
    tf.dispose([gain, logScale, phi]);
  });

  it('masked steps change nothing: padding episodes with junk steps under mask 0 gives the same gradient', () => {
    const lq = linearQuadraticMdp();
    const episodes = lq.sampleEpisodes(key(11), POLICY, { episodes: 8 });
    const phi = tf.tensor1d([0.3, -1.2, 1.5, -0.8, 0.6]);
    const H = lq.horizon;
    const pad = (t: tf.Tensor, value: number) => tf.concat([t, tf.fill([8, H, ...t.shape.slice(2)], value)], 1);
    const [plain, padded] = tf.tidy(() => {
      const grad = (extend: boolean) =>
        tf.grads((k: tf.Tensor, l: tf.Tensor) => {
          const observations = extend ? pad(episodes.observations, 3) : episodes.observations;
          return laxPolicyGradient({
            loc: tf.mul(k, observations),
            logScale: l,
            actions: extend ? pad(episodes.actions, -2) : episodes.actions,
            rewards: extend ? pad(episodes.rewards, 7) : episodes.rewards,
            mask: extend ? tf.concat([tf.ones([8, H]), tf.zeros([8, H])], 1) : undefined,
            gamma: lq.gamma,
            controlVariate: quadraticControlVariate(observations, phi),
          }).surrogate;
        })([tf.scalar(POLICY.gain), tf.scalar(POLICY.logScale)]).map((g) => g.dataSync()[0] as number);
      return [grad(false), grad(true)];
    });
    plain!.forEach((v, i) => expect(padded![i]).toBeCloseTo(v, 4));
    disposeEpisodes(episodes);
    phi.dispose();
  });

  it('typed errors: a Discrete action space, int actions, shapes, gamma, options; controlVariateGradients arguments', () => {
    const loc = tf.zeros([2, 3, 1]);
    const actions = tf.zeros([2, 3, 1]);
    const rewards = tf.zeros([2, 3]);
    const logScale = tf.zeros([1]);
    const args = { loc, logScale, actions, rewards, gamma: 0.9, controlVariate: (a: tf.Tensor) => tf.sum(a, -1) };
    const surrogate = (extra: object) => tf.tidy(() => laxPolicyGradient({ ...args, ...extra }).surrogate);
    expect(() => surrogate({ actionSpace: discrete(2) })).toThrow(/Box action space/);
    expect(() => surrogate({ actionSpace: box({ low: -1, high: 1, shape: [2] }) })).toThrow(ShapeError);
    expect(() => surrogate({ actions: tf.zeros([2, 3, 1], 'int32') })).toThrow(/float32/);
    expect(() => surrogate({ actions: tf.zeros([2, 3, 2]) })).toThrow(ShapeError);
    expect(() => surrogate({ logScale: tf.zeros([3]) })).toThrow(/logScale/);
    expect(() => surrogate({ gamma: Number.NaN })).toThrow(/gamma/);
    expect(() => surrogate({ controlVariate: 'value' })).toThrow(ArgumentError);
    expect(() => surrogate({ scale: logScale })).toThrow(/unknown option "scale"/);
    expect(() => surrogate({ actionSpace: box({ low: -1, high: 1, shape: [1] }) })).not.toThrow();
    const v = tf.variable(tf.scalar(1));
    expect(() => controlVariateGradients({ surrogate: () => tf.scalar(0), policyVariables: [v], controlVariables: [v] })).toThrow(/disjoint/);
    expect(() => controlVariateGradients({ surrogate: () => tf.scalar(0), policyVariables: [], controlVariables: [v] })).toThrow(ArgumentError);
    tf.dispose([loc, actions, rewards, logScale, v]);
  });
});
