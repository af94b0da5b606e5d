/**
 * `pnpm --filter @stochgrad/bench run mnist-vae -- [options]` (or `pnpm bench:mnist -- ...` from the
 * root): trains the DisARM-paper Bernoulli VAE on dynamically binarized MNIST with each estimator
 * and seed, writes one JSON per run to results/mnist-vae/runs/, then the combined markdown table
 * and SVG plots for the model. `--help` lists the options and their defaults. By default a run whose
 * result file exists is skipped, so an interrupted or extended experiment resumes where it stopped.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { describeBackend, ready } from '@stochgrad/core';
import { benchProgram, integerAtLeast, integerList, subsetOf, userArgv } from '../cli-options';
import { loadMnist } from './load-mnist';
import { ESTIMATOR_NAMES } from './registry';
import { renderSvg } from '@stochgrad/plots';
import { logLine, progressBar } from '../progress';
import { markdownTable, ordering, plots } from './report';
import { type Model, type RunConfig, type RunResult, runOne } from './run';

interface Options {
  estimators: string[];
  seeds: number[];
  steps: number;
  model: Model;
  jobs: number;
  evalEvery: number;
  testEvery: number;
  testImages: number;
  evalSamples: number;
  out: string;
  reportOnly: boolean;
  force: boolean;
  child: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const program = benchProgram('pnpm --filter @stochgrad/bench run mnist-vae --', 'Trains the DisARM-paper Bernoulli VAE on dynamically binarized MNIST with each estimator and seed.')
    .addOption(new Option('--estimators <list>', `comma-separated, from: ${ESTIMATOR_NAMES.join(', ')}`).argParser(subsetOf(ESTIMATOR_NAMES)).default([...ESTIMATOR_NAMES], 'all'))
    .addOption(new Option('--seeds <list>', 'comma-separated seeds').argParser(integerList(0)).default([1], '1'))
    .addOption(new Option('--seed <n>', 'one seed (the same as --seeds N)').argParser(integerAtLeast(0)))
    .addOption(new Option('--steps <n>', 'training steps per run').argParser(integerAtLeast(1)).default(20_000))
    .addOption(new Option('--model <name>', 'the VAE').choices(['linear', 'nonlinear']).default('linear'))
    .addOption(new Option('--jobs <n>', 'runs in n parallel processes, each run in its own child process').argParser(integerAtLeast(1)).default(1))
    .addOption(new Option('--eval-every <n>', 'record the training objective and gradient variance every n steps').argParser(integerAtLeast(1)).default(500))
    .addOption(new Option('--test-every <n>', 'the test bound every n steps (also at step 0 and at the end); a multiple of --eval-every').argParser(integerAtLeast(1)).default(4000))
    .addOption(new Option('--test-images <n>', 'fixed test subset for the 100-sample bound').argParser(integerAtLeast(1)).default(1000))
    .addOption(new Option('--eval-samples <n>', 'samples in the test bound').argParser(integerAtLeast(1)).default(100))
    .addOption(new Option('--out <dir>', 'output directory').default(fileURLToPath(new URL('../../results/mnist-vae', import.meta.url)), 'bench/results/mnist-vae'))
    .addOption(new Option('--report', 'only rebuild the table and plots from saved runs').default(false))
    .addOption(new Option('--force', 'redo runs whose result file already exists (otherwise they are skipped)').default(false))
    .addOption(new Option('--child', 'internal: this process is one run of --jobs').default(false).hideHelp())
    .parse(userArgv(['node', 'mnist-vae', ...argv]));
  const { seed, seeds, report, out, ...rest } = program.opts<Omit<Options, 'reportOnly'> & { seed?: number; report: boolean }>();
  const options: Options = { ...rest, seeds: seed === undefined ? seeds : [seed], reportOnly: report, out: resolve(out) };
  if (options.testEvery % options.evalEvery !== 0) program.error(`error: --test-every (${options.testEvery}) must be a multiple of --eval-every (${options.evalEvery})`);
  return options;
}

const runsDirectory = (out: string) => join(out, 'runs');
const runFile = (out: string, model: string, estimator: string, seed: number) => join(runsDirectory(out), `${model}-${estimator}-seed${seed}.json`);

function loadRuns(out: string, model: string): RunResult[] {
  const directory = runsDirectory(out);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((f) => f.startsWith(`${model}-`) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(directory, f), 'utf8')) as RunResult);
}

/** The DisARM paper's numbers as shared/REFERENCES.md §3.2 gives them: an unverified recollection. */
const PAPER = `**DisARM paper (Dong, Mnih, Tucker, NeurIPS 2020), as shared/REFERENCES.md §3.2 gives it — marked
[UNVERIFIED recollection] there, because Table 1 could not be retrieved:** after 10⁶ steps (5 runs, mean ± SE of the
training ELBO) linear dynamic MNIST is about −116 to −118 for all three of REINFORCE-LOO, ARM and DisARM, with
DisARM ≥ REINFORCE-LOO > ARM by a few tenths of a nat; nonlinear MNIST DisARM ≈ REINFORCE-LOO ≈ −102 to −103, ARM ≈ −107;
local DisARM beats VIMCO at equal sample counts. The paper's "train" number is the single-sample ELBO over one epoch of
the training set; here it is the running mean of the training batches' objective, and the runs are 50× shorter, so
only the ordering and the variance gap are comparable, not the levels.`;

async function writeReport(out: string, model: string): Promise<void> {
  const runs = loadRuns(out, model);
  if (runs.length === 0) {
    console.error(`no saved ${model} runs in ${runsDirectory(out)}`);
    return;
  }
  const first = runs[0] as RunResult;
  const steps = [...new Set(runs.map((r) => r.config.steps))].join(', ');
  const body = [
    `# MNIST Bernoulli VAE, ${model} model`,
    '',
    `Generated by \`pnpm --filter @stochgrad/bench run mnist-vae -- --report --model ${model}\` from ${runs.length} runs in \`runs/\`.`,
    `Setup: 200 Bernoulli latents, learned prior logits (SGD 1e-2), Adam 1e-4 for encoder and decoder, batch ${first.config.batchSize},`,
    `dynamically binarized MNIST (train = first 50,000 training images), decoder output bias initialized to the logit of the`,
    `training-pixel means; ${steps} steps per run. Train objective = mean of the estimator's value over the last`,
    `${first.config.evalEvery} steps (the ELBO; the K-sample bound for VIMCO and local DisARM). Test bound =`,
    `${first.config.evalSamples}-sample importance-weighted bound on a fixed random subset of ${first.config.testImages} test images`,
    `(same images, binarization and samples for every run). Gradient variance = mean per-component EMA(0.999) variance of the`,
    `encoder-parameter gradient of the mean-over-batch loss (the DisARM code's var/grad).`,
    '',
    markdownTable(runs),
    '',
    `**Ordering measured** (mean over seeds at the last step): train objective ${ordering(runs.filter((r) => r.estimator.target === 'expectation'), (r) => r.trainObjective, true)};`,
    `test bound ${ordering(runs, (r) => r.testBound, true)};`,
    `gradient variance (lowest first) ${ordering(runs, (r) => r.gradientVariance, false)}.`,
    '',
    PAPER,
    '',
    `Plots: [train objective](${model}-train-objective.svg), [test bound](${model}-test-bound.svg), [gradient variance](${model}-gradient-variance.svg).`,
    '',
  ].join('\n');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `results-${model}.md`), body);
  for (const [name, spec] of Object.entries(plots(runs, model))) writeFileSync(join(out, `${model}-${name}`), await renderSvg(spec));
  console.log(`\n${markdownTable(runs)}\n\nwrote ${join(out, `results-${model}.md`)} and 3 SVG plots`);
}

/**
 * Runs each task in its own child process (so a run that crashes or is stopped loses only itself, and
 * a library rebuilt between runs is picked up), `jobs` at a time, in order.
 */
async function runParallel(options: Options, tasks: { estimator: string; seed: number }[]): Promise<number> {
  const script = process.argv[1] as string;
  const queue = [...tasks];
  let failures = 0;
  let finished = 0;
  // one bar for the whole batch of runs; the children's log lines (stderr, piped) print above it
  const bar = progressBar('mnist-vae runs', tasks.length);
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      const args = [
        ...process.execArgv,
        script,
        '--child',
        ...['--estimators', task.estimator, '--seeds', String(task.seed), '--steps', String(options.steps), '--model', options.model],
        ...['--eval-every', String(options.evalEvery), '--test-every', String(options.testEvery), '--test-images', String(options.testImages), '--eval-samples', String(options.evalSamples), '--out', options.out],
      ];
      const code = await new Promise<number>((done) => {
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe'] });
        let partial = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) logLine(line);
        });
        child.on('exit', (c) => {
          if (partial) logLine(partial);
          done(c ?? 1);
        });
      });
      bar.update((finished += 1), `${task.estimator} seed ${task.seed} finished`);
      if (code !== 0) {
        failures += 1;
        logLine(`FAIL: ${task.estimator} seed ${task.seed} exited with ${code}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, tasks.length) }, worker));
  bar.stop();
  return failures;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.reportOnly) {
    await writeReport(options.out, options.model);
    return 0;
  }
  mkdirSync(runsDirectory(options.out), { recursive: true });
  // seed-major (every estimator on the first seed before any second seed), in the order given
  const all = options.seeds.flatMap((seed) => options.estimators.map((estimator) => ({ estimator, seed })));
  const tasks = options.force || options.child ? all : all.filter((t) => !existsSync(runFile(options.out, options.model, t.estimator, t.seed)));
  if (tasks.length < all.length) console.error(`mnist-vae: skipping ${all.length - tasks.length} runs whose results exist (--force redoes them)`);
  const started = performance.now();
  let failures = 0;
  if (!options.child) {
    console.error(`mnist-vae: ${tasks.length} runs of ${options.steps} steps, ${options.jobs} at a time, each in its own process (${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)})`);
    failures = await runParallel(options, tasks);
  } else {
    const info = await ready();
    const data = loadMnist();
    console.error(`mnist-vae: ${describeBackend(info)}; ${data.train.count} train / ${data.validation.count} validation / ${data.test.count} test images`);
    for (const task of tasks) {
      const config: RunConfig = {
        estimator: task.estimator,
        seed: task.seed,
        steps: options.steps,
        model: options.model,
        batchSize: 50,
        evalEvery: options.evalEvery,
        testEvery: options.testEvery,
        testImages: options.testImages,
        evalSamples: options.evalSamples,
        varianceDecay: 0.999,
      };
      const result = runOne(config, data, logLine);
      const file = runFile(options.out, options.model, task.estimator, task.seed);
      // written whole, then renamed: a run stopped mid-write never leaves a half file that resume would skip
      writeFileSync(`${file}.partial`, JSON.stringify({ ...result, machine: { node: process.versions.node, cpu: cpus()[0]?.model.trim(), cores: cpus().length, tfjs: tf.version_core, backend: describeBackend(info), loadAverageAtEnd: loadavg()[0] } }, null, 1) + '\n');
      renameSync(`${file}.partial`, file);
      console.error(`[${options.model} ${task.estimator} seed ${task.seed}] done: ${result.stepsPerSecond.toFixed(1)} steps/s, ${result.totalSeconds.toFixed(0)} s, wrote ${file}`);
      if (result.tensorsLeaked !== 0) {
        failures += 1;
        console.error(`FAIL: the run left ${result.tensorsLeaked} tensors behind`);
      }
    }
  }
  if (!options.child) {
    await writeReport(options.out, options.model);
    console.error(`mnist-vae: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
