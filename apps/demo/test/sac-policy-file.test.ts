// The shipped SAC agent's file (src/sac-policy-file.ts, src/export-sac-policy.ts) and the live SAC
// runs of the MuJoCo panel (src/sac-live.ts): the file round-trips bit for bit (the loaded agent
// acts exactly as the saved one), the export picks the run's snapshot or its newest checkpoint and
// says where it came from, the shipped file loads into HalfCheetah-v5, and Pendulum trains and
// records its episodes; every tensor is freed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { type SacSnapshot, loadMujoco, make, sac } from '@stochgrad/rl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUN, exportSacPolicy, parseExportOptions } from '../src/export-sac-policy';
import { CONTINUE_REFILL, PENDULUM_SAC_SETTINGS, playPolicy, sacLive, sacReturnChartSpec } from '../src/sac-live';
import { HALFCHEETAH_POLICY_PATH, SacPolicyFileError, base64ToBytes, bytesToBase64, decodeSacPolicyFile, describeSacPolicySource, encodeSacPolicyFile } from '../src/sac-policy-file';

const SMALL = { learningStarts: 50, batchSize: 32, hiddenSizes: [16, 16] } as const;

let trained: SacSnapshot;
let tensorsAtStart = 0;
const dirs: string[] = [];

beforeAll(async () => {
  await ready({ backend: 'cpu' });
  tensorsAtStart = tf.memory().numTensors;
  const agent = sac({ key: key(3), env: 'Pendulum-v1', ...SMALL });
  await agent.learn({ totalTimesteps: 150 });
  trained = agent.save();
  agent.dispose();
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const source = {
  runId: 'pendulum-test', env: 'Pendulum-v1', method: 'gaussian', seed: 0, from: 'checkpoint' as const, steps: 150, updates: 100,
  evaluation: { steps: 150, mean: -1200, std: 100, episodes: 10 }, benchCommand: 'test', savedAt: '2026-01-01T00:00:00.000Z', exportedAt: '2026-01-01T00:00:00.000Z',
};

/** Observations of Pendulum-v1 to compare actions on. */
const observations = [[1, 0, 0], [0, 1, -3], [-1, 0, 8], [0.6, -0.8, 1.5], [0.1, 0.99, -7]];

describe('the SAC policy file', () => {
  it('base64 round-trips any bytes, across chunk boundaries', () => {
    for (const n of [0, 1, 2, 3, 4, 0x6000 - 1, 0x6000, 0x6000 + 1, 100_003]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) % 256);
      const text = bytesToBase64(bytes);
      expect(text.length).toBe(4 * Math.ceil(n / 3));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
  });

  it('round-trips a snapshot bit for bit: the loaded agent takes the same deterministic actions, and nothing leaks', () => {
    const before = tf.memory().numTensors;
    const text = JSON.stringify(encodeSacPolicyFile(trained, source));
    const { snapshot, source: read } = decodeSacPolicyFile(text);
    expect(read).toEqual(source);
    expect(snapshot).toEqual(trained);
    // the weights are smaller than the snapshot's JSON numbers
    expect(text.length).toBeLessThan(0.6 * JSON.stringify(trained).length);
    const original = sac.load(trained, { env: 'Pendulum-v1' });
    const loaded = sac.load(snapshot, { env: 'Pendulum-v1' });
    try {
      for (const obs of observations) {
        const a = original.predict(obs, { deterministic: true });
        const b = loaded.predict(obs, { deterministic: true });
        expect(Array.from(b)).toEqual(Array.from(a));
        expect(Math.abs(a[0] as number)).toBeLessThanOrEqual(2);
      }
      // not a trivial policy: the actions differ between observations
      const actions = observations.map((o) => (original.predict(o, { deterministic: true })[0] as number).toFixed(6));
      expect(new Set(actions).size).toBeGreaterThan(1);
    } finally {
      original.dispose();
      loaded.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses values that are not float32, and files of another format', () => {
    const bad: SacSnapshot = { ...trained, weights: { ...trained.weights, logEntCoef: [{ shape: [], values: [0.1] }] } };
    expect(() => encodeSacPolicyFile(bad, source)).toThrow(SacPolicyFileError);
    expect(() => decodeSacPolicyFile({ ...encodeSacPolicyFile(trained, source), version: 2 } as never)).toThrow(/format 'stochgrad.demo.sac-policy' version 1/);
    const file = encodeSacPolicyFile(trained, source);
    const first = file.snapshot.weights.policy[0];
    if (!first) throw new Error('no policy weights');
    const cut = { ...file, snapshot: { ...file.snapshot, weights: { ...file.snapshot.weights, policy: [{ ...first, float32: first.float32.slice(0, 8) }, ...file.snapshot.weights.policy.slice(1)] } } };
    expect(() => decodeSacPolicyFile(cut)).toThrow(/bytes for shape/);
  });
});

describe('the export script', () => {
  const results = mkdtempSync(join(tmpdir(), 'stochgrad-sac-export-'));
  dirs.push(results);
  const setup = { part: 'pendulum', env: 'Pendulum-v1', method: 'gaussian', seed: 0, evalEpisodes: 10 };
  const evaluations = [{ steps: 0, mean: -1400, std: 200 }, { steps: 100, mean: -1300, std: 150 }, { steps: 200, mean: -900, std: 50 }];
  const out = join(results, 'out', 'agent.json');

  it('exports the newest checkpoint of a run, with its last evaluation up to the snapshot', () => {
    mkdirSync(join(results, 'checkpoints'), { recursive: true });
    const checkpoint = { format: 'stochgrad.bench.rl-sac.checkpoint', id: 'p-run', setup, run: { evaluations }, snapshot: trained, savedAt: '2026-12-07T23:00:00.000Z' };
    writeFileSync(join(results, 'checkpoints', 'p-run.json'), JSON.stringify(checkpoint));
    const { source: s, bytes } = exportSacPolicy({ run: 'p-run', results, out });
    expect(bytes).toBe(readFileSync(out).length);
    expect(s).toMatchObject({ runId: 'p-run', from: 'checkpoint', steps: 150, updates: trained.updates, evaluation: { steps: 100, mean: -1300, std: 150, episodes: 10 } });
    expect(s.benchCommand).toBe('pnpm --filter @stochgrad/bench run rl-sac -- --parts pendulum');
    expect(decodeSacPolicyFile(readFileSync(out, 'utf8')).snapshot).toEqual(trained);
    expect(describeSacPolicySource(s)).toContain('checkpoint), 150 environment steps');
  });

  it("prefers a stored run's own snapshot, and says what to do when a finished run has none", () => {
    mkdirSync(join(results, 'runs'), { recursive: true });
    const stored = { id: 'p-run', part: 'pendulum', finishedAt: '2026-12-08T00:00:00.000Z', context: { command: 'pnpm --filter @stochgrad/bench run rl-sac -- --parts pendulum --seeds 1' }, record: { setup, evaluations } };
    writeFileSync(join(results, 'runs', 'p-run.json'), JSON.stringify({ ...stored, snapshot: { ...trained, timesteps: 200 } }));
    const { source: s } = exportSacPolicy({ run: 'p-run', results, out });
    expect(s).toMatchObject({ from: 'run', steps: 200, evaluation: { steps: 200, mean: -900 }, benchCommand: stored.context.command, savedAt: stored.finishedAt });
    writeFileSync(join(results, 'runs', 'p-run.json'), JSON.stringify(stored));
    rmSync(join(results, 'checkpoints', 'p-run.json'));
    expect(() => exportSacPolicy({ run: 'p-run', results, out })).toThrow(/holds no agent snapshot.*--checkpoint/);
    expect(() => exportSacPolicy({ run: 'nothing', results, out })).toThrow(/no stored run/);
  });

  it('parses its options with the defaults the README names', () => {
    const o = parseExportOptions(['node', 'export-sac-policy.ts']);
    expect(o.run).toBe(DEFAULT_RUN);
    expect(o.out).toBe(resolve(import.meta.dirname, '../web/public', HALFCHEETAH_POLICY_PATH));
    expect(o.results).toBe(resolve(import.meta.dirname, '../../../bench/results/rl-sac'));
  });
});

describe('the shipped HalfCheetah agent', () => {
  it('loads into HalfCheetah-v5 and acts in its bounds; the file says where it came from', async () => {
    await loadMujoco();
    const before = tf.memory().numTensors;
    const { snapshot, source: s } = decodeSacPolicyFile(readFileSync(resolve(import.meta.dirname, '../web/public', HALFCHEETAH_POLICY_PATH), 'utf8'));
    expect(s.runId).toMatch(/^halfcheetah-HalfCheetah-v5-gaussian-/);
    expect(s.env).toBe('HalfCheetah-v5');
    expect(s.steps).toBe(snapshot.timesteps);
    expect(s.benchCommand).toMatch(/^pnpm --filter @stochgrad\/bench run rl-sac/);
    const env = make('HalfCheetah-v5');
    const agent = sac.load(snapshot, { env });
    try {
      let { observation } = env.reset({ seed: 0 });
      let x = Number.NaN;
      let total = 0;
      for (let t = 0; t < 20; t++) {
        const action = agent.predict(observation, { deterministic: true });
        expect(action).toHaveLength(6);
        for (const a of action) expect(Math.abs(a)).toBeLessThanOrEqual(1);
        const result = env.step(action);
        observation = result.observation;
        x = Number(result.info.x_position);
        total += result.reward;
      }
      // the CLI's drive (playPolicy) is the same deterministic run
      const play = playPolicy({ agent, env, steps: 20, seed: 0 });
      expect(play).toMatchObject({ steps: 20, xEnd: x, episodes: 0 });
      expect(play.totalReturn).toBeCloseTo(total, 9);
    } finally {
      agent.dispose();
      env.close();
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe('live SAC runs', () => {
  it('trains Pendulum from scratch, records the frames of each finished episode, and continues a snapshot after a refill', async () => {
    const before = tf.memory().numTensors;
    const live = sacLive({ key: fold(key(5), 1), task: { kind: 'scratch', env: 'Pendulum-v1', options: { ...PENDULUM_SAC_SETTINGS, hiddenSizes: [16, 16] } }, recordFrames: true });
    try {
      await live.train(250);
      await live.train(150);
      expect(live.returns).toHaveLength(2);
      const last = live.lastEpisode();
      expect(last?.episode).toBe(2);
      expect(last?.frames).toHaveLength(201); // after the reset and after each of 200 steps
      expect(last?.return).toBe(live.returns[1]);
      const s = live.summary();
      expect(s).toMatchObject({ timesteps: 400, episodes: 2, updates: 400 - PENDULUM_SAC_SETTINGS.learningStarts });
      expect(s.meanReturn).toBeCloseTo((live.returns[0]! + live.returns[1]!) / 2, 9);
      expect(sacReturnChartSpec({ title: 'Pendulum-v1', returns: live.returns })).toBeTypeOf('object');
    } finally {
      live.dispose();
    }
    const cont = sacLive({ key: key(1), task: { kind: 'continue', snapshot: trained, env: 'Pendulum-v1', refill: 64 } });
    try {
      await cont.train(100);
      // the first 64 steps refill the buffer with uniform actions, then one update per step
      expect(cont.summary()).toMatchObject({ timesteps: trained.timesteps + 100, updates: trained.updates + 36 });
      expect(CONTINUE_REFILL).toBeGreaterThanOrEqual(256);
    } finally {
      cont.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('leaves no tensors behind overall', () => {
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
  });
});
