/**
 * Environment throughput: steps per second with random actions (drawn up front from a key, so
 * the timing is the environment's), for a single env, the synchronous vector env and the parallel
 * one, each timed for a fixed wall-clock budget after a warm-up.
 */
import { type Key, fold, split } from '@stochgrad/core';
import { type Action, type Env, type Space, make, parallelVectorEnv, syncVectorEnv } from '@stochgrad/rl';

const POOL = 1024;

/** POOL random actions from the space, drawn from a key. */
export function actionPool(space: Space, k: Key): Action[] {
  return Array.from({ length: POOL }, (_, i) => space.sample(fold(k, i)) as Action);
}

/** Steps per second of one env (make(id)) under random actions, resetting when an episode ends. */
export function singleEnvRate(id: string, options: { key: Key; seconds: number }): number {
  const env: Env = make(id);
  try {
    const actions = actionPool(env.actionSpace, options.key);
    env.reset({ seed: 0 });
    let steps = 0;
    const run = (limitMs: number) => {
      const start = performance.now();
      let n = 0;
      while (true) {
        for (let i = 0; i < 64; i++) {
          const r = env.step(actions[(steps + n) % POOL] as Action);
          n += 1;
          if (r.terminated || r.truncated) env.reset();
        }
        const elapsed = performance.now() - start;
        if (elapsed >= limitMs) return { n, elapsed };
      }
    };
    run(Math.max(1000, options.seconds * 1000)); // warm-up: JIT and wasm tier-up
    const { n, elapsed } = run(options.seconds * 1000);
    steps += n;
    return (n / elapsed) * 1000;
  } finally {
    env.close();
  }
}

/** Flat batched actions for a vector env of n copies: n per step, from the pool. */
function batchOf(space: Space, pool: Action[], n: number, offset: number): Int32Array | Float32Array {
  if (space.kind === 'discrete') {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = pool[(offset + i) % POOL] as number;
    return out;
  }
  const out = new Float32Array(n * space.size);
  for (let i = 0; i < n; i++) out.set(pool[(offset + i) % POOL] as ArrayLike<number>, i * space.size);
  return out;
}

/** Env steps per second (n copies × vector steps) of a sync or parallel vector env. */
export async function vectorEnvRate(id: string, options: { key: Key; n: number; mode: 'sync' | 'parallel'; seconds: number; workers?: number }): Promise<number> {
  const { n, mode } = options;
  const vec = mode === 'sync' ? syncVectorEnv({ id, n }) : await parallelVectorEnv({ id, n, ...(options.workers ? { workers: options.workers } : {}) });
  try {
    const [poolKey] = split(options.key, 1) as [Key];
    const pool = actionPool(vec.singleActionSpace, poolKey);
    const batches = Array.from({ length: 64 }, (_, j) => batchOf(vec.singleActionSpace, pool, n, j * n));
    await vec.reset({ seed: 0 });
    const run = async (limitMs: number) => {
      const start = performance.now();
      let steps = 0;
      while (true) {
        for (let j = 0; j < 16; j++) {
          await vec.step(batches[(steps + j) % batches.length] as Int32Array | Float32Array);
        }
        steps += 16;
        const elapsed = performance.now() - start;
        if (elapsed >= limitMs) return { steps, elapsed };
      }
    };
    await run(Math.max(1000, options.seconds * 1000));
    const { steps, elapsed } = await run(options.seconds * 1000);
    return ((steps * n) / elapsed) * 1000;
  } finally {
    await vec.close();
  }
}
