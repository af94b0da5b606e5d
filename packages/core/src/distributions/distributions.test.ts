import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../backend';
import { ArgumentError, ShapeError } from '../errors';
import { key } from '../key';
import { bernoulli } from './bernoulli';
import { categorical } from './categorical';
import { gumbel } from './gumbel';
import { independent } from './independent';
import { logistic } from './logistic';
import { normal } from './normal';
import { oneHotCategorical } from './one-hot-categorical';
import { relaxedBernoulli } from './relaxed-bernoulli';
import { relaxedOneHotCategorical } from './relaxed-one-hot-categorical';
import { uniform } from './uniform';

const EULER_GAMMA = 0.5772156649015329;
const values = (t: tf.Tensor) => Array.from(t.dataSync());
const close = (a: number[], b: number[], tol = 1e-4) => a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThan(tol * Math.max(1, Math.abs(b[i] as number))));

/** sample mean and variance over the leading axis, with 5-SE checks */
function expectMoments(samples: tf.Tensor, mean: number[], variance: number[]) {
  const n = samples.shape[0] as number;
  const m = values(tf.mean(samples, 0));
  const v = values(tf.mul(tf.mean(tf.square(tf.sub(samples, tf.mean(samples, 0))), 0), n / (n - 1)));
  m.forEach((mi, i) => expect(Math.abs(mi - (mean[i] as number))).toBeLessThan(5 * Math.sqrt((variance[i] as number) / n) + 1e-6));
  v.forEach((vi, i) => expect(Math.abs(vi - (variance[i] as number))).toBeLessThan(0.06 * (variance[i] as number) + 1e-6));
}

describe('distributions', () => {
  beforeAll(async () => {
    await ready();
  });

  it('bernoulli: logProb, entropy, mean in closed form; sampling moments; finite at ±80', () => {
    tf.tidy(() => {
      const a = [-80, -2, 0, 1.5, 80];
      const d = bernoulli({ logits: tf.tensor1d(a) });
      expect(d.batchShape).toEqual([5]);
      expect(d.eventShape).toEqual([]);
      expect(d.reparameterized).toBe(false);
      const sig = a.map((x) => 1 / (1 + Math.exp(-x)));
      const log1pexp = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));
      close(values(d.logProb(tf.ones([5]))), a.map((x) => -log1pexp(-x)));
      close(values(d.logProb(tf.zeros([5]))), a.map((x) => -log1pexp(x)));
      close(values(d.mean!()), sig);
      close(values(d.entropy!()), sig.map((p) => (p <= 0 || p >= 1 ? 0 : -p * Math.log(p) - (1 - p) * Math.log(1 - p))));
      expect(values(d.logProb(tf.ones([5]))).every(Number.isFinite)).toBe(true);
      expectMoments(d.sample(key(1), [20000]), sig, sig.map((p) => p * (1 - p)));
      const fromProbs = bernoulli({ probs: tf.tensor1d([0, 0.25, 1]) });
      close(values(fromProbs.mean!()), [0, 0.25, 1], 1e-6);
      close(values(fromProbs.logProb(tf.tensor1d([0, 1, 1]))), [0, Math.log(0.25), 0], 1e-5);
    });
  });

  it('categorical and oneHotCategorical: logProb = logSoftmax, entropy, frequencies', () => {
    tf.tidy(() => {
      const logits = tf.tensor2d([[0, 1, 2], [80, -80, 0]]);
      const p = [1, Math.E, Math.E ** 2].map((v) => v / (1 + Math.E + Math.E ** 2));
      const c = categorical({ logits });
      expect(c.batchShape).toEqual([2]);
      close(values(c.logProb(tf.tensor1d([2, 1], 'int32'))), [Math.log(p[2] as number), -160]);
      close(values(c.entropy!()), [-p.reduce((s, q) => s + q * Math.log(q), 0), 0], 1e-4);
      const o = oneHotCategorical({ logits });
      expect(o.eventShape).toEqual([3]);
      close(values(o.logProb(tf.tensor2d([[0, 0, 1], [0, 1, 0]]))), [Math.log(p[2] as number), -160]);
      const samples = o.sample(key(2), [20000]);
      expect(samples.shape).toEqual([20000, 2, 3]);
      expectMoments(tf.reshape(samples, [20000, 6]), [...p, 1, 0, 0], [...p.map((q) => q * (1 - q)), 0, 0, 0]);
      close(values(o.mean!()), [...p, 1, 0, 0]);
    });
  });

  it('normal, gumbel, logistic, uniform: logProb, entropy, mean in closed form and sampling moments', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([-1, 0.3, 2]);
      const mu = [0.5, -1, 2];
      const s = [0.5, 2, 1];
      const n = normal({ loc: tf.tensor1d(mu), scale: tf.tensor1d(s) });
      close(values(n.logProb(x)), [-1, 0.3, 2].map((v, i) => -0.5 * ((v - (mu[i] as number)) / (s[i] as number)) ** 2 - Math.log(s[i] as number) - 0.5 * Math.log(2 * Math.PI)));
      close(values(n.entropy!()), s.map((si) => 0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(si)));
      expectMoments(n.sample(key(3), [20000]), mu, s.map((si) => si * si));

      const g = gumbel({ loc: tf.tensor1d(mu), scale: tf.tensor1d(s) });
      close(values(g.logProb(x)), [-1, 0.3, 2].map((v, i) => {
        const z = (v - (mu[i] as number)) / (s[i] as number);
        return -(z + Math.exp(-z)) - Math.log(s[i] as number);
      }));
      close(values(g.entropy!()), s.map((si) => Math.log(si) + EULER_GAMMA + 1));
      close(values(g.mean!()), mu.map((m, i) => m + (s[i] as number) * EULER_GAMMA));
      expectMoments(g.sample(key(4), [20000]), values(g.mean!()), s.map((si) => (Math.PI ** 2 / 6) * si * si));

      const l = logistic({ loc: tf.tensor1d(mu), scale: tf.tensor1d(s) });
      close(values(l.logProb(x)), [-1, 0.3, 2].map((v, i) => {
        const z = (v - (mu[i] as number)) / (s[i] as number);
        return -z - 2 * Math.log1p(Math.exp(-z)) - Math.log(s[i] as number);
      }));
      close(values(l.entropy!()), s.map((si) => Math.log(si) + 2));
      expectMoments(l.sample(key(5), [20000]), mu, s.map((si) => (Math.PI ** 2 / 3) * si * si));

      const u = uniform({ low: tf.tensor1d([0, -1, 2]), high: tf.tensor1d([1, 3, 2.5]) });
      const lp = values(u.logProb(tf.tensor1d([0.5, 4, 2.2])));
      expect(lp[0]).toBeCloseTo(0, 6);
      expect(lp[1]).toBe(-Infinity);
      expect(lp[2]).toBeCloseTo(-Math.log(0.5), 5);
      close(values(u.entropy!()), [0, Math.log(4), Math.log(0.5)]);
      expectMoments(u.sample(key(6), [20000]), [0.5, 1, 2.25], [1 / 12, 16 / 12, 0.25 / 12]);
    });
  });

  it('normal, gumbel, logistic samples are reparameterized: d sample / d loc = 1, d/d scale = noise', () => {
    for (const make of [normal, gumbel, logistic]) {
      const loc = tf.scalar(0.3);
      const scale = tf.scalar(2);
      const grads = tf.grads((l: tf.Tensor, s: tf.Tensor) => tf.sum(make({ loc: l, scale: s }).sample(key(7), [4])))([loc, scale]);
      const noise = make({ loc: 0, scale: 1 }).sample(key(7), [4]);
      expect(grads[0]!.dataSync()[0]).toBeCloseTo(4, 5);
      expect(grads[1]!.dataSync()[0]).toBeCloseTo(tf.sum(noise).dataSync()[0] as number, 4);
      tf.dispose([loc, scale, noise, ...grads]);
    }
  });

  it('relaxedBernoulli: P(y > ½) = σ(α), density integrates to 1, reparameterized, temperature checked', () => {
    tf.tidy(() => {
      const a = [-1, 0.5, 2];
      const d = relaxedBernoulli({ logits: tf.tensor1d(a), temperature: 0.7 });
      const y = d.sample(key(8), [20000]);
      const above = values(tf.mean(tf.cast(tf.greater(y, 0.5), 'float32'), 0));
      a.forEach((ai, i) => {
        const p = 1 / (1 + Math.exp(-ai));
        expect(Math.abs((above[i] as number) - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / 20000));
      });
      // ∫₀¹ p(y) dy by the midpoint rule on a logit grid (density in x = logit y is smooth)
      const n = 4000;
      const xs = Array.from({ length: n }, (_, i) => -15 + (30 * (i + 0.5)) / n);
      const ys = tf.tensor2d(xs.map((x) => a.map(() => 1 / (1 + Math.exp(-x)))), [n, 3]);
      const jacobian = tf.tensor2d(xs.map((x) => a.map(() => Math.exp(-x) / (1 + Math.exp(-x)) ** 2)), [n, 3]);
      const integral = values(tf.mul(tf.sum(tf.mul(tf.exp(d.logProb(ys)), jacobian), 0), 30 / n));
      close(integral, [1, 1, 1], 2e-3);
      const g = tf.grad((l: tf.Tensor) => tf.sum(relaxedBernoulli({ logits: l, temperature: 0.7 }).sample(key(9), [3])))(tf.tensor1d(a));
      expect(values(g).every((v) => v > 0)).toBe(true);
    });
    expect(() => relaxedBernoulli({ logits: 0, temperature: 0 })).toThrow(/temperature: got 0; allowed: finite values > 0/);
    expect(() => relaxedBernoulli({ logits: 0, temperature: -1 })).toThrow(ArgumentError);
  });

  it('relaxedOneHotCategorical: argmax follows softmax(α); with C = 2 its density is the binary Concrete density', () => {
    tf.tidy(() => {
      const logits = tf.tensor1d([0, 1, -1]);
      const d = relaxedOneHotCategorical({ logits, temperature: 0.5 });
      const y = d.sample(key(10), [20000]);
      expect(y.shape).toEqual([20000, 3]);
      close(values(tf.sum(y, -1)).slice(0, 5), [1, 1, 1, 1, 1], 1e-5);
      const freq = values(tf.mean(tf.oneHot(tf.argMax(y, -1), 3), 0));
      const p = [1, Math.E, 1 / Math.E].map((v) => v / (1 + Math.E + 1 / Math.E));
      freq.forEach((f, i) => expect(Math.abs(f - (p[i] as number))).toBeLessThan(5 * Math.sqrt(((p[i] as number) * (1 - (p[i] as number))) / 20000)));
      // C = 2: y₁ ~ binary Concrete with logit α₁ − α₂; the density w.r.t. y₁ must agree
      const two = relaxedOneHotCategorical({ logits: tf.tensor1d([0.8, -0.4]), temperature: 0.6 });
      const binary = relaxedBernoulli({ logits: 1.2, temperature: 0.6 });
      const y1 = tf.tensor1d([0.1, 0.5, 0.93]);
      close(values(two.logProb(tf.stack([y1, tf.sub(1, y1)], -1))), values(binary.logProb(y1)), 1e-4);
    });
    expect(() => relaxedOneHotCategorical({ logits: tf.tensor1d([1]), temperature: 1 })).toThrow(ShapeError);
  });

  it('independent sums log-probabilities and entropies over reinterpreted axes', () => {
    tf.tidy(() => {
      const base = bernoulli({ logits: tf.tensor2d([[0, 1], [2, -1]]) });
      const d = independent(base, 1);
      expect(d.batchShape).toEqual([2]);
      expect(d.eventShape).toEqual([2]);
      const b = tf.tensor2d([[1, 0], [0, 1]]);
      close(values(d.logProb(b)), values(tf.sum(base.logProb(b), -1)));
      close(values(d.entropy!()), values(tf.sum(base.entropy!(), -1)));
    });
    expect(() => independent(bernoulli({ logits: 0 }), 1)).toThrow(ShapeError);
  });

  it('validates parameters and values with typed errors', () => {
    expect(() => bernoulli({ logits: tf.tensor1d([0, NaN]) })).toThrow(/logits: contains NaN/);
    expect(() => bernoulli({} as never)).toThrow(/\{ logits \} or \{ probs \}/);
    expect(() => normal({ loc: 0, scale: 0 })).toThrow(/scale: got 0/);
    expect(() => normal({ loc: 0, scale: tf.tensor1d([1, -1]) })).toThrow(/scale: got -1 at flat index 1/);
    expect(() => gumbel({ loc: tf.zeros([2]), scale: tf.ones([3]) })).toThrow(ShapeError);
    expect(() => uniform({ low: 1, high: 0 })).toThrow(/low < high/);
    expect(() => categorical({ logits: tf.tensor1d([0, NaN]) })).toThrow(/NaN/);
    const d = bernoulli({ logits: tf.zeros([3]) });
    expect(() => d.logProb(tf.zeros([4]))).toThrow(ShapeError);
    expect(() => d.sample(key(0), [-1])).toThrow(ShapeError);
    expect(() => d.sample(7 as never)).toThrow(/key: got number 7/);
    const o = oneHotCategorical({ logits: tf.zeros([2, 3]) });
    expect(() => o.logProb(tf.zeros([2, 4]))).toThrow(/event shape|\[3\]/);
  });

  it('leaks no tensors: every method returns one tensor and frees the rest', () => {
    const loc = tf.zeros([3]);
    const logits = tf.zeros([2, 3]);
    const value = tf.fill([2, 3], 0.3);
    const before = tf.memory().numTensors;
    const dists = [
      bernoulli({ logits: loc }),
      bernoulli({ probs: 0.3 }),
      normal({ loc, scale: 2 }),
      gumbel({ loc, scale: 1 }),
      logistic({ loc, scale: 1 }),
      uniform({ low: 0, high: 1 }),
      relaxedBernoulli({ logits: loc, temperature: 0.5 }),
      relaxedOneHotCategorical({ logits, temperature: 0.5 }),
      oneHotCategorical({ logits }),
      independent(normal({ loc, scale: 1 }), 1),
    ];
    expect(tf.memory().numTensors).toBe(before);
    for (const d of dists) {
      // discrete distributions get values in their support (logProb checks it), the rest any values
      const discrete = d.name === 'Bernoulli' || d.name === 'OneHotCategorical';
      const input = discrete ? d.sample(key(2), [2]) : d.name.includes('Categorical') ? tf.softmax(logits) : tf.clone(value);
      const outs = [input, d.sample(key(1), [2]), d.logProb(input), d.entropy?.(), d.mean?.()].filter(
        (t): t is tf.Tensor => t !== undefined,
      );
      tf.dispose(outs);
      expect(tf.memory().numTensors, d.name).toBe(before);
    }
    tf.dispose([loc, logits, value]);
  });
});
