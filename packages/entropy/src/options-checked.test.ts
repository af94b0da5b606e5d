/**
 * Every public function of @stochgrad/entropy that takes an options (or arguments) object rejects
 * an unknown key naming it, the closest known key and the allowed set, and a value of the wrong type
 * ("2" is not a number) with `got string "2"`. Issue #15 item 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { key, ready } from '@stochgrad/core';
import { itRejectsEach } from '@stochgrad/testing';
import { beforeAll, describe } from 'vitest';
import { ardae } from './ardae';
import { dae } from './dae';
import { banana } from './densities/banana';
import { gaussianMixture } from './densities/gaussian-mixture';
import { entropyGradient } from './entropy-gradient';
import { ssge } from './ssge';
import { stein } from './stein';

beforeAll(async () => {
  await ready();
});

// [function, call with a bad option, expected message fragment]
const cases: [string, () => unknown, RegExp][] = [
  ['ardae', () => ardae({ key: key(0), dim: 2, hiden: 8 } as never), /ardae options: unknown option "hiden" \(did you mean "hidden"\?\)/],
  ['ardae (dim "2")', () => ardae({ key: key(0), dim: '2' } as never), /dim: got string "2"/],
  ['dae', () => dae({ key: key(0), dim: 2, sigma: 0.1, learningrate: 1e-3 } as never), /dae options: unknown option "learningrate" \(did you mean "learningRate"\?\)/],
  ['dae (sigma "2")', () => dae({ key: key(0), dim: 2, sigma: '2' } as never), /sigma: got string "2"/],
  ['entropyGradient', () => entropyGradient({ sample: () => tf.zeros([2, 2]), score: (x: tf.Tensor) => x, variable: [] } as never), /entropyGradient options: unknown option "variable" \(did you mean "variables"\?\)/],
  ['ssge', () => ssge({ numEigens: 2 } as never), /ssge options: unknown option "numEigens" \(did you mean "numEigen"\?\)/],
  ['ssge (eigenvalueThreshold "0.5")', () => ssge({ eigenvalueThreshold: '0.5' } as never), /eigenvalueThreshold: got string "0.5"/],
  ['stein', () => stein({ bandwith: 1 } as never), /stein options: unknown option "bandwith" \(did you mean "bandwidth"\?\)/],
  ['stein (bandwidth "2")', () => stein({ bandwidth: '2' } as never), /bandwidth: got string "2"/],
  ['banana', () => banana({ curvture: 1 } as never), /banana options: unknown option "curvture" \(did you mean "curvature"\?\)/],
  ['banana (curvature "2")', () => banana({ curvature: '2' } as never), /curvature: got string "2"/],
  ['gaussianMixture', () => gaussianMixture({ means: [[0]], scales: [1], weight: [1] } as never), /gaussianMixture options: unknown option "weight" \(did you mean "weights"\?\)/],
  ['gaussianMixture (scales ["2"])', () => gaussianMixture({ means: [[0]], scales: ['2'] } as never), /scales\[0\]: got string "2"/],
];

describe('options are checked in every function of entropy', () => {
  itRejectsEach(cases);
});
