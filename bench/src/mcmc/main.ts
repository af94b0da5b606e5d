/**
 * `pnpm --filter @stochgrad/bench run mcmc-vae -- [options]`: a VAE on dynamically binarized MNIST
 * (Gaussian latents, Bernoulli decoder) trained with the coupled-chain unbiased gradient of
 * log p_θ(x) (@stochgrad/mcmc) and with the IWAE bound at the same number of log p(x, z)
 * evaluations; test log-likelihood by importance sampling with many samples; meeting times.
 * Needs the built packages: `pnpm turbo run build --filter=@stochgrad/mcmc...` first.
 *   --methods LIST       iwae, unbiased-incl, unbiased-iwae (default: unbiased-incl,unbiased-iwae,iwae)
 *   --seeds LIST         default 1,2
 *   --steps N            training steps per run (default 800)
 *   --batch N            data points per step (default 32)
 *   --latent N, --hidden N            model size (default 8, 100)
 *   --particles N, --k N, --m N, --max-iterations N   the unbiased estimator (default 10, 1, 2, 30)
 *   --iwae-samples N     IWAE samples: the encoder objective of unbiased-iwae, and the baseline when
 *                        not matched (default 10)
 *   --iwae-match METHOD  give the iwae baseline the evaluations per step of this method's run with
 *                        the same seed (default unbiased-incl; 'none' to use --iwae-samples)
 *   --train-images N     training subset (default 10000), --test-images N (default 1000)
 *   --test-samples N     importance samples for the final test log-likelihood (default 1000)
 *   --checkpoints N      test log-likelihood evaluations during training (default 4; 300 images, S = 100)
 *   --out DIR            default bench/results/mcmc; --report only rebuilds the report from DIR/runs
 * The defaults are the committed run (bench/results/mcmc/README.md): 22 min, niced, on a 2-core
 * machine shared with other jobs.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, key, ready } from '@stochgrad/core';
import { loadImages } from './idx';
import { writeReport } from './report';
import { type Method, type RunConfig, type RunResult, binarize, train } from './train';

const METHODS: readonly Method[] = ['unbiased-incl', 'unbiased-iwae', 'iwae'];

function parse(argv: readonly string[]) {
  const args = argv.filter((a) => a !== '--');
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    if (arg === '--report' || arg === '--help') flags.add(arg.slice(2));
    else {
      const value = args[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options.set(arg.slice(2), value);
    }
  }
  const int = (name: string, fallback: number) => {
    const v = options.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
    return n;
  };
  const methods = (options.get('methods') ?? METHODS.join(',')).split(',') as Method[];
  for (const m of methods) if (!METHODS.includes(m)) throw new Error(`unknown method ${m}; known: ${METHODS.join(', ')}`);
  return {
    help: flags.has('help'),
    reportOnly: flags.has('report'),
    methods,
    seeds: (options.get('seeds') ?? '1,2').split(',').map(Number),
    match: options.get('iwae-match') ?? 'unbiased-incl',
    out: resolve(options.get('out') ?? fileURLToPath(new URL('../../results/mcmc', import.meta.url))),
    trainImages: int('train-images', 10_000),
    base: {
      steps: int('steps', 800),
      batch: int('batch', 32),
      latent: int('latent', 8),
      hidden: int('hidden', 100),
      learningRate: 1e-3,
      iwaeSamples: int('iwae-samples', 10),
      particles: int('particles', 10),
      k: int('k', 1),
      m: int('m', 2),
      maxIterations: int('max-iterations', 30),
      checkpoints: int('checkpoints', 4),
      checkpointImages: 300,
      checkpointSamples: 100,
      testImages: int('test-images', 1000),
      testSamples: int('test-samples', 1000),
    },
  };
}

async function main(): Promise<void> {
  const settings = parse(process.argv.slice(2));
  if (settings.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
    return;
  }
  const runsDir = join(settings.out, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const command = `pnpm --filter @stochgrad/bench run mcmc-vae -- ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}`.trim();
  if (!settings.reportOnly) {
    const info = await ready();
    const log = (line: string) => process.stderr.write(`${line}\n`);
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
  const report = writeReport(settings.out, runs);
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
