// The toy problems' exact values and gradients against formulas worked out by hand, in plain JS.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, toyProblems } from './index';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function exactOf(problem: toyProblems.ToyProblem): { value: number; gradient: number[]; logits: number[] } {
  return tf.tidy(() => {
    const logits = problem.makeLogits();
    const { value, gradient } = problem.exact(logits);
    return { value: value.dataSync()[0] as number, gradient: Array.from(gradient.dataSync()), logits: Array.from(logits.dataSync()) };
  });
}

describe('toyProblems', () => {
  beforeAll(async () => {
    await ready();
  });

  it('bernoulliToy: E f = θ(1 − t)² + (1 − θ)t², gradient σ′(0)(1 − 2t) = 5e-4', () => {
    const { value, gradient } = exactOf(toyProblems.bernoulliToy);
    expect(value).toBeCloseTo(0.5 * 0.501 ** 2 + 0.5 * 0.499 ** 2, 6);
    expect(gradient[0]).toBeCloseTo(0.25 * (1 - 2 * 0.499), 6);
  });

  it('bernoulliCoupled: value and gradient by enumerating the 256 outcomes in JS', () => {
    const { value, gradient, logits } = exactOf(toyProblems.bernoulliCoupled);
    const targets = [0.1, 0.9, 0.3, 0.7, 0.45, 0.55, 0.2, 0.8];
    const p = logits.map(sigmoid);
    let expected = 0;
    const dTheta = new Array<number>(8).fill(0);
    for (let mask = 0; mask < 256; mask++) {
      const b = targets.map((_, i) => (mask >> i) & 1);
      const f = b.reduce((s, bi, i) => s + (bi - (targets[i] as number)) ** 2, 0) + 0.25 * (b.reduce((s, bi) => s + bi, 0) - 4) ** 2;
      const prob = b.reduce((s, bi, i) => s * (bi ? (p[i] as number) : 1 - (p[i] as number)), 1);
      expected += prob * f;
      // ∂prob/∂θ_i = prob / (θ_i or −(1 − θ_i))
      b.forEach((bi, i) => (dTheta[i] = (dTheta[i] as number) + f * (bi ? prob / (p[i] as number) : -prob / (1 - (p[i] as number)))));
    }
    expect(value).toBeCloseTo(expected, 4);
    gradient.forEach((g, i) => expect(g).toBeCloseTo((dTheta[i] as number) * (p[i] as number) * (1 - (p[i] as number)), 4));
  });

  it('gaussianQuadratic: E f = μᵀAμ + Σ A_ii σ_i² + bᵀμ, ∂/∂μ = 2Aμ + b, ∂/∂log σ_i = 2 A_ii σ_i²', () => {
    const { value, gradient } = exactOf(toyProblems.gaussianQuadratic);
    const a = [[1, 0.3, 0, 0], [0.3, 1, 0.2, 0], [0, 0.2, 0.5, 0.1], [0, 0, 0.1, 1]];
    const b = [1, -1, 0.5, 0];
    const mu = [0.5, -0.5, 1, 0];
    const sigma = [1, 0.5, 2, 1];
    const amu = a.map((row) => row.reduce((s, v, j) => s + v * (mu[j] as number), 0));
    const expected = mu.reduce((s, m, i) => s + m * (amu[i] as number) + (a[i]?.[i] as number) * (sigma[i] as number) ** 2 + (b[i] as number) * m, 0);
    expect(value).toBeCloseTo(expected, 4);
    for (let i = 0; i < 4; i++) {
      expect(gradient[2 * i]).toBeCloseTo(2 * (amu[i] as number) + (b[i] as number), 4);
      expect(gradient[2 * i + 1]).toBeCloseTo(2 * (a[i]?.[i] as number) * (sigma[i] as number) ** 2, 4);
    }
  });

  it('all lists the three, frozen, and their objectives free what they make', () => {
    expect(toyProblems.all.map((p) => p.id)).toEqual(['bernoulli-1d', 'bernoulli-8d', 'gaussian-4d']);
    expect(Object.isFrozen(toyProblems.bernoulliToy)).toBe(true);
    for (const problem of toyProblems.all) {
      const logits = problem.makeLogits();
      const x = problem.family === 'normal' ? tf.zeros([3, 4]) : tf.ones([3, logits.shape[0] as number]);
      const before = tf.memory().numTensors;
      problem.objective(x).dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logits, x]);
    }
  });
});
