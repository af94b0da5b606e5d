/**
 * One training run of the MNIST Bernoulli VAE (one estimator, one seed), as in the DisARM
 * experiments: 200 Bernoulli latents, learned prior, batch 50, Adam 1e-4 (encoder, decoder),
 * SGD 1e-2 (prior), dynamically binarized MNIST. Every `evalEvery` steps it records the running
 * mean of the training objective, the 100-sample test bound on a fixed test subset and the
 * encoder-gradient variance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, fold, key } from '@stochgrad/core';
import { type DataSplit, batches, bernoulliVae, binarize, permutation, pixelMean, subset } from '@stochgrad/models';
import { progressBar } from '../progress';
import { ESTIMATORS } from './registry';
import { gradientVariance } from './variance';

export type Model = 'linear' | 'nonlinear';

export interface RunConfig {
  estimator: string;
  seed: number;
  steps: number;
  model: Model;
  batchSize: number;
  /** record the training objective and the gradient variance every this many steps (and at step 0) */
  evalEvery: number;
  /** also compute the test bound every this many steps (a multiple of evalEvery; always at step 0 and at the end) */
  testEvery: number;
  /** test images in the fixed evaluation subset */
  testImages: number;
  /** samples in the importance-weighted test bound */
  evalSamples: number;
  /** EMA decay of the gradient-variance tracker */
  varianceDecay: number;
}

export interface RunRecord {
  step: number;
  /** mean of the estimator's value over the steps since the last record: the ELBO, or the K-sample bound */
  trainObjective: number | null;
  /** evalSamples-sample bound, mean over the test subset (null between test evaluations) */
  testBound: number | null;
  /** single-sample ELBO, mean over the test subset and samples (null between test evaluations) */
  testElbo: number | null;
  /** mean per-component EMA variance of the encoder-parameter gradient of the mean-over-batch loss */
  gradientVariance: number | null;
  /** seconds since the start of training (evaluation time included) */
  seconds: number;
}

export interface RunResult {
  config: RunConfig;
  estimator: { name: string; label: string; evaluations: number; target: string };
  records: RunRecord[];
  /** training steps per second, evaluation time excluded */
  stepsPerSecond: number;
  totalSeconds: number;
  evaluationSeconds: number;
  finishedAt: string;
  /** tensors alive after the run minus before it (expect 0) */
  tensorsLeaked: number;
}

/** Fixed across estimators and seeds: the evaluation images, their binarization, the samples. */
const EVALUATION_KEY = key(20_200_610);

/** The fixed evaluation subset: `count` test images chosen and binarized with a fixed key. */
export function evaluationImages(data: DataSplit, count: number): tf.Tensor2D {
  const order = permutation(fold(EVALUATION_KEY, 0), data.test.count);
  return binarize(fold(EVALUATION_KEY, 1), subset(data.test, order.subarray(0, Math.min(count, data.test.count))));
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function runOne(config: RunConfig, data: DataSplit, log: (line: string) => void): RunResult {
  const entry = ESTIMATORS[config.estimator];
  if (!entry) throw new Error(`unknown estimator ${config.estimator}`);
  const tensorsBefore = tf.memory().numTensors;
  const root = key(config.seed);
  const [modelKey, shuffleKey, binarizeKey, stepKey] = [0, 1, 2, 3].map((i) => fold(root, i)) as [Key, Key, Key, Key];
  const estimator = entry.create();
  const vae = bernoulliVae({
    key: modelKey,
    latents: 200,
    hidden: config.model === 'linear' ? [] : [200, 200],
    learnedPrior: true,
    dataMean: pixelMean(data.train),
  });
  const testX = evaluationImages(data, config.testImages);
  const tracker = gradientVariance({ decay: config.varianceDecay });
  const records: RunRecord[] = [];
  const tag = `[${config.model} ${config.estimator} seed ${config.seed}]`;
  const start = performance.now();
  let evaluationMs = 0;
  let windowSum = 0;
  let windowCount = 0;

  let lastEvaluationMs = 0;
  const record = (step: number) => {
    const t0 = performance.now();
    let bound: number | null = null;
    let elbo: number | null = null;
    if (step % config.testEvery === 0 || step === config.steps) {
      ({ bound, elbo } = vae.evaluate({ key: fold(EVALUATION_KEY, 2), x: testX, numSamples: config.evalSamples }));
      lastEvaluationMs = performance.now() - t0;
      evaluationMs += lastEvaluationMs;
    }
    const trainObjective = windowCount > 0 ? windowSum / windowCount : null;
    const variance = tracker.count > 0 ? tracker.value() : null;
    records.push({ step, trainObjective, testBound: bound, testElbo: elbo, gradientVariance: variance, seconds: (performance.now() - start) / 1000 });
    windowSum = 0;
    windowCount = 0;
    const trainingSeconds = (performance.now() - start - evaluationMs) / 1000;
    const rate = step > 0 ? step / trainingSeconds : NaN;
    const remaining = (config.steps - step) / rate + ((config.steps - step) / config.testEvery) * (lastEvaluationMs / 1000);
    log(
      `${tag} step ${step}/${config.steps}  train ${trainObjective === null ? '—' : trainObjective.toFixed(2)}  ` +
        `test bound ${bound === null ? '—' : bound.toFixed(2)}  var ${variance === null ? '—' : variance.toExponential(2)}  ` +
        `${Number.isFinite(rate) ? rate.toFixed(1) : '—'} steps/s  ETA ${step > 0 ? formatDuration(remaining) : '?'}`,
    );
  };

  record(0);
  const iterator = batches({ key: shuffleKey, count: data.train.count, batchSize: config.batchSize });
  const bar = progressBar(tag, config.steps);
  for (let step = 1; step <= config.steps; step++) {
    bar.update(step - 1);
    const batch = iterator.next();
    if (batch.done) throw new Error('the batch iterator ended');
    const x = binarize(fold(binarizeKey, batch.value.step), subset(data.train, batch.value.indices));
    const result = vae.trainStep({ key: fold(stepKey, step), x, estimator, keepGradients: true });
    x.dispose();
    tracker.update(result.encoderGradients ?? []);
    tf.dispose([result.logitGradient as tf.Tensor, ...(result.encoderGradients ?? [])]);
    if (!Number.isFinite(result.objective)) throw new Error(`${tag} the training objective is ${result.objective} at step ${step}`);
    windowSum += result.objective;
    windowCount += 1;
    if (step % config.evalEvery === 0 || step === config.steps) record(step);
  }
  bar.stop();
  const totalSeconds = (performance.now() - start) / 1000;
  const evaluationSeconds = evaluationMs / 1000;
  testX.dispose();
  tracker.dispose();
  vae.dispose();
  estimator.dispose?.();
  return {
    config,
    estimator: { name: estimator.name, label: entry.label, evaluations: estimator.evaluations, target: estimator.target },
    records,
    stepsPerSecond: config.steps / (totalSeconds - evaluationSeconds),
    totalSeconds,
    evaluationSeconds,
    finishedAt: new Date().toISOString(),
    tensorsLeaked: tf.memory().numTensors - tensorsBefore,
  };
}
