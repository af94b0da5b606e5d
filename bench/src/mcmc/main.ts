/**
 * `pnpm --filter @stochgrad/bench run mcmc-vae -- [options]`: a VAE on dynamically binarized MNIST
 * (Gaussian latents, Bernoulli decoder) trained with the coupled-chain unbiased gradient of
 * log p_θ(x) (@stochgrad/mcmc) and with the IWAE bound at the same number of log p(x, z)
 * evaluations; test log-likelihood by importance sampling with many samples; meeting times.
 * Needs the built packages: `pnpm turbo run build --filter=@stochgrad/mcmc...` first. `--help` lists
 * the options and their defaults.
 * The defaults are the committed run (bench/results/mcmc/README.md): 22 min, niced, on a 2-core
 * machine shared with other jobs.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { describeBackend, key, ready } from '@stochgrad/core';
import { benchProgram, integerAtLeast, integerList, subsetOf, userArgv } from '../cli-options';
import { loadImages } from './load-images';
import { logLine } from '../progress';
import { writeReport } from './report';
import { type Method, type RunConfig, type RunResult, binarize, train } from './train';

const METHODS: readonly Method[] = ['unbiased-incl', 'unbiased-iwae', 'iwae'];

function parse(argv: readonly string[]) {
  const count = (flags: string, description: string, fallback: number, min = 1) => new Option(flags, description).argParser(integerAtLeast(min)).default(fallback);
  const program = benchProgram('pnpm --filter @stochgrad/bench run mcmc-vae --', 'A Gaussian-latent VAE on binarized MNIST trained with the coupled-chain unbiased gradient of log p(x) and with the IWAE bound at equal cost.')
    .addOption(new Option('--methods <list>', `comma-separated, from: ${METHODS.join(', ')}`).argParser(subsetOf(METHODS)).default([...METHODS], METHODS.join(',')))
    .addOption(new Option('--seeds <list>', 'comma-separated seeds').argParser(integerList(0)).default([1, 2], '1,2'))
    .addOption(count('--steps <n>', 'training steps per run', 800))
    .addOption(count('--batch <n>', 'data points per step', 32))
    .addOption(count('--latent <n>', 'latent dimension', 8))
    .addOption(count('--hidden <n>', 'hidden units', 100))
    .addOption(count('--particles <n>', 'i-SIR particles S of the unbiased estimator', 10))
    .addOption(count('--k <n>', 'the unbiased estimator: burn-in k', 1, 0))
    .addOption(count('--m <n>', 'the unbiased estimator: m', 2))
    .addOption(count('--max-iterations <n>', 'the unbiased estimator: cap on chain iterations', 30))
    .addOption(count('--iwae-samples <n>', 'IWAE samples: the encoder objective of unbiased-iwae, and the baseline when not matched', 10))
    .addOption(new Option('--iwae-match <method>', "give the iwae baseline the evaluations per step of this method's run with the same seed ('none': use --iwae-samples)").choices(['unbiased-incl', 'unbiased-iwae', 'none']).default('unbiased-incl'))
    .addOption(count('--train-images <n>', 'training subset', 10_000))
    .addOption(count('--test-images <n>', 'test subset', 1000))
    .addOption(count('--test-samples <n>', 'importance samples for the final test log-likelihood', 1000))
    .addOption(count('--checkpoints <n>', 'test log-likelihood evaluations during training (300 images, S = 100)', 4, 0))
    .addOption(new Option('--out <dir>', 'output directory').default(fileURLToPath(new URL('../../results/mcmc', import.meta.url)), 'bench/results/mcmc'))
    .addOption(new Option('--report', 'only rebuild the report from DIR/runs').default(false))
    .parse(userArgv(['node', 'mcmc-vae', ...argv]));
  const o = program.opts<{
    methods: Method[]; seeds: number[]; steps: number; batch: number; latent: number; hidden: number; particles: number; k: number; m: number;
    maxIterations: number; iwaeSamples: number; iwaeMatch: string; trainImages: number; testImages: number; testSamples: number; checkpoints: number; out: string; report: boolean;
  }>();
  return {
    reportOnly: o.report,
    methods: o.methods,
    seeds: o.seeds,
    match: o.iwaeMatch,
    out: resolve(o.out),
    trainImages: o.trainImages,
    base: {
      steps: o.steps,
      batch: o.batch,
      latent: o.latent,
      hidden: o.hidden,
      learningRate: 1e-3,
      iwaeSamples: o.iwaeSamples,
      particles: o.particles,
      k: o.k,
      m: o.m,
      maxIterations: o.maxIterations,
      checkpoints: o.checkpoints,
      checkpointImages: 300,
      checkpointSamples: 100,
      testImages: o.testImages,
      testSamples: o.testSamples,
    },
  };
}

async function main(): Promise<void> {
  const settings = parse(process.argv.slice(2));
  const runsDir = join(settings.out, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const command = `pnpm --filter @stochgrad/bench run mcmc-vae -- ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}`.trim();
  if (!settings.reportOnly) {
    const info = await ready();
    const log = logLine;
    log(`backend ${describeBackend(info)}; ${cpus().length} cores, load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
    const train0 = loadImages('train', settings.trainImages);
    const test0 = loadImages('test', settings.base.testImages);
    const pixelMean = new Float32Array(784);
    for (let i = 0; i < train0.count; i++) for (let j = 0; j < 784; j++) pixelMean[j] = (pixelMean[j] as number) + (train0.images[i * 784 + j] as number) / train0.count;
    const testIntensities = tf.tensor2d(test0.images, [test0.count, 784]);
    const test = binarize(key(20_211), testIntensities);
    testIntensities.dispose();
    const data = { train: train0.images, trainCount: train0.count, test, pixelMean };
    for (const seed of settings.seeds) {
      const results = new Map<Method, RunResult>();
      const order: Method[] = [...settings.methods.filter((m) => m !== 'iwae'), ...settings.methods.filter((m) => m === 'iwae')];
      for (const method of order) {
        const config: RunConfig = { ...settings.base, method, seed };
        if (method === 'iwae' && settings.match !== 'none') {
          const reference = results.get(settings.match as Method) ?? readRun(runsDir, settings.match as Method, seed);
          if (!reference) throw new Error(`--iwae-match ${settings.match}: no run of that method with seed ${seed}`);
          config.iwaeSamples = Math.max(1, Math.round(reference.evaluations.perPointPerStep));
        }
        log(`${method}, seed ${seed}: ${config.steps} steps of ${config.batch}` + (method === 'iwae' ? `, S = ${config.iwaeSamples}` : `, S = ${config.particles}, k = ${config.k}, m = ${config.m}, cap ${config.maxIterations}`));
        const result = train(config, data, log);
        results.set(method, result);
        writeFileSync(join(runsDir, `${method}-seed${seed}.json`), `${JSON.stringify({ ...result, command, machine: machine(info) }, null, 1)}\n`);
      }
    }
    test.dispose();
    const leftover = tf.memory().numTensors;
    if (leftover > 0) log(`note: ${leftover} tensors alive at the end`);
  }
  const runs = readdirSync(runsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(runsDir, f), 'utf8')) as RunResult & { command: string; machine: string });
  const report = await writeReport(settings.out, runs);
  console.log(report);
}

function readRun(dir: string, method: Method, seed: number): RunResult | undefined {
  const file = join(dir, `${method}-seed${seed}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunResult) : undefined;
}

function machine(info: Awaited<ReturnType<typeof ready>>): string {
  return `${cpus()[0]?.model ?? 'cpu'} (${cpus().length} cores), Node ${process.versions.node}, tfjs ${tf.version_core}, ${describeBackend(info)}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
