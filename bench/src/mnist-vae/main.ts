/**
 * `pnpm --filter @stochgrad/bench run mnist-vae -- [options]` (or `pnpm bench:mnist -- ...` from the
 * root): trains the DisARM-paper Bernoulli VAE on dynamically binarized MNIST with each estimator
 * and seed, writes one JSON per run to results/mnist-vae/runs/, then the combined markdown table
 * and SVG plots for the model.
 *   --estimators a,b,...   registry names (default: all): see --help
 *   --seeds 1,2            seeds (default 1); --seed N is the same with one seed
 *   --steps N              training steps per run (default 20000)
 *   --model linear|nonlinear
 *   --jobs N               runs in N parallel processes (default 1), each run in its own child process
 *   --eval-every N         record the training objective and gradient variance every N steps (default 500)
 *   --test-every N         compute the test bound every N steps (default 4000; always at the start and the end)
 *   --test-images N        size of the fixed test subset for the 100-sample bound (default 1000)
 *   --eval-samples N       samples in the test bound (default 100)
 *   --out DIR              output directory (default bench/results/mnist-vae)
 *   --report               only rebuild the table and plots from the saved runs
 *   --force                redo runs whose result file exists (by default they are skipped, so an
 *                          interrupted or extended experiment resumes where it stopped)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, ready } from '@stochgrad/core';
import { loadMnist } from './load-mnist';
import { ESTIMATORS, ESTIMATOR_NAMES } from './registry';
import { markdownTable, ordering, plots } from './report';
import { type Model, type RunConfig, type RunResult, runOne } from './run';

const HELP = `usage: pnpm --filter @stochgrad/bench run mnist-vae -- [options]
  --estimators LIST   comma-separated, from: ${ESTIMATOR_NAMES.join(', ')} (default: all)
  --seeds LIST        comma-separated seeds (default 1); --seed N for one
  --steps N           training steps per run (default 20000)
  --model M           linear (default) or nonlinear
  --jobs N            parallel processes (default 1)
  --eval-every N      record the training objective and gradient variance every N steps (default 500)
  --test-every N      test bound every N steps (default 4000; also at step 0 and at the end)
  --test-images N     fixed test subset for the 100-sample bound (default 1000)
  --eval-samples N    samples in the test bound (default 100)
  --out DIR           output directory (default bench/results/mnist-vae)
  --report            only rebuild the table and plots from saved runs
  --force             redo runs whose result file already exists (default: skip them)`;

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
  const args = argv.filter((a) => a !== '--');
  const options: Options = {
    estimators: [...ESTIMATOR_NAMES],
    seeds: [1],
    steps: 20_000,
    model: 'linear',
    jobs: 1,
    evalEvery: 500,
    testEvery: 4000,
    testImages: 1000,
    evalSamples: 100,
    out: fileURLToPath(new URL('../../results/mnist-vae', import.meta.url)),
    reportOnly: false,
    force: false,
    child: false,
  };
  const integer = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} needs an integer >= ${min}, got ${v}\n${HELP}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${HELP}`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--estimators') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !ESTIMATORS[n]);
      if (unknown.length > 0 || names.length === 0) throw new Error(`unknown estimator ${unknown.join(', ') || '(none)'}\n${HELP}`);
      options.estimators = names;
    } else if (arg === '--seeds') options.seeds = value().split(',').map((s) => integer('--seeds', s.trim(), 0));
    else if (arg === '--seed') options.seeds = [integer('--seed', value(), 0)];
    else if (arg === '--steps') options.steps = integer('--steps', value(), 1);
    else if (arg === '--model') {
      const m = value();
      if (m !== 'linear' && m !== 'nonlinear') throw new Error(`--model must be linear or nonlinear, got ${m}`);
      options.model = m;
    } else if (arg === '--jobs') options.jobs = integer('--jobs', value(), 1);
    else if (arg === '--eval-every') options.evalEvery = integer('--eval-every', value(), 1);
    else if (arg === '--test-every') options.testEvery = integer('--test-every', value(), 1);
    else if (arg === '--test-images') options.testImages = integer('--test-images', value(), 1);
    else if (arg === '--eval-samples') options.evalSamples = integer('--eval-samples', value(), 1);
    else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--report') options.reportOnly = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--child') options.child = true;
    else throw new Error(`unknown option ${arg}\n${HELP}`);
  }
  if (options.testEvery % options.evalEvery !== 0) throw new Error(`--test-every (${options.testEvery}) must be a multiple of --eval-every (${options.evalEvery})`);
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

function writeReport(out: string, model: string): void {
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
  for (const [name, svg] of Object.entries(plots(runs, model))) writeFileSync(join(out, `${model}-${name}`), svg);
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
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
        child.on('exit', (c) => done(c ?? 1));
      });
      if (code !== 0) {
        failures += 1;
        console.error(`FAIL: ${task.estimator} seed ${task.seed} exited with ${code}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, tasks.length) }, worker));
  return failures;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.reportOnly) {
    writeReport(options.out, options.model);
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
      const result = runOne(config, data, (line) => console.error(line));
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
    writeReport(options.out, options.model);
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
