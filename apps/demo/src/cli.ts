/**
 * `pnpm demo`: compares every estimator on the toy problems, prints tables and writes an HTML
 * report with plots. Options: --budget N (objective evaluations per estimator), --seed N,
 * --out DIR, --backend wasm|cpu.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeBackend, key, fold, ready } from '@stochgrad/core';
import { htmlReport, textTable } from './report';
import { type ProblemResult, toyProblems } from './toy';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

function progressBar(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r  ${label.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
}

async function main(): Promise<void> {
  const backend = option('backend', 'wasm') as 'wasm' | 'cpu';
  const seed = Number(option('seed', '0'));
  const budget = option('budget', '');
  const outDir = resolve(option('out', new URL('../report', import.meta.url).pathname));
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
      ...(budget ? { evaluationBudget: Number(budget) } : {}),
      onProgress: ({ estimator, done, total }) => progressBar(`${problem.id}: ${estimator}`, done, total),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  mkdirSync(outDir, { recursive: true });
  const file = resolve(outDir, 'index.html');
  writeFileSync(file, htmlReport(results, { backend: describeBackend(info), date: new Date().toISOString(), seconds }));
  writeFileSync(resolve(outDir, 'results.json'), JSON.stringify(results.map((r) => ({ problem: r.problem.id, exactGradient: r.exactGradient, reports: r.reports })), null, 1));
  console.log(`report written to ${file} (${seconds.toFixed(1)} s)`);
}

import { runProblem } from './toy';

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
