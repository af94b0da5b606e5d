/**
 * The bad-input table of @stochgrad/rl (issue #15 item 7): a row for every runtime export, each bad
 * input with the error it must raise (unknown options with their did-you-mean, wrong types,
 * out-of-range values, NaN, wrong shapes, disposed tensors). The per-environment contract (actions,
 * seeds, reset/step order) has its own cases in bad-input.test.ts (issue #9 item 5).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, KeyError, ShapeError, key, ready } from '@stochgrad/core';
import { describeBadInputTable } from '@stochgrad/testing';
import { beforeAll } from 'vitest';
import * as api from '../src/index';

beforeAll(async () => {
  await ready();
});

const frame = { bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, shapes: [] };
/** the part of a 2-D canvas context drawFrame uses, drawing nothing */
const fakeContext = (width = 60) => {
  const noop = () => undefined;
  return { canvas: { width, height: 40 }, save: noop, restore: noop, setTransform: noop, fillStyle: '', strokeStyle: '', lineWidth: 1, lineCap: '', fillRect: noop, beginPath: noop, moveTo: noop, lineTo: noop, arc: noop, closePath: noop, fill: noop, stroke: noop };
};

/** a one-state environment defined with defineEnv */
const tinyEnv = () =>
  api.defineEnv({
    observationSpace: api.box({ low: -1, high: 1, shape: [1] }),
    actionSpace: api.discrete(2),
    metadata: { renderFps: 30 } as never,
    reset: () => ({ observation: new Float32Array(1) }),
    step: () => ({ observation: new Float32Array(1), reward: 0, terminated: false }),
    render: () => frame,
  });

describeBadInputTable({
  packageName: '@stochgrad/rl',
  api,
  rows: {
    ActionError: { none: 'an error class' },
    EnvStateError: { none: 'an error class' },
    UnknownEnvironmentError: { none: 'an error class' },
    box: {
      cases: [
        ['unknown option (did you mean)', () => api.box({ low: 0, high: 1, shap: [2] } as never), ArgumentError, /box options: unknown option "shap" \(did you mean "shape"\?\)/],
        ['out of range (low > high)', () => api.box({ low: 1, high: 0, shape: [2] }), ArgumentError],
        ['NaN low', () => api.box({ low: NaN, high: 1, shape: [2] }), ArgumentError],
        ['wrong shape ([-1])', () => api.box({ low: 0, high: 1, shape: [-1] }), ArgumentError],
      ],
    },
    discrete: {
      cases: [
        ['unknown option (did you mean)', () => api.discrete(2, { begin: 0 } as never), ArgumentError, /discrete options: unknown option "begin"/],
        ['out of range (n 0)', () => api.discrete(0), ArgumentError],
        ['wrong type (n "2")', () => api.discrete('2' as never), ArgumentError],
      ],
    },
    defineEnv: {
      cases: [
        ['wrong type (no dynamics)', () => api.defineEnv(undefined as never), ArgumentError, /defineEnv dynamics: got undefined/],
        ['wrong type (step missing)', () => api.defineEnv({ observationSpace: api.discrete(2), actionSpace: api.discrete(2), metadata: {} as never, reset: () => ({ observation: 0 }), render: () => frame } as never), ArgumentError, /defineEnv dynamics.step: got undefined; allowed: a function/],
        ['wrong type (a space that is not one)', () => api.defineEnv({ observationSpace: { shape: [1] }, actionSpace: api.discrete(2), metadata: {} as never, reset: () => ({ observation: 0 }), step: () => ({ observation: 0, reward: 0, terminated: false }), render: () => frame } as never), ArgumentError, /dynamics.observationSpace/],
        ['reset: unknown option (did you mean)', () => tinyEnv().reset({ sed: 0 } as never), ArgumentError, /reset options: unknown option "sed" \(did you mean "seed"\?\)/],
        ['reset: wrong type (seed "1")', () => tinyEnv().reset({ seed: '1' as never }), ArgumentError, /seed/],
        ['step: before reset', () => tinyEnv().step(0), api.EnvStateError],
        ['step: out of range (action 2 of Discrete(2))', () => {
          const env = tinyEnv();
          env.reset({ seed: 0 });
          return env.step(2);
        }, api.ActionError, /action: got 2/],
      ],
    },
    make: {
      cases: [
        ['unknown environment', () => api.make('CartPol-v1'), api.UnknownEnvironmentError, /CartPol-v1/],
        ['unknown option (did you mean)', () => api.make('CartPole-v1', { maxEpisodeStep: 10 } as never), ArgumentError, /unknown option "maxEpisodeStep" \(did you mean "maxEpisodeSteps"\?\)/],
        ['out of range (maxEpisodeSteps 0)', () => api.make('CartPole-v1', { maxEpisodeSteps: 0 }), ArgumentError, /maxEpisodeSteps/],
        ['wrong type (id 3)', () => api.make(3 as never), ArgumentError],
      ],
    },
    register: {
      cases: [
        ['unknown option (did you mean)', () => api.register({ id: 'X-v0', entryPoint: () => api.cartPole(), maxEpisodeStep: 10 } as never), ArgumentError, /register options: unknown option "maxEpisodeStep" \(did you mean "maxEpisodeSteps"\?\)/],
        ['wrong type (entryPoint missing)', () => api.register({ id: 'X-v0' } as never), ArgumentError, /entryPoint/],
      ],
    },
    registeredEnvironments: { none: 'takes no argument' },
    envSpec: {
      cases: [
        ['unknown environment', () => api.envSpec('Pendulm-v1'), api.UnknownEnvironmentError],
        ['unknown option (did you mean)', () => api.envSpec('Pendulum-v1', { gravty: 9 }), ArgumentError, /unknown option "gravty"/],
      ],
    },
    drawFrame: {
      cases: [
        ['wrong type (no context)', () => api.drawFrame(undefined as never, frame), ArgumentError, /drawFrame ctx: got undefined; allowed: a 2-D canvas context/],
        ['wrong type (no frame)', () => api.drawFrame(fakeContext(), undefined as never), ArgumentError, /drawFrame frame: got undefined/],
        ['out of range (xMin = xMax)', () => api.drawFrame(fakeContext(), { bounds: { xMin: 1, xMax: 1, yMin: 0, yMax: 1 }, shapes: [] }), ArgumentError, /frame.bounds/],
        ['wrong type (a shape of unknown type)', () => api.drawFrame(fakeContext(), { ...frame, shapes: [{ type: 'square' }] } as never), ArgumentError, /frame.shapes\[0\]/],
        ['out of range (a canvas of width 0)', () => api.drawFrame(fakeContext(0), frame), ArgumentError, /canvas width: got 0; allowed: a finite number > 0/],
      ],
    },
    frameToSvg: {
      cases: [
        ['wrong type (no frame)', () => api.frameToSvg(undefined as never), ArgumentError, /frameToSvg frame: got undefined/],
        ['NaN bounds', () => api.frameToSvg({ bounds: { xMin: NaN, xMax: 1, yMin: 0, yMax: 1 }, shapes: [] }), ArgumentError, /frame.bounds/],
        ['out of range (width 0)', () => api.frameToSvg(frame, { width: 0, height: 10 }), ArgumentError, /frameToSvg size width: got 0/],
        ['unknown option (did you mean)', () => api.frameToSvg(frame, { width: 10, hieght: 10 } as never), ArgumentError, /unknown option "hieght" \(did you mean "height"\?\)/],
      ],
    },
    timeLimit: {
      cases: [
        ['wrong type (no env)', () => api.timeLimit(undefined as never, { maxEpisodeSteps: 5 }), ArgumentError, /timeLimit env: got undefined; allowed: an Env/],
        ['unknown option (did you mean)', () => api.timeLimit(api.cartPole(), { maxEpisodeStep: 5 } as never), ArgumentError, /timeLimit options: unknown option "maxEpisodeStep" \(did you mean "maxEpisodeSteps"\?\)/],
        ['out of range (maxEpisodeSteps 0)', () => api.timeLimit(api.cartPole(), { maxEpisodeSteps: 0 }), ArgumentError],
      ],
    },
    cartPole: {
      cases: [
        ['unknown option (did you mean)', () => api.cartPole({ suttonBartoRewards: true } as never), ArgumentError, /cartPole options: unknown option "suttonBartoRewards" \(did you mean "suttonBartoReward"\?\)/],
        ['wrong type (suttonBartoReward "yes")', () => api.cartPole({ suttonBartoReward: 'yes' } as never), ArgumentError],
      ],
    },
    pendulum: {
      cases: [
        ['unknown option', () => api.pendulum({ gravity: 9.8 } as never), ArgumentError, /pendulum options: unknown option "gravity"/],
        ['NaN g', () => api.pendulum({ g: NaN }), ArgumentError],
      ],
    },
    mountainCarContinuous: {
      cases: [
        ['unknown option (did you mean)', () => api.mountainCarContinuous({ goalVelocty: 0 } as never), ArgumentError, /did you mean "goalVelocity"/],
        ['NaN goalVelocity', () => api.mountainCarContinuous({ goalVelocity: NaN }), ArgumentError],
      ],
    },
    acrobot: {
      cases: [['unknown option', () => api.acrobot({ bookOrNips: 'book' } as never), ArgumentError, /acrobot options: unknown option "bookOrNips"/]],
    },
    lunarLander: {
      cases: [
        ['unknown option (did you mean)', () => api.lunarLander({ continous: true } as never), ArgumentError, /did you mean "continuous"/],
        ['out of range (gravity 1)', () => api.lunarLander({ gravity: 1 }), ArgumentError, /gravity/],
        ['wrong type (enableWind "yes")', () => api.lunarLander({ enableWind: 'yes' } as never), ArgumentError],
      ],
    },
    loadMujoco: { none: 'takes no argument (loads the WASM module once)' },
    isMujocoLoaded: { none: 'takes no argument' },
    mujocoModels: { none: 'a constant (the bundled MJCF models)' },
    invertedPendulum: {
      cases: [['unknown option', () => api.invertedPendulum({ frameSkp: 2 } as never), ArgumentError, /invertedPendulum options: unknown option "frameSkp"/]],
    },
    halfCheetah: {
      cases: [['unknown option (did you mean)', () => api.halfCheetah({ ctrlCost: 0.1 } as never), ArgumentError, /halfCheetah options: unknown option "ctrlCost"/]],
    },
    hopper: {
      cases: [['unknown option (did you mean)', () => api.hopper({ healthyRewards: 1 } as never), ArgumentError, /hopper options: unknown option "healthyRewards" \(did you mean "healthyReward"\?\)/]],
    },
    walker2d: {
      cases: [['unknown option (did you mean)', () => api.walker2d({ frameSkips: 4 } as never), ArgumentError, /walker2d options: unknown option "frameSkips" \(did you mean "frameSkip"\?\)/]],
    },
    recordEpisodeStatistics: {
      cases: [
        ['unknown option (did you mean)', () => api.recordEpisodeStatistics(api.cartPole(), { bufferLen: 10 } as never), ArgumentError, /did you mean "bufferLength"/],
        ['out of range (bufferLength 0)', () => api.recordEpisodeStatistics(api.cartPole(), { bufferLength: 0 }), ArgumentError],
      ],
    },
    normalizeObservation: {
      cases: [
        ['unknown option (did you mean)', () => api.normalizeObservation(api.cartPole(), { eps: 1e-8 } as never), ArgumentError, /normalizeObservation options: unknown option "eps"/],
        ['out of range (clip -1)', () => api.normalizeObservation(api.cartPole(), { clip: -1 }), ArgumentError],
      ],
    },
    rescaleAction: {
      cases: [
        ['unknown option', () => api.rescaleAction(api.pendulum(), { low: -1, high: 1 } as never), ArgumentError, /rescaleAction options: unknown option "low"/],
        ['out of range (min > max)', () => api.rescaleAction(api.pendulum(), { min: 1, max: -1 }), ArgumentError],
        ['wrong type (a Discrete env)', () => api.rescaleAction(api.cartPole() as never, { min: -1, max: 1 }), ArgumentError],
      ],
    },
    clipAction: {
      cases: [['wrong type (a Discrete env)', () => api.clipAction(api.cartPole() as never), ArgumentError]],
    },
    syncVectorEnv: {
      cases: [
        ['unknown option (did you mean)', () => api.syncVectorEnv({ id: 'CartPole-v1', num: 2 } as never), ArgumentError, /syncVectorEnv options: unknown option "num"/],
        ['out of range (n 0)', () => api.syncVectorEnv({ id: 'CartPole-v1', n: 0 }), ArgumentError],
        ['unknown environment', () => api.syncVectorEnv({ id: 'CartPol-v1', n: 2 }), api.UnknownEnvironmentError],
      ],
    },
    parallelVectorEnv: {
      cases: [
        ['unknown option (did you mean)', () => api.parallelVectorEnv({ id: 'CartPole-v1', n: 2, worker: 1 } as never), ArgumentError, /parallelVectorEnv options: unknown option "worker" \(did you mean "workers"\?\)/],
        ['out of range (n 0)', () => api.parallelVectorEnv({ id: 'CartPole-v1', n: 0 }), ArgumentError],
      ],
    },
    tabularMdp: {
      cases: [
        ['unknown option (did you mean)', () => api.tabularMdp({ horizn: 3 } as never), ArgumentError, /tabularMdp options: unknown option "horizn" \(did you mean "horizon"\?\)/],
        ['out of range (gamma 2)', () => api.tabularMdp({ gamma: 2 }), ArgumentError],
        ['out of range (horizon 0)', () => api.tabularMdp({ horizon: 0 }), ArgumentError],
      ],
    },
    linearQuadraticMdp: {
      cases: [
        ['unknown option (did you mean)', () => api.linearQuadraticMdp({ stateGian: 1 } as never), ArgumentError, /did you mean "stateGain"/],
        ['NaN actionCost', () => api.linearQuadraticMdp({ actionCost: NaN }), ArgumentError],
      ],
    },
    returnsToGo: {
      cases: [
        ['unknown option', (own) => api.returnsToGo(own(tf.zeros([2, 3])), { gamma: 0.9, discount: 1 } as never), ArgumentError, /returnsToGo options: unknown option "discount"/],
        ['out of range (gamma 1.5)', (own) => api.returnsToGo(own(tf.zeros([2, 3])), { gamma: 1.5 }), ArgumentError, /gamma/],
        ['wrong rank (rewards [3])', (own) => api.returnsToGo(own(tf.zeros([3])), { gamma: 0.9 }), ShapeError],
        ['wrong shape (mask [2, 2] for rewards [2, 3])', (own) => api.returnsToGo(own(tf.zeros([2, 3])), { gamma: 0.9, mask: own(tf.ones([2, 2])) }), ShapeError],
      ],
    },
    scoreFunctionPolicyGradient: {
      cases: [
        ['unknown option (did you mean)', (own) => api.scoreFunctionPolicyGradient({ logProbabilities: own(tf.zeros([2, 3])), rewards: own(tf.zeros([2, 3])), gamma: 0.9, masks: own(tf.ones([2, 3])) } as never), ArgumentError, /did you mean "mask"/],
        ['wrong shape (rewards [2, 4] for log-probabilities [2, 3])', (own) => api.scoreFunctionPolicyGradient({ logProbabilities: own(tf.zeros([2, 3])), rewards: own(tf.zeros([2, 4])), gamma: 0.9 }), ShapeError],
        ['out of range (gamma -0.1)', (own) => api.scoreFunctionPolicyGradient({ logProbabilities: own(tf.zeros([2, 3])), rewards: own(tf.zeros([2, 3])), gamma: -0.1 }), ArgumentError, /gamma/],
      ],
    },
    relaxPolicyGradient: {
      cases: [
        ['unknown option (did you mean)', () => api.relaxPolicyGradient({ key: key(0), temprature: 1 } as never), ArgumentError, /unknown option "temprature" \(did you mean "temperature"\?\)/],
        ['wrong type (key a seed)', (own) => api.relaxPolicyGradient({ key: 0, logits: own(tf.zeros([2, 3, 2])), actions: own(tf.zeros([2, 3], 'int32')), rewards: own(tf.zeros([2, 3])), gamma: 0.9, controlVariate: () => tf.zeros([2, 3]) } as never), KeyError, /relaxPolicyGradient key: is not a key/],
      ],
    },
    laxPolicyGradient: {
      cases: [['unknown option (did you mean)', () => api.laxPolicyGradient({ locs: 1 } as never), ArgumentError, /unknown option "locs" \(did you mean "loc"\?\)/]],
    },
    controlVariateGradients: {
      cases: [
        ['unknown option (did you mean)', () => api.controlVariateGradients({ surrogate: () => tf.scalar(0), policyVariable: [] } as never), ArgumentError, /did you mean "policyVariables"/],
        ['wrong type (surrogate a number)', () => api.controlVariateGradients({ surrogate: 1, policyVariables: [], controlVariables: [] } as never), ArgumentError, /surrogate/],
      ],
    },
    a2c: {
      cases: [
        ['unknown option (did you mean)', () => api.a2c({ key: key(0), env: 'CartPole-v1', nStep: 5 } as never), ArgumentError, /a2c options: unknown option "nStep" \(did you mean "nSteps"\?\)/],
        ['wrong type (key a seed)', () => api.a2c({ key: 0, env: 'CartPole-v1' } as never), KeyError, /a2c key: got number/],
        ['out of range (gamma 1.5)', () => api.a2c({ key: key(0), env: 'CartPole-v1', gamma: 1.5 }), ArgumentError, /gamma/],
        ['unknown environment', () => api.a2c({ key: key(0), env: 'CartPol-v1' }), api.UnknownEnvironmentError],
      ],
    },
    categoricalMlpPolicy: {
      cases: [
        ['unknown option (did you mean)', () => api.categoricalMlpPolicy({ key: key(0), observationSize: 4, numActions: 2, hiddenSize: [8] } as never), ArgumentError, /did you mean "hiddenSizes"/],
        ['out of range (numActions 0)', () => api.categoricalMlpPolicy({ key: key(0), observationSize: 4, numActions: 0 }), ArgumentError, /numActions/],
      ],
    },
    gaussianMlpPolicy: {
      cases: [
        ['unknown option (did you mean)', () => api.gaussianMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1, logStd: 0 } as never), ArgumentError, /did you mean "logStdInit"/],
        ['NaN logStdInit', () => api.gaussianMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1, logStdInit: NaN }), ArgumentError, /logStdInit/],
      ],
    },
    mlpValueFunction: {
      cases: [
        ['unknown option (did you mean)', () => api.mlpValueFunction({ key: key(0), observationSize: 4, hiddenSize: [8] } as never), ArgumentError, /did you mean "hiddenSizes"/],
        ['out of range (observationSize 0)', () => api.mlpValueFunction({ key: key(0), observationSize: 0 }), ArgumentError, /observationSize/],
      ],
    },
    evaluatePolicy: {
      cases: [
        ['unknown option (did you mean)', () => api.evaluatePolicy({ predict: () => 0 } as never, 'CartPole-v1', { episode: 2 } as never), ArgumentError, /did you mean "episodes"/],
        ['out of range (episodes 0)', () => api.evaluatePolicy({ predict: () => 0 } as never, 'CartPole-v1', { episodes: 0 }), ArgumentError, /episodes/],
        ['wrong type (agent without predict)', () => api.evaluatePolicy({} as never, 'CartPole-v1'), ArgumentError],
      ],
    },
    sac: {
      cases: [
        ['unknown option (did you mean)', () => api.sac({ key: key(0), env: 'Pendulum-v1', bufferSzie: 10 } as never), ArgumentError, /sac options: unknown option "bufferSzie" \(did you mean "bufferSize"\?\)/],
        ['wrong type (key a seed)', () => api.sac({ key: 0, env: 'Pendulum-v1' } as never), KeyError, /sac key: got number/],
        ['out of range (tau 2)', () => api.sac({ key: key(0), env: 'Pendulum-v1', tau: 2 }), ArgumentError, /tau/],
        ['wrong type (a Discrete env)', () => api.sac({ key: key(0), env: 'CartPole-v1' }), ArgumentError],
      ],
    },
    squashedGaussianMlpPolicy: {
      cases: [
        ['unknown option (did you mean)', () => api.squashedGaussianMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1, hiddenSize: [8] } as never), ArgumentError, /did you mean "hiddenSizes"/],
        ['out of range (actionSize 0)', () => api.squashedGaussianMlpPolicy({ key: key(0), observationSize: 3, actionSize: 0 }), ArgumentError, /actionSize/],
      ],
    },
    implicitMlpPolicy: {
      cases: [
        ['unknown option (did you mean)', () => api.implicitMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1, noiseSizes: 2 } as never), ArgumentError, /did you mean "noiseSize"/],
        ['out of range (noiseSize 0)', () => api.implicitMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1, noiseSize: 0 }), ArgumentError, /noiseSize/],
      ],
    },
  },
});
