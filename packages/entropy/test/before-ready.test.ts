/**
 * @stochgrad/entropy called before ready() (issue #15 item 5): this file never starts the backend
 * before the calls below (vitest runs each file in its own worker), so each must throw core's
 * BackendError saying to `await ready()` from @stochgrad/core, not tfjs's plain Error about
 * `tf.ready()`. (Every other function of entropy takes a tensor, which cannot be made before then.)
 */
import { key, ready } from '@stochgrad/core';
import { describeBeforeReady } from '@stochgrad/testing';
import * as api from '../src/index';

describeBeforeReady({
  packageName: '@stochgrad/entropy',
  ready,
  calls: [
    ['ardae', () => api.ardae({ key: key(0), dim: 2, hidden: 4 }).dispose()],
    ['dae', () => api.dae({ key: key(0), dim: 2, sigma: 0.1, hidden: 4 }).dispose()],
    ['banana().sample', () => api.banana().sample?.(key(0), 4).dispose()],
    ['gaussianMixture().sample', () => api.gaussianMixture({ means: [[0], [1]], scales: [1, 1] }).sample?.(key(0), 4).dispose()],
  ],
});
