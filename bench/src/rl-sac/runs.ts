/**
 * One SAC training run of the rl-sac bench, resumable mid-run. The run trains in chunks up to the
 * next evaluation or checkpoint point; at each evaluation point the policy plays deterministic
 * episodes on a separate env (fixed start seed per run, so every point sees the same starts); at
 * each checkpoint the agent's `save()` snapshot and the record so far go to one JSON file, which a
 * rerun loads to continue. What a resume cannot restore (the snapshot holds weights, log α, the
 * AR-DAE and the counters, not the replay buffer, the Adam moments or the env's state): the buffer
 * restarts empty and is refilled by `learningStarts` steps of uniform actions (counted as training
 * steps) before updates resume, Adam restarts from zero moments, and the env restarts with a reset
 * (an episode in progress is dropped). Each resume is counted in the record.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type Key, fold, key } from '@stochgrad/core';
import { type SacAgent, type SacOptions, type SacSnapshot, evaluatePolicy, implicitMlpPolicy, make, sac } from '@stochgrad/rl';

export type Method = 'gaussian' | 'implicit';

/** What sets a run apart; everything else is the agent's options below. */
export interface SacSetup {
  part: string;
  env: string;
  method: Method;
  seed: number;
  /** environment steps of the run */
  steps: number;
  /** deterministic evaluation every this many steps (and at 0 and at the end) */
  evalEvery: number;
  evalEpisodes: number;
  /** checkpoint every this many steps */
  checkpointEvery: number;
  /** the agent's options beyond key, env and policy (JSON-compatible) */
  agent: Omit<SacOptions, 'key' | 'env' | 'policy'>;
  /** the implicit policy's noise size and hidden sizes (method 'implicit') */
  implicit?: { noiseSize: number; hiddenSizes: number[] };
}

export interface Evaluation {
  steps: number;
  mean: number;
  std: number;
}

export interface SacRun {
  setup: SacSetup;
  steps: number;
  updates: number;
  /** wall seconds of training and evaluation, summed over the segments (resumes) */
  seconds: number;
  /** of which in the deterministic evaluations */
  evalSeconds: number;
  /** how many times the run was continued from a checkpoint */
  resumes: number;
  evaluations: Evaluation[];
  /** [steps at the episode's end, its return] for every training episode */
  episodes: [number, number][];
  /**
   * [steps, −mean log π(a′|s′) of the latest batch (the provider's log-density: closed form for
   * the Gaussian, AR-DAE's log p̃ − log Ẑ for the implicit policy), α, AR-DAE loss]
   */
  entropy: [number, number, number, number][];
  /** SAC's target entropy −dim(A) */
  targetEntropy: number;
}

export interface Checkpoint {
  format: 'stochgrad.bench.rl-sac.checkpoint';
  id: string;
  setup: SacSetup;
  run: SacRun;
  snapshot: SacSnapshot;
  savedAt: string;
}

/** The key of a run: the same setup always starts the same way. */
export function runKey(setup: Pick<SacSetup, 'env' | 'method' | 'seed'>): Key {
  let k = key(setup.seed);
  for (const c of `sac|${setup.env}|${setup.method}`) k = fold(k, c.charCodeAt(0));
  return k;
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

function create(setup: SacSetup): SacAgent {
  const k = runKey(setup);
  const env = make(setup.env);
  const sizeOf = (space: typeof env.observationSpace) => (space.kind === 'box' ? space.size : 1);
  const observationSize = sizeOf(env.observationSpace);
  const actionSize = sizeOf(env.actionSpace);
  env.close();
  const policy =
    setup.method === 'implicit' ? implicitMlpPolicy({ key: fold(k, 1), observationSize, actionSize, noiseSize: setup.implicit?.noiseSize ?? 10, hiddenSizes: setup.implicit?.hiddenSizes ?? [256, 256] }) : undefined;
  return sac({ ...setup.agent, key: k, env: setup.env, ...(policy ? { policy } : {}) });
}

/**
 * Continues a saved agent: the same key (so rollout and update keys follow the same counters), and
 * learningStarts moved past the saved step count so the empty buffer is first refilled with
 * `learningStarts` uniform steps.
 */
function resume(checkpoint: Checkpoint): SacAgent {
  const s = checkpoint.snapshot;
  const refill = checkpoint.setup.agent.learningStarts ?? 100;
  const snapshot: SacSnapshot = { ...s, config: { ...s.config, learningStarts: s.timesteps + refill } };
  return sac.load(snapshot, { env: checkpoint.setup.env, key: runKey(checkpoint.setup) });
}

const meanStd = (xs: readonly number[]) => {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  return { mean: m, std: Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length) };
};

/**
 * Trains (or continues) one run to its step budget; checkpoints to `checkpointPath` as it goes and,
 * when it ends, writes the trained agent to `finalAgentPath` (if given) in the checkpoint's format.
 */
export async function sacRun(id: string, setup: SacSetup, checkpointPath: string, onProgress: (detail: string) => void, onCheckpoint?: () => Promise<void>, finalAgentPath?: string): Promise<SacRun> {
  let checkpoint: Checkpoint | undefined;
  if (existsSync(checkpointPath)) {
    const saved = JSON.parse(readFileSync(checkpointPath, 'utf8')) as Checkpoint;
    if (saved.format === 'stochgrad.bench.rl-sac.checkpoint' && JSON.stringify(saved.setup) === JSON.stringify(setup)) checkpoint = saved;
  }
  const agent = checkpoint ? resume(checkpoint) : create(setup);
  const run: SacRun = checkpoint
    ? { ...checkpoint.run, resumes: checkpoint.run.resumes + 1 }
    : { setup, steps: 0, updates: 0, seconds: 0, evalSeconds: 0, resumes: 0, evaluations: [], episodes: [], entropy: [], targetEntropy: agent.config.targetEntropy };
  const evaluationSeed = 10_000 + setup.seed;
  let segmentStart = performance.now();
  let lastEntropyAt = -Infinity;
  const evaluate = () => {
    const t0 = performance.now();
    const e = evaluatePolicy(agent, setup.env, { episodes: setup.evalEpisodes, seed: evaluationSeed, deterministic: true });
    run.evalSeconds += (performance.now() - t0) / 1000;
    run.evaluations.push({ steps: agent.timesteps, mean: e.meanReturn, std: e.stdReturn });
  };
  const flush = () => {
    const now = performance.now();
    run.seconds += (now - segmentStart) / 1000;
    segmentStart = now;
    run.steps = agent.timesteps;
  };
  try {
    if (run.evaluations.length === 0) evaluate();
    while (agent.timesteps < setup.steps) {
      const t = agent.timesteps;
      const nextEval = Math.min(setup.steps, (Math.floor(t / setup.evalEvery) + 1) * setup.evalEvery);
      const nextCheckpoint = (Math.floor(t / setup.checkpointEvery) + 1) * setup.checkpointEvery;
      const to = Math.min(nextEval, nextCheckpoint);
      const result = await agent.learn({
        totalTimesteps: to - t,
        onProgress: (p) => {
          for (const g of p.finishedReturns) run.episodes.push([p.timesteps, g]);
          if (p.updates > 0 && p.timesteps - lastEntropyAt >= 200) {
            run.entropy.push([p.timesteps, p.entropy, p.entCoef, p.ardaeLoss]);
            lastEntropyAt = p.timesteps;
          }
          const last = run.evaluations.at(-1);
          onProgress(`${p.timesteps}/${setup.steps} steps, train mean ${Number.isFinite(p.meanReturn) ? p.meanReturn.toFixed(0) : '–'}, eval ${last ? last.mean.toFixed(0) : '–'} @${last?.steps ?? 0}, α ${p.entCoef.toFixed(3)}, ${p.fps.toFixed(0)} steps/s`);
        },
      });
      run.updates = result.updates;
      if (agent.timesteps === nextEval) evaluate();
      flush();
      if (agent.timesteps === nextCheckpoint && agent.timesteps < setup.steps) {
        const saved: Checkpoint = { format: 'stochgrad.bench.rl-sac.checkpoint', id, setup, run, snapshot: agent.save(), savedAt: new Date().toISOString() };
        writeAtomically(checkpointPath, `${JSON.stringify(saved)}\n`);
        await onCheckpoint?.();
      }
    }
    flush();
    if (finalAgentPath !== undefined) {
      // the trained agent, in the checkpoint's format (the demo ships agents from these)
      const final: Checkpoint = { format: 'stochgrad.bench.rl-sac.checkpoint', id, setup, run, snapshot: agent.save(), savedAt: new Date().toISOString() };
      writeAtomically(finalAgentPath, `${JSON.stringify(final)}\n`);
    }
    return run;
  } finally {
    agent.dispose();
  }
}

/** Removes a run's checkpoint once the run is stored. */
export function dropCheckpoint(path: string): void {
  rmSync(path, { force: true });
}

export { meanStd };
