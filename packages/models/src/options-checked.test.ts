/**
 * Every public function of @stochgrad/models that takes an options (or arguments) object rejects
 * an unknown key naming it, the closest known key and the allowed set, and a value of the wrong type
 * ("2" is not a number) with `got string "2"`. Issue #15 item 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { key, ready } from '@stochgrad/core';
import { disarm } from '@stochgrad/discrete';
import { itRejectsEach } from '@stochgrad/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { batches } from './data/batches';
import { imageSet } from './data/image-set';
import { mnistFromIdx, mnistSplit } from './data/mnist';
import { bernoulliDecoder } from './vae/bernoulli-decoder';
import { bernoulliElbo } from './vae/bernoulli-elbo';
import { bernoulliEncoder } from './vae/bernoulli-encoder';
import { bernoulliPrior } from './vae/bernoulli-prior';
import { bernoulliVae, type BernoulliVae } from './vae/bernoulli-vae';
import { denseNetwork } from './vae/dense-network';
import { gaussianLatentVae } from './vae/gaussian-latent-vae';
import { importanceWeightedBound } from './vae/importance-weighted-bound';
import { vaeGradients } from './vae/vae-gradients';
import { vaeTrainStep } from './vae/vae-train-step';

let vae: BernoulliVae;
beforeAll(async () => {
  await ready();
  vae = bernoulliVae({ key: key(0), pixels: 4, latents: 2 });
});
afterAll(() => vae.dispose());

const set = () => imageSet({ shape: [4, 2], data: new Uint8Array(8) });
const x = () => tf.tensor2d([[0, 1, 1, 0]]);

// [function, call with a bad option, expected message fragment]
const cases: [string, () => unknown, RegExp][] = [
  ['bernoulliVae', () => bernoulliVae({ key: key(0), latent: 3 } as never), /bernoulliVae options: unknown option "latent" \(did you mean "latents"\?\)/],
  ['bernoulliVae (latents "2")', () => bernoulliVae({ key: key(0), latents: '2' } as never), /latents: got string "2"/],
  ['bernoulliVae (optimizers)', () => bernoulliVae({ key: key(0), optimizers: { encodr: tf.train.sgd(0.1) } } as never), /bernoulliVae optimizers options: unknown option "encodr" \(did you mean "encoder"\?\)/],
  ['vae.gradients', () => vae.gradients({ key: key(1), x: x(), estimator: disarm(), numSamples: 2 } as never), /gradients options: unknown option "numSamples"; allowed: "key", "x", "estimator"/],
  ['vae.trainStep', () => vae.trainStep({ key: key(1), x: x(), estimator: disarm(), keepGradient: true } as never), /trainStep options: unknown option "keepGradient" \(did you mean "keepGradients"\?\)/],
  ['vae.evaluate', () => vae.evaluate({ key: key(1), x: x(), numSample: 2 } as never), /evaluate options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
  ['vae.evaluate (numSamples "2")', () => vae.evaluate({ key: key(1), x: x(), numSamples: '2' } as never), /numSamples: got string "2"/],
  ['gaussianLatentVae', () => gaussianLatentVae({ key: key(0), latents: 2, hidden: 2, dataMean: [0.5], pixel: 1 } as never), /gaussianLatentVae options: unknown option "pixel" \(did you mean "pixels"\?\)/],
  ['gaussianLatentVae (hidden "2")', () => gaussianLatentVae({ key: key(0), latents: 2, hidden: '2', dataMean: [0.5], pixels: 1 } as never), /hidden: got string "2"/],
  ['denseNetwork', () => denseNetwork({ keys: [key(0)], widths: [2, 2], activations: tf.relu } as never), /denseNetwork options: unknown option "activations" \(did you mean "activation"\?\)/],
  ['denseNetwork (widths ["2"])', () => denseNetwork({ keys: [key(0)], widths: ['2', 2] } as never), /widths\[0\]: got string "2"/],
  ['bernoulliEncoder', () => bernoulliEncoder({ keys: [key(0)], pixels: 4, latents: 2, hiden: [] } as never), /bernoulliEncoder options: unknown option "hiden" \(did you mean "hidden"\?\)/],
  ['bernoulliDecoder', () => bernoulliDecoder({ keys: [key(0)], pixels: 4, latents: 2, datamean: [] } as never), /bernoulliDecoder options: unknown option "datamean" \(did you mean "dataMean"\?\)/],
  ['bernoulliPrior', () => bernoulliPrior({ latents: 2, learn: false } as never), /bernoulliPrior options: unknown option "learn" \(did you mean "learned"\?\)/],
  ['bernoulliPrior (latents "2")', () => bernoulliPrior({ latents: '2' } as never), /latents: got string "2"/],
  ['bernoulliElbo', () => bernoulliElbo({ ...vae.parts, x: x(), b: tf.zeros([1, 2]), encoderLogits: tf.zeros([1, 2]) } as never), /bernoulliElbo options: unknown option "encoder"/],
  ['importanceWeightedBound', () => importanceWeightedBound({ parts: vae.parts, key: key(0), x: x(), numSamples: 2, chunksize: 1 } as never), /unknown option "chunksize" \(did you mean "chunkSize"\?\)/],
  ['importanceWeightedBound (numSamples "2")', () => importanceWeightedBound({ parts: vae.parts, key: key(0), x: x(), numSamples: '2', chunkSize: 1 } as never), /numSamples: got string "2"/],
  ['vaeGradients', () => vaeGradients({ parts: vae.parts, key: key(0), x: x(), estimator: disarm(), optimizers: {} } as never), /vaeGradients options: unknown option "optimizers"/],
  ['vaeTrainStep', () => vaeTrainStep({ parts: vae.parts, optimizers: vae.optimizers, key: key(0), x: x(), estimator: disarm(), linearStep: false } as never), /unknown option "linearStep" \(did you mean "linearSteps"\?\)/],
  ['batches', () => batches({ key: key(0), count: 4, bachSize: 2 } as never), /batches options: unknown option "bachSize" \(did you mean "batchSize"\?\)/],
  ['batches (epochs "2")', () => batches({ key: key(0), count: 4, batchSize: 2, epochs: '2' } as never), /epochs: got string "2"/],
  ['mnistSplit', () => mnistSplit({ train: set(), test: set(), validate: 1 } as never), /mnistSplit options: unknown option "validate" \(did you mean "validation"\?\)/],
  ['mnistSplit (validation "2")', () => mnistSplit({ train: set(), test: set(), validation: '2' } as never), /validation: got string "2"/],
  ['mnistFromIdx', () => mnistFromIdx({} as never, { valid: 1 } as never), /mnistFromIdx options: unknown option "valid" \(did you mean "validation"\?\)/],
];

describe('options are checked in every function of models', () => {
  itRejectsEach(cases);
});
