/**
 * `pnpm --filter @stochgrad/bench run vae-speed`: one DisARM training step of the linear Bernoulli
 * VAE (batch 50, 784 → 200 Bernoulli latents → 784, learned prior, Adam 1e-4 on every parameter)
 * in stochgrad on wasm — the library helper's generic tape path and its hand-differentiated fast
 * path — and in PyTorch (Debian's python3-torch, OpenBLAS, one thread), in one run: steps/second
 * of each and the ratios. Both sides start from the same weights and batch (written by this runner),
 * and one step's gradients for the same uniforms are compared. Also: kernels per step of the two
 * stochgrad paths, and each estimator's cost of one estimate relative to one forward+backward pass.
 * `--help` lists the options and their defaults.
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { type GradientEstimator, type Key, describeBackend, fold, key, leaveOneOut, random, ready, scoreFunction } from '@stochgrad/core';
import { arm, disarm, localDisarm, vimco } from '@stochgrad/discrete';
import { type BernoulliVae, bernoulliVae } from '@stochgrad/models';
import { progressBar } from '../progress';
import { PythonPeer } from '../python-peer';
import { formatNumber, median, progress, textTable, timeLoop } from '../timing';
import { benchProgram, integerAtLeast, positiveNumber, userArgv } from '../cli-options';

const BATCH = 50;
const PIXELS = 784;
const LATENTS = 200;

interface Options {
  seconds: number;
  blocks: number;
  warmup: number;
  python: string;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const program = benchProgram('pnpm --filter @stochgrad/bench run vae-speed --', 'One DisARM training step of the linear Bernoulli VAE in stochgrad (wasm, tape and fast path) and in PyTorch: steps per second and the ratios.')
    .addOption(new Option('--seconds <s>', 'seconds per timed block').argParser(positiveNumber).default(1.5))
    .addOption(new Option('--blocks <n>', 'timed blocks').argParser(integerAtLeast(1)).default(6))
    .addOption(new Option('--warmup <s>', 'warm-up seconds').argParser(positiveNumber).default(3))
    .addOption(new Option('--python <path>', 'the Python with torch').default('/usr/bin/python3'))
    .addOption(new Option('--out <dir>', 'where results.json and results.md go').default(fileURLToPath(new URL('../../results/vae-speed', import.meta.url)), 'bench/results/vae-speed'))
    .parse(userArgv(['node', 'vae-speed', ...argv]));
  const options = program.opts<Options>();
  return { ...options, out: resolve(options.out) };
}

/**
 * Steps per wall-clock second and per CPU second of this process. On a machine shared with other
 * work the CPU-time rate is the robust one (the PyTorch side reports the same pair).
 */
function timeBoth(body: () => void, seconds: number): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const timing = timeLoop(body, { minSeconds: seconds, minIterations: 3 });
  const used = process.cpuUsage(cpuStart);
  return { wall: timing.perSecond, cpu: timing.iterations / ((used.user + used.system) / 1e6) };
}

/** A VAE as the benchmark uses it: Adam 1e-4 on every parameter (the prior too, as the PyTorch side). */
function makeVae(k: Key, fastPath: boolean): { vae: BernoulliVae; optimizers: tf.Optimizer[] } {
  const optimizers = [tf.train.adam(1e-4), tf.train.adam(1e-4), tf.train.adam(1e-4)] as [tf.Optimizer, tf.Optimizer, tf.Optimizer];
  const vae = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS, fastPath, optimizers: { encoder: optimizers[0], decoder: optimizers[1], prior: optimizers[2] } });
  return { vae, optimizers };
}

/** A fixed binary batch: pixel probabilities in [0.05, 0.95]. */
function makeBatch(k: Key): tf.Tensor2D {
  return tf.tidy(() => random.bernoulli(fold(k, 0), { probs: random.uniform(fold(k, 1), [PIXELS], { low: 0.05, high: 0.95 }) }, [BATCH]) as tf.Tensor2D);
}

/** Writes the VAE's weights, the batch and one set of uniforms for the PyTorch side. */
function writeInit(directory: string, vae: BernoulliVae, x: tf.Tensor, uniforms: tf.Tensor): void {
  const [we, be] = vae.encoderVariables as [tf.Variable, tf.Variable];
  const [wd, bd] = vae.decoderVariables as [tf.Variable, tf.Variable];
  const entries: [string, tf.Tensor][] = [
    ['data', x],
    ['encoderWeights', we],
    ['encoderBias', be],
    ['decoderWeights', wd],
    ['decoderBias', bd],
    ['priorLogits', vae.priorLogits],
    ['checkUniforms', uniforms],
  ];
  const tensors: { name: string; shape: number[]; offset: number }[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    tensors.push({ name, shape: t.shape.slice(), offset });
    parts.push(t.dataSync() as Float32Array);
    offset += t.size;
  }
  const all = new Float32Array(offset);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  writeFileSync(join(directory, 'tensors.bin'), Buffer.from(all.buffer));
  writeFileSync(join(directory, 'meta.json'), JSON.stringify({ floats: offset, tensors }));
}

/**
 * One step's gradients through the library helper, read off as the change of the variables under
 * SGD with learning rate 1 (the public API only hands out the encoder's gradients).
 */
function libraryGradients(k: Key, x: tf.Tensor, stepKey: Key, fastPath: boolean): Float32Array[] {
  const sgd = tf.train.sgd(1);
  const vae = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS, fastPath, optimizers: { encoder: sgd, decoder: sgd, prior: sgd } });
  const variables = [...vae.encoderVariables, ...vae.decoderVariables, vae.priorLogits];
  const before = variables.map((v) => v.dataSync().slice() as Float32Array);
  vae.trainStep({ key: stepKey, x, estimator: disarm() });
  const out = variables.map((v, i) => {
    const after = v.dataSync();
    return (before[i] as Float32Array).map((b, j) => b - (after[j] as number));
  });
  vae.dispose();
  sgd.dispose();
  return out;
}

function maxRelativeGap(a: Float32Array, b: Float32Array): number {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    gap = Math.max(gap, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return gap / Math.max(scale, 1e-30);
}

async function kernelsPerStep(step: () => void): Promise<{ kernels: number; byName: Record<string, number> }> {
  const info = await tf.profile(() => {
    step();
  });
  const byName: Record<string, number> = {};
  for (const k of info.kernels) byName[k.name] = (byName[k.name] ?? 0) + 1;
  return { kernels: info.kernels.length, byName };
}

interface Part {
  part: string;
  cpuMilliseconds: number;
}

/** Where the time of one fast step goes: its pieces timed alone (CPU time, same shapes). */
function breakdown(k: Key, x: tf.Tensor2D, seconds: number): Part[] {
  const vae = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS });
  const [we] = vae.encoderVariables as [tf.Variable];
  const [wd] = vae.decoderVariables as [tf.Variable];
  const b = tf.tidy(() => random.bernoulli(fold(k, 1), { probs: 0.5 }, [2 * BATCH, LATENTS]));
  const dDecoded = random.uniform(fold(k, 2), [2 * BATCH, PIXELS]);
  const dAlpha = random.uniform(fold(k, 3), [BATCH, LATENTS]);
  const z = random.normal(fold(k, 4), [2 * BATCH, PIXELS], { stddev: 5 });
  const gradients = [...vae.encoderVariables, ...vae.decoderVariables, vae.priorLogits].map((v, i) => random.normal(fold(k, 10 + i), v.shape, { stddev: 1e-3 }));
  const adam = tf.train.adam(1e-4);
  const variables = [...vae.encoderVariables, ...vae.decoderVariables, vae.priorLogits];
  const sgd = tf.train.sgd(1e-6);
  const sgdVae = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS, optimizers: { encoder: sgd, decoder: sgd, prior: sgd } });
  const priorAdam = tf.train.adam(1e-4);
  const adamVae = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS, optimizers: { prior: priorAdam } });
  const estimator = disarm();
  let step = 0;
  const parts: [string, () => void][] = [
    ['whole fast step, Adam on every parameter', () => adamVae.trainStep({ key: fold(k, 100 + step++), x, estimator })],
    ['whole fast step, SGD update instead', () => sgdVae.trainStep({ key: fold(k, 100 + step++), x, estimator })],
    ['the 4 matmuls (x Wₑ, B W_d, Bᵀ ∂D, xᵀ ∂α)', () => tf.dispose(tf.tidy(() => [tf.matMul(x, we), tf.matMul(b, wd), tf.matMul(tf.transpose(b), dDecoded), tf.matMul(tf.transpose(x), dAlpha)]))],
    ['tfjs Adam on the 5 variables (314k numbers)', () => adam.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: gradients[i] as tf.Tensor })))],
    ['tf.softplus on [100, 784]', () => tf.dispose(tf.softplus(z))],
    ['relu(z) − log σ(|z|) on [100, 784] (the fast path)', () => tf.dispose(tf.tidy(() => tf.sub(tf.relu(z), tf.log(tf.sigmoid(tf.abs(z))))))],
    ['tf.sigmoid on [100, 784]', () => tf.dispose(tf.sigmoid(z))],
    ['uniforms [50, 200] (Threefry in JS + upload)', () => tf.dispose(random.uniform(fold(k, 200 + step++), [1, BATCH, LATENTS]))],
  ];
  const out: Part[] = [];
  for (const [part, body] of parts) {
    timeLoop(body, { minSeconds: seconds / 4, minIterations: 3 });
    out.push({ part, cpuMilliseconds: 1000 / timeBoth(body, seconds).cpu });
    progress(`vae-speed: ${part}: ${(out[out.length - 1] as Part).cpuMilliseconds.toFixed(3)} CPU ms`);
  }
  tf.dispose([b, dDecoded, dAlpha, z, ...gradients]);
  adam.dispose();
  sgd.dispose();
  priorAdam.dispose();
  sgdVae.dispose();
  adamVae.dispose();
  vae.dispose();
  return out;
}

interface EstimatorCost {
  estimator: string;
  evaluations: number;
  millisecondsPerEstimate: number;
  /** millisecondsPerEstimate / one forward+backward pass */
  relativeCost: number;
}

/**
 * Each estimator's cost of one estimate of every gradient (vae.gradients, the generic path; DisARM
 * also through the fast path), relative to one forward+backward pass: the encoder, one decoder pass
 * at a fixed sample, and the backward pass of the ELBO there.
 */
function estimatorCosts(k: Key, x: tf.Tensor, seconds: number): { baselineMilliseconds: number; costs: EstimatorCost[] } {
  const vae = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS });
  const b = tf.tidy(() => random.bernoulli(fold(k, 9), { probs: 0.5 }, [BATCH, LATENTS]));
  let step = 0;
  const baseline = () => {
    const g = tf.variableGrads(() => {
      const logits = vae.encode(x);
      // −mean ELBO at a fixed b, with the encoder on the tape through −log q
      return tf.neg(tf.mean(vae.elbo(x, b, logits))) as tf.Scalar;
    }, [...vae.variables]);
    tf.dispose([g.value, ...Object.values(g.grads)]);
  };
  timeLoop(baseline, { minSeconds: seconds / 2, minIterations: 3 });
  const baselineMilliseconds = 1000 / timeBoth(baseline, seconds).cpu;
  const estimators: [string, GradientEstimator][] = [
    ['REINFORCE-LOO (2 samples)', scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 })],
    ['ARM', arm()],
    ['DisARM', disarm()],
    ['VIMCO K=2', vimco({ numSamples: 2 })],
    ['VIMCO K=4', vimco({ numSamples: 4 })],
    ['local DisARM K=2', localDisarm({ numPairs: 2 })],
    ['local DisARM K=4', localDisarm({ numPairs: 4 })],
  ];
  const costs: EstimatorCost[] = [];
  for (const [label, estimator] of estimators) {
    const run = () => {
      const g = vae.gradients({ key: fold(key(5), step++), x, estimator });
      tf.dispose([g.value, g.logitGradient, ...g.encoder, ...g.decoder, ...g.prior, ...g.controlVariate]);
    };
    timeLoop(run, { minSeconds: seconds / 4, minIterations: 3 });
    const ms = 1000 / timeBoth(run, seconds).cpu;
    costs.push({ estimator: label, evaluations: estimator.evaluations, millisecondsPerEstimate: ms, relativeCost: ms / baselineMilliseconds });
    progress(`vae-speed: ${label}: ${ms.toFixed(2)} ms per estimate, ${(ms / baselineMilliseconds).toFixed(2)}× a forward+backward pass`);
  }
  // the fast path: a full trainStep minus its optimiser update is not separable through the API,
  // so time trainStep with SGD (cheap update) and report it as DisARM (fast path, incl. SGD update)
  const sgd = tf.train.sgd(1e-6);
  const fast = bernoulliVae({ key: k, latents: LATENTS, pixels: PIXELS, optimizers: { encoder: sgd, decoder: sgd, prior: sgd } });
  const estimator = disarm();
  const run = () => {
    fast.trainStep({ key: fold(key(6), step++), x, estimator });
  };
  timeLoop(run, { minSeconds: seconds / 4, minIterations: 3 });
  const ms = 1000 / timeBoth(run, seconds).cpu;
  costs.push({ estimator: 'DisARM, fast path (incl. an SGD update)', evaluations: 2, millisecondsPerEstimate: ms, relativeCost: ms / baselineMilliseconds });
  progress(`vae-speed: DisARM fast path: ${ms.toFixed(2)} ms per step, ${(ms / baselineMilliseconds).toFixed(2)}× a forward+backward pass`);
  fast.dispose();
  sgd.dispose();
  b.dispose();
  vae.dispose();
  return { baselineMilliseconds, costs };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const info = await ready();
  const tensorsBefore = tf.memory().numTensors;
  progress(`vae-speed: ${describeBackend(info)}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`);
  const root = key(2020);
  const modelKey = fold(root, 0);
  const x = makeBatch(fold(root, 1));
  const checkKey = fold(root, 2);

  // the gradient check: the same weights, batch and uniforms on both sides
  const directory = mkdtempSync(join(tmpdir(), 'stochgrad-vae-speed-'));
  const reference = bernoulliVae({ key: modelKey, latents: LATENTS, pixels: PIXELS });
  const uniforms = random.uniform(checkKey, [1, BATCH, LATENTS]); // what disarm() draws from checkKey
  writeInit(directory, reference, x, uniforms);
  uniforms.dispose();
  reference.dispose();
  const { peer: torch, info: torchInfo } = await PythonPeer.start(options.python, 'disarm_vae_step.py', ['--init', directory]);
  progress(`vae-speed: PyTorch ${String(torchInfo.torch)}, ${String(torchInfo.threads)} thread(s), BLAS ${String(torchInfo.blas)}`);
  await torch.command('check');
  const torchFlat = new Float32Array(readFileSync(join(directory, 'torch-grads.bin')).buffer.slice(0));
  const sizes = [PIXELS * LATENTS, LATENTS, LATENTS * PIXELS, PIXELS, LATENTS];
  const names = ['encoder kernel', 'encoder bias', 'decoder kernel', 'decoder bias', 'prior logits'];
  const torchGrads: Float32Array[] = [];
  let at = 0;
  for (const n of sizes) {
    torchGrads.push(torchFlat.slice(at, at + n));
    at += n;
  }
  const fastGrads = libraryGradients(modelKey, x, checkKey, true);
  const genericGrads = libraryGradients(modelKey, x, checkKey, false);
  const gaps = names.map((name, i) => ({
    variable: name,
    fastVsTorch: maxRelativeGap(fastGrads[i] as Float32Array, torchGrads[i] as Float32Array),
    fastVsGeneric: maxRelativeGap(fastGrads[i] as Float32Array, genericGrads[i] as Float32Array),
  }));
  rmSync(directory, { recursive: true, force: true });
  progress(`vae-speed: gradients, max relative gap: fast vs PyTorch ${Math.max(...gaps.map((g) => g.fastVsTorch)).toExponential(1)}, fast vs generic ${Math.max(...gaps.map((g) => g.fastVsGeneric)).toExponential(1)}`);

  // speed: generic, fast, PyTorch in alternating blocks after a warm-up
  const generic = makeVae(modelKey, false);
  const fast = makeVae(modelKey, true);
  const estimator = disarm();
  let step = 0;
  const genericStep = () => {
    generic.vae.trainStep({ key: fold(root, 1000 + step++), x, estimator });
  };
  const fastStep = () => {
    fast.vae.trainStep({ key: fold(root, 1000 + step++), x, estimator });
  };
  timeLoop(genericStep, { minSeconds: options.warmup / 2, minIterations: 3 });
  timeLoop(fastStep, { minSeconds: options.warmup / 2, minIterations: 3 });
  await torch.command(`warmup ${options.warmup / 2}`);
  type Rates = { wall: number; cpu: number };
  const blocks: { generic: Rates; fast: Rates; torch: Rates }[] = [];
  const bar = progressBar('vae-speed: timed blocks', options.blocks);
  for (let block = 0; block < options.blocks; block++) {
    bar.update(block);
    const g = timeBoth(genericStep, options.seconds);
    const f = timeBoth(fastStep, options.seconds);
    const reply = await torch.command(`block ${options.seconds}`);
    const t = { wall: reply.stepsPerSecond as number, cpu: reply.stepsPerCpuSecond as number };
    blocks.push({ generic: g, fast: f, torch: t });
    progress(
      `vae-speed: block ${block + 1}/${options.blocks}: steps per wall second generic ${formatNumber(g.wall)}, fast ${formatNumber(f.wall)}, PyTorch ${formatNumber(t.wall)}; ` +
        `per CPU second ${formatNumber(g.cpu)}, ${formatNumber(f.cpu)}, ${formatNumber(t.cpu)}`,
    );
  }
  bar.stop();
  torch.close();
  const genericKernels = await kernelsPerStep(genericStep);
  const fastKernels = await kernelsPerStep(fastStep);
  for (const v of [generic, fast]) {
    v.vae.dispose();
    for (const o of v.optimizers) o.dispose();
  }
  const costs = estimatorCosts(fold(root, 3), x, options.seconds);
  const parts = breakdown(fold(root, 4), x, options.seconds);
  x.dispose();
  const tensorsLeaked = tf.memory().numTensors - tensorsBefore;

  // the median block of each (robust to other processes on a shared machine)
  const summary = {
    genericStepsPerSecond: median(blocks.map((b) => b.generic.wall)),
    fastStepsPerSecond: median(blocks.map((b) => b.fast.wall)),
    torchStepsPerSecond: median(blocks.map((b) => b.torch.wall)),
    genericStepsPerCpuSecond: median(blocks.map((b) => b.generic.cpu)),
    fastStepsPerCpuSecond: median(blocks.map((b) => b.fast.cpu)),
    torchStepsPerCpuSecond: median(blocks.map((b) => b.torch.cpu)),
  };
  const ratios = {
    fastOverTorch: summary.fastStepsPerSecond / summary.torchStepsPerSecond,
    genericOverTorch: summary.genericStepsPerSecond / summary.torchStepsPerSecond,
    fastOverGeneric: summary.fastStepsPerSecond / summary.genericStepsPerSecond,
    fastOverTorchCpu: summary.fastStepsPerCpuSecond / summary.torchStepsPerCpuSecond,
    genericOverTorchCpu: summary.genericStepsPerCpuSecond / summary.torchStepsPerCpuSecond,
    fastOverGenericCpu: summary.fastStepsPerCpuSecond / summary.genericStepsPerCpuSecond,
  };
  const result = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model.trim(), cores: cpus().length, loadAverageAtEnd: loadavg()[0], node: process.versions.node, tfjs: tf.version_core, backend: describeBackend(info) },
    torch: torchInfo,
    step: 'DisARM, linear Bernoulli VAE 784-200-784, batch 50, learned prior, Adam 1e-4 on every parameter, both samples in one decoder matmul',
    blocks,
    ...summary,
    ...ratios,
    kernelsPerStep: { generic: genericKernels.kernels, fast: fastKernels.kernels, genericByName: genericKernels.byName, fastByName: fastKernels.byName },
    gradientCheck: gaps,
    estimatorCosts: costs,
    breakdown: parts,
    tensorsLeaked,
  };
  const table = textTable(
    ['implementation', 'steps / CPU s', 'vs PyTorch (CPU)', 'steps / wall s', 'vs PyTorch (wall)', 'kernels/step'],
    [
      ['stochgrad generic (tape)', formatNumber(summary.genericStepsPerCpuSecond), ratios.genericOverTorchCpu.toFixed(2), formatNumber(summary.genericStepsPerSecond), ratios.genericOverTorch.toFixed(2), String(genericKernels.kernels)],
      ['stochgrad fast path', formatNumber(summary.fastStepsPerCpuSecond), ratios.fastOverTorchCpu.toFixed(2), formatNumber(summary.fastStepsPerSecond), ratios.fastOverTorch.toFixed(2), String(fastKernels.kernels)],
      ['PyTorch (OpenBLAS, 1 thread)', formatNumber(summary.torchStepsPerCpuSecond), '1.00', formatNumber(summary.torchStepsPerSecond), '1.00', '—'],
    ],
  );
  const costTable = textTable(
    ['estimator', 'f evals', 'CPU ms / estimate', '× forward+backward'],
    costs.costs.map((c) => [c.estimator, String(c.evaluations), c.millisecondsPerEstimate.toFixed(2), c.relativeCost.toFixed(2)]),
  );
  console.log(`\n${table}\n\nfast / PyTorch = ${ratios.fastOverTorchCpu.toFixed(2)}× per CPU second (${ratios.fastOverTorch.toFixed(2)}× per wall second), fast / generic = ${ratios.fastOverGenericCpu.toFixed(2)}×`);
  console.log(`gradient check (max relative gap): ${gaps.map((g) => `${g.variable} ${g.fastVsTorch.toExponential(1)} vs PyTorch, ${g.fastVsGeneric.toExponential(1)} vs generic`).join('; ')}`);
  const partTable = textTable(['piece of one fast step', 'CPU ms'], parts.map((p) => [p.part, p.cpuMilliseconds.toFixed(3)]));
  console.log(`\n${partTable}`);
  console.log(`\none forward+backward pass: ${costs.baselineMilliseconds.toFixed(2)} ms\n${costTable}\n\ntensors leaked: ${tensorsLeaked}`);
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'results.json'), JSON.stringify(result, null, 1) + '\n');
  writeFileSync(
    join(options.out, 'results.md'),
    [
      '# DisARM Bernoulli-VAE step: stochgrad (wasm) vs PyTorch',
      '',
      `Generated by \`pnpm --filter @stochgrad/bench run vae-speed\` on ${result.date} (${result.machine.cpu}, ${result.machine.cores} cores, load ${result.machine.loadAverageAtEnd?.toFixed(2)} at the end; the machine was shared).`,
      `${result.step}. ${options.blocks} alternating blocks of ${options.seconds} s after a ${options.warmup} s warm-up; the median block of each.`,
      'Reproduce: `pnpm --filter @stochgrad/models... build && pnpm --filter @stochgrad/bench run vae-speed` (PyTorch from `/usr/bin/python3`, Debian python3-torch with OpenBLAS, `OPENBLAS_NUM_THREADS=1`).',
      'Steps per CPU second (process CPU time: Node `process.cpuUsage`, Python `time.process_time`) is the rate to read on a shared machine; wall-clock rates move with the other load.',
      '',
      '```',
      table,
      '```',
      '',
      `Per CPU second: fast / PyTorch = **${ratios.fastOverTorchCpu.toFixed(2)}×**, generic / PyTorch = ${ratios.genericOverTorchCpu.toFixed(2)}×, fast / generic = ${ratios.fastOverGenericCpu.toFixed(2)}×. ` +
        `Per wall second: ${ratios.fastOverTorch.toFixed(2)}×, ${ratios.genericOverTorch.toFixed(2)}×, ${ratios.fastOverGeneric.toFixed(2)}×.`,
      '',
      `Gradient check, one step on the same weights, batch and uniforms (max |Δ| / max |g|): ${gaps.map((g) => `${g.variable}: ${g.fastVsTorch.toExponential(1)} vs PyTorch, ${g.fastVsGeneric.toExponential(1)} vs the generic path`).join('; ')}.`,
      '',
      `Cost of one estimate of every gradient (vae.gradients, generic path; CPU time) relative to one forward+backward pass (${costs.baselineMilliseconds.toFixed(2)} ms: encoder, one decoder pass at a fixed sample, backward, on the tape):`,
      '',
      '```',
      costTable,
      '```',
      '',
      'Where the time of one fast step goes (each piece timed alone, CPU time):',
      '',
      '```',
      partTable,
      '```',
      '',
    ].join('\n'),
  );
  console.log(`wrote ${join(options.out, 'results.json')} and results.md`);
  if (tensorsLeaked !== 0) throw new Error(`the benchmark left ${tensorsLeaked} tensors behind`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
