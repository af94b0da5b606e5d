/**
 * @stochgrad/mcmc called before ready() (issue #15 item 5): this file never starts the backend
 * before the calls below (vitest runs each file in its own worker), so each must throw core's
 * BackendError saying to `await ready()` from @stochgrad/core. (The other functions of mcmc take
 * tensors, which cannot be made before then, or no tensors at all: meetingTimeSummary.)
 */
import { key, normal, ready } from '@stochgrad/core';
import { describeBeforeReady } from '@stochgrad/testing';
import * as api from '../src/index';

describeBeforeReady({
  packageName: '@stochgrad/mcmc',
  ready,
  calls: [['maximalCoupling of two normals', () => api.maximalCoupling(key(0), { p: normal({ loc: 0, scale: 1 }), q: normal({ loc: 1, scale: 1 }) })]],
});
