import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, key, random, ready, split } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../registrations';
import { rolloutAdvantages } from '../internal/a2c-advantages';
import { parallelVectorEnv } from '../vector/parallel-vector-env';
import { syncVectorEnv } from '../vector/sync-vector-env';
import { a2c } from './a2c';
import { categoricalMlpPolicy } from './categorical-mlp-policy';
import { evaluatePolicy } from './evaluate-policy';
import { gaussianMlpPolicy } from './gaussian-mlp-policy';

beforeAll(async () => {
  await ready();
});

describe('rolloutAdvantages (the advantage / return computation of a2c)', () => {
  // T = 3 steps, n = 2 copies; entry [t·n + i].
  // copy 0: t0 r=1 runs on; t1 r=1 TERMINATES; t2 is its autoreset step (r=0, not a transition).
  // copy 1: t0 r=1 is TRUNCATED (its returned observation s1 is the final one); t1 autoreset; t2 r=2 runs on.
  // values: V(s_t) for t = 0…3 (row 3: the observations the last step returned).
  const V0 = [0.5, 0.4, 0.3, 0.2];
  const V1 = [1, 2, 3, 4];
  const args = {
    T: 3,
    n: 2,
    rewards: [1, 1, 1, 0, 0, 2],
    terminations: [0, 0, 1, 0, 0, 0],
    truncations: [0, 1, 0, 0, 0, 0],
    autoreset: [0, 0, 0, 1, 1, 0],
    values: [V0[0], V1[0], V0[1], V1[1], V0[2], V1[2], V0[3], V1[3]] as number[],
    gamma: 0.9,
  };
  const hand = (lambda: number) => {
    // copy 0: δ1 = 1 + 0 − 0.4 (termination bootstraps 0); δ0 = 1 + 0.9·0.4 − 0.5 carries γλ·A1
    const a01 = 1 - 0.4;
    const a00 = 1 + 0.9 * 0.4 - 0.5 + 0.9 * lambda * a01;
    // copy 1: truncation bootstraps with V(s′) = V1[1] and does not carry; t2 bootstraps with V1[3]
    const a10 = 1 + 0.9 * 2 - 1;
    const a12 = 2 + 0.9 * 4 - 3;
    return { advantages: [a00, a10, a01, 0, 0, a12], returns: [a00 + 0.5, a10 + 1, a01 + 0.4, 0, 0, a12 + 3], valid: [1, 1, 1, 0, 0, 1] };
  };
  for (const lambda of [1, 0.5]) {
    it(`termination bootstraps 0, truncation V(s′), autoreset steps are masked (λ = ${lambda})`, () => {
      const got = rolloutAdvantages({ ...args, gaeLambda: lambda });
      const want = hand(lambda);
      want.advantages.forEach((x, i) => expect(got.advantages[i]).toBeCloseTo(x, 12));
      want.returns.forEach((x, i) => expect(got.returns[i]).toBeCloseTo(x, 12));
      expect(Array.from(got.valid)).toEqual(want.valid);
    });
  }
});

describe('a2c', () => {
  it('is deterministic under a key: same seed, same learning curve and weights, bitwise; another seed differs', async () => {
    const run = async (seed: number) => {
      const agent = a2c({ key: key(seed), env: 'CartPole-v1', n: 2, entCoef: 0.01 });
      const curve: number[] = [];
      const result = await agent.learn({ totalTimesteps: 200, onProgress: (p) => curve.push(p.timesteps, p.episodes, p.meanReturn) });
      const weights = agent.save().weights;
      agent.dispose();
      return { curve, returns: result.episodeReturns, weights: JSON.stringify(weights) };
    };
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(a.returns.length).toBeGreaterThan(3);
    expect(b.curve).toEqual(a.curve);
    expect(b.returns).toEqual(a.returns);
    expect(b.weights).toBe(a.weights);
    expect(c.weights).not.toBe(a.weights);
  });

  it('one update moves the networks by the A2C loss gradient (user networks, SGD, one step of one copy): Δb = lr·A(onehot(a) − π), Δc = lr·2·vfCoef·A', async () => {
    const b = tf.variable(tf.tensor1d([0.3, -0.2]));
    const c = tf.variable(tf.scalar(0.7));
    const policy = { kind: 'categorical' as const, observationSize: 4, numActions: 2, logits: (x: tf.Tensor2D) => tf.mul(tf.onesLike(tf.slice(x, [0, 0], [-1, 2])), b) as tf.Tensor2D, variables: [b], dispose: () => b.dispose() };
    const valueFunction = { observationSize: 4, value: (x: tf.Tensor2D) => tf.mul(tf.onesLike(tf.slice(x, [0, 0], [-1, 1])).reshape([-1]), c) as tf.Tensor1D, variables: [c], dispose: () => c.dispose() };
    const lr = 0.1;
    const agent = a2c({ key: key(0), env: 'CartPole-v1', nSteps: 1, policy, valueFunction, optimizer: tf.train.sgd(lr), maxGradNorm: Infinity, vfCoef: 0.5 });
    await agent.learn({ totalTimesteps: 1 });
    // CartPole's first step: reward 1, not terminal; V ≡ 0.7, so A = 1 + 0.99·0.7 − 0.7
    const A = 1 + 0.99 * 0.7 - 0.7;
    const p0 = Math.exp(0.3) / (Math.exp(0.3) + Math.exp(-0.2));
    const candidates = [0, 1].map((a) => [0.3 + lr * A * ((a === 0 ? 1 : 0) - p0), -0.2 + lr * A * ((a === 1 ? 1 : 0) - (1 - p0))]);
    const got = Array.from(b.dataSync());
    const distance = candidates.map((want) => Math.max(...want.map((w, i) => Math.abs(w - got[i]!))));
    expect(Math.min(...distance)).toBeLessThan(1e-6);
    expect(Math.max(...distance)).toBeGreaterThan(1e-3);
    expect(c.dataSync()[0]).toBeCloseTo(0.7 + lr * 2 * 0.5 * A, 6);
    agent.dispose();
  });

  it('learns the same on a parallel vector env as on a sync one (await vec.step), bitwise', async () => {
    const curve = async (env: Parameters<typeof a2c>[0]['env']) => {
      const agent = a2c({ key: key(6), env });
      const { episodeReturns } = await agent.learn({ totalTimesteps: 200 });
      const weights = JSON.stringify(agent.save().weights);
      agent.dispose();
      return { episodeReturns, weights };
    };
    const parallel = await parallelVectorEnv({ id: 'CartPole-v1', n: 2, workers: 1 });
    try {
      const fromParallel = await curve(parallel);
      const fromSync = await curve(syncVectorEnv({ id: 'CartPole-v1', n: 2 }));
      expect(fromParallel.episodeReturns.length).toBeGreaterThan(3);
      expect(fromParallel).toEqual(fromSync);
    } finally {
      await parallel.close();
    }
  });

  for (const id of ['CartPole-v1', 'Pendulum-v1']) {
    it(`frees every tensor it makes (${id}: a learn of 400 steps, then dispose)`, async () => {
      const before = tf.memory().numTensors;
      const agent = a2c({ key: key(1), env: id, n: 2, entCoef: 0.01 });
      const built = tf.memory().numTensors;
      await agent.learn({ totalTimesteps: 200 });
      const afterFirst = tf.memory().numTensors; // the optimizer state exists now
      await agent.learn({ totalTimesteps: 200 });
      expect(tf.memory().numTensors).toBe(afterFirst);
      expect(afterFirst).toBeGreaterThanOrEqual(built);
      agent.predict(new Float32Array(agent.env.observationSize));
      agent.save();
      agent.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  for (const id of ['CartPole-v1', 'Pendulum-v1']) {
    it(`save → JSON → a2c.load gives identical actions (${id}, deterministic and keyed draws)`, async () => {
      const agent = a2c({ key: key(7), env: id, n: 2 });
      await agent.learn({ totalTimesteps: 100 });
      const json = JSON.stringify(agent.save());
      const loaded = a2c.load(json, { env: id });
      const d = agent.env.observationSize;
      const obs = random.normalArray(key(11), 20 * d);
      const keys = split(key(12), 20);
      for (let r = 0; r < 20; r++) {
        const o = obs.subarray(r * d, (r + 1) * d);
        expect(loaded.predict(o, { deterministic: true })).toEqual(agent.predict(o, { deterministic: true }));
        expect(loaded.predict(o, { key: keys[r] })).toEqual(agent.predict(o, { key: keys[r] }));
      }
      expect(loaded.save()).toEqual(JSON.parse(json));
      agent.dispose();
      loaded.dispose();
    });
  }

  it('Box actions: draws are clipped to the bounds for the environment', () => {
    const agent = a2c({ key: key(2), env: 'Pendulum-v1', policy: gaussianMlpPolicy({ key: key(3), observationSize: 3, actionSize: 1, logStdInit: 3 }) });
    const keys = split(key(4), 200);
    const actions = keys.map((k) => (agent.predict([1, 0, 0], { key: k }) as Float64Array)[0] as number);
    expect(Math.max(...actions)).toBe(2);
    expect(Math.min(...actions)).toBe(-2);
    agent.dispose();
  });

  it("nSteps 'episode': one whole episode per copy per update; an AbortSignal stops learn at an update boundary", async () => {
    const agent = a2c({ key: key(5), env: 'CartPole-v1', n: 2, nSteps: 'episode' });
    const seen: number[] = [];
    const result = await agent.learn({ totalTimesteps: 300, onProgress: (p) => seen.push(...p.finishedReturns) });
    expect(result.episodes).toBe(2 * result.updates);
    expect(seen).toEqual(result.episodeReturns); // each update's finished episodes, in order
    const controller = new AbortController();
    const aborted = await agent.learn({ totalTimesteps: 10_000, signal: controller.signal, onProgress: (p) => p.updates === result.updates + 3 && controller.abort() });
    expect(aborted.aborted).toBe(true);
    expect(aborted.updates).toBe(result.updates + 3);
    agent.dispose();
  });

  it("controlVariate 'relax' (nSteps 'episode'): bitwise deterministic, φ (ĉ, k, log τ) trains, no tensor leak, save/load keeps φ", async () => {
    const before = tf.memory().numTensors;
    const run = async () => {
      const agent = a2c({ key: key(8), env: 'CartPole-v1', n: 2, nSteps: 'episode', controlVariate: 'relax', learningRate: 3e-3, entCoef: 0.01 });
      const initial = agent.save().weights.controlVariate!;
      const result = await agent.learn({ totalTimesteps: 300 });
      return { agent, initial, result, saved: agent.save() };
    };
    const a = await run();
    const b = await run();
    expect(b.result.episodeReturns).toEqual(a.result.episodeReturns);
    expect(JSON.stringify(b.saved.weights)).toBe(JSON.stringify(a.saved.weights));
    expect(a.result.episodes).toBe(2 * a.result.updates);
    const phi = a.saved.weights.controlVariate!;
    expect(phi.length).toBe(3 * 2 + 2);
    expect(phi.at(-1)!.values[0]).not.toBe(a.initial.at(-1)!.values[0]); // log τ moved
    expect(phi.at(-2)!.values[0]).not.toBe(a.initial.at(-2)!.values[0]); // k moved
    const loaded = a2c.load(JSON.stringify(a.saved), { env: 'CartPole-v1', n: 2 });
    expect(loaded.save()).toEqual(a.saved);
    const o = [0.01, -0.02, 0.03, 0.04];
    expect(loaded.predict(o, { deterministic: true })).toBe(a.agent.predict(o, { deterministic: true }));
    await loaded.learn({ totalTimesteps: 50 });
    for (const agent of [a.agent, b.agent, loaded]) agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("controlVariate 'lax' (Pendulum-v1, nSteps 'episode'): bitwise deterministic, φ trains, no tensor leak, save/load keeps φ", async () => {
    const before = tf.memory().numTensors;
    const run = async () => {
      const agent = a2c({ key: key(9), env: 'Pendulum-v1', n: 2, nSteps: 'episode', controlVariate: 'lax' });
      const initial = agent.save().weights.controlVariate!;
      const result = await agent.learn({ totalTimesteps: 800 });
      return { agent, initial, result, saved: agent.save() };
    };
    const a = await run();
    const b = await run();
    expect(a.result.updates).toBe(2);
    expect(b.result.episodeReturns).toEqual(a.result.episodeReturns);
    expect(JSON.stringify(b.saved.weights)).toBe(JSON.stringify(a.saved.weights));
    const phi = a.saved.weights.controlVariate!;
    expect(phi.length).toBe(3 * 2);
    expect(phi[0]!.values).not.toEqual(a.initial[0]!.values);
    const loaded = a2c.load(JSON.stringify(a.saved), { env: 'Pendulum-v1', n: 2 });
    expect(loaded.save()).toEqual(a.saved);
    for (const agent of [a.agent, b.agent, loaded]) agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('typed errors: a policy that cannot serve the action space, nSteps < 1, gamma outside [0, 1], relax on Box, lax on Discrete, unknown options', () => {
    const before = tf.memory().numTensors;
    const cases: [string, () => unknown, RegExp][] = [
      ['policy over 3 actions on Discrete(2)', () => a2c({ key: key(0), env: 'CartPole-v1', policy: categoricalMlpPolicy({ key: key(1), observationSize: 4, numActions: 3 }) }), /categorical policy over 2 actions/],
      ['gaussian policy on Discrete(2)', () => a2c({ key: key(0), env: 'CartPole-v1', policy: gaussianMlpPolicy({ key: key(1), observationSize: 4, actionSize: 1 }) }), /categorical policy over 2 actions/],
      ['categorical policy on a Box', () => a2c({ key: key(0), env: 'Pendulum-v1', policy: categoricalMlpPolicy({ key: key(1), observationSize: 3, numActions: 2 }) }), /gaussian policy of action size 1/],
      ['nSteps 0', () => a2c({ key: key(0), env: 'CartPole-v1', nSteps: 0 }), /nSteps: got 0/],
      ['nSteps 2.5', () => a2c({ key: key(0), env: 'CartPole-v1', nSteps: 2.5 }), /nSteps/],
      ['gamma -0.1', () => a2c({ key: key(0), env: 'CartPole-v1', gamma: -0.1 }), /gamma: got -0.1; allowed: a number in \[0, 1\]/],
      ['gamma 1.5', () => a2c({ key: key(0), env: 'CartPole-v1', gamma: 1.5 }), /gamma/],
      ['relax on a Box', () => a2c({ key: key(0), env: 'Pendulum-v1', controlVariate: 'relax' }), /'relax' with action space Box/],
      ['relax with n-step rollouts', () => a2c({ key: key(0), env: 'CartPole-v1', controlVariate: 'relax' }), /nSteps: 5 with controlVariate 'relax'; allowed: 'episode'/],
      ['lax with n-step rollouts', () => a2c({ key: key(0), env: 'Pendulum-v1', controlVariate: 'lax', nSteps: 8 }), /nSteps: 8 with controlVariate 'lax'; allowed: 'episode'/],
      ['lax on Discrete', () => a2c({ key: key(0), env: 'CartPole-v1', controlVariate: 'lax' }), /'lax' with action space Discrete/],
      ['unknown option', () => a2c({ key: key(0), env: 'CartPole-v1', learning_rate: 1e-3 } as never), /unknown option "learning_rate"/],
      ['n with a vector env', () => a2c({ key: key(0), env: syncVectorEnv({ id: 'CartPole-v1', n: 1 }), n: 2 }), /n only with an env id/],
      ['no key', () => a2c({ env: 'CartPole-v1' } as never), /key/],
      ['batchSteps 0', () => a2c({ key: key(0), env: 'CartPole-v1', nSteps: 'episode', batchSteps: 0 }), /batchSteps: got 0; allowed: an integer >= 1/],
      ['batchSteps with n-step rollouts', () => a2c({ key: key(0), env: 'CartPole-v1', batchSteps: 2500 }), /batchSteps: 2500 with nSteps 5; allowed: batchSteps only with nSteps 'episode'/],
    ];
    for (const [name, f, message] of cases) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ArgumentError);
      expect((error as Error).message, name).toMatch(message);
    }
    // the user's networks passed in failed cases are theirs; the check frees nothing of theirs, so count those out
    const userTensors = 3 * (3 * 2) + 1; // three user policies (2 × 64 MLPs: 3 layers × (W, b)), one log-std
    expect(tf.memory().numTensors).toBe(before + userTensors);
  });

  it("batchSteps: each episode-mode update collects rounds of one episode per copy until it holds at least batchSteps transitions", async () => {
    const agent = a2c({ key: key(6), env: 'CartPole-v1', n: 2, nSteps: 'episode', batchSteps: 150 });
    const marks: { timesteps: number; episodes: number }[] = [{ timesteps: 0, episodes: 0 }];
    await agent.learn({ totalTimesteps: 1_000, onProgress: (p) => marks.push({ timesteps: p.timesteps, episodes: p.episodes }) });
    for (let i = 1; i < marks.length; i++) {
      const steps = marks[i]!.timesteps - marks[i - 1]!.timesteps;
      const episodes = marks[i]!.episodes - marks[i - 1]!.episodes;
      expect(steps).toBeGreaterThanOrEqual(150);
      expect(episodes % 2).toBe(0);
      expect(episodes).toBeGreaterThan(2); // random CartPole episodes are ~20 steps: several rounds
    }
    agent.dispose();
  });

  describe('policyGradientSamples (per-episode estimates at one policy snapshot)', () => {
    /** Largest |z| of the difference of two sample means over coordinates, and its Bonferroni bound at 1e-3. */
    function maxZ(a: Float32Array[], b: Float32Array[]): { z: number; bound: number } {
      const p = a[0]!.length;
      const stats = (s: Float32Array[], j: number) => {
        const mean = s.reduce((sum, g) => sum + g[j]!, 0) / s.length;
        const variance = s.reduce((sum, g) => sum + (g[j]! - mean) ** 2, 0) / (s.length - 1);
        return { mean, se2: variance / s.length };
      };
      let z = 0;
      for (let j = 0; j < p; j++) {
        const x = stats(a, j);
        const y = stats(b, j);
        if (x.se2 + y.se2 > 0) z = Math.max(z, Math.abs(x.mean - y.mean) / Math.sqrt(x.se2 + y.se2));
      }
      // two-sided normal quantile at 1e-3 / p (p ≤ 200 here): about 4.4
      return { z, bound: 4.42 };
    }

    it("RELAX's samples ('agent') and the score function's ('value') estimate the same ∇J (independent episodes); same key, same samples; no tensor leak", async () => {
      const agent = a2c({ key: key(21), env: 'CartPole-v1', n: 1, nSteps: 'episode', controlVariate: 'relax', hiddenSizes: [10, 10], activation: 'relu', entCoef: 0.01, learningRate: 0.01 });
      await agent.learn({ totalTimesteps: 2_000 }); // a policy that is no longer uniform, a φ that has trained
      const before = tf.memory().numTensors;
      const relaxSamples = await agent.policyGradientSamples({ env: 'CartPole-v1', n: 300, key: key(1) });
      const valueSamples = await agent.policyGradientSamples({ env: 'CartPole-v1', n: 300, key: key(2), estimator: 'value' });
      expect(tf.memory().numTensors).toBe(before);
      const count = agent.policy.variables.reduce((sum, v) => sum + v.size, 0);
      expect(relaxSamples.parameterCount).toBe(count);
      expect(relaxSamples.samples.length).toBe(300);
      const { z, bound } = maxZ(relaxSamples.samples, valueSamples.samples);
      expect(z).toBeLessThan(bound);
      // the test has power: a policy gradient of the other sign is far off
      expect(maxZ(relaxSamples.samples, valueSamples.samples.map((g) => g.map((x) => -x))).z).toBeGreaterThan(bound);
      const again = await agent.policyGradientSamples({ env: 'CartPole-v1', n: 300, key: key(1) });
      expect(again.samples).toEqual(relaxSamples.samples);
      expect(again.episodeReturns).toEqual(relaxSamples.episodeReturns);
      agent.dispose();
    });

    it('typed errors: an n-step agent, an env of other spaces, an unknown estimator, unknown options', async () => {
      const nStep = a2c({ key: key(0), env: 'CartPole-v1' });
      await expect(nStep.policyGradientSamples({ env: 'CartPole-v1', n: 2, key: key(1) })).rejects.toThrow(/nSteps 5; allowed: an agent with nSteps 'episode'/);
      nStep.dispose();
      const agent = a2c({ key: key(0), env: 'CartPole-v1', nSteps: 'episode' });
      await expect(agent.policyGradientSamples({ env: 'Acrobot-v1', n: 2, key: key(1) })).rejects.toThrow(/observation size 6/);
      await expect(agent.policyGradientSamples({ env: 'CartPole-v1', n: 2, key: key(1), estimator: 'relax' as never })).rejects.toThrow(/estimator: got relax; allowed: 'agent' or 'value'/);
      await expect(agent.policyGradientSamples({ env: 'CartPole-v1', n: 2, key: key(1), episodes: 4 } as never)).rejects.toThrow(/unknown option "episodes"/);
      agent.dispose();
    });
  });

  it('learn errors: totalTimesteps < 1, unknown options', async () => {
    const agent = a2c({ key: key(0), env: 'CartPole-v1' });
    await expect(agent.learn({ totalTimesteps: 0 })).rejects.toThrow(ArgumentError);
    await expect(agent.learn({ totalTimesteps: 10, steps: 3 } as never)).rejects.toThrow(/unknown option "steps"/);
    expect(() => agent.predict([0, 0, 0])).toThrow(/an array of 4 numbers/);
    agent.dispose();
  });

  it('CartPole-v1: 5,000 timesteps (8 copies, SB3 defaults) lift the deterministic evaluation above 2 × the mean of a uniformly random policy', async () => {
    const t0 = performance.now();
    const agent = a2c({ key: key(0), env: 'CartPole-v1', n: 8 });
    const learned = await agent.learn({ totalTimesteps: 5000 });
    const trained = evaluatePolicy(agent, 'CartPole-v1', { episodes: 20, seed: 100 });
    const keys = split(key(9), 100_000);
    let i = 0;
    const uniform = evaluatePolicy({ predict: () => (random.integerArray(keys[i++]!, 1, 2)[0] as number) }, 'CartPole-v1', { episodes: 100, seed: 100 });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`CartPole-v1 after ${learned.timesteps} steps (${seconds.toFixed(1)} s, ${learned.fps.toFixed(0)} fps): training mean of last 100 episodes ${learned.meanReturn.toFixed(1)}, deterministic eval ${trained.meanReturn.toFixed(1)} ± ${trained.stdReturn.toFixed(1)} (20 episodes), uniform random ${uniform.meanReturn.toFixed(1)} ± ${uniform.stdReturn.toFixed(1)} (100 episodes)`);
    expect(uniform.meanReturn).toBeGreaterThan(15);
    expect(uniform.meanReturn).toBeLessThan(30);
    // stated margin: at least 2 × the random policy's mean (keys 0–4 gave 126.8, 75.5, 119.5, 61.4, 120.7)
    expect(trained.meanReturn).toBeGreaterThan(2 * uniform.meanReturn);
    agent.dispose();
  }, 30_000);

  // The sanity anchor of issue #10 (SB3's A2C reaches 500 on CartPole-v1); about 18 s per key here, so opt-in:
  // STOCHGRAD_LONG=1 npx vitest run src/agents/a2c.test.ts
  it.skipIf(!process.env.STOCHGRAD_LONG)('CartPole-v1 at SB3 settings (8 copies): the mean of the last 100 episodes reaches 475 within 200,000 timesteps; the tensor count stays put', async () => {
    for (const seed of [0, 1]) {
      const before = tf.memory().numTensors;
      const agent = a2c({ key: key(seed), env: 'CartPole-v1', n: 8 });
      let firstUpdate = -1;
      let reached = -1;
      const result = await agent.learn({
        totalTimesteps: 200_000,
        onProgress: (p) => {
          if (p.updates === 1) firstUpdate = tf.memory().numTensors;
          if (reached < 0 && p.meanReturn >= 475) reached = p.timesteps;
        },
      });
      const evaluation = evaluatePolicy(agent, 'CartPole-v1', { episodes: 20, seed: 100 });
      console.log(`key ${seed}: mean of the last 100 ≥ 475 first at ${reached} timesteps; at ${result.timesteps}: ${result.meanReturn.toFixed(1)}; deterministic eval ${evaluation.meanReturn.toFixed(1)} ± ${evaluation.stdReturn.toFixed(1)}; ${result.fps.toFixed(0)} transitions/s`);
      expect(reached).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(firstUpdate);
      agent.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  }, 120_000);
});
