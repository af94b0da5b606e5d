/**
 * Benchmark 1: what core's BatchMatMul-gradient fix buys on a realistic training step.
 *
 * A linear Bernoulli VAE (784 → 200 Bernoulli latents → 784) trained with DisARM on a fixed
 * synthetic binary batch of 50: u ~ U(0, 1), b₁ = 1[u > σ(−α)], b₂ = 1[u < σ(α)] (an antithetic
 * pair), the ELBO of both (two decoder passes), and one Adam step (1e-4) on the encoder, decoder and
 * prior logits. Timed on the wasm backend with core's gradient (explicit transposes) and with
 * tfjs-core 4.22's original gradient (matMul transpose flags), in alternating blocks after a
 * warm-up, in one process.
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, describeBackend, fold, random, ready, split, stopGradient } from '@stochgrad/core';
import { variableFrom } from './problems';
import { progressBar } from './progress';
import { type Timing, formatNumber, progress, timeLoop } from './timing';

export const VAE_SHAPE = Object.freeze({ batch: 50, pixels: 784, latents: 200 });

type GradientConfig = Parameters<typeof tf.registerGradient>[0];

/**
 * tfjs-core 4.22's own BatchMatMul gradient (src/gradients/BatchMatMul_grad.ts), written out here:
 * it multiplies with transposeA / transposeB set, which the wasm kernel runs far slower.
 */
export const originalBatchMatMulGradient: GradientConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const g = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return { a: () => tf.matMul(g, b, false, true), b: () => tf.matMul(a, g, true, false) };
    if (!transposeA && transposeB) return { a: () => tf.matMul(g, b, false, false), b: () => tf.matMul(g, a, true, false) };
    if (transposeA && !transposeB) return { a: () => tf.matMul(b, g, false, true), b: () => tf.matMul(a, g, false, false) };
    return { a: () => tf.matMul(b, g, true, true), b: () => tf.matMul(g, a, true, true) };
  },
};

/** Runs `body` with `config` registered as the BatchMatMul gradient, then restores `restore`. */
async function withGradient<T>(config: GradientConfig, restore: GradientConfig, body: () => T | Promise<T>): Promise<T> {
  tf.registerGradient(config);
  try {
    return await body();
  } finally {
    tf.registerGradient(restore);
  }
}

interface Vae {
  readonly variables: tf.Variable[];
  /** −(DisARM surrogate of the mean ELBO): its gradient is the estimator's, its value −ELBO */
  loss(k: Key): tf.Scalar;
  dispose(): void;
}

/** log p(b | logits) for factorized Bernoullis, summed over the last axis. */
function logBernoulli(b: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.sum(tf.sub(tf.mul(b, logits), tf.softplus(logits)), -1);
}

function makeVae(k: Key): Vae {
  const { batch, pixels, latents } = VAE_SHAPE;
  const [dataKey, pixelKey, encoderKey, decoderKey] = split(k, 4) as [Key, Key, Key, Key];
  const data = tf.tidy(() => random.bernoulli(dataKey, { probs: random.uniform(pixelKey, [pixels], { low: 0.05, high: 0.95 }) }, [batch]));
  const encoderWeights = variableFrom(random.normal(encoderKey, [pixels, latents], { stddev: 0.01 }));
  const encoderBias = variableFrom(tf.zeros([latents]));
  const decoderWeights = variableFrom(random.normal(decoderKey, [latents, pixels], { stddev: 0.01 }));
  const decoderBias = variableFrom(tf.zeros([pixels]));
  const priorLogits = variableFrom(tf.zeros([latents]));
  // constants hoisted: a JS number in an op makes a new scalar tensor on every call
  const half = tf.scalar(0.5);
  const one = tf.scalar(1);
  const two = tf.scalar(2);
  const variables = [encoderWeights, encoderBias, decoderWeights, decoderBias, priorLogits];

  function elbo(b: tf.Tensor, alpha: tf.Tensor): tf.Tensor {
    const decoded = tf.add(tf.matMul(b, decoderWeights), decoderBias);
    return tf.sub(tf.add(logBernoulli(data, decoded), logBernoulli(b, priorLogits)), logBernoulli(b, alpha));
  }

  function loss(k: Key): tf.Scalar {
    return tf.tidy(() => {
      const alpha = tf.add(tf.matMul(data, encoderWeights), encoderBias);
      const u = random.uniform(k, [batch, latents]);
      const b1 = tf.cast(tf.greater(u, tf.sigmoid(tf.neg(alpha))), 'float32');
      const b2 = tf.cast(tf.less(u, tf.sigmoid(alpha)), 'float32');
      const f1 = elbo(b1, alpha);
      const f2 = elbo(b2, alpha);
      // ĝ_α = ½ (f(b₁) − f(b₂)) (−1)^{b₂} 1[b₁ ≠ b₂] σ(|α|)
      const sign = tf.mul(tf.sub(one, tf.mul(two, b2)), tf.abs(tf.sub(b1, b2)));
      const weight = stopGradient(tf.mul(tf.mul(tf.expandDims(tf.mul(half, tf.sub(f1, f2)), -1), sign), tf.sigmoid(tf.abs(alpha))));
      // ½(f₁ + f₂) carries the decoder gradient and f's explicit dependence on α (−log q)
      const surrogate = tf.add(tf.mul(half, tf.add(f1, f2)), tf.sum(tf.mul(weight, alpha), -1));
      return tf.neg(tf.mean(surrogate)) as tf.Scalar;
    });
  }

  return {
    variables,
    loss,
    dispose: () => tf.dispose([data, half, one, two, ...variables]),
  };
}

export interface KernelCount {
  name: string;
  count: number;
  /** summed kernel time under tf.profile (inflated by profiling; use for shares only) */
  milliseconds: number;
}

export interface VaeVariant {
  stepsPerSecond: number;
  steps: number;
  seconds: number;
  /** steps/s of each timed block, in order */
  blocks: number[];
  /** kernels launched by one training step (forward, backward, Adam) */
  kernelsPerStep: number;
  topKernels: KernelCount[];
}

export interface VaeResult {
  backend: string;
  shape: typeof VAE_SHAPE;
  estimator: string;
  optimizer: string;
  warmupSeconds: number;
  withFix: VaeVariant;
  withoutFix: VaeVariant;
  /** withFix.stepsPerSecond / withoutFix.stepsPerSecond */
  speedup: number;
  /** max over variables of max|g_fix − g_original| / max|g_original| for one step's gradients */
  gradientRelativeDifference: number;
  /** tensors alive after the run minus before it (expect 0) */
  tensorsLeaked: number;
}

export interface VaeOptions {
  key: Key;
  warmupSeconds: number;
  blockSeconds: number;
  blocks: number;
}

async function profileStep(step: () => void): Promise<{ kernelsPerStep: number; topKernels: KernelCount[] }> {
  const info = await tf.profile(() => {
    step();
  });
  const byName = new Map<string, KernelCount>();
  for (const kernel of info.kernels) {
    const entry = byName.get(kernel.name) ?? { name: kernel.name, count: 0, milliseconds: 0 };
    entry.count += 1;
    if (typeof kernel.kernelTimeMs === 'number') entry.milliseconds += kernel.kernelTimeMs;
    byName.set(kernel.name, entry);
  }
  const topKernels = [...byName.values()].sort((p, q) => q.milliseconds - p.milliseconds).slice(0, 8);
  for (const entry of topKernels) entry.milliseconds = Number(entry.milliseconds.toFixed(3));
  return { kernelsPerStep: info.kernels.length, topKernels };
}

/** One step's gradients under both configs, same key: max over variables of the relative gap. */
async function gradientDifference(vae: Vae, k: Key, fixed: GradientConfig): Promise<number> {
  const gradients = () => tf.variableGrads(() => vae.loss(k), vae.variables);
  const ours = gradients();
  const theirs = await withGradient(originalBatchMatMulGradient, fixed, gradients);
  let worst = 0;
  for (const name of Object.keys(theirs.grads)) {
    const a = ours.grads[name];
    const b = theirs.grads[name];
    if (!a || !b) throw new Error(`the gradient for ${name} is missing in one variant`);
    const gap = tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.maximum(tf.max(tf.abs(b)), 1e-30)).dataSync()[0] as number);
    worst = Math.max(worst, gap);
  }
  tf.dispose([ours.value, theirs.value, ours.grads, theirs.grads]);
  return worst;
}

async function benchVae(options: VaeOptions): Promise<VaeResult> {
  const info = await ready();
  const fixed = tf.getGradient('BatchMatMul');
  if (!fixed) throw new Error('no BatchMatMul gradient registered: did importing @stochgrad/core register its gradients?');
  if (fixed.gradFunc === originalBatchMatMulGradient.gradFunc) throw new Error('the BatchMatMul gradient is already the original one');
  const [modelKey, stepKey, checkKey] = split(options.key, 3) as [Key, Key, Key];
  const vae = makeVae(modelKey);
  const optimizer = tf.train.adam(1e-4);
  let step = 0;
  const trainStep = () => {
    optimizer.minimize(() => vae.loss(fold(stepKey, step++)), false, vae.variables);
  };
  const withoutFix = <T>(body: () => T | Promise<T>) => withGradient(originalBatchMatMulGradient, fixed, body);

  try {
    const gradientRelativeDifference = await gradientDifference(vae, checkKey, fixed);
    progress(`vae: gradients with and without the fix agree to ${gradientRelativeDifference.toExponential(1)} (relative)`);

    const warmFix = timeLoop(trainStep, { minSeconds: options.warmupSeconds, minIterations: 3 });
    const warmOriginal = await withoutFix(() => timeLoop(trainStep, { minSeconds: options.warmupSeconds / 2, minIterations: 3 }));
    progress(`vae: warm-up ${formatNumber(warmFix.perSecond)} steps/s with the fix, ${formatNumber(warmOriginal.perSecond)} without`);

    const fixBlocks: Timing[] = [];
    const originalBlocks: Timing[] = [];
    const bar = progressBar('vae: timed blocks', options.blocks);
    for (let block = 0; block < options.blocks; block++) {
      bar.update(block);
      const a = timeLoop(trainStep, { minSeconds: options.blockSeconds, minIterations: 3 });
      const b = await withoutFix(() => timeLoop(trainStep, { minSeconds: options.blockSeconds, minIterations: 3 }));
      fixBlocks.push(a);
      originalBlocks.push(b);
      progress(`vae: block ${block + 1}/${options.blocks}: ${formatNumber(a.perSecond)} steps/s with the fix, ${formatNumber(b.perSecond)} without`);
    }
    bar.stop();
    const fixProfile = await profileStep(trainStep);
    const originalProfile = await withoutFix(() => profileStep(trainStep));

    const summarize = (blocks: Timing[], profile: typeof fixProfile): VaeVariant => {
      const steps = blocks.reduce((s, b) => s + b.iterations, 0);
      const seconds = blocks.reduce((s, b) => s + b.seconds, 0);
      return { stepsPerSecond: steps / seconds, steps, seconds, blocks: blocks.map((b) => b.perSecond), ...profile };
    };
    const withFix = summarize(fixBlocks, fixProfile);
    const without = summarize(originalBlocks, originalProfile);
    return {
      backend: describeBackend(info),
      shape: VAE_SHAPE,
      estimator: 'DisARM (antithetic pair, two decoder passes)',
      optimizer: 'Adam 1e-4 via optimizer.minimize',
      warmupSeconds: warmFix.seconds + warmOriginal.seconds,
      withFix,
      withoutFix: without,
      speedup: withFix.stepsPerSecond / without.stepsPerSecond,
      gradientRelativeDifference,
      tensorsLeaked: 0,
    };
  } finally {
    if (tf.getGradient('BatchMatMul') !== fixed) tf.registerGradient(fixed);
    optimizer.dispose();
    vae.dispose();
  }
}

/** benchVae plus a leak count taken after everything it made was freed. */
export async function runVae(options: VaeOptions): Promise<VaeResult> {
  await ready();
  const before = tf.memory().numTensors;
  const result = await benchVae(options);
  return { ...result, tensorsLeaked: tf.memory().numTensors - before };
}
