/**
 * Every public function of @stochgrad/mcmc that takes an options object rejects an unknown key
 * naming it, the closest known key and the allowed set, and a value of the wrong type ("2" is not a
 * number) with `got string "2"`. Issue #15 item 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { independent, key, normal, ready } from '@stochgrad/core';
import { itRejectsEach } from '@stochgrad/testing';
import { beforeAll, describe } from 'vitest';
import { coupledIsir } from './coupled-isir';
import { isir } from './isir';
import { iwaeBound } from './iwae-bound';
import { maximalCoupling } from './maximal-coupling';
import { maximalCouplingCategorical } from './maximal-coupling-categorical';
import { reflectionMaximalCoupling } from './reflection-maximal-coupling';
import { runChain } from './run-chain';
import { runCoupledChains } from './run-coupled-chains';
import { traceCoupledChains } from './trace-coupled-chains';
import { unbiasedLogLikelihoodGradient } from './unbiased-log-likelihood-gradient';

beforeAll(async () => {
  await ready();
});

// a one-point problem: x [1, 1], z [n, 1, 1], proposal N(0, 1) with batch shape [1]
const problem = () => ({
  x: tf.zeros([1, 1]),
  logJoint: (_x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(tf.square(z), -0.5), -1),
  proposal: independent(normal({ loc: tf.zeros([1, 1]), scale: 1 }), 1),
  numParticles: 2,
});
const chainOptions = { key: key(0), testFunction: () => tf.zeros([1]), k: 0, m: 1, maxIterations: 10 };

// [function, call with a bad option, expected message fragment]
const cases: [string, () => unknown, RegExp][] = [
  ['isir', () => isir({ ...problem(), numParticle: 2 } as never), /isir options: unknown option "numParticle" \(did you mean "numParticles"\?\)/],
  ['isir (numParticles "2")', () => isir({ ...problem(), numParticles: '2' } as never), /numParticles: got string "2"/],
  ['coupledIsir', () => coupledIsir({ ...problem(), independentRow: true } as never), /isir options: unknown option "independentRow" \(did you mean "independentRows"\?\)/],
  ['iwaeBound', () => iwaeBound({ key: key(0), ...problem(), logjoint: 1 } as never), /iwaeBound options: unknown option "logjoint" \(did you mean "logJoint"\?\)/],
  ['iwaeBound (numParticles "2")', () => iwaeBound({ key: key(0), ...problem(), numParticles: '2' } as never), /numParticles: got string "2"/],
  ['maximalCoupling', () => maximalCoupling(key(0), { p: 1, q: 1, maxTry: 3 } as never), /maximalCoupling options: unknown option "maxTry" \(did you mean "maxTries"\?\)/],
  ['maximalCoupling (maxTries "2")', () => maximalCoupling(key(0), { p: normal({ loc: 0, scale: 1 }), q: normal({ loc: 1, scale: 1 }), maxTries: '2' } as never), /maxTries: got string "2"/],
  ['maximalCouplingCategorical', () => maximalCouplingCategorical(key(0), { logitsX: tf.zeros([2]), logitsZ: tf.zeros([2]) } as never), /unknown option "logitsZ" \(did you mean "logitsX"\?\)/],
  ['reflectionMaximalCoupling', () => reflectionMaximalCoupling(key(0), { locX: tf.zeros([2]), locY: tf.zeros([2]), scale: 1, sigma: 1 } as never), /reflectionMaximalCoupling options: unknown option "sigma"; allowed: "locX", "locY", "scale"/],
  ['reflectionMaximalCoupling (scale "2")', () => reflectionMaximalCoupling(key(0), { locX: tf.zeros([2]), locY: tf.zeros([2]), scale: '2' } as never), /scale: got string "2"/],
  ['runChain', () => runChain({ key: key(0), kernel: isir(problem()), m: 1, maxIterations: 5 } as never), /runChain options: unknown option "maxIterations"; allowed: "key", "kernel", "testFunction", "k", "m", "onStep"/],
  ['runChain (m "2")', () => runChain({ key: key(0), kernel: isir(problem()), m: '2' } as never), /m: got string "2"/],
  ['runCoupledChains', () => runCoupledChains({ ...chainOptions, kernel: coupledIsir(problem()), onCapp: 'throw' } as never), /runCoupledChains options: unknown option "onCapp" \(did you mean "onCap"\?\)/],
  ['runCoupledChains (lag "2")', () => runCoupledChains({ ...chainOptions, kernel: coupledIsir(problem()), lag: '2' } as never), /lag: got string "2"/],
  ['traceCoupledChains', () => traceCoupledChains({ key: key(0), kernel: coupledIsir(problem()), testFunction: () => tf.zeros([1]), maxIterations: 10, minStep: 2 } as never), /traceCoupledChains options: unknown option "minStep" \(did you mean "minSteps"\?\)/],
  ['unbiasedLogLikelihoodGradient', () => unbiasedLogLikelihoodGradient({ key: key(0), ...problem(), k: 0, m: 1, maxIteration: 10 } as never), /unknown option "maxIteration" \(did you mean "maxIterations"\?\)/],
  ['unbiasedLogLikelihoodGradient (maxIterations "10")', () => unbiasedLogLikelihoodGradient({ key: key(0), ...problem(), k: 0, m: 1, maxIterations: '10' } as never), /maxIterations: got string "10"/],
];

describe('options are checked in every function of mcmc', () => {
  itRejectsEach(cases);
});
