/**
 * @stochgrad/discrete called before ready() (issue #15 item 5): this file never starts the backend
 * before the calls below (vitest runs each file in its own worker), so every estimator's estimate()
 * must throw core's BackendError saying to `await ready()` from @stochgrad/core. The estimators
 * themselves may be made before ready().
 */
import { key, ready } from '@stochgrad/core';
import { describeBeforeReady } from '@stochgrad/testing';
import type { GradientEstimator } from '@stochgrad/core';
import * as api from '../src/index';

const estimators: [string, () => GradientEstimator][] = [
  ['disarm', () => api.disarm()],
  ['arm', () => api.arm()],
  ['localDisarm', () => api.localDisarm()],
  ['vimco', () => api.vimco()],
  ['rebar', () => api.rebar()],
  ['relax', () => api.relax()],
  ['gumbelSoftmax', () => api.gumbelSoftmax()],
  ['straightThroughBernoulli', () => api.straightThroughBernoulli()],
  ['topKSubset', () => api.topKSubset({ k: 1 })],
  ['spanningTree', () => api.spanningTree()],
];

describeBeforeReady({
  packageName: '@stochgrad/discrete',
  ready,
  calls: estimators.map(([name, make]) => [`${name}().estimate`, () => make().estimate({ key: key(0), logits: undefined as never, objective: (b) => b })] as const),
});
