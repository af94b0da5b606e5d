/**
 * `pnpm bench`: runs the benchmarks one after another, prints progress (stderr) and tables
 * (stdout), writes results/latest.json and results/latest.html, and exits non-zero when memory
 * grows or a measurement leaves tensors behind. `pnpm bench -- --help` lists the options;
 * `pnpm bench -- --replot` redraws latest.html (charts and tables) from the saved latest.json without
 * measuring anything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { type Key, fold, key } from '@stochgrad/core';
import { benchProgram, integerAtLeast, subsetOf, userArgv } from './cli-options';
import { runMemory } from './memory';
import { type BenchResults, type Section, htmlReport, memoryTable, throughputTable, vaeTable } from './report';
import { runThroughput } from './throughput';
import { runVae } from './vae';

const SECTIONS: readonly Section[] = ['vae', 'throughput', 'memory'];

interface Settings {
  vae: { warmupSeconds: number; blockSeconds: number; blocks: number };
  throughput: { warmupSeconds: number; secondsPerMeasurement: number; blocks: number };
  memory: { iterations: number };
}

const FULL: Settings = {
  vae: { warmupSeconds: 2.5, blockSeconds: 1.25, blocks: 4 },
  throughput: { warmupSeconds: 2, secondsPerMeasurement: 0.75, blocks: 5 },
  memory: { iterations: 10_000 },
};

const QUICK: Settings = {
  vae: { warmupSeconds: 1, blockSeconds: 0.4, blocks: 2 },
  throughput: { warmupSeconds: 0.5, secondsPerMeasurement: 0.1, blocks: 2 },
  memory: { iterations: 1_000 },
};

interface Args {
  only: Section[];
  quick: boolean;
  seed: number;
  out: string;
  replot: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const program = benchProgram('pnpm bench', 'The matMul-gradient fix on a DisARM VAE step, estimator throughput on wasm and cpu, and a 10^4-step memory check.')
    .addOption(new Option('--only <list>', `comma-separated subset of ${SECTIONS.join(', ')}; the other sections of latest.json are kept`).argParser(subsetOf(SECTIONS)).default([...SECTIONS], 'all'))
    .addOption(new Option('--quick', 'short timings and 1000 memory iterations (a smoke test)').default(false))
    .addOption(new Option('--seed <n>', 'root key seed').argParser(integerAtLeast(0)).default(0))
    .addOption(new Option('--out <dir>', 'where latest.json and latest.html are written').default(fileURLToPath(new URL('../results', import.meta.url)), 'bench/results'))
    .addOption(new Option('--replot', 'redraw latest.html (charts and tables) from <out>/latest.json without measuring (the other options are ignored)').default(false))
    .parse(userArgv(['node', 'bench', ...argv]));
  const options = program.opts<Args>();
  return { ...options, only: SECTIONS.filter((s) => options.only.includes(s)), out: resolve(options.out) };
}

function previousResults(file: string): Partial<BenchResults> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchResults>;
  } catch {
    return {};
  }
}

async function timed<T>(body: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await body();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** --replot: latest.html and the text tables again from the saved latest.json (left as it is). */
async function replot(out: string): Promise<number> {
  const jsonFile = resolve(out, 'latest.json');
  if (!existsSync(jsonFile)) {
    console.error(`error: --replot needs ${jsonFile}, written by a run`);
    return 1;
  }
  const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchResults;
  if (results.vae) console.log(vaeTable(results.vae) + '\n');
  if (results.throughput) console.log(throughputTable(results.throughput) + '\n');
  if (results.memory) console.log(memoryTable(results.memory) + '\n');
  const htmlFile = resolve(out, 'latest.html');
  writeFileSync(htmlFile, await htmlReport(results));
  console.log(`redrew ${htmlFile} from ${jsonFile}`);
  return 0;
}

async function main(): Promise<number> {
  const { only, quick, seed, out, replot: replotOnly } = parseArgs(process.argv.slice(2));
  if (replotOnly) return replot(out);
  const settings = quick ? QUICK : FULL;
  const root: Key = key(seed);
  const started = performance.now();
  const jsonFile = resolve(out, 'latest.json');
  // a partial run keeps the other sections of the last full run
  const previous = only.length < SECTIONS.length ? previousResults(jsonFile) : {};
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      tfjs: tf.version_core,
      loadAverage: { start: loadavg()[0] ?? 0, end: 0 },
    },
    seed,
    totalSeconds: 0,
    ...(previous.vae ? { vae: previous.vae } : {}),
    ...(previous.throughput ? { throughput: previous.throughput } : {}),
    ...(previous.memory ? { memory: previous.memory } : {}),
  };
  const stampOf = (seconds: number) => ({ measuredAt: new Date().toISOString(), seconds, quick });
  const failures: string[] = [];

  const { machine } = results;
  console.log(`stochgrad bench: ${only.join(', ')}${quick ? ' (--quick)' : ''}; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.start.toFixed(2)}\n`);
  if (machine.loadAverage.start > machine.cores / 2) {
    console.error(`note: the load average is ${machine.loadAverage.start.toFixed(2)} on ${machine.cores} cores: other work will slow and scatter the timings`);
  }

  if (only.includes('vae')) {
    console.error('[1/3] matMul-gradient fix: DisARM VAE training step on wasm');
    const { value, seconds } = await timed(() => runVae({ key: fold(root, 1), ...settings.vae }));
    results.vae = { ...value, ...stampOf(seconds) };
    console.log(vaeTable(value) + '\n');
    if (value.tensorsLeaked !== 0) failures.push(`the VAE benchmark left ${value.tensorsLeaked} tensors behind`);
  }
  if (only.includes('throughput')) {
    console.error('[2/3] estimator throughput on wasm and cpu');
    const { value, seconds } = await timed(() => runThroughput({ key: fold(root, 2), backends: ['wasm', 'cpu'], batches: [1000, 1], ...settings.throughput }));
    results.throughput = { ...value, ...stampOf(seconds) };
    console.log(throughputTable(value) + '\n');
    const leaks = value.rows.filter((r) => r.tensorsLeaked !== 0).length;
    if (leaks > 0) failures.push(`${leaks} throughput measurements left tensors behind`);
  }
  if (only.includes('memory')) {
    console.error(`[3/3] memory over ${settings.memory.iterations} Adam steps`);
    const { value, seconds } = await timed(() => runMemory({ key: fold(root, 3), ...settings.memory }));
    results.memory = { ...value, ...stampOf(seconds) };
    console.log(memoryTable(value) + '\n');
    if (!value.ok) failures.push('tf.memory() grew between iteration 10 and the last iteration, or tensors survived disposal');
  }

  results.totalSeconds = (performance.now() - started) / 1000;
  machine.loadAverage.end = loadavg()[0] ?? 0;
  console.log(`load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end`);
  mkdirSync(out, { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(results, null, 1) + '\n');
  const htmlFile = resolve(out, 'latest.html');
  writeFileSync(htmlFile, await htmlReport(results));
  console.log(`wrote ${jsonFile} and ${htmlFile} (${results.totalSeconds.toFixed(1)} s)`);
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
