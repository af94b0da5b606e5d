import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  ShapeError,
  type GradientEstimator,
  exactBernoulli,
  exactBernoulliBound,
  fold,
  key,
  learnedBaseline,
  leaveOneOut,
  random,
  ready,
  scoreFunction,
} from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, disarm, localDisarm, vimco } from '@stochgrad/discrete';
import { type BernoulliVae, bernoulliVae } from './bernoulli-vae';

const softplus = (v: number) => Math.log1p(Math.exp(v));
const logBernoulli = (values: number[], logits: number[]) => values.reduce((s, v, i) => s + v * (logits[i] as number) - softplus(logits[i] as number), 0);

/** A tiny model: 4 pixels, 3 latents; two binary images. */
function tiny(options: { hidden?: number[]; seed?: number } = {}): { vae: BernoulliVae; x: tf.Tensor2D } {
  const vae = bernoulliVae({ key: key(options.seed ?? 3), pixels: 4, latents: 3, hidden: options.hidden ?? [] });
  // a prior away from ½ and larger weights than the Glorot draw, so that every term matters
  tf.tidy(() => {
    vae.priorLogits.assign(tf.tensor1d([0.7, -0.4, 0.2]));
    for (const v of [...vae.encoderVariables, ...vae.decoderVariables]) v.assign(tf.mul(tf.add(v, 0.1), 3));
  });
  return { vae, x: tf.tensor2d([[1, 0, 1, 1], [0, 1, 1, 0]]) };
}

type Part = 'encoder' | 'decoder' | 'prior';

/**
 * M rows of flattened gradients per part, each row from one call on the batch x tiled R times:
 * every copy gets its own samples, so a row is the mean of R independent estimates (vectorized).
 */
function gradientRows(vae: BernoulliVae, x: tf.Tensor, estimator: GradientEstimator, m: number, seed: number, r = 25): Record<Part, Float32Array[]> {
  const rows: Record<Part, Float32Array[]> = { encoder: [], decoder: [], prior: [] };
  const tiled = tf.tile(x, [r, 1]);
  for (let i = 0; i < m; i++) {
    const g = vae.gradients({ key: fold(key(seed), i), x: tiled, estimator });
    for (const part of ['encoder', 'decoder', 'prior'] as const) {
      const flat = tf.tidy(() => tf.concat(g[part].map((t) => tf.reshape(t, [-1]))));
      rows[part].push(flat.dataSync() as Float32Array);
      flat.dispose();
    }
    tf.dispose([g.value, g.logitGradient, ...g.encoder, ...g.decoder, ...g.prior, ...g.controlVariate]);
  }
  tiled.dispose();
  return rows;
}

/**
 * The exact gradients of −mean_n E_q[ELBO(x_n, b)] (or of the K-sample bound) w.r.t. the
 * encoder, decoder and prior, by enumerating all 2^(K·L) latent configurations.
 */
function exactGradients(vae: BernoulliVae, x: tf.Tensor, numSamples?: number): Record<Part, Float32Array> {
  const batch = x.shape[0] as number;
  const flatten = (grads: tf.NamedTensorMap, vars: readonly tf.Variable[]) =>
    tf.tidy(() => tf.concat(vars.map((v) => tf.reshape(grads[v.name] as tf.Tensor, [-1]))).dataSync() as Float32Array);
  // dE/dθ for the model: differentiate the enumerated expectation at fixed encoder logits
  const fixedLogits = vae.encode(x);
  const model = tf.variableGrads(() => {
    const objective = (b: tf.Tensor) => vae.elbo(x, b, fixedLogits);
    const exact = numSamples ? exactBernoulliBound({ logits: fixedLogits, objective, numSamples }) : exactBernoulli({ logits: fixedLogits, objective });
    exact.gradient.dispose();
    return tf.div(tf.neg(tf.sum(exact.value)), batch) as tf.Scalar;
  }, [...vae.decoderVariables, vae.priorLogits]);
  // dE/dφ = Jᵀ dE/dlogits: the encoder only enters through the logits (in q and in −log q)
  const logitGradient = tf.tidy(() => {
    const objective = (b: tf.Tensor) => vae.elbo(x, b, fixedLogits);
    const exact = numSamples ? exactBernoulliBound({ logits: fixedLogits, objective, numSamples }) : exactBernoulli({ logits: fixedLogits, objective });
    return exact.gradient;
  });
  const encoder = tf.variableGrads(() => tf.div(tf.neg(tf.sum(tf.mul(vae.encode(x), logitGradient))), batch) as tf.Scalar, [...vae.encoderVariables]);
  const out = {
    encoder: flatten(encoder.grads, vae.encoderVariables),
    decoder: flatten(model.grads, vae.decoderVariables),
    prior: flatten(model.grads, [vae.priorLogits]),
  };
  tf.dispose([fixedLogits, logitGradient, model.value, encoder.value, ...Object.values(model.grads), ...Object.values(encoder.grads)]);
  return out;
}

describe('bernoulliVae: the ELBO', () => {
  beforeAll(async () => {
    await ready();
  });

  it('matches a hand computation on a tiny model', () => {
    const { vae, x } = tiny();
    const b = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
    const logits = tf.tensor2d([[0.5, -1, 2], [-0.3, 0.8, 0]]);
    const got = Array.from(vae.elbo(x, b, logits).dataSync());
    const [w, c] = vae.decoderVariables.map((v) => Array.from(v.dataSync())) as [number[], number[]];
    const prior = Array.from(vae.priorLogits.dataSync());
    const xs = x.arraySync();
    const bs = b.arraySync();
    const ls = logits.arraySync();
    for (let n = 0; n < 2; n++) {
      const bn = bs[n] as number[];
      const pixelLogits = [0, 1, 2, 3].map((p) => (c[p] as number) + bn.reduce((s, bi, i) => s + bi * (w[i * 4 + p] as number), 0));
      const expected = logBernoulli(xs[n] as number[], pixelLogits) + logBernoulli(bn, prior) - logBernoulli(bn, ls[n] as number[]);
      expect(got[n]).toBeCloseTo(expected, 4);
    }
    tf.dispose([b, logits, x]);
    vae.dispose();
  });

  it('broadcasts over leading sample axes and stays finite at logits ±80', () => {
    const { vae, x } = tiny();
    const b = tf.tensor3d([[[1, 0, 1], [0, 0, 1]], [[0, 1, 1], [1, 1, 1]]]);
    const logits = tf.tensor2d([[80, -80, 80], [-80, -80, 80]]);
    const values = vae.elbo(x, b, logits);
    expect(values.shape).toEqual([2, 2]);
    const v = Array.from(values.dataSync());
    expect(v.every(Number.isFinite)).toBe(true);
    // b = 1[logits > 0] has log q ≈ 0; [0, 1, 1] has log q ≈ −160, so −log q adds ≈ 160
    expect((v[2] as number) - (v[0] as number)).toBeGreaterThan(140);
    tf.dispose([b, logits, values, x]);
    vae.dispose();
  });

  it('the importance-weighted bound lies above the mean ELBO and tends to log p(x) (enumerated)', () => {
    const { vae, x } = tiny();
    const result = vae.evaluate({ key: key(2), x, numSamples: 100 });
    const many = vae.evaluate({ key: key(3), x, numSamples: 20_000 });
    // log p(x) = log Σ_b p(x|b) p(b), all 8 configurations
    const logMarginal = tf.tidy(() => {
      const all = tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7].map((i) => [(i >> 2) & 1, (i >> 1) & 1, i & 1]));
      const b = tf.broadcastTo(tf.reshape(all, [8, 1, 3]), [8, 2, 3]);
      const zero = tf.zeros([2, 3]);
      // ELBO with q's logits at 0 is log p(x|b) + log p(b) + 3 log 2
      const joint = tf.sub(vae.elbo(x, b, zero), 3 * Math.log(2));
      return tf.mean(tf.logSumExp(joint, 0)).dataSync()[0] as number;
    });
    expect(result.count).toBe(2);
    expect(result.bound).toBeGreaterThan(result.elbo + 0.1);
    expect(result.elbo).toBeLessThan(logMarginal - 0.1);
    expect(Math.abs(many.bound - logMarginal)).toBeLessThan(0.02);
    x.dispose();
    vae.dispose();
  });
});

describe('bernoulliVae: gradients through an estimator surrogate are unbiased (exact by enumeration)', () => {
  beforeAll(async () => {
    await ready();
  });

  const m = 400; // × 25 copies in the batch: 10,000 estimates per check
  for (const [name, make, hidden] of [
    ['disarm', () => disarm(), []],
    ['reinforce-loo', () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }), []],
    ['arm, nonlinear encoder and decoder', () => arm(), [5]],
  ] as const) {
    it(`${name}: encoder, decoder and prior gradients of −mean E_q[ELBO]`, () => {
      const { vae, x } = tiny({ hidden: [...hidden] });
      const exact = exactGradients(vae, x);
      const rows = gradientRows(vae, x, make(), m, 11);
      for (const part of ['encoder', 'decoder', 'prior'] as const) expectUnbiased({ estimates: rows[part], exact: exact[part] });
      expectBiasDetected({ estimates: rows.encoder.map((r) => r.map((v) => v * 1.1)), exact: exact.encoder });
      x.dispose();
      vae.dispose();
    });
  }

  for (const [name, make] of [
    ['vimco K=2', () => vimco({ numSamples: 2 })],
    ['local disarm K=2', () => localDisarm({ numPairs: 2 })],
  ] as const) {
    it(`${name}: gradients of the 2-sample bound (the −log q term stays live)`, () => {
      const { vae, x } = tiny();
      const exact = exactGradients(vae, x, 2);
      const expectation = exactGradients(vae, x);
      const rows = gradientRows(vae, x, make(), m, 12);
      for (const part of ['encoder', 'decoder', 'prior'] as const) expectUnbiased({ estimates: rows[part], exact: exact[part] });
      // the bound is not the ELBO: its gradient differs measurably from E_q[ELBO]'s
      expectBiasDetected({ estimates: rows.decoder, exact: expectation.decoder });
      x.dispose();
      vae.dispose();
    });
  }
});

/** 16-pixel images from 3 prototypes with 5% of the pixels flipped. */
function synthetic(seed: number, count: number): tf.Tensor2D {
  const prototypes = [
    [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1],
    [1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1],
  ];
  return tf.tidy(() => {
    const which = random.uniform(fold(key(seed), 0), [count]).dataSync();
    const flips = random.bernoulli(fold(key(seed), 1), { probs: 0.05 }, [count, 16]);
    const base = tf.tensor2d(Array.from(which, (u) => prototypes[Math.floor(u * 3)] as number[]));
    return tf.abs(tf.sub(base, flips)) as tf.Tensor2D;
  });
}

describe('bernoulliVae: training', () => {
  beforeAll(async () => {
    await ready();
  });

  it('a few hundred DisARM steps on synthetic data raise the ELBO and the 100-sample bound', () => {
    const data = synthetic(1, 200);
    const optimizers = { encoder: tf.train.adam(3e-2), decoder: tf.train.adam(3e-2) };
    const vae = bernoulliVae({ key: key(4), pixels: 16, latents: 4, optimizers });
    const estimator = disarm();
    const before = vae.evaluate({ key: key(5), x: data, numSamples: 20 });
    const objectives: number[] = [];
    for (let step = 0; step < 300; step++) {
      const x = tf.tidy(() => tf.slice(data, [(step * 20) % 200, 0], [20, 16]));
      objectives.push(vae.trainStep({ key: fold(key(6), step), x, estimator }).objective);
      x.dispose();
    }
    const after = vae.evaluate({ key: key(5), x: data, numSamples: 20 });
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(objectives.slice(-50))).toBeGreaterThan(mean(objectives.slice(0, 50)) + 2);
    expect(after.bound).toBeGreaterThan(before.bound + 2);
    expect(after.elbo).toBeGreaterThan(before.elbo + 2);
    data.dispose();
    optimizers.encoder.dispose();
    optimizers.decoder.dispose();
    vae.dispose();
  });

  it('updates an estimator’s own variables with its controlVariateLoss, in the same step', () => {
    const { vae, x } = tiny();
    const w = tf.variable(tf.zeros([3, 1]));
    const c = tf.variable(tf.zeros([1]));
    const inner = scoreFunction({ controlVariate: learnedBaseline((logits) => tf.squeeze(tf.add(tf.matMul(logits, w), c), [-1])) });
    const estimator: GradientEstimator = { ...inner, estimate: inner.estimate, variables: [w, c] };
    const start = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) vae.trainStep({ key: fold(key(7), step), x, estimator });
    expect(Math.abs(c.dataSync()[0] as number)).toBeGreaterThan(1e-5);
    // Adam slots for the two baseline variables appear on the first step and then stay
    const settled = tf.memory().numTensors;
    for (let step = 5; step < 10; step++) vae.trainStep({ key: fold(key(7), step), x, estimator });
    expect(tf.memory().numTensors).toBe(settled);
    expect(settled).toBeGreaterThan(start);
    tf.dispose([x, w, c]);
    vae.dispose();
  });
});

describe('bernoulliVae: the fast path (disarm, arm and REINFORCE-LOO on the linear model)', () => {
  beforeAll(async () => {
    await ready();
  });

  /** One trainStep under SGD with learning rate 1: the variables move by −gradient. */
  function step(fastPath: boolean, estimator: GradientEstimator, x: tf.Tensor) {
    const start = tf.memory().numTensors;
    const sgd = tf.train.sgd(1);
    const vae = bernoulliVae({ key: key(21), pixels: 30, latents: 7, fastPath, optimizers: { encoder: sgd, decoder: sgd, prior: sgd } });
    tf.tidy(() => {
      vae.priorLogits.assign(tf.linspace(-1, 1, 7));
      for (const v of [...vae.encoderVariables, ...vae.decoderVariables]) v.assign(tf.mul(tf.add(v, 0.05), 2));
    });
    const variables = [...vae.encoderVariables, ...vae.decoderVariables, vae.priorLogits];
    const before = variables.map((v) => v.dataSync().slice());
    const result = vae.trainStep({ key: key(22), x, estimator, keepGradients: true });
    const moved = variables.map((v, i) => Array.from(v.dataSync(), (a, j) => (before[i]?.[j] as number) - a));
    const logitGradient = Array.from((result.logitGradient as tf.Tensor).dataSync());
    tf.dispose([result.logitGradient as tf.Tensor, ...(result.encoderGradients ?? [])]);
    vae.dispose();
    sgd.dispose();
    // the fast path's hoisted constants go with the VAE
    expect(tf.memory().numTensors).toBe(start);
    return { moved, logitGradient, objective: result.objective };
  }

  for (const [name, make] of [
    ['disarm', () => disarm()],
    ['arm', () => arm()],
    ['reinforce-loo', () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 })],
  ] as const) {
    it(`${name}: the same objective, logit gradient and parameter gradients as the generic path, in far fewer kernels`, async () => {
      const x = tf.tidy(() => random.bernoulli(key(23), { probs: 0.4 }, [12, 30]));
      const fast = step(true, make(), x);
      const generic = step(false, make(), x);
      expect(fast.objective).toBeCloseTo(generic.objective, 3);
      const close = (a: number[], b: number[]) => {
        const scale = Math.max(...b.map(Math.abs), 1e-6);
        expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number)))) / scale).toBeLessThan(1e-4);
      };
      close(fast.logitGradient, generic.logitGradient);
      fast.moved.forEach((m, i) => close(m, generic.moved[i] as number[]));
      // a gradient that is identically zero would pass the comparisons above: it is not
      expect(Math.max(...(fast.moved[0] as number[]).map(Math.abs))).toBeGreaterThan(1e-4);
      // the fast path is the one taken: a fraction of the tape's kernels
      const count = async (fastPath: boolean) => {
        const vae = bernoulliVae({ key: key(24), pixels: 30, latents: 7, fastPath });
        const estimator = make();
        vae.trainStep({ key: key(1), x, estimator });
        const info = await tf.profile(() => {
          vae.trainStep({ key: key(2), x, estimator });
        });
        vae.dispose();
        return info.kernels.length;
      };
      expect(await count(true)).toBeLessThan(0.6 * (await count(false)));
      x.dispose();
    });
  }

  it('rejects a fastPath that is not a boolean', () => {
    expect(() => bernoulliVae({ key: key(0), fastPath: 'yes' as never })).toThrow(/fastPath/);
  });
});

describe('bernoulliVae: memory, options and typed errors', () => {
  beforeAll(async () => {
    await ready();
  });

  it('no tensor leaks across trainStep, gradients and evaluate; dispose frees everything it made', () => {
    const start = tf.memory().numTensors;
    const vae = bernoulliVae({ key: key(8), pixels: 16, latents: 4, hidden: [6, 5] });
    const x = synthetic(2, 10);
    for (const estimator of [disarm(), vimco({ numSamples: 3 }), localDisarm({ numPairs: 2 }), scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 })]) {
      vae.trainStep({ key: key(1), x, estimator }); // optimiser slots are made on the first step
      const settled = tf.memory().numTensors;
      for (let step = 0; step < 3; step++) vae.trainStep({ key: fold(key(9), step), x, estimator });
      const kept = vae.trainStep({ key: key(2), x, estimator, keepGradients: true });
      expect(kept.logitGradient?.shape).toEqual([10, 4]);
      expect(kept.encoderGradients?.map((g) => g.shape)).toEqual(vae.encoderVariables.map((v) => v.shape));
      tf.dispose([kept.logitGradient as tf.Tensor, ...(kept.encoderGradients ?? [])]);
      const g = vae.gradients({ key: key(3), x, estimator });
      tf.dispose([g.value, g.logitGradient, ...g.encoder, ...g.decoder, ...g.prior, ...g.controlVariate]);
      vae.evaluate({ key: key(4), x, numSamples: 7, chunkSize: 3 });
      expect(tf.memory().numTensors).toBe(settled);
    }
    x.dispose();
    vae.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('sets the decoder output bias from the data mean, and a fixed prior when asked', () => {
    const vae = bernoulliVae({ key: key(1), pixels: 3, latents: 2, dataMean: [0.5, 0, 0.9], learnedPrior: false });
    const bias = Array.from((vae.decoderVariables[1] as tf.Variable).dataSync());
    expect(bias[0]).toBeCloseTo(0, 5);
    expect(bias[1]).toBeCloseTo(Math.log(0.001 / 0.999), 4);
    expect(bias[2]).toBeCloseTo(Math.log(9), 4);
    expect(vae.variables).not.toContain(vae.priorLogits);
    expect(vae.priorLogits.trainable).toBe(false);
    const x = tf.tensor2d([[1, 0, 1]]);
    vae.trainStep({ key: key(2), x, estimator: disarm() });
    expect(Array.from(vae.priorLogits.dataSync())).toEqual([0, 0]);
    x.dispose();
    vae.dispose();
  });

  it('throws typed errors for bad input', () => {
    const vae = bernoulliVae({ key: key(1), pixels: 4, latents: 3 });
    const estimator = disarm();
    const wrongSize = tf.zeros([2, 5]);
    const gray = tf.fill([2, 4], 0.5);
    const ints = tf.zeros([2, 4], 'int32');
    const ok = tf.ones([2, 4]);
    expect(() => vae.trainStep({ key: key(0), x: wrongSize, estimator })).toThrow(ShapeError);
    expect(() => vae.trainStep({ key: key(0), x: gray, estimator })).toThrow(/binary pixels 0 or 1/);
    expect(() => vae.evaluate({ key: key(0), x: gray })).toThrow(ArgumentError);
    expect(() => vae.trainStep({ key: key(0), x: ints, estimator })).toThrow(/dtype int32/);
    expect(() => vae.trainStep({ key: 3 as never, x: ok, estimator })).toThrow(ArgumentError);
    expect(() => vae.trainStep({ key: key(0), x: ok, estimator: {} as never })).toThrow(/GradientEstimator/);
    expect(() => vae.elbo(ok, tf.zeros([2, 2]), tf.zeros([2, 3]))).toThrow(ShapeError);
    expect(() => vae.elbo(ok, tf.zeros([2, 3]), tf.zeros([3, 3]))).toThrow(ShapeError);
    expect(() => vae.decode(tf.zeros([2, 4]))).toThrow(ShapeError);
    expect(() => vae.evaluate({ key: key(0), x: ok, numSamples: 0 })).toThrow(/numSamples/);
    expect(() => bernoulliVae({ key: key(0), latents: 0 })).toThrow(/latents/);
    expect(() => bernoulliVae({ key: key(0), hidden: [200, -1] })).toThrow(/hidden\[1\]/);
    expect(() => bernoulliVae({ key: key(0), pixels: 3, dataMean: [0.5, 0.5] })).toThrow(ShapeError);
    expect(() => bernoulliVae({ key: key(0), pixels: 2, dataMean: [0.5, 3] })).toThrow(/means in \[0, 1\]/);
    expect(() => bernoulliVae({ key: 0 as never })).toThrow(ArgumentError);
    tf.dispose([wrongSize, gray, ints, ok]);
    vae.dispose();
    expect(() => vae.encode(ok)).toThrow(/disposed/);
  });
});
