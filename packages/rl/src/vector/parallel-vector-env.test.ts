import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ArgumentError, key } from '@stochgrad/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as rl from '../index';
import { ActionError, EnvStateError, UnknownEnvironmentError } from '../errors';
import { loadMujoco } from '../mujoco/loader';
import { registeredEnvironments } from '../registry';
import '../registrations';
import { type ParallelVectorEnv, parallelVectorEnv } from './parallel-vector-env';
import { randomActions } from '../../test/helpers/vector';
import { syncVectorEnv } from './sync-vector-env';
import type { VectorEnv } from './vector-env';
// @ts-expect-error a plain JavaScript registration module (workers import it as is)
import setupToy from '../../test/helpers/vector-toy-env.mjs';

/** Steps both with the same random actions (drawn by key) and expects the same numbers, bitwise. */
async function expectSame(a: VectorEnv, b: VectorEnv, steps: number, seed: number) {
  expect(await b.reset({ seed })).toEqual(await a.reset({ seed }));
  const k = key(seed);
  let resets = 0;
  for (let t = 0; t < steps; t++) {
    const actions = randomActions(a.singleActionSpace, a.numEnvs, k, t);
    const x = await a.step(actions);
    const y = await b.step(actions);
    expect(y.observations).toEqual(x.observations);
    expect(y.rewards).toEqual(x.rewards);
    expect(y.terminations).toEqual(x.terminations);
    expect(y.truncations).toEqual(x.truncations);
    expect(y.autoreset).toEqual(x.autoreset);
    expect(y.infos).toEqual(x.infos);
    resets += x.autoreset.reduce((s, v) => s + v, 0);
  }
  return resets;
}

describe('parallelVectorEnv', () => {
  beforeAll(async () => {
    await loadMujoco();
  });

  test('every registered env: the same trajectories as syncVectorEnv for the same seeds, bitwise (200 steps, autoresets)', async () => {
    const ids = registeredEnvironments();
    expect(ids).toContain('CartPole-v1');
    const checked: string[] = [];
    for (const id of ids) {
      const options = { maxEpisodeSteps: 40 };
      const sync = syncVectorEnv({ id, n: 3, options });
      const parallel = await parallelVectorEnv({ id, n: 3, workers: 2, options });
      try {
        expect(parallel.transport).toBe('shared');
        const resets = await expectSame(sync, parallel, 200, 11);
        expect(resets, id).toBeGreaterThanOrEqual(3 * 4);
      } finally {
        sync.close();
        await parallel.close();
      }
      checked.push(id);
    }
    expect(checked).toEqual(ids);
  });

  test('an env registered through `imports`: infos that change keys, strings, −0 and NaN come through exactly', async () => {
    (setupToy as (p: typeof rl) => void)(rl);
    const url = new URL('../../test/helpers/vector-toy-env.mjs', import.meta.url).href;
    const sync = syncVectorEnv({ id: 'VectorToy-v0', n: 5 });
    const parallel = await parallelVectorEnv({ id: 'VectorToy-v0', n: 5, workers: 2, imports: [url] });
    try {
      const resets = await expectSame(sync, parallel, 60, 8);
      expect(resets).toBeGreaterThan(10);
      const last = await parallel.step([0, 0, 0, 0, 0]);
      expect(last.infos.some((info) => Object.is(info.zero, -0) || info.label === 'five' || typeof info.half === 'number')).toBe(true);
    } finally {
      await parallel.close();
    }
  });

  test('a call that fails in one worker answers only when every worker is done: the next calls are not lost or mixed up', async () => {
    (setupToy as (p: typeof rl) => void)(rl);
    const url = new URL('../../test/helpers/vector-toy-env.mjs', import.meta.url).href;
    // copies 0, 1 on worker 0 and 2, 3 on worker 1; u (the second observation) is the copy's draw
    const us = (seed: number) => {
      const { observations } = syncVectorEnv({ id: 'VectorToy-v0', n: 4 }).reset({ seed });
      return [observations[1]!, observations[3]!, observations[5]!, observations[7]!];
    };
    const seeds = Array.from({ length: 200 }, (_, s) => s);
    // worker 0's reset fails at once, worker 1's 300+ ms later
    const resetSeed = seeds.find((s) => us(s)[2]! - us(s)[0]! > 0.6)!;
    // at step 3 worker 0 fails (copy 0 has u > 0.5) while worker 1 sends new info keys by message
    const stepSeed = seeds.find((s) => us(s)[0]! > 0.5 && us(s)[2]! <= 0.5 && us(s)[3]! <= 0.5)!;
    expect([resetSeed, stepSeed].every((s) => s !== undefined)).toBe(true);
    const parallel = await parallelVectorEnv({ id: 'VectorToy-v0', n: 4, workers: 2, imports: [url] });
    try {
      for (let round = 0; round < 3; round++) {
        await expect(parallel.reset({ seed: resetSeed, options: { failAfterMs: 500 } })).rejects.toThrow(/reset failed on purpose/);
        // the slow worker's message must not be merged with this one's (a hang), nor its error reported here
        const t0 = performance.now();
        await parallel.reset({ seed: stepSeed, options: { failStepAt: 3 } });
        expect(performance.now() - t0).toBeLessThan(20_000);
        await parallel.step([0, 0, 0, 0]);
        await parallel.step([0, 0, 0, 0]);
        await expect(parallel.step([0, 0, 0, 0])).rejects.toThrow(/step 3 failed on purpose/);
        // worker 1's info message of that step was consumed: numbers and infos stay those of syncVectorEnv
        await expectSame(syncVectorEnv({ id: 'VectorToy-v0', n: 4 }), parallel, 20, 8 + round);
      }
    } finally {
      await parallel.close();
    }
  });

  test('uneven split (8 copies on 3 workers) and the message transport give the same numbers too', async () => {
    const sync = syncVectorEnv({ id: 'CartPole-v1', n: 8 });
    const shared = await parallelVectorEnv({ id: 'CartPole-v1', n: 8, workers: 3 });
    const message = await parallelVectorEnv({ id: 'CartPole-v1', n: 8, workers: 2, transport: 'message' });
    try {
      expect(shared.numWorkers).toBe(3);
      expect(message.transport).toBe('message');
      await expectSame(sync, shared, 300, 3);
      await expectSame(syncVectorEnv({ id: 'CartPole-v1', n: 8 }), message, 300, 3);
    } finally {
      await shared.close();
      await message.close();
    }
  });

  test('reset seeds seed + i across workers; spaces and spec come from the workers', async () => {
    const vec = await parallelVectorEnv({ id: 'CartPole-v0', n: 4, workers: 2 });
    try {
      expect(vec.spec?.maxEpisodeSteps).toBe(200);
      expect(vec.singleActionSpace.toString()).toBe('Discrete(2)');
      expect(vec.observationSize).toBe(4);
      const { observations } = await vec.reset({ seed: 100 });
      const sync = syncVectorEnv({ id: 'CartPole-v0', n: 4 }).reset({ seed: 100 }).observations;
      expect(observations).toEqual(sync);
    } finally {
      await vec.close();
    }
  });

  describe('typed errors', () => {
    let vec: ParallelVectorEnv;
    beforeAll(async () => {
      vec = await parallelVectorEnv({ id: 'CartPole-v1', n: 2, workers: 2 });
    });
    afterAll(async () => {
      await vec.close();
    });

    test('bad options, unknown id (before any worker starts)', async () => {
      await expect(parallelVectorEnv({ id: 'CartPol-v1', n: 2 })).rejects.toThrow(UnknownEnvironmentError);
      await expect(parallelVectorEnv({ id: 'CartPole-v1', n: 0 })).rejects.toThrow(ArgumentError);
      await expect(parallelVectorEnv({ id: 'CartPole-v1', n: 2, workers: 0 })).rejects.toThrow(/workers/);
      await expect(parallelVectorEnv({ id: 'CartPole-v1', n: 2, wrokers: 2 } as never)).rejects.toThrow(/unknown option "wrokers"/);
      await expect(parallelVectorEnv({ make: () => undefined, n: 2 } as never)).rejects.toThrow(ArgumentError);
    });

    test('an option the env rejects in the worker comes back as the same typed error', async () => {
      const error = await parallelVectorEnv({ id: 'CartPole-v1', n: 2, options: { gravity: 3 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArgumentError);
      expect(String((error as Error).message)).toMatch(/unknown option "gravity".*in a parallelVectorEnv worker/);
    });

    test('step before reset, wrong batch length, invalid action, bad reset options, overlapping calls', async () => {
      await expect(vec.step([0, 1])).rejects.toThrow(EnvStateError);
      await vec.reset({ seed: 0 });
      await expect(vec.step([0])).rejects.toThrow(ActionError);
      await expect(vec.step([0, 7])).rejects.toThrow(/copy 1/);
      await expect(vec.reset({ options: { low: 1, high: 0 } })).rejects.toBeInstanceOf(ArgumentError);
      await expect(vec.reset({ seed: 1.5 })).rejects.toThrow(ArgumentError);
      await vec.reset({ seed: 0 });
      const first = vec.step([0, 1]);
      await expect(vec.step([0, 1])).rejects.toThrow(/await each call/);
      await first;
      const after = await vec.step([1, 1]);
      expect(after.rewards).toEqual(Float64Array.of(1, 1));
    });

    test('use after close', async () => {
      const other = await parallelVectorEnv({ id: 'CartPole-v1', n: 1 });
      await other.reset();
      await other.close();
      await other.close();
      await expect(other.step([0])).rejects.toThrow(/closed/);
      await expect(other.reset()).rejects.toThrow(EnvStateError);
    });
  });

  test('no leaked workers: a process that closes one vector env (and forgets another) exits by itself', async () => {
    // the script runs from a bundle laid out like dist/ (index + vector-worker.js side by side)
    const esbuild = await import('esbuild');
    const dir = fileURLToPath(new URL(`../../node_modules/.cache/stochgrad-rl/exit-${process.pid}/`, import.meta.url));
    mkdirSync(dir, { recursive: true });
    const entry = `${dir}entry.ts`;
    writeFileSync(
      entry,
      `import { parallelVectorEnv } from ${JSON.stringify(fileURLToPath(new URL('../index.ts', import.meta.url)))};
const a = await parallelVectorEnv({ id: 'CartPole-v1', n: 2, workers: 2 });
await a.reset({ seed: 0 });
await a.step([0, 1]);
await a.close();
const b = await parallelVectorEnv({ id: 'CartPole-v1', n: 2, workers: 2 });
await b.reset({ seed: 0 });
await b.step([1, 1]);
console.log('done');
`,
    );
    const external = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu', 'mujoco-js', 'planck', 'esbuild'];
    const plugin = {
      name: 'externals',
      setup(b: { onResolve(o: { filter: RegExp }, f: (a: { path: string }) => { external: boolean } | undefined): void }) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@tensorflow/tfjs-core/dist/') ? undefined : external.some((e) => args.path === e || args.path.startsWith(`${e}/`)) || args.path.startsWith('node:') ? { external: true } : undefined));
      },
    };
    const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, target: 'node20', conditions: ['@stochgrad/source'], logLevel: 'error' as const, plugins: [plugin] };
    await esbuild.build({ ...common, entryPoints: [entry], outfile: `${dir}index.mjs` });
    await esbuild.build({ ...common, entryPoints: [fileURLToPath(new URL('./vector-worker.ts', import.meta.url))], outfile: `${dir}vector-worker.js` });
    writeFileSync(`${dir}package.json`, '{ "type": "module" }');
    try {
      const t0 = performance.now();
      const child = spawnSync(process.execPath, [`${dir}index.mjs`], { encoding: 'utf8', timeout: 60_000 });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('done');
      expect(child.signal).toBeNull();
      expect(child.status).toBe(0);
      expect(performance.now() - t0).toBeLessThan(60_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
