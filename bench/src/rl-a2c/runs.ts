/**
 * The runs of the rl-a2c bench, one function per kind: an episode-mode training run to a solve
 * criterion (the RELAX paper's protocol), the SB3-settings n-step anchor, and the policy-gradient
 * variance at training checkpoints (the Mirage study's protocol). Each returns a JSON-compatible
 * record; main.ts stores one file per run so an interrupted bench resumes where it stopped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, fold, key } from '@stochgrad/core';
import { type A2CControlVariate, type A2COptions, a2c, evaluatePolicy } from '@stochgrad/rl';

export type Method = 'a2c' | 'relax' | 'lax';

export const controlVariateOf: Record<Method, A2CControlVariate> = { a2c: 'value', relax: 'relax', lax: 'lax' };

export interface SolveSetup {
  env: string;
  method: Method;
  learningRate: number;
  seed: number;
  /** mean of the last 100 episode returns that counts as solved */
  threshold: number;
  /** environment frames before giving up */
  budget: number;
  /** the agent's options beyond key, env, controlVariate and learningRate */
  agent: Omit<A2COptions, 'key' | 'env' | 'controlVariate' | 'learningRate' | 'optimizer'>;
  /** 'adam': tf.train.adam(learningRate) for θ and V (the paper's continuous runs); default the agent's RMSprop */
  optimizer?: 'adam';
}

export interface SolveRun {
  setup: SolveSetup;
  /** episodes finished when the 100-episode mean first reached the threshold; null if never */
  episodesToSolve: number | null;
  framesToSolve: number | null;
  episodes: number;
  frames: number;
  seconds: number;
  /** mean return of the last 100 episodes at the end */
  finalMean: number;
  /** every episode's return, in order */
  returns: number[];
}

/** The key of a run: the same setup (method, lr, seed) always trains the same way. */
export function runKey(setup: { env: string; method: string; learningRate: number; seed: number }): Key {
  let k = key(setup.seed);
  for (const c of `${setup.env}|${setup.method}|${setup.learningRate}`) k = fold(k, c.charCodeAt(0));
  return k;
}

/** Trains until the 100-episode mean reaches the threshold or the frame budget runs out. */
export async function solveRun(setup: SolveSetup, onEpisodes: (episodes: number, frames: number, mean: number) => void): Promise<SolveRun> {
  const started = performance.now();
  const agent = a2c({
    ...setup.agent,
    key: runKey(setup),
    env: setup.env,
    controlVariate: controlVariateOf[setup.method],
    learningRate: setup.learningRate,
    ...(setup.optimizer === 'adam' ? { optimizer: tf.train.adam(setup.learningRate) } : {}),
  });
  const returns: number[] = [];
  let window = 0;
  let episodesToSolve: number | null = null;
  let framesToSolve: number | null = null;
  const controller = new AbortController();
  try {
    await agent.learn({
      totalTimesteps: setup.budget,
      signal: controller.signal,
      onProgress: (p) => {
        for (const g of p.finishedReturns) {
          returns.push(g);
          window += g - (returns.length > 100 ? (returns[returns.length - 101] as number) : 0);
          if (episodesToSolve === null && returns.length >= 100 && window / 100 >= setup.threshold) {
            episodesToSolve = returns.length;
            framesToSolve = p.timesteps;
            controller.abort();
          }
        }
        onEpisodes(returns.length, p.timesteps, p.meanReturn);
      },
    });
    const last = returns.slice(-100);
    return {
      setup,
      episodesToSolve,
      framesToSolve,
      episodes: returns.length,
      frames: agent.timesteps,
      seconds: (performance.now() - started) / 1000,
      finalMean: last.reduce((s, g) => s + g, 0) / Math.max(1, last.length),
      returns,
    };
  } finally {
    agent.dispose();
  }
}

export interface Sb3Run {
  seed: number;
  frames: number;
  seconds: number;
  /** frames when the 100-episode training mean first reached 475 / 500; null if never */
  framesTo475: number | null;
  framesTo500: number | null;
  /** deterministic evaluation of the final policy */
  evaluation: { episodes: number; mean: number; std: number };
  /** [frames, 100-episode mean] every 5,000 frames */
  curve: [number, number][];
}

/** Stable-Baselines3's A2C on CartPole-v1 (zoo: 8 copies, 5e5 steps, ent 0), then a deterministic evaluation. */
export async function sb3Run(seed: number, budget: number, onProgress: (frames: number, mean: number) => void): Promise<Sb3Run> {
  const started = performance.now();
  const agent = a2c({ key: runKey({ env: 'CartPole-v1', method: 'sb3', learningRate: 7e-4, seed }), env: 'CartPole-v1', n: 8 });
  try {
    let framesTo475: number | null = null;
    let framesTo500: number | null = null;
    const curve: [number, number][] = [];
    await agent.learn({
      totalTimesteps: budget,
      onProgress: (p) => {
        if (p.episodes >= 100 && framesTo475 === null && p.meanReturn >= 475) framesTo475 = p.timesteps;
        if (p.episodes >= 100 && framesTo500 === null && p.meanReturn >= 500) framesTo500 = p.timesteps;
        if (curve.length === 0 || p.timesteps - (curve.at(-1) as [number, number])[0] >= 5_000) curve.push([p.timesteps, p.meanReturn]);
        onProgress(p.timesteps, p.meanReturn);
      },
    });
    const e = evaluatePolicy(agent, 'CartPole-v1', { episodes: 100, seed: 10_000 + seed });
    return { seed, frames: agent.timesteps, seconds: (performance.now() - started) / 1000, framesTo475, framesTo500, evaluation: { episodes: 100, mean: e.meanReturn, std: e.stdReturn }, curve };
  } finally {
    agent.dispose();
  }
}

export interface VarianceRun {
  setup: SolveSetup;
  episodesPerPoint: number;
  points: {
    frames: number;
    episodes: number;
    /** 100-episode training mean at this point */
    meanReturn: number;
    /** mean undiscounted return of the measurement episodes */
    measuredReturn: number;
    /** per estimator: trace of the covariance of one episode's estimate (Σ_j Var ĝ_j) and Σ_j mean(ĝ_j)² */
    estimators: Record<string, { traceVariance: number; squaredNormOfMean: number }>;
  }[];
}

/** Σ_j sample variance and Σ_j mean² over the coordinates of per-episode gradient samples. */
export function summarize(samples: readonly Float32Array[]): { traceVariance: number; squaredNormOfMean: number } {
  const m = samples.length;
  const p = (samples[0] as Float32Array).length;
  let traceVariance = 0;
  let squaredNormOfMean = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (const g of samples) mean += g[j] as number;
    mean /= m;
    let v = 0;
    for (const g of samples) v += ((g[j] as number) - mean) ** 2;
    traceVariance += v / (m - 1);
    squaredNormOfMean += mean * mean;
  }
  return { traceVariance, squaredNormOfMean };
}

/**
 * Trains as solveRun does (no early stop) and, at each checkpoint (frames), draws independent
 * episodes from the current policy on a separate env and measures each estimator's variance there.
 */
export async function varianceRun(setup: SolveSetup, checkpoints: readonly number[], episodesPerPoint: number, onPoint: (done: number) => void): Promise<VarianceRun> {
  const agent = a2c({ ...setup.agent, key: runKey(setup), env: setup.env, controlVariate: controlVariateOf[setup.method], learningRate: setup.learningRate, ...(setup.optimizer === 'adam' ? { optimizer: tf.train.adam(setup.learningRate) } : {}) });
  const measureKey = fold(runKey(setup), 99);
  const estimators: ('agent' | 'value')[] = setup.method === 'a2c' ? ['agent'] : ['agent', 'value'];
  const points: VarianceRun['points'] = [];
  let meanReturn = Number.NaN;
  let episodes = 0;
  try {
    for (const [i, frames] of checkpoints.entries()) {
      if (frames > agent.timesteps) {
        const r = await agent.learn({ totalTimesteps: frames - agent.timesteps });
        meanReturn = r.meanReturn;
        episodes = r.episodes;
      }
      const measured: VarianceRun['points'][number]['estimators'] = {};
      let measuredReturn = Number.NaN;
      for (const estimator of estimators) {
        // the same episodes for both estimators (same key): a paired comparison at one snapshot
        const { samples, episodeReturns } = await agent.policyGradientSamples({ env: setup.env, n: episodesPerPoint, key: fold(measureKey, i), estimator });
        measured[estimator === 'agent' ? setup.method : 'a2c (V baseline)'] = summarize(samples);
        measuredReturn = episodeReturns.reduce((s, g) => s + g, 0) / episodeReturns.length;
      }
      points.push({ frames: agent.timesteps, episodes, meanReturn, measuredReturn, estimators: measured });
      onPoint(i + 1);
    }
    return { setup, episodesPerPoint, points };
  } finally {
    agent.dispose();
  }
}
