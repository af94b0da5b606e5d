import * as tf from '@tensorflow/tfjs-core';
import { key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { THETA, disposeEpisodes, logitsAt, tabularControlVariate } from '../../test/helpers/policy-gradient';
import { linearQuadraticMdp } from '../exact/linear-quadratic-mdp';
import { tabularMdp } from '../exact/tabular-mdp';
import { controlVariateGradients } from './control-variate-gradients';
import { laxPolicyGradient } from './lax-policy-gradient';
import { relaxPolicyGradient } from './relax-policy-gradient';

beforeAll(async () => {
  await ready();
});

/** ĝ by tf.grad, then Σĝ² as a number: the loss that controlVariateGradients differentiates */
function squaredEstimate(surrogate: () => tf.Scalar, policy: tf.Variable[]): number {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(surrogate, policy);
    return tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0] as number;
  });
}

/** central differences of Σĝ² in each listed element of φ, against the second-order gradient */
function expectMatchesDifferences(surrogate: () => tf.Scalar, policy: tf.Variable[], control: tf.Variable[], h: number): void {
  const { loss, gradients } = controlVariateGradients({ surrogate, policyVariables: policy, controlVariables: control });
  expect(loss.dataSync()[0]).toBeCloseTo(squaredEstimate(surrogate, policy), 3);
  for (const { name, tensor } of gradients) {
    const variable = control.find((v) => v.name === name) as tf.Variable;
    const analytic = tensor.dataSync();
    const base = variable.dataSync().slice();
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[i] = (moved[i] as number) + delta;
        tf.tidy(() => variable.assign(tf.tensor(moved, variable.shape)));
        return squaredEstimate(surrogate, policy);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      tf.tidy(() => variable.assign(tf.tensor(base, variable.shape)));
      expect(Math.abs((analytic[i] as number) - numeric), `${name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
    }
  }
  tf.dispose([loss, ...gradients.map((g) => g.tensor)]);
}

describe('controlVariateGradients', () => {
  it('RELAX: ∂Σĝ²/∂φ (network, scale and log τ through the relaxation) matches central differences of Σĝ²', () => {
    const mdp = tabularMdp();
    const episodes = mdp.sampleEpisodes(key(808), THETA, { episodes: 8 });
    const theta = tf.variable(tf.tensor2d(THETA), true, 'cvg-theta');
    const phi = {
      v: tf.variable(tf.tensor1d([0.2, -0.4, 0.6]), true, 'cvg-v'),
      W: tf.variable(tf.tensor2d([[1.0, -0.5, 0.3], [0.2, 0.8, -1.1], [-0.7, 0.4, 0.9]]), true, 'cvg-W'),
      U: tf.variable(tf.tensor2d([[0.5, 0.0, -0.3], [0.1, -0.6, 0.4], [0.3, 0.2, -0.2]]), true, 'cvg-U'),
      scale: tf.variable(tf.scalar(0.9), true, 'cvg-scale'),
    };
    const logTemperature = tf.variable(tf.scalar(Math.log(0.7)), true, 'cvg-log-temperature');
    const controlVariate = tabularControlVariate(episodes.observations, phi);
    const before = tf.memory().numTensors;
    const surrogate = () =>
      relaxPolicyGradient({ key: key(1), logits: logitsAt(episodes.observations, theta), noise: episodes.noise, actions: episodes.actions, rewards: episodes.rewards, gamma: mdp.gamma, controlVariate, temperature: tf.exp(logTemperature) }).surrogate;
    expectMatchesDifferences(surrogate, [theta], [phi.W, phi.scale, logTemperature], 1e-2);
    expect(tf.memory().numTensors).toBe(before);
    disposeEpisodes(episodes);
    tf.dispose([theta, logTemperature, ...Object.values(phi)]);
  });

  it('LAX: ∂Σĝ²/∂φ matches central differences of Σĝ²', () => {
    const lq = linearQuadraticMdp();
    const policy = { gain: -0.4, logScale: Math.log(0.6) };
    const episodes = lq.sampleEpisodes(key(909), policy, { episodes: 8 });
    const gain = tf.variable(tf.scalar(policy.gain), true, 'cvg-gain');
    const logScale = tf.variable(tf.scalar(policy.logScale), true, 'cvg-log-scale');
    const phi = tf.variable(tf.tensor1d([0.3, -0.5, 0.8, -0.2, 0.4]), true, 'cvg-phi');
    const controlVariate = (a: tf.Tensor) =>
      tf.tidy(() => {
        const s = tf.squeeze(episodes.observations, [2]);
        const x = tf.squeeze(a, [2]);
        return tf.sum(tf.mul(tf.stack([tf.onesLike(s), tf.square(s), tf.square(x), tf.mul(x, s), x], -1), phi), -1);
      });
    const surrogate = () => laxPolicyGradient({ loc: tf.mul(gain, episodes.observations), logScale, actions: episodes.actions, rewards: episodes.rewards, gamma: lq.gamma, controlVariate }).surrogate;
    expectMatchesDifferences(surrogate, [gain, logScale], [phi], 1e-2);
    disposeEpisodes(episodes);
    tf.dispose([gain, logScale, phi]);
  });
});
