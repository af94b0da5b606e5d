/**
 * The bad-input table of @stochgrad/mcmc (issue #15 items 1 and 7): a row for every runtime export,
 * each bad input with the error it must raise (unknown options with their did-you-mean, wrong types,
 * out-of-range values, NaN, wrong shapes, disposed tensors).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, KeyError, ShapeError, independent, key, normal, ready } from '@stochgrad/core';
import { describeBadInputTable, disposedTensor } from '@stochgrad/testing';
import { beforeAll } from 'vitest';
import * as api from '../src/index';

beforeAll(async () => {
  await ready();
});

// a one-point problem: x [1, 1], z [n, 1, 1], proposal N(0, 1) with batch shape [1]; `own` frees
// the proposal's tensors after the case
type Own = <T extends tf.TensorContainer>(t: T) => T;
const problem = (own: Own) => ({
  x: own(tf.zeros([1, 1])),
  logJoint: (_x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(tf.square(z), -0.5), -1),
  proposal: independent(normal({ loc: own(tf.zeros([1, 1])), scale: 1 }), 1),
  numParticles: 2,
});
const chainOptions = { key: key(0), testFunction: () => tf.zeros([1]) as never, k: 0, m: 1, maxIterations: 10 };
const n01 = () => normal({ loc: 0, scale: 1 });

describeBadInputTable({
  packageName: '@stochgrad/mcmc',
  api,
  rows: {
    isir: {
      cases: [
        ['unknown option (did you mean)', (own) => api.isir({ ...problem(own), numParticle: 2 } as never), ArgumentError, /isir options: unknown option "numParticle" \(did you mean "numParticles"\?\)/],
        ['wrong type (numParticles "2")', (own) => api.isir({ ...problem(own), numParticles: '2' } as never), ArgumentError, /numParticles: got string "2"/],
        ['out of range (numParticles 1)', (own) => api.isir({ ...problem(own), numParticles: 1 }), ArgumentError, /numParticles/],
        ['wrong type (logJoint not a function)', (own) => api.isir({ ...problem(own), logJoint: 1 } as never), ArgumentError, /logJoint/],
        ['disposed x', (own) => api.isir({ ...problem(own), x: disposedTensor([1, 1]) }), ArgumentError, /disposed/],
        ['init: wrong type (key a seed)', (own) => api.isir(problem(own)).init(0 as never), KeyError],
        ['init: wrong shape (logJoint returns [n, 1, 1])', (own) => api.isir({ ...problem(own), logJoint: (_x, z) => tf.mul(z, 1) }).init(key(0)), ShapeError, /logJoint/],
      ],
    },
    coupledIsir: {
      cases: [
        ['unknown option (did you mean)', (own) => api.coupledIsir({ ...problem(own), independentRow: true } as never), ArgumentError, /isir options: unknown option "independentRow" \(did you mean "independentRows"\?\)/],
        ['wrong type (independentRows "yes")', (own) => api.coupledIsir({ ...problem(own), independentRows: 'yes' } as never), ArgumentError, /independentRows/],
        ['out of range (numParticles 0)', (own) => api.coupledIsir({ ...problem(own), numParticles: 0 }), ArgumentError, /numParticles/],
      ],
    },
    weightedAverageOf: {
      cases: [
        ['wrong type (logWeights an array)', (own) => api.weightedAverageOf([0, 0] as never, own(tf.zeros([2, 1]))), ArgumentError, /logWeights/],
        ['wrong shape (values [3, 1] for logWeights [2, 1])', (own) => api.weightedAverageOf(own(tf.zeros([2, 1])), own(tf.zeros([3, 1]))), ShapeError, /values/],
        ['wrong rank (logWeights [2])', (own) => api.weightedAverageOf(own(tf.zeros([2])), own(tf.zeros([2]))), ShapeError, /logWeights/],
        ['disposed values', (own) => api.weightedAverageOf(own(tf.zeros([2, 1])), disposedTensor([2, 1])), ArgumentError, /disposed/],
      ],
    },
    iwaeBound: {
      cases: [
        ['unknown option (did you mean)', (own) => api.iwaeBound({ key: key(0), ...problem(own), logjoint: 1 } as never), ArgumentError, /iwaeBound options: unknown option "logjoint" \(did you mean "logJoint"\?\)/],
        ['wrong type (numParticles "2")', (own) => api.iwaeBound({ key: key(0), ...problem(own), numParticles: '2' } as never), ArgumentError, /numParticles: got string "2"/],
        ['wrong type (key a seed)', (own) => api.iwaeBound({ ...problem(own), key: 3 } as never), KeyError],
        ['out of range (numParticles 0)', (own) => api.iwaeBound({ key: key(0), ...problem(own), numParticles: 0 }), ArgumentError, /numParticles/],
      ],
    },
    maximalCoupling: {
      cases: [
        ['unknown option (did you mean)', () => api.maximalCoupling(key(0), { p: 1, q: 1, maxTry: 3 } as never), ArgumentError, /maximalCoupling options: unknown option "maxTry" \(did you mean "maxTries"\?\)/],
        ['wrong type (maxTries "2")', () => api.maximalCoupling(key(0), { p: n01(), q: normal({ loc: 1, scale: 1 }), maxTries: '2' } as never), ArgumentError, /maxTries: got string "2"/],
        ['out of range (maxTries 0)', () => api.maximalCoupling(key(0), { p: n01(), q: n01(), maxTries: 0 }), ArgumentError, /maxTries/],
        ['wrong type (p a number)', () => api.maximalCoupling(key(0), { p: 1, q: n01() } as never), ArgumentError, /p/],
        ['wrong type (key a seed)', () => api.maximalCoupling(0 as never, { p: n01(), q: n01() }), KeyError],
      ],
    },
    maximalCouplingCategorical: {
      cases: [
        ['unknown option (did you mean)', (own) => api.maximalCouplingCategorical(key(0), { logitsX: own(tf.zeros([2])), logitsZ: own(tf.zeros([2])) } as never), ArgumentError, /unknown option "logitsZ" \(did you mean "logitsX"\?\)/],
        ['wrong shape (logitsX [2], logitsY [3])', (own) => api.maximalCouplingCategorical(key(0), { logitsX: own(tf.zeros([2])), logitsY: own(tf.zeros([3])) }), ShapeError],
        ['NaN logits', (own) => api.maximalCouplingCategorical(key(0), { logitsX: own(tf.tensor1d([0, NaN])), logitsY: own(tf.zeros([2])) }), ArgumentError, /NaN/],
        ['disposed logitsY', (own) => api.maximalCouplingCategorical(key(0), { logitsX: own(tf.zeros([2])), logitsY: disposedTensor([2]) }), ArgumentError, /disposed/],
        ['wrong type (key a seed)', (own) => api.maximalCouplingCategorical(1 as never, { logitsX: own(tf.zeros([2])), logitsY: own(tf.zeros([2])) }), KeyError],
      ],
    },
    reflectionMaximalCoupling: {
      cases: [
        ['unknown option', (own) => api.reflectionMaximalCoupling(key(0), { locX: own(tf.zeros([2])), locY: own(tf.zeros([2])), scale: 1, sigma: 1 } as never), ArgumentError, /reflectionMaximalCoupling options: unknown option "sigma"; allowed: "locX", "locY", "scale"/],
        ['wrong type (scale "2")', (own) => api.reflectionMaximalCoupling(key(0), { locX: own(tf.zeros([2])), locY: own(tf.zeros([2])), scale: '2' } as never), ArgumentError, /scale: got string "2"/],
        ['out of range (scale 0)', (own) => api.reflectionMaximalCoupling(key(0), { locX: own(tf.zeros([2])), locY: own(tf.zeros([2])), scale: 0 }), ArgumentError, /scale/],
        ['wrong shape (locX [2], locY [3])', (own) => api.reflectionMaximalCoupling(key(0), { locX: own(tf.zeros([2])), locY: own(tf.zeros([3])), scale: 1 }), ShapeError],
        ['NaN locX', (own) => api.reflectionMaximalCoupling(key(0), { locX: own(tf.tensor1d([NaN, 0])), locY: own(tf.zeros([2])), scale: 1 }), ArgumentError, /NaN/],
        ['disposed locX', (own) => api.reflectionMaximalCoupling(key(0), { locX: disposedTensor([2]), locY: own(tf.zeros([2])), scale: 1 }), ArgumentError, /disposed/],
      ],
    },
    runChain: {
      cases: [
        ['unknown option', (own) => api.runChain({ key: key(0), kernel: api.isir(problem(own)), m: 1, maxIterations: 5 } as never), ArgumentError, /runChain options: unknown option "maxIterations"; allowed: "key", "kernel", "testFunction", "k", "m", "onStep"/],
        ['wrong type (m "2")', (own) => api.runChain({ key: key(0), kernel: api.isir(problem(own)), m: '2' } as never), ArgumentError, /m: got string "2"/],
        ['out of range (k 3 > m 2)', (own) => api.runChain({ key: key(0), kernel: api.isir(problem(own)), k: 3, m: 2 }), ArgumentError, /k/],
        ['wrong type (kernel missing)', () => api.runChain({ key: key(0), m: 1 } as never), ArgumentError, /kernel/],
        ['wrong type (key a seed)', (own) => api.runChain({ key: 0, kernel: api.isir(problem(own)), m: 1 } as never), KeyError],
      ],
    },
    runCoupledChains: {
      cases: [
        ['unknown option (did you mean)', (own) => api.runCoupledChains({ ...chainOptions, kernel: api.coupledIsir(problem(own)), onCapp: 'throw' } as never), ArgumentError, /runCoupledChains options: unknown option "onCapp" \(did you mean "onCap"\?\)/],
        ['wrong type (lag "2")', (own) => api.runCoupledChains({ ...chainOptions, kernel: api.coupledIsir(problem(own)), lag: '2' } as never), ArgumentError, /lag: got string "2"/],
        ['out of range (onCap "ignore")', (own) => api.runCoupledChains({ ...chainOptions, kernel: api.coupledIsir(problem(own)), onCap: 'ignore' } as never), ArgumentError, /onCap/],
        ['out of range (maxIterations 0)', (own) => api.runCoupledChains({ ...chainOptions, kernel: api.coupledIsir(problem(own)), maxIterations: 0 }), ArgumentError, /maxIterations/],
        ['wrong type (a marginal kernel, not a coupled one)', (own) => api.runCoupledChains({ ...chainOptions, kernel: api.isir(problem(own)) } as never), ArgumentError, /kernel/],
      ],
    },
    meetingTimeSummary: {
      cases: [
        ['wrong type (a number)', () => api.meetingTimeSummary(3 as never), ArgumentError, /meetingTimes: got number 3/],
        ['out of range (a negative time)', () => api.meetingTimeSummary([1, -1]), ArgumentError, /meetingTimes: contains -1/],
        ['NaN time', () => api.meetingTimeSummary([1, NaN]), ArgumentError, /meetingTimes: contains NaN/],
        ['out of range (a fractional time)', () => api.meetingTimeSummary([1.5]), ArgumentError, /contains 1.5/],
      ],
    },
    MeetingCapError: { none: 'an error class (thrown by the runners, not called by users)' },
    traceCoupledChains: {
      cases: [
        ['unknown option (did you mean)', (own) => api.traceCoupledChains({ key: key(0), kernel: api.coupledIsir(problem(own)), testFunction: () => tf.zeros([1]), maxIterations: 10, minStep: 2 } as never), ArgumentError, /traceCoupledChains options: unknown option "minStep" \(did you mean "minSteps"\?\)/],
        ['wrong type (testFunction missing)', (own) => api.traceCoupledChains({ key: key(0), kernel: api.coupledIsir(problem(own)), maxIterations: 10 } as never), ArgumentError, /testFunction/],
        ['out of range (maxIterations -1)', (own) => api.traceCoupledChains({ key: key(0), kernel: api.coupledIsir(problem(own)), testFunction: () => tf.zeros([1]), maxIterations: -1 }), ArgumentError, /maxIterations/],
      ],
    },
    unbiasedLogLikelihoodGradient: {
      cases: [
        ['unknown option (did you mean)', (own) => api.unbiasedLogLikelihoodGradient({ key: key(0), ...problem(own), k: 0, m: 1, maxIteration: 10 } as never), ArgumentError, /unknown option "maxIteration" \(did you mean "maxIterations"\?\)/],
        ['wrong type (maxIterations "10")', (own) => api.unbiasedLogLikelihoodGradient({ key: key(0), ...problem(own), k: 0, m: 1, maxIterations: '10' } as never), ArgumentError, /maxIterations: got string "10"/],
        ['out of range (m -1)', (own) => api.unbiasedLogLikelihoodGradient({ key: key(0), ...problem(own), k: 0, m: -1, maxIterations: 10 }), ArgumentError, /m/],
        ['wrong type (key a seed)', (own) => api.unbiasedLogLikelihoodGradient({ ...problem(own), key: 0, k: 0, m: 1, maxIterations: 10 } as never), KeyError],
      ],
    },
  },
});
