/**
 * The bad-input table of @stochgrad/models (issue #15 items 1 and 7): a row for every runtime export,
 * each bad input with the error it must raise (unknown options with their did-you-mean, wrong types,
 * out-of-range values, NaN, wrong shapes, disposed tensors).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, KeyError, ShapeError, key, ready } from '@stochgrad/core';
import { disarm } from '@stochgrad/discrete';
import { describeBadInputTable, disposedTensor } from '@stochgrad/testing';
import { afterAll, beforeAll } from 'vitest';
import * as api from '../src/index';

let vae: api.BernoulliVae;
beforeAll(async () => {
  await ready();
  vae = api.bernoulliVae({ key: key(0), pixels: 4, latents: 2 });
});
afterAll(() => vae.dispose());

const set = () => api.imageSet({ shape: [4, 2], data: new Uint8Array(8) });
type Own = <T extends tf.TensorContainer>(t: T) => T;
const x = (own: Own) => own(tf.tensor2d([[0, 1, 1, 0]]));

describeBadInputTable({
  packageName: '@stochgrad/models',
  api,
  rows: {
    parseIdx: {
      cases: [
        ['wrong type (an array of numbers)', () => api.parseIdx([0, 0, 8, 1] as never), ArgumentError],
        ['out of range (too short for a header)', () => api.parseIdx(new Uint8Array(2)), ArgumentError],
        ['out of range (bad magic)', () => api.parseIdx(new Uint8Array([1, 1, 8, 1, 0, 0, 0, 1, 0])), ArgumentError],
      ],
    },
    imageSet: {
      cases: [
        ['wrong type (images undefined)', () => api.imageSet(undefined as never), ArgumentError],
        ['wrong shape (images of rank 1)', () => api.imageSet({ shape: [8], data: new Uint8Array(8) }), ArgumentError, /images: got Uint8Array of shape \[8\]/],
        ['wrong shape (labels for 3 images, 4 images)', () => api.imageSet({ shape: [4, 2], data: new Uint8Array(8) }, { shape: [3], data: new Uint8Array(3) }), ShapeError],
      ],
    },
    subset: {
      cases: [
        ['out of range (index 4 of 4 images)', () => api.subset(set(), [4]), ArgumentError],
        ['out of range (index 0.5)', () => api.subset(set(), [0.5]), ArgumentError],
        ['wrong type (set a number)', () => api.subset(1 as never, [0]), ArgumentError],
      ],
    },
    sliceImages: {
      cases: [
        ['out of range (start 3 > end 2)', () => api.sliceImages(set(), 3, 2), ArgumentError],
        ['NaN start', () => api.sliceImages(set(), NaN), ArgumentError],
      ],
    },
    pixelMean: { cases: [['wrong type (a tensor)', (own) => api.pixelMean(own(tf.zeros([4, 2])) as never), ArgumentError]] },
    toTensor: { cases: [['wrong type (undefined)', () => api.toTensor(undefined as never), ArgumentError]] },
    mnistFromIdx: {
      cases: [
        ['unknown option (did you mean)', () => api.mnistFromIdx({} as never, { valid: 1 } as never), ArgumentError, /mnistFromIdx options: unknown option "valid" \(did you mean "validation"\?\)/],
        ['wrong type (files missing)', () => api.mnistFromIdx({} as never), ArgumentError],
      ],
    },
    mnistSplit: {
      cases: [
        ['unknown option (did you mean)', () => api.mnistSplit({ train: set(), test: set(), validate: 1 } as never), ArgumentError, /mnistSplit options: unknown option "validate" \(did you mean "validation"\?\)/],
        ['wrong type (validation "2")', () => api.mnistSplit({ train: set(), test: set(), validation: '2' } as never), ArgumentError, /validation: got string "2"/],
        ['out of range (validation 5 of 4 images)', () => api.mnistSplit({ train: set(), test: set(), validation: 5 }), ArgumentError, /validation/],
      ],
    },
    binarize: {
      cases: [
        ['wrong type (key a seed)', (own) => api.binarize(0 as never, own(tf.zeros([2, 2]))), KeyError],
        ['disposed images', () => api.binarize(key(0), disposedTensor([2, 2])), ArgumentError, /disposed/],
        ['out of range (intensity 256)', (own) => api.binarize(key(0), own(tf.fill([2, 2], 256))), ArgumentError, /images: got 256/],
      ],
    },
    batches: {
      cases: [
        ['unknown option (did you mean)', () => api.batches({ key: key(0), count: 4, bachSize: 2 } as never).next(), ArgumentError, /batches options: unknown option "bachSize" \(did you mean "batchSize"\?\)/],
        ['wrong type (epochs "2")', () => api.batches({ key: key(0), count: 4, batchSize: 2, epochs: '2' } as never).next(), ArgumentError, /epochs: got string "2"/],
        ['out of range (batchSize 0)', () => api.batches({ key: key(0), count: 4, batchSize: 0 }).next(), ArgumentError, /batchSize/],
      ],
    },
    permutation: {
      cases: [
        ['wrong type (key a seed)', () => api.permutation(0 as never, 4), KeyError],
        ['out of range (n -1)', () => api.permutation(key(0), -1), ArgumentError],
      ],
    },
    denseNetwork: {
      cases: [
        ['unknown option (did you mean)', () => api.denseNetwork({ keys: [key(0)], widths: [2, 2], activations: tf.relu } as never), ArgumentError, /denseNetwork options: unknown option "activations" \(did you mean "activation"\?\)/],
        ['wrong type (widths ["2"])', () => api.denseNetwork({ keys: [key(0)], widths: ['2', 2] } as never), ArgumentError, /widths\[0\]: got string "2"/],
        ['out of range (width 0)', () => api.denseNetwork({ keys: [key(0)], widths: [2, 0] }), ArgumentError, /widths\[1\]/],
      ],
    },
    logBernoulli: {
      cases: [
        ['wrong shape (v [2, 3], logits [2, 4])', (own) => api.logBernoulli(own(tf.zeros([2, 3])), own(tf.zeros([2, 4]))), ShapeError],
        ['disposed logits', (own) => api.logBernoulli(own(tf.zeros([2])), disposedTensor([2])), ArgumentError, /disposed/],
        ['wrong type (v an array)', (own) => api.logBernoulli([0, 1] as never, own(tf.zeros([2]))), ArgumentError],
      ],
    },
    bernoulliEncoder: {
      cases: [
        ['unknown option (did you mean)', () => api.bernoulliEncoder({ keys: [key(0)], pixels: 4, latents: 2, hiden: [] } as never), ArgumentError, /bernoulliEncoder options: unknown option "hiden" \(did you mean "hidden"\?\)/],
        ['out of range (latents 0)', () => api.bernoulliEncoder({ keys: [key(0)], pixels: 4, latents: 0 }), ArgumentError, /widths\[1\]: got number 0/],
      ],
    },
    bernoulliDecoder: {
      cases: [
        ['unknown option (did you mean)', () => api.bernoulliDecoder({ keys: [key(0)], pixels: 4, latents: 2, datamean: [] } as never), ArgumentError, /bernoulliDecoder options: unknown option "datamean" \(did you mean "dataMean"\?\)/],
        ['wrong shape (dataMean of 3 for 4 pixels)', () => api.bernoulliDecoder({ keys: [key(0)], pixels: 4, latents: 2, dataMean: [0.5, 0.5, 0.5] }), ShapeError],
      ],
    },
    bernoulliPrior: {
      cases: [
        ['unknown option (did you mean)', () => api.bernoulliPrior({ latents: 2, learn: false } as never), ArgumentError, /bernoulliPrior options: unknown option "learn" \(did you mean "learned"\?\)/],
        ['wrong type (latents "2")', () => api.bernoulliPrior({ latents: '2' } as never), ArgumentError, /latents: got string "2"/],
        ['out of range (latents -1)', () => api.bernoulliPrior({ latents: -1 }), ArgumentError, /latents/],
      ],
    },
    bernoulliElbo: {
      cases: [
        ['unknown option', (own) => api.bernoulliElbo({ ...vae.parts, x: x(own), b: own(tf.zeros([1, 2])), encoderLogits: own(tf.zeros([1, 2])) } as never), ArgumentError, /bernoulliElbo options: unknown option "encoder"/],
      ],
    },
    importanceWeightedBound: {
      cases: [
        ['unknown option (did you mean)', (own) => api.importanceWeightedBound({ parts: vae.parts, key: key(0), x: x(own), numSamples: 2, chunksize: 1 } as never), ArgumentError, /unknown option "chunksize" \(did you mean "chunkSize"\?\)/],
        ['wrong type (numSamples "2")', (own) => api.importanceWeightedBound({ parts: vae.parts, key: key(0), x: x(own), numSamples: '2', chunkSize: 1 } as never), ArgumentError, /numSamples: got string "2"/],
        ['wrong shape (x of 3 pixels for 4)', (own) => api.importanceWeightedBound({ parts: vae.parts, key: key(0), x: own(tf.zeros([1, 3])), numSamples: 2, chunkSize: 1 }), ShapeError],
      ],
    },
    vaeGradients: {
      cases: [
        ['unknown option', (own) => api.vaeGradients({ parts: vae.parts, key: key(0), x: x(own), estimator: disarm(), optimizers: {} } as never), ArgumentError, /vaeGradients options: unknown option "optimizers"/],
        ['disposed x', () => api.vaeGradients({ parts: vae.parts, key: key(0), x: disposedTensor([1, 4]), estimator: disarm() }), ArgumentError, /disposed/],
      ],
    },
    linearPairGradients: {
      cases: [
        ['wrong type (parts undefined)', () => api.linearPairGradients(undefined as never, 'disarm' as never), ArgumentError],
      ],
    },
    vaeTrainStep: {
      cases: [
        ['unknown option (did you mean)', (own) => api.vaeTrainStep({ parts: vae.parts, optimizers: vae.optimizers, key: key(0), x: x(own), estimator: disarm(), linearStep: false } as never), ArgumentError, /unknown option "linearStep" \(did you mean "linearSteps"\?\)/],
      ],
    },
    bernoulliVae: {
      cases: [
        ['unknown option (did you mean)', () => api.bernoulliVae({ key: key(0), latent: 3 } as never), ArgumentError, /bernoulliVae options: unknown option "latent" \(did you mean "latents"\?\)/],
        ['wrong type (latents "2")', () => api.bernoulliVae({ key: key(0), latents: '2' } as never), ArgumentError, /latents: got string "2"/],
        ['unknown option in optimizers (did you mean)', () => {
            const sgd = tf.train.sgd(0.1);
            try {
              return api.bernoulliVae({ key: key(0), optimizers: { encodr: sgd } } as never);
            } finally {
              sgd.dispose();
            }
          }, ArgumentError, /bernoulliVae optimizers options: unknown option "encodr" \(did you mean "encoder"\?\)/],
        ['gradients: unknown option', (own) => vae.gradients({ key: key(1), x: x(own), estimator: disarm(), numSamples: 2 } as never), ArgumentError, /gradients options: unknown option "numSamples"; allowed: "key", "x", "estimator"/],
        ['trainStep: unknown option (did you mean)', (own) => vae.trainStep({ key: key(1), x: x(own), estimator: disarm(), keepGradient: true } as never), ArgumentError, /trainStep options: unknown option "keepGradient" \(did you mean "keepGradients"\?\)/],
        ['evaluate: unknown option (did you mean)', (own) => vae.evaluate({ key: key(1), x: x(own), numSample: 2 } as never), ArgumentError, /evaluate options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
        ['evaluate: wrong type (numSamples "2")', (own) => vae.evaluate({ key: key(1), x: x(own), numSamples: '2' } as never), ArgumentError, /numSamples: got string "2"/],
        ['evaluate: wrong shape (x of 3 pixels for 4)', (own) => vae.evaluate({ key: key(1), x: own(tf.zeros([1, 3])) }), ShapeError],
        ['wrong type (key a seed)', () => api.bernoulliVae({ key: 0 } as never), KeyError],
      ],
    },
    gaussianLatentVae: {
      cases: [
        ['unknown option (did you mean)', () => api.gaussianLatentVae({ key: key(0), latents: 2, hidden: 2, dataMean: [0.5], pixel: 1 } as never), ArgumentError, /gaussianLatentVae options: unknown option "pixel" \(did you mean "pixels"\?\)/],
        ['wrong type (hidden "2")', () => api.gaussianLatentVae({ key: key(0), latents: 2, hidden: '2', dataMean: [0.5], pixels: 1 } as never), ArgumentError, /hidden: got string "2"/],
        ['out of range (latents 0)', () => api.gaussianLatentVae({ key: key(0), latents: 0, hidden: 2, dataMean: [0.5], pixels: 1 }), ArgumentError, /latents/],
      ],
    },
  },
});
