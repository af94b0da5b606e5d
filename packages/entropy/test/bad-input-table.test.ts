/**
 * The bad-input table of @stochgrad/entropy (issue #15 items 1 and 7): a row for every runtime
 * export, each bad input with the error it must raise (unknown options with their did-you-mean,
 * wrong types, out-of-range values, NaN, wrong shapes, disposed tensors). Estimators and densities
 * made for a case are disposed by it when they hold variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, KeyError, ShapeError, key, ready } from '@stochgrad/core';
import { describeBadInputTable, disposedTensor } from '@stochgrad/testing';
import { beforeAll } from 'vitest';
import * as api from '../src/index';

beforeAll(async () => {
  await ready();
});

const exactScore = (x: tf.Tensor) => tf.neg(x);
/** runs `use` on a fresh ARDAE (dim 2) and disposes it */
const withArdae = (use: (model: api.Ardae) => unknown) => {
  const model = api.ardae({ key: key(0), dim: 2, hidden: 4 });
  try {
    return use(model);
  } finally {
    model.dispose();
  }
};
const withDae = (use: (model: api.Dae) => unknown) => {
  const model = api.dae({ key: key(0), dim: 2, sigma: 0.1, hidden: 4 });
  try {
    return use(model);
  } finally {
    model.dispose();
  }
};

describeBadInputTable({
  packageName: '@stochgrad/entropy',
  api,
  rows: {
    ardae: {
      cases: [
        ['unknown option (did you mean)', () => api.ardae({ key: key(0), dim: 2, hiden: 8 } as never), ArgumentError, /ardae options: unknown option "hiden" \(did you mean "hidden"\?\)/],
        ['wrong type (dim "2")', () => api.ardae({ key: key(0), dim: '2' } as never), ArgumentError, /dim: got string "2"/],
        ['out of range (dim 0)', () => api.ardae({ key: key(0), dim: 0 }), ArgumentError, /dim: got number 0/],
        ['wrong type (key a seed)', () => api.ardae({ key: 0, dim: 2 } as never), KeyError, /key: got number 0/],
        ['NaN learningRate', () => api.ardae({ key: key(0), dim: 2, learningRate: NaN }), ArgumentError, /learningRate/],
        ['train: wrong shape (samples [4, 3] for dim 2)', (own) => withArdae((m) => m.train(key(1), own(tf.zeros([4, 3])))), ShapeError, /samples/],
        ['train: NaN samples', (own) => withArdae((m) => m.train(key(1), own(tf.fill([4, 2], NaN)))), ArgumentError, /NaN/],
        ['train: disposed samples', () => withArdae((m) => m.train(key(1), disposedTensor([4, 2]))), ArgumentError, /disposed/],
        ['score: wrong shape (x [3])', (own) => withArdae((m) => m.score(own(tf.zeros([3])))), ArgumentError, /x: got shape \[3\]/],
        ['loss: wrong type (key a seed)', (own) => withArdae((m) => m.loss(1 as never, own(tf.zeros([4, 2])))), KeyError, /key: got number 1/],
      ],
    },
    dae: {
      cases: [
        ['unknown option (did you mean)', () => api.dae({ key: key(0), dim: 2, sigma: 0.1, learningrate: 1e-3 } as never), ArgumentError, /dae options: unknown option "learningrate" \(did you mean "learningRate"\?\)/],
        ['wrong type (sigma "2")', () => api.dae({ key: key(0), dim: 2, sigma: '2' } as never), ArgumentError, /sigma: got string "2"/],
        ['out of range (sigma 0)', () => api.dae({ key: key(0), dim: 2, sigma: 0 }), ArgumentError, /sigma/],
        ['NaN sigma', () => api.dae({ key: key(0), dim: 2, sigma: NaN }), ArgumentError, /sigma/],
        ['train: wrong shape (samples [4, 3] for dim 2)', (own) => withDae((m) => m.train(key(1), own(tf.zeros([4, 3])))), ShapeError, /samples/],
        ['wrong type (key a seed)', () => api.dae({ key: 0, dim: 2, sigma: 0.1 } as never), KeyError, /key: got number 0/],
        ['train: disposed samples', () => withDae((m) => m.train(key(1), disposedTensor([4, 2]))), ArgumentError, /disposed/],
      ],
    },
    entropySurrogate: {
      cases: [
        ['wrong type (scoreFn a number)', (own) => api.entropySurrogate(own(tf.zeros([4, 2])), 3 as never), ArgumentError, /scoreFn: got number 3/],
        ['wrong shape (scoreFn returns [4])', (own) => api.entropySurrogate(own(tf.zeros([4, 2])), (x) => own(tf.sum(x, -1))), ShapeError, /scoreFn: returned/],
        ['NaN score', (own) => api.entropySurrogate(own(tf.zeros([4, 2])), (x) => own(tf.mul(x, NaN))), ArgumentError, /scoreFn\(samples\): contains NaN/],
        ['wrong rank (samples [4])', (own) => api.entropySurrogate(own(tf.zeros([4])), exactScore), ShapeError, /samples/],
        ['disposed samples', () => api.entropySurrogate(disposedTensor([4, 2]), exactScore), ArgumentError, /disposed/],
      ],
    },
    entropyGradient: {
      cases: [
        ['unknown option (did you mean)', () => api.entropyGradient({ sample: () => tf.zeros([2, 2]), score: exactScore, variable: [] } as never), ArgumentError, /entropyGradient options: unknown option "variable" \(did you mean "variables"\?\)/],
        ['wrong type (args null)', () => api.entropyGradient(null as never), ArgumentError, /args: got null/],
        ['wrong type (sample a tensor, not a function)', (own) => api.entropyGradient({ sample: own(tf.zeros([2, 2])), score: exactScore } as never), ArgumentError, /sample/],
        ['wrong type (score missing)', () => api.entropyGradient({ sample: () => tf.zeros([2, 2]) } as never), ArgumentError, /score/],
      ],
    },
    stein: {
      cases: [
        ['unknown option (did you mean)', () => api.stein({ bandwith: 1 } as never), ArgumentError, /stein options: unknown option "bandwith" \(did you mean "bandwidth"\?\)/],
        ['wrong type (bandwidth "2")', () => api.stein({ bandwidth: '2' } as never), ArgumentError, /bandwidth: got string "2"/],
        ['out of range (eta -1)', () => api.stein({ eta: -1 }), ArgumentError, /eta/],
        ['score: wrong rank (samples [4])', (own) => api.stein().score(own(tf.zeros([4]))), ShapeError],
        ['score: NaN samples', (own) => api.stein().score(own(tf.fill([4, 2], NaN))), ArgumentError, /NaN/],
        ['score: wrong shape (points [3, 3] for samples [4, 2])', (own) => api.stein().score(own(tf.zeros([4, 2])), own(tf.zeros([3, 3]))), ShapeError],
        ['score: disposed samples', () => api.stein().score(disposedTensor([4, 2])), ArgumentError, /disposed/],
      ],
    },
    ssge: {
      cases: [
        ['unknown option (did you mean)', () => api.ssge({ numEigens: 2 } as never), ArgumentError, /ssge options: unknown option "numEigens" \(did you mean "numEigen"\?\)/],
        ['wrong type (eigenvalueThreshold "0.5")', () => api.ssge({ eigenvalueThreshold: '0.5' } as never), ArgumentError, /eigenvalueThreshold: got string "0.5"/],
        ['out of range (numEigen 0)', () => api.ssge({ numEigen: 0 }), ArgumentError, /numEigen/],
        ['score: wrong rank (samples [4])', (own) => api.ssge().score(own(tf.zeros([4]))), ShapeError],
        ['score: disposed samples', () => api.ssge().score(disposedTensor([4, 2])), ArgumentError, /disposed/],
      ],
    },
    gaussianMixture: {
      cases: [
        ['unknown option (did you mean)', () => api.gaussianMixture({ means: [[0]], scales: [1], weight: [1] } as never), ArgumentError, /gaussianMixture options: unknown option "weight" \(did you mean "weights"\?\)/],
        ['wrong type (scales ["2"])', () => api.gaussianMixture({ means: [[0]], scales: ['2'] } as never), ArgumentError, /scales\[0\]: got string "2"/],
        ['out of range (scale 0)', () => api.gaussianMixture({ means: [[0]], scales: [0] }), ArgumentError, /scales/],
        ['NaN mean', () => api.gaussianMixture({ means: [[NaN]], scales: [1] }), ArgumentError, /means/],
        ['wrong shape (2 means, 1 scale)', () => api.gaussianMixture({ means: [[0], [1]], scales: [1] }), ShapeError],
        ['logDensity: wrong shape (x [3, 2] for dim 1)', (own) => api.gaussianMixture({ means: [[0]], scales: [1] }).logDensity(own(tf.zeros([3, 2]))), ShapeError],
      ],
    },
    banana: {
      cases: [
        ['unknown option (did you mean)', () => api.banana({ curvture: 1 } as never), ArgumentError, /banana options: unknown option "curvture" \(did you mean "curvature"\?\)/],
        ['wrong type (curvature "2")', () => api.banana({ curvature: '2' } as never), ArgumentError, /curvature: got string "2"/],
        ['NaN curvature', () => api.banana({ curvature: NaN }), ArgumentError, /curvature/],
        ['score: wrong shape (x [3, 3] for dim 2)', (own) => api.banana().score(own(tf.zeros([3, 3]))), ShapeError],
        ['sample: out of range (n -1)', () => api.banana().sample?.(key(0), -1), ArgumentError],
      ],
    },
    toyEnergies: {
      cases: [
        ['ring.logDensity: wrong shape (x [3, 3] for dim 2)', (own) => api.toyEnergies.ring.logDensity(own(tf.zeros([3, 3]))), ShapeError],
        ['sigmoidWave.score: wrong type (an array)', () => api.toyEnergies.sigmoidWave.score([[0, 0]] as never), ArgumentError],
        ['ring.score: disposed x', () => api.toyEnergies.ring.score(disposedTensor([3, 2])), ArgumentError, /disposed/],
      ],
    },
  },
});
