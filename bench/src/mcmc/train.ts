/**
 * One training run of the bench VAE with one gradient method, and its evaluation:
 *   iwae            encoder and decoder on the IWAE bound with S samples (S evaluations per point)
 *   unbiased-iwae   decoder on the coupled-chain estimate of ∇_θ log p(x); encoder on the IWAE bound
 *   unbiased-incl   decoder as above; encoder on the inclusive KL, from the same chain states (free)
 * Evaluations count calls of log p_θ(x, z) for one (x, z) pair, with or without a gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, fold, key, random, split } from '@stochgrad/core';
import { iwaeBound, unbiasedLogLikelihoodGradient } from '@stochgrad/mcmc';
import { type GaussianLatentVae as Vae, gaussianLatentVae } from '@stochgrad/models';
import { progressBar } from '../progress';

export type Method = 'iwae' | 'unbiased-iwae' | 'unbiased-incl';

export interface RunConfig {
  method: Method;
  seed: number;
  steps: number;
  batch: number;
  latent: number;
  hidden: number;
  learningRate: number;
  /** IWAE samples (method iwae), or the encoder's IWAE samples (unbiased-iwae) */
  iwaeSamples: number;
  /** chain particles S, schedule k, m, cap (unbiased methods) */
  particles: number;
  k: number;
  m: number;
  maxIterations: number;
  /** test log-likelihood checkpoints during training, and the final evaluation */
  checkpoints: number;
  checkpointImages: number;
  checkpointSamples: number;
  testImages: number;
  testSamples: number;
}

export interface RunResult {
  config: RunConfig;
  /** final test log-likelihood estimate (nats, mean over test images) */
  testLogLikelihood: number;
  /** its standard error over test images */
  testLogLikelihoodSe: number;
  curve: { step: number; evaluations: number; seconds: number; testLogLikelihood: number }[];
  evaluations: { total: number; perPointPerStep: number };
  seconds: number;
  meeting?: { histogram: Record<string, number>; numCapped: number; count: number; mean: number; max: number; trace: number[] };
}

/** log p(x) by importance sampling with q: log (1/S) Σ w_s, in chunks of samples and images. */
export function testLogLikelihood(vae: Vae, key: Key, images: tf.Tensor, samples: number): { mean: number; se: number } {
  const n = images.shape[0] as number;
  const chunkImages = 100;
  const chunkSamples = 100;
  const values: number[] = [];
  for (let start = 0; start < n; start += chunkImages) {
    const size = Math.min(chunkImages, n - start);
    const row = tf.tidy(() => {
      const x = tf.slice(images, start, size);
      const proposal = vae.proposal(x);
      const parts: tf.Tensor[] = [];
      for (let s = 0; s < samples; s += chunkSamples) {
        const count = Math.min(chunkSamples, samples - s);
        const { logWeights } = iwaeBound({ key: fold(fold(key, start), s), x, logJoint: vae.logJoint, proposal, numParticles: count });
        parts.push(tf.logSumExp(logWeights, 0));
      }
      return tf.sub(tf.logSumExp(tf.stack(parts, 0), 0), Math.log(samples));
    });
    values.push(...row.dataSync());
    row.dispose();
  }
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** A fixed binarization of the test images (seeded). */
export function binarize(key: Key, intensities: tf.Tensor): tf.Tensor {
  return random.bernoulli(key, { probs: intensities });
}

/** A permutation of 0..n−1 from a key (sort by uniforms). */
function permutation(k: Key, n: number): Int32Array {
  const u = random.uniform(k, [n]);
  const values = u.dataSync();
  u.dispose();
  return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number)));
}

export interface TrainData {
  /** training intensities [trainCount × 784] */
  train: Float32Array;
  trainCount: number;
  /** binarized test images [testCount, 784] */
  test: tf.Tensor;
  pixelMean: Float32Array;
}

export function train(config: RunConfig, data: TrainData, log: (line: string) => void): RunResult {
  const [initKey, dataKey, stepKey, evalKey] = split(key(config.seed), 4) as [Key, Key, Key, Key];
  const vae = gaussianLatentVae({ key: initKey, latents: config.latent, hidden: config.hidden, dataMean: data.pixelMean });
  const optimizer = tf.train.adam(config.learningRate);
  const variables = [...vae.decoderVariables, ...vae.encoderVariables];
  const pixels = 784;
  const batch = config.batch;
  const stepsPerEpoch = Math.floor(data.trainCount / batch);
  let order = permutation(fold(dataKey, 0), data.trainCount);
  let evaluations = 0;
  const histogram: Record<string, number> = {};
  let numCapped = 0;
  let meetingCount = 0;
  let meetingSum = 0;
  let meetingMax = 0;
  const trace: number[] = [];
  const curve: RunResult['curve'] = [];
  const started = Date.now();
  let evalSeconds = 0;
  const checkpointEvery = Math.max(1, Math.floor(config.steps / config.checkpoints));
  const checkpointImages = tf.slice(data.test, 0, Math.min(config.checkpointImages, data.test.shape[0] as number));

  const recordCheckpoint = (step: number) => {
    const t0 = Date.now();
    const { mean } = testLogLikelihood(vae, fold(evalKey, step), checkpointImages, config.checkpointSamples);
    evalSeconds += (Date.now() - t0) / 1000;
    const seconds = (Date.now() - started) / 1000 - evalSeconds;
    curve.push({ step, evaluations, seconds, testLogLikelihood: mean });
    log(`  step ${step}: test log-lik (${config.checkpointImages} images, S = ${config.checkpointSamples}) ${mean.toFixed(2)}; ${(evaluations / Math.max(1, step * batch)).toFixed(1)} evaluations/point/step; ${seconds.toFixed(0)} s` + (meetingCount ? `; mean τ ${(meetingSum / meetingCount).toFixed(2)}, capped ${numCapped}` : ''));
  };

  const bar = progressBar(`${config.method} seed ${config.seed}`, config.steps);
  for (let step = 0; step < config.steps; step++) {
    bar.update(step);
    if (step > 0 && step % stepsPerEpoch === 0) order = permutation(fold(dataKey, step / stepsPerEpoch), data.trainCount);
    const within = step % stepsPerEpoch;
    const intensities = new Float32Array(batch * pixels);
    for (let i = 0; i < batch; i++) {
      const index = order[within * batch + i] as number;
      intensities.set(data.train.subarray(index * pixels, (index + 1) * pixels), i * pixels);
    }
    const [binarizeKey, estimatorKey, encoderKey] = split(fold(stepKey, step), 3) as [Key, Key, Key];
    const probs = tf.tensor2d(intensities, [batch, pixels]);
    const x = random.bernoulli(binarizeKey, { probs });
    probs.dispose();
    if (config.method === 'iwae') {
      optimizer.minimize(() => tf.neg(tf.mean(iwaeBound({ key: estimatorKey, x, logJoint: vae.logJoint, proposal: vae.proposal(x), numParticles: config.iwaeSamples }).bound)) as tf.Scalar, false, variables);
      evaluations += batch * config.iwaeSamples;
    } else {
      const inclusive = config.method === 'unbiased-incl';
      const { value, grads } = tf.variableGrads(() => {
        const result = unbiasedLogLikelihoodGradient({
          key: estimatorKey,
          x,
          logJoint: vae.logJoint,
          proposal: vae.proposal(x),
          numParticles: config.particles,
          k: config.k,
          m: config.m,
          maxIterations: config.maxIterations,
          independentRows: true,
        });
        evaluations += result.evaluations.chain + result.evaluations.surrogate;
        for (let b = 0; b < batch; b++) {
          const tau = result.meetingTimes[b] as number;
          if (Number.isFinite(tau)) {
            histogram[String(tau)] = (histogram[String(tau)] ?? 0) + 1;
            meetingSum += tau;
            meetingMax = Math.max(meetingMax, tau);
          }
        }
        meetingCount += batch;
        numCapped += result.numCapped;
        if (step % 10 === 0) trace.push(result.meetingTimes.reduce((s, t) => s + (Number.isFinite(t) ? t : config.maxIterations), 0) / batch);
        const objective = inclusive ? tf.add(result.surrogate, result.inclusiveKlSurrogate) : result.surrogate;
        return tf.div(tf.neg(objective), batch) as tf.Scalar;
      }, inclusive ? variables : [...vae.decoderVariables]);
      if (!inclusive) {
        const encoderGrads = tf.variableGrads(
          () => tf.neg(tf.mean(iwaeBound({ key: encoderKey, x, logJoint: vae.logJoint, proposal: vae.proposal(x), numParticles: config.iwaeSamples }).bound)) as tf.Scalar,
          [...vae.encoderVariables],
        );
        Object.assign(grads, encoderGrads.grads);
        encoderGrads.value.dispose();
        evaluations += batch * config.iwaeSamples;
      }
      optimizer.applyGradients(grads as tf.NamedTensorMap as Parameters<typeof optimizer.applyGradients>[0]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    x.dispose();
    if ((step + 1) % checkpointEvery === 0 || step + 1 === config.steps) recordCheckpoint(step + 1);
    else if ((step + 1) % 100 === 0) log(`  step ${step + 1}/${config.steps}: ${(evaluations / ((step + 1) * batch)).toFixed(1)} evaluations/point/step; ${((Date.now() - started) / 1000 - evalSeconds).toFixed(0)} s`);
  }
  bar.stop();
  const trainSeconds = (Date.now() - started) / 1000 - evalSeconds;
  const testImages = tf.slice(data.test, 0, Math.min(config.testImages, data.test.shape[0] as number));
  const final = testLogLikelihood(vae, fold(evalKey, 1e6), testImages, config.testSamples);
  testImages.dispose();
  log(`  final test log-lik (${config.testImages} images, S = ${config.testSamples}): ${final.mean.toFixed(2)} ± ${final.se.toFixed(2)} (SE over images)`);
  checkpointImages.dispose();
  optimizer.dispose();
  vae.dispose();
  return {
    config,
    testLogLikelihood: final.mean,
    testLogLikelihoodSe: final.se,
    curve,
    evaluations: { total: evaluations, perPointPerStep: evaluations / (config.steps * batch) },
    seconds: trainSeconds,
    ...(config.method === 'iwae' ? {} : { meeting: { histogram, numCapped, count: meetingCount, mean: meetingSum / Math.max(1, meetingCount - numCapped), max: meetingMax, trace } }),
  };
}
