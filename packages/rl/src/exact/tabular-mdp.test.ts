import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tabularMdp } from './tabular-mdp';

const THETA = [
  [0.4, -0.3, 0.1],
  [-0.6, 0.8, 0.0],
  [0.2, 0.5, -0.9],
];

/** J by brute force: every trajectory (s_0, a_0, …, s_{H−1}, a_{H−1}) weighted by its probability */
function enumeratedValue(mdp: ReturnType<typeof tabularMdp>, theta: number[][]): number {
  const pi = theta.map((row) => {
    const e = row.map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const walk = (s: number, t: number): number => {
    if (t === mdp.horizon) return 0;
    let total = 0;
    for (let a = 0; a < mdp.numActions; a++) {
      let future = 0;
      if (t + 1 < mdp.horizon) for (let s2 = 0; s2 < mdp.numStates; s2++) future += mdp.transitions[s]![a]![s2]! * walk(s2, t + 1);
      total += pi[s]![a]! * (mdp.gamma ** t * mdp.rewards[s]![a]! + future);
    }
    return total;
  };
  return mdp.initial.reduce((acc, p, s) => acc + p * walk(s, 0), 0);
}

describe('tabularMdp', () => {
  beforeAll(async () => {
    await ready();
  });

  it('exact J matches enumeration of all trajectories, and ∂J/∂θ matches central differences of it', () => {
    const mdp = tabularMdp();
    const { value, gradient } = mdp.exact(THETA);
    expect(value).toBeCloseTo(enumeratedValue(mdp, THETA), 12);
    const h = 1e-5;
    for (let s = 0; s < 3; s++) {
      for (let a = 0; a < 3; a++) {
        const plus = THETA.map((r) => [...r]);
        const minus = THETA.map((r) => [...r]);
        plus[s]![a]! += h;
        minus[s]![a]! -= h;
        const numeric = (enumeratedValue(mdp, plus) - enumeratedValue(mdp, minus)) / (2 * h);
        expect(Math.abs(gradient[s * 3 + a]! - numeric)).toBeLessThan(1e-8);
      }
    }
    // the gradient of a softmax policy sums to zero over each state's actions
    for (let s = 0; s < 3; s++) expect(Math.abs(gradient[s * 3]! + gradient[s * 3 + 1]! + gradient[s * 3 + 2]!)).toBeLessThan(1e-12);
  });

  it('tf.grad of the tfjs objective agrees with the closed form (and a 2-action, γ = 1 MDP too)', () => {
    const before = tf.memory().numTensors;
    for (const mdp of [
      tabularMdp(),
      tabularMdp({ transitions: [[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0.0, 1.0]]], rewards: [[1, -1], [0.5, 2]], initial: [1, 0], horizon: 5, gamma: 1 }),
    ]) {
      const theta = tf.tensor2d(THETA.slice(0, mdp.numStates).map((r) => r.slice(0, mdp.numActions)));
      const { value, gradient } = mdp.exact(theta);
      const J = mdp.objective(theta);
      const g = tf.grad((t: tf.Tensor) => mdp.objective(t))(theta);
      expect(J.dataSync()[0]).toBeCloseTo(value, 5);
      const auto = g.dataSync();
      gradient.forEach((v, i) => expect(Math.abs((auto[i] as number) - v)).toBeLessThan(1e-5));
      tf.dispose([theta, J, g]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sampled discounted returns average to J; actions follow the Gumbel-max rule on the returned noise', () => {
    const mdp = tabularMdp();
    const M = 20_000;
    const before = tf.memory().numTensors;
    const episodes = mdp.sampleEpisodes(key(3), THETA, { episodes: M });
    const r = episodes.rewards.dataSync();
    const returns = Array.from({ length: M }, (_, e) => [Array.from({ length: mdp.horizon }, (_, t) => mdp.gamma ** t * r[e * mdp.horizon + t]!).reduce((a, b) => a + b, 0)]);
    const check = checkUnbiased({ estimates: returns, exact: [mdp.exact(THETA).value] });
    expect(check.passed, check.message).toBe(true);
    const chosen = tf.tidy(() => {
      const logits = tf.matMul(tf.reshape(episodes.observations, [-1, 3]), tf.tensor2d(THETA));
      return tf.argMax(tf.add(tf.logSoftmax(logits), tf.reshape(episodes.noise, [-1, 3])), -1).dataSync();
    });
    const actions = episodes.actions.dataSync();
    let agree = 0;
    for (let i = 0; i < actions.length; i++) if (actions[i] === chosen[i]) agree++;
    expect(agree).toBe(actions.length);
    tf.dispose([episodes.observations, episodes.actions, episodes.rewards, episodes.noise]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('typed errors: bad tables, horizon, gamma, logits shape, options', () => {
    expect(() => tabularMdp({ gamma: 1.5 })).toThrow(ArgumentError);
    expect(() => tabularMdp({ gamma: -0.1 })).toThrow(/gamma/);
    expect(() => tabularMdp({ horizon: 0 })).toThrow(ArgumentError);
    expect(() => tabularMdp({ initial: [0.5, 0.5, 0.5] })).toThrow(/initial/);
    expect(() => tabularMdp({ transitions: [[[0.5, 0.6]]] })).toThrow(/transitions/);
    expect(() => tabularMdp({ horizn: 3 } as never)).toThrow(/did you mean "horizon"/);
    const mdp = tabularMdp();
    expect(() => mdp.exact([[0, 0]])).toThrow(ShapeError);
    expect(() => mdp.sampleEpisodes(key(0), THETA, { episodes: 0 })).toThrow(ArgumentError);
  });
});
