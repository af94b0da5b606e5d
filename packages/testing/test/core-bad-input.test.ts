/**
 * The bad-input table of @stochgrad/core (issue #15 items 1 and 7): a row for every runtime export,
 * each bad input with the error it must raise. It lives here because core cannot depend on
 * @stochgrad/testing. Calls made before ready() are in core-before-ready.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as api from '@stochgrad/core';
import { ArgumentError, KeyError, NonFiniteError, ShapeError, key, ready } from '@stochgrad/core';
import { beforeAll } from 'vitest';
import { type BadInputCase, describeBadInputTable, disposedTensor, estimatorBadInputs } from '../src/bad-input-table';

beforeAll(async () => {
  await ready();
});

const f = (b: tf.Tensor) => tf.sum(b, -1);
const rows = [
  [0, 1],
  [1, 0],
];
const disposed = () => disposedTensor();

const bernoulliCases = (name: string, make: (parameters: unknown) => unknown, extra: Record<string, unknown> = {}): BadInputCase[] => [
  [`unknown option (did you mean)`, () => make({ logits: 0, ...extra, checksupport: false }), ArgumentError, new RegExp(`${name} options: unknown option "checksupport" \\(did you mean "checkSupport"\\?\\)`)],
  ['wrong type (logits "0")', () => make({ logits: '0', ...extra }), ArgumentError, /logits: got string "0"/],
  ['NaN logits', () => make({ logits: NaN, ...extra }), ArgumentError, /logits.*NaN/],
  ['disposed logits', () => make({ logits: disposed(), ...extra }), ArgumentError, /logits: the tensor was disposed/],
];

describeBadInputTable({
  packageName: '@stochgrad/core',
  api,
  rows: {
    // backend
    ready: {
      cases: [
        ['unknown option (did you mean)', () => ready({ fallbak: 'cpu' } as never), ArgumentError, /ready options: unknown option "fallbak" \(did you mean "fallback"\?\); allowed: "backend", "fallback"/],
        ['wrong type (threads "2")', () => ready({ threads: '2' } as never), ArgumentError, /threads: got string "2"/],
        ['out of range (backend "webgl")', () => ready({ backend: 'webgl' } as never), ArgumentError, /backend/],
        ['wrong type (options a string)', () => ready('wasm' as never), ArgumentError, /options: got string "wasm"/],
      ],
    },
    describeBackend: {
      cases: [
        ['wrong type (undefined)', () => api.describeBackend(undefined as never), ArgumentError],
        ['wrong type (a string)', () => api.describeBackend('wasm' as never), ArgumentError],
      ],
    },
    fusedAdam: {
      cases: [
        ['unknown option', () => api.fusedAdam({ learningrate: 0.1 } as never), ArgumentError],
        ['wrong type (a string learning rate)', () => api.fusedAdam({ learningRate: '0.1' as never }), ArgumentError],
        ['out of range (learning rate 0)', () => api.fusedAdam({ learningRate: 0 }), ArgumentError],
        ['out of range (beta1 1)', () => api.fusedAdam({ beta1: 1 }), ArgumentError],
        ['NaN epsilon', () => api.fusedAdam({ epsilon: Number.NaN }), ArgumentError],
        ['not an object', () => api.fusedAdam(3 as never), ArgumentError],
      ],
    },
    FusedAdamOptimizer: {
      cases: [
        ['out of range (beta2 −0.1)', () => new api.FusedAdamOptimizer({ beta2: -0.1 }), ArgumentError],
        ['unknown option', () => new api.FusedAdamOptimizer({ lr: 0.1 } as never), ArgumentError],
      ],
    },
    kernelFixes: {
      cases: [
        ['unknown fix', () => api.kernelFixes({ softPlus: false } as never), ArgumentError],
        ['wrong type (a string)', () => api.kernelFixes({ batchMatMul: 'yes' } as never), ArgumentError],
        ['wrong type (a number)', () => api.kernelFixes({ softplus: 1 } as never), ArgumentError],
        ['not an object (null)', () => api.kernelFixes(null as never), ArgumentError],
      ],
    },
    // errors
    StochgradError: { none: 'an error class' },
    ArgumentError: { none: 'an error class' },
    ShapeError: { none: 'an error class' },
    KeyError: { none: 'an error class' },
    BackendError: { none: 'an error class' },
    NonFiniteError: { none: 'an error class' },
    describeValue: { none: 'describes any value for a message: every input is valid' },
    // keys
    key: {
      cases: [
        ['wrong type (seed "1")', () => key('1' as never), KeyError, /seed: got string "1"; allowed: an integer in \[0, 2\^53\)/],
        ['out of range (seed -1)', () => key(-1), KeyError, /seed: got number -1/],
        ['out of range (seed 1.5)', () => key(1.5), KeyError, /seed: got number 1.5/],
        ['out of range (seed 2^53)', () => key(2 ** 53), KeyError],
        ['NaN seed', () => key(NaN), KeyError, /seed: got number NaN/],
        ['wrong type (seed undefined)', () => key(undefined as never), KeyError, /seed: got undefined/],
      ],
    },
    split: {
      cases: [
        ['wrong type (a seed)', () => api.split(0 as never), KeyError, /a number is a seed: pass key\(seed\) instead/],
        ['wrong type (a plain object)', () => api.split({ words: [0, 0] } as never), KeyError, /key: got object/],
        ['out of range (n 0)', () => api.split(key(0), 0), KeyError, /n: got number 0/],
        ['out of range (n 2.5)', () => api.split(key(0), 2.5), KeyError, /n: got number 2.5/],
        ['NaN n', () => api.split(key(0), NaN), KeyError],
      ],
    },
    fold: {
      cases: [
        ['wrong type (a seed)', () => api.fold(3 as never, 1), KeyError, /a number is a seed/],
        ['wrong type (data "1")', () => api.fold(key(0), '1' as never), ArgumentError, /data: got string "1"/],
        ['out of range (data -1)', () => api.fold(key(0), -1), ArgumentError, /data: got number -1/],
        ['NaN data', () => api.fold(key(0), NaN), ArgumentError, /data: got number NaN/],
      ],
    },
    isKey: { none: 'a type guard: every value is a valid input (false for non-keys)' },
    random: {
      cases: [
        ['uniform: unknown option (did you mean)', () => api.random.uniform(key(0), [2], { lo: 0 } as never), ArgumentError, /random.uniform options: unknown option "lo" \(did you mean "low"\?\)/],
        ['uniform: wrong type (high "2")', () => api.random.uniform(key(0), [2], { high: '2' } as never), ArgumentError, /got low number 0, high string "2"/],
        ['uniform: out of range (low > high)', () => api.random.uniform(key(0), [2], { low: 1, high: 0 }), ArgumentError],
        ['uniform: wrong shape ([-1])', () => api.random.uniform(key(0), [-1]), ShapeError],
        ['uniform: wrong type (key a number)', () => api.random.uniform(0 as never, [2]), KeyError],
        ['normal: unknown option (did you mean)', () => api.random.normal(key(0), [2], { std: 1 } as never), ArgumentError, /unknown option "std" \(did you mean "stddev"\?\)/],
        ['normal: out of range (stddev -1)', () => api.random.normal(key(0), [2], { stddev: -1 }), ArgumentError, /stddev/],
        ['normal: NaN mean', () => api.random.normal(key(0), [2], { mean: NaN }), ArgumentError, /mean/],
        ['gumbel: wrong shape ([1.5])', () => api.random.gumbel(key(0), [1.5]), ShapeError],
        ['logistic: wrong type (key undefined)', () => api.random.logistic(undefined as never, [2]), KeyError],
        ['bernoulli: unknown option (did you mean)', () => api.random.bernoulli(key(0), { logits: 0, prob: 0.5 } as never), ArgumentError, /unknown option "prob" \(did you mean "probs"\?\)/],
        ['bernoulli: out of range (probs 2)', () => api.random.bernoulli(key(0), { probs: 2 }), ArgumentError, /probs/],
        ['bernoulli: NaN logits', () => api.random.bernoulli(key(0), { logits: NaN }), ArgumentError, /logits/],
        ['categorical: wrong rank (scalar logits)', (own) => api.random.categorical(key(0), own(tf.scalar(0))), ArgumentError, /logits: got tensor of shape \[\]/],
        ['categorical: disposed logits', () => api.random.categorical(key(0), disposed()), ArgumentError, /disposed/],
        ['uniformArray: unknown option', () => api.random.uniformArray(key(0), 2, { hi: 1 } as never), ArgumentError, /random.uniformArray options: unknown option "hi"/],
        ['uniformArray: out of range (n -1)', () => api.random.uniformArray(key(0), -1), ArgumentError, /n: got number -1/],
        ['normalArray: unknown option (did you mean)', () => api.random.normalArray(key(0), 2, { mean: 0, stdev: 1 } as never), ArgumentError, /unknown option "stdev" \(did you mean "stddev"\?\)/],
        ['normalArray: wrong type (n "2")', () => api.random.normalArray(key(0), '2' as never), ArgumentError, /n: got string "2"/],
        ['integerArray: out of range (high 0)', () => api.random.integerArray(key(0), 2, 0), ArgumentError, /high/],
      ],
    },
    checkOptions: {
      cases: [
        ['unknown option (did you mean)', () => api.checkOptions('f', { numPair: 1 }, ['numPairs']), ArgumentError, /f options: unknown option "numPair" \(did you mean "numPairs"\?\); allowed: "numPairs"/],
        ['wrong type (options an array)', () => api.checkOptions('f', [1], ['a']), ArgumentError, /f options: got array \[1\]; allowed: an options object with keys among a/],
        ['wrong type (options null)', () => api.checkOptions('f', null, ['a']), ArgumentError, /f options: got null/],
      ],
    },
    // distributions
    bernoulli: { cases: bernoulliCases('bernoulli', (p) => api.bernoulli(p as never)) },
    categorical: {
      cases: [
        ['unknown option (did you mean)', (own) => api.categorical({ logits: own(tf.zeros([3])), checkSuport: false } as never), ArgumentError, /unknown option "checkSuport" \(did you mean "checkSupport"\?\)/],
        ['wrong type (logits a number)', () => api.categorical({ logits: 0 } as never), ArgumentError, /logits/],
        ['wrong rank (scalar logits)', (own) => api.categorical({ logits: own(tf.scalar(0)) }), ShapeError, /logits/],
        ['NaN logits', (own) => api.categorical({ logits: own(tf.tensor1d([0, NaN])) }), ArgumentError, /NaN/],
        ['disposed logits', () => api.categorical({ logits: disposed() }), ArgumentError, /disposed/],
        ['out of range (logProb of index 3 of 3 classes)', (own) => api.categorical({ logits: own(tf.zeros([3])) }).logProb(own(tf.scalar(3, 'int32'))), ArgumentError, /value/],
      ],
    },
    oneHotCategorical: {
      cases: [
        ['unknown option', (own) => api.oneHotCategorical({ logits: own(tf.zeros([3])), temperature: 1 } as never), ArgumentError, /oneHotCategorical options: unknown option "temperature"; allowed: "logits", "checkSupport"/],
        ['wrong rank (scalar logits)', (own) => api.oneHotCategorical({ logits: own(tf.scalar(0)) }), ShapeError, /logits/],
        ['disposed logits', () => api.oneHotCategorical({ logits: disposed() }), ArgumentError, /disposed/],
        ['out of range (logProb of a row that is not one-hot)', (own) => api.oneHotCategorical({ logits: own(tf.zeros([3])) }).logProb(own(tf.tensor1d([1, 1, 0]))), ArgumentError, /value/],
        ['wrong shape (logProb of 2 classes for 3)', (own) => api.oneHotCategorical({ logits: own(tf.zeros([3])) }).logProb(own(tf.tensor1d([1, 0]))), ShapeError],
      ],
    },
    normal: {
      cases: [
        ['unknown option (did you mean)', () => api.normal({ loc: 0, scale: 1, sacle: 2 } as never), ArgumentError, /normal options: unknown option "sacle" \(did you mean "scale"\?\)/],
        ['out of range (scale 0)', () => api.normal({ loc: 0, scale: 0 }), ArgumentError, /scale/],
        ['NaN loc', () => api.normal({ loc: NaN, scale: 1 }), ArgumentError, /loc/],
        ['wrong type (scale "1")', () => api.normal({ loc: 0, scale: '1' } as never), ArgumentError, /scale: got string "1"/],
        ['wrong shape (loc [2], scale [3])', (own) => api.normal({ loc: own(tf.zeros([2])), scale: own(tf.ones([3])) }), ShapeError],
      ],
    },
    gumbel: {
      cases: [
        ['unknown option', () => api.gumbel({ loc: 0, scale: 1, location: 0 } as never), ArgumentError, /gumbel options: unknown option "location"/],
        ['out of range (scale -1)', () => api.gumbel({ loc: 0, scale: -1 }), ArgumentError, /scale/],
      ],
    },
    logistic: {
      cases: [
        ['unknown option', () => api.logistic({ loc: 0, scale: 1, checkSupport: true } as never), ArgumentError, /logistic options: unknown option "checkSupport"/],
        ['NaN scale', () => api.logistic({ loc: 0, scale: NaN }), ArgumentError, /scale/],
      ],
    },
    uniform: {
      cases: [
        ['unknown option (did you mean)', () => api.uniform({ low: 0, high: 1, hihg: 2 } as never), ArgumentError, /uniform options: unknown option "hihg" \(did you mean "high"\?\)/],
        ['out of range (low >= high)', () => api.uniform({ low: 1, high: 1 }), ArgumentError],
        ['NaN low', () => api.uniform({ low: NaN, high: 1 }), ArgumentError],
      ],
    },
    relaxedBernoulli: {
      cases: [
        ...bernoulliCases('relaxedBernoulli', (p) => api.relaxedBernoulli(p as never), { temperature: 1 }).filter(([label]) => label !== 'unknown option (did you mean)'),
        ['unknown option (did you mean)', () => api.relaxedBernoulli({ logits: 0, temperature: 1, temprature: 1 } as never), ArgumentError, /unknown option "temprature" \(did you mean "temperature"\?\)/],
        ['out of range (temperature 0)', () => api.relaxedBernoulli({ logits: 0, temperature: 0 }), ArgumentError, /temperature/],
      ],
    },
    relaxedOneHotCategorical: {
      cases: [
        ['unknown option', (own) => api.relaxedOneHotCategorical({ logits: own(tf.zeros([3])), temperature: 1, probs: 1 } as never), ArgumentError, /relaxedOneHotCategorical options: unknown option "probs"/],
        ['out of range (temperature -1)', (own) => api.relaxedOneHotCategorical({ logits: own(tf.zeros([3])), temperature: -1 }), ArgumentError, /temperature/],
        ['wrong rank (scalar logits)', (own) => api.relaxedOneHotCategorical({ logits: own(tf.scalar(0)), temperature: 1 }), ShapeError],
      ],
    },
    independent: {
      cases: [
        ['wrong type (base not a distribution)', () => api.independent({} as never, 1), ArgumentError],
        ['out of range (reinterpreted rank 2 of a batch of rank 1)', (own) => api.independent(api.normal({ loc: own(tf.zeros([2])), scale: 1 }), 2), ShapeError],
        ['out of range (reinterpreted rank -1)', () => api.independent(api.normal({ loc: 0, scale: 1 }), -1), ArgumentError],
      ],
    },
    // numerics
    stopGradient: {
      cases: [
        ['wrong type (a number)', () => api.stopGradient(1 as never), ArgumentError, /x: got number 1/],
        ['disposed tensor', () => api.stopGradient(disposed()), ArgumentError, /disposed/],
      ],
    },
    logSigmoid: {
      cases: [
        ['wrong type (an array)', () => api.logSigmoid([1] as never), ArgumentError, /x: got array/],
        ['disposed tensor', () => api.logSigmoid(disposed()), ArgumentError, /disposed/],
      ],
    },
    logMeanExp: {
      cases: [
        ['wrong type (a number)', () => api.logMeanExp(1 as never), ArgumentError],
        ['out of range (axis 1 of a rank-1 tensor)', (own) => api.logMeanExp(own(tf.zeros([3])), 1), ShapeError, /axis/],
        ['wrong type (axis "0")', (own) => api.logMeanExp(own(tf.zeros([3])), '0' as never), ArgumentError, /axis/],
        ['disposed tensor', () => api.logMeanExp(disposed()), ArgumentError, /disposed/],
      ],
    },
    scoreTerm: {
      cases: [
        ['wrong type (undefined)', () => api.scoreTerm(undefined as never), ArgumentError],
        ['disposed tensor', () => api.scoreTerm(disposed()), ArgumentError, /disposed/],
      ],
    },
    detach: {
      cases: [
        ['wrong type (a number)', () => api.detach(2 as never), ArgumentError],
        ['disposed tensor', () => api.detach(disposed()), ArgumentError, /disposed/],
      ],
    },
    // building blocks
    callObjective: {
      cases: [
        ['wrong type (returns a number)', (own) => api.callObjective(() => 1 as never, own(tf.zeros([2, 3])), [2]), ArgumentError, /objective: returned number 1/],
        ['wrong shape', (own) => api.callObjective((b) => own(tf.mul(b, 1)), own(tf.zeros([2, 3])), [2]), ShapeError, /returned shape \[2, 3\]/],
        ['NaN value', (own) => api.callObjective((b) => own(tf.tidy(() => tf.mul(tf.sum(b, -1), NaN))), own(tf.zeros([2, 3])), [2]), NonFiniteError],
      ],
    },
    checkEstimateArgs: {
      cases: [
        ['wrong type (args null)', () => api.checkEstimateArgs(null), ArgumentError, /args: got null/],
        ['unknown option (did you mean)', (own) => api.checkEstimateArgs({ key: key(0), logits: own(tf.zeros([2])), objective: f, objectve: f }), ArgumentError, /unknown option "objectve" \(did you mean "objective"\?\)/],
        ['wrong rank (rank 8 logits)', (own) => api.checkEstimateArgs({ key: key(0), logits: own(tf.zeros([1, 1, 1, 1, 1, 1, 1, 2])), objective: f }), ShapeError],
      ],
    },
    surrogateAndGradient: {
      cases: [
        ['wrong type (x a number)', () => api.surrogateAndGradient(1 as never, () => ({ surrogate: tf.scalar(0), extra: {} })), ArgumentError],
        ['disposed x', () => api.surrogateAndGradient(disposed(), (x) => ({ surrogate: tf.sum(x), extra: {} })), ArgumentError, /disposed/],
      ],
    },
    bernoulliFamily: {
      cases: [
        ['wrong rank (scalar logits)', (own) => api.bernoulliFamily.distribution(own(tf.scalar(0))), ShapeError, /bernoulli family/],
        ['wrong type (logits an array)', () => api.bernoulliFamily.distribution([0] as never), ArgumentError],
      ],
    },
    categoricalFamily: {
      cases: [
        ['wrong rank (logits [3])', (own) => api.categoricalFamily.distribution(own(tf.zeros([3]))), ShapeError, /categorical family/],
        ['wrong shape (C = 1)', (own) => api.categoricalFamily.distribution(own(tf.zeros([2, 1]))), ShapeError, /C = 1/],
      ],
    },
    normalFamily: {
      cases: [
        ['wrong shape (last axis 3)', (own) => api.normalFamily.distribution(own(tf.zeros([2, 3]))), ShapeError, /last axis 3/],
        ['disposed parameters', () => api.normalFamily.distribution(disposed()), ArgumentError, /disposed/],
      ],
    },
    // estimators and control variates
    scoreFunction: {
      cases: [
        ['unknown option (did you mean)', () => api.scoreFunction({ controlVarite: 1, numSamples: 4 } as never), ArgumentError, /unknown option "controlVarite" \(did you mean "controlVariate"\?\)/],
        ['wrong type (numSamples "2")', () => api.scoreFunction({ numSamples: '2' } as never), ArgumentError, /numSamples: got string "2"/],
        ['out of range (numSamples 0)', () => api.scoreFunction({ numSamples: 0 }), ArgumentError, /numSamples: got number 0/],
        ['out of range (leaveOneOut with numSamples 1)', () => api.scoreFunction({ controlVariate: api.leaveOneOut(), numSamples: 1 }), ArgumentError],
        ['wrong type (controlVariate a number)', () => api.scoreFunction({ controlVariate: 1 } as never), ArgumentError, /controlVariate/],
        ...estimatorBadInputs(() => api.scoreFunction()),
      ],
    },
    noBaseline: { none: 'takes no argument' },
    constantBaseline: {
      cases: [
        ['wrong type (value "2")', () => api.constantBaseline('2' as never), ArgumentError, /value: got string "2"/],
        ['NaN value', () => api.constantBaseline(NaN), ArgumentError, /value: got number NaN/],
      ],
    },
    movingAverageBaseline: {
      cases: [
        ['unknown option (did you mean)', () => api.movingAverageBaseline({ decai: 0.5 } as never), ArgumentError, /unknown option "decai" \(did you mean "decay"\?\)/],
        ['wrong type (decay "0.5")', () => api.movingAverageBaseline({ decay: '0.5' } as never), ArgumentError, /decay: got string "0.5"/],
        ['out of range (decay 1)', () => api.movingAverageBaseline({ decay: 1 }), ArgumentError, /decay: got number 1/],
        ['NaN decay', () => api.movingAverageBaseline({ decay: NaN }), ArgumentError],
      ],
    },
    learnedBaseline: {
      cases: [
        ['unknown option (did you mean)', () => api.learnedBaseline(() => tf.zeros([1]), { nmae: 'x' } as never), ArgumentError, /unknown option "nmae" \(did you mean "name"\?\)/],
        ['wrong type (network not a function)', () => api.learnedBaseline(3 as never), ArgumentError, /network/],
      ],
    },
    leaveOneOut: { none: 'takes no argument' },
    pathwise: {
      cases: [
        ['unknown option (did you mean)', () => api.pathwise({ numSample: 2 } as never), ArgumentError, /pathwise options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
        ['out of range (numSamples 1.5)', () => api.pathwise({ numSamples: 1.5 }), ArgumentError, /numSamples/],
        ['wrong type (family "normal")', () => api.pathwise({ family: 'normal' } as never), ArgumentError, /family/],
        ...estimatorBadInputs(() => api.pathwise(), [2, 2]),
      ],
    },
    // exact oracles
    exactBernoulli: {
      cases: [
        ['unknown option', (own) => api.exactBernoulli({ logits: own(tf.zeros([2])), objective: f, numSamples: 2 } as never), ArgumentError, /exactBernoulli options: unknown option "numSamples"; allowed: "logits", "objective"/],
        ['out of range (D = 13 > MAX_ENUMERATION)', (own) => api.exactBernoulli({ logits: own(tf.zeros([13])), objective: f }), ShapeError, /logits: got shape \[13\]/],
        ['NaN logits', (own) => api.exactBernoulli({ logits: own(tf.tensor1d([0, NaN])), objective: f }), ArgumentError, /NaN/],
        ['disposed logits', () => api.exactBernoulli({ logits: disposed(), objective: f }), ArgumentError, /disposed/],
        ['wrong shape (objective keeps the event axis)', (own) => api.exactBernoulli({ logits: own(tf.zeros([2])), objective: (b) => tf.mul(b, 1) }), ShapeError],
      ],
    },
    exactBernoulliBound: {
      cases: [
        ['unknown option (did you mean)', (own) => api.exactBernoulliBound({ logits: own(tf.zeros([2])), objective: f, numSample: 2 } as never), ArgumentError, /unknown option "numSample" \(did you mean "numSamples"\?\)/],
        ['wrong type (numSamples "2")', (own) => api.exactBernoulliBound({ logits: own(tf.zeros([2])), objective: f, numSamples: '2' } as never), ArgumentError, /numSamples: got string "2"/],
        ['out of range (numSamples 0)', (own) => api.exactBernoulliBound({ logits: own(tf.zeros([2])), objective: f, numSamples: 0 }), ArgumentError, /numSamples/],
      ],
    },
    exactCategorical: {
      cases: [
        ['unknown option (did you mean)', (own) => api.exactCategorical({ logit: own(tf.zeros([2, 2])), objective: f } as never), ArgumentError, /unknown option "logit" \(did you mean "logits"\?\)/],
        ['wrong rank (logits [3])', (own) => api.exactCategorical({ logits: own(tf.zeros([3])), objective: f }), ShapeError],
        ['wrong type (objective undefined)', (own) => api.exactCategorical({ logits: own(tf.zeros([2, 2])) } as never), ArgumentError, /objective/],
      ],
    },
    quadraticForm: {
      cases: [
        ['unknown option (did you mean)', (own) => api.quadraticForm({ matrix: own(tf.eye(2)), vectr: own(tf.ones([2])) } as never), ArgumentError, /unknown option "vectr" \(did you mean "vector"\?\)/],
        ['wrong type (offset "2")', (own) => api.quadraticForm({ matrix: own(tf.eye(2)), offset: '2' } as never), ArgumentError, /offset: got string "2"/],
        ['wrong shape (matrix [2, 3])', (own) => api.quadraticForm({ matrix: own(tf.zeros([2, 3])) }), ShapeError, /matrix/],
        ['wrong shape (vector [3] for matrix [2, 2])', (own) => api.quadraticForm({ matrix: own(tf.eye(2)), vector: own(tf.ones([3])) }), ShapeError, /vector/],
      ],
    },
    exactNormalQuadratic: {
      cases: [
        ['unknown option (did you mean)', (own) => api.exactNormalQuadratic({ params: own(tf.zeros([2, 2])), matrix: own(tf.eye(2)), ofset: 1 } as never), ArgumentError, /unknown option "ofset" \(did you mean "offset"\?\)/],
        ['wrong shape (params [2, 3])', (own) => api.exactNormalQuadratic({ params: own(tf.zeros([2, 3])), matrix: own(tf.eye(2)) }), ShapeError, /params/],
        ['wrong shape (matrix [3, 3] for D = 2)', (own) => api.exactNormalQuadratic({ params: own(tf.zeros([2, 2])), matrix: own(tf.eye(3)) }), ShapeError, /params: got shape \[2, 2\]/],
      ],
    },
    MAX_ENUMERATION: { none: 'a constant (4096)' },
    toyProblems: {
      cases: [
        ['bernoulliToy.exact: disposed logits', () => api.toyProblems.bernoulliToy.exact(disposed()), ArgumentError, /disposed/],
        ['bernoulliCoupled.exact: NaN logits', (own) => api.toyProblems.bernoulliCoupled.exact(own(tf.fill([8], NaN))), ArgumentError, /NaN/],
        ['gaussianQuadratic.objective: wrong shape (samples [2, 3] for D = 4)', (own) => api.toyProblems.gaussianQuadratic.objective(own(tf.zeros([2, 3]))), ShapeError],
      ],
    },
    // statistics
    normalQuantile: {
      cases: [
        ['out of range (p 1)', () => api.normalQuantile(1), ArgumentError, /p: got number 1; allowed: a probability in \(0, 1\)/],
        ['NaN p', () => api.normalQuantile(NaN), ArgumentError, /p: got number NaN/],
        ['wrong type (p "0.5")', () => api.normalQuantile('0.5' as never), ArgumentError, /p: got string "0.5"/],
      ],
    },
    criticalZ: {
      cases: [
        ['out of range (falseAlarmRate 0)', () => api.criticalZ(0), ArgumentError, /falseAlarmRate: got number 0/],
        ['wrong type (falseAlarmRate "0.1")', () => api.criticalZ('0.1' as never), ArgumentError],
        ['out of range (coordinates 0)', () => api.criticalZ(0.01, 0), ArgumentError, /coordinates/],
      ],
    },
    moments: {
      cases: [
        ['out of range (one row)', () => api.moments([[1, 2]]), ArgumentError, /at least 2 estimates/],
        ['wrong shape (ragged rows)', () => api.moments([[1, 2], [1]]), ShapeError, /row 1 has 1 values, row 0 has 2/],
        ['NaN estimate', () => api.moments([[1, NaN], [1, 2]]), NonFiniteError],
        ['wrong rank (a scalar tensor)', (own) => api.moments(own(tf.scalar(1))), ShapeError, /got a scalar/],
        ['wrong type (a string)', () => api.moments('1,2' as never), ArgumentError],
      ],
    },
    checkUnbiased: {
      cases: [
        ['unknown option (did you mean)', () => api.checkUnbiased({ estimates: rows, exact: [0, 0], falseAlarm: 0.1 } as never), ArgumentError, /unknown option "falseAlarm" \(did you mean "falseAlarmRate"\?\)/],
        ['wrong type (falseAlarmRate "0.1")', () => api.checkUnbiased({ estimates: rows, exact: [0, 0], falseAlarmRate: '0.1' } as never), ArgumentError, /falseAlarmRate: got string "0.1"/],
        ['out of range (falseAlarmRate 1)', () => api.checkUnbiased({ estimates: rows, exact: [0, 0], falseAlarmRate: 1 }), ArgumentError, /falseAlarmRate/],
        ['NaN estimates', () => api.checkUnbiased({ estimates: [[NaN, 0], [1, 0]], exact: [0, 0] }), NonFiniteError, /NaN/],
        ['NaN exact', () => api.checkUnbiased({ estimates: rows, exact: [NaN, 0] }), NonFiniteError, /exact/],
        ['wrong shape (exact of 3 for 2 coordinates)', () => api.checkUnbiased({ estimates: rows, exact: [0, 0, 0] }), ShapeError, /exact/],
      ],
    },
    checkVariance: {
      cases: [
        ['unknown option (did you mean)', () => api.checkVariance({ estimates: rows, expected: 1, tolerence: 0 } as never), ArgumentError, /unknown option "tolerence" \(did you mean "tolerance"\?\)/],
        ['NaN estimates', () => api.checkVariance({ estimates: [[NaN, 0], [1, 0]], expected: 1 }), NonFiniteError],
        ['out of range (tolerance -1)', () => api.checkVariance({ estimates: rows, expected: 1, tolerance: -1 }), ArgumentError, /tolerance/],
        ['NaN expected', () => api.checkVariance({ estimates: rows, expected: NaN }), ArgumentError, /expected/],
      ],
    },
    compareVariances: {
      cases: [
        ['unknown option (did you mean)', () => api.compareVariances({ a: rows, b: rows, pairde: true } as never), ArgumentError, /unknown option "pairde" \(did you mean "paired"\?\)/],
        ['wrong type (paired "yes")', () => api.compareVariances({ a: rows, b: rows, paired: 'yes' } as never), ArgumentError, /paired: got string "yes"/],
        ['wrong shape (2 and 3 coordinates)', () => api.compareVariances({ a: rows, b: [[0, 0, 0], [1, 1, 1]] }), ShapeError, /estimates have 2 and 3 coordinates/],
      ],
    },
    compareEstimators: {
      cases: [
        ['unknown option (did you mean)', (own) => api.compareEstimators({ key: key(0), logits: own(tf.zeros([2])), objective: f, estimators: [api.scoreFunction()], evalBudget: 100 } as never), ArgumentError, /unknown option "evalBudget" \(did you mean "evaluationBudget"\?\)/],
        ['wrong type (replicates "2")', (own) => api.compareEstimators({ key: key(0), logits: own(tf.zeros([2])), objective: f, estimators: [api.scoreFunction()], replicates: '2' } as never), ArgumentError, /got string "2"/],
        ['out of range (no estimators)', (own) => api.compareEstimators({ key: key(0), logits: own(tf.zeros([2])), objective: f, estimators: [] }), ArgumentError, /estimators: got array \[\]/],
        ['wrong type (key a seed)', (own) => api.compareEstimators({ key: 0, logits: own(tf.zeros([2])), objective: f, estimators: [api.scoreFunction()] } as never), KeyError],
        ['disposed logits', () => api.compareEstimators({ key: key(0), logits: disposed(), objective: f, estimators: [api.scoreFunction()] }), ArgumentError, /disposed/],
        ['out of range (falseAlarmRate 2)', (own) => api.compareEstimators({ key: key(0), logits: own(tf.zeros([2])), objective: f, estimators: [api.scoreFunction()], falseAlarmRate: 2 }), ArgumentError, /falseAlarmRate/],
      ],
    },
    drawEstimates: {
      cases: [
        ['unknown option (did you mean)', (own) => api.drawEstimates({ estimator: api.scoreFunction(), key: key(0), logits: own(tf.zeros([2])), objective: f, replicates: 2, chunksize: 2 } as never), ArgumentError, /unknown option "chunksize" \(did you mean "chunkSize"\?\)/],
        ['out of range (replicates 0)', (own) => api.drawEstimates({ estimator: api.scoreFunction(), key: key(0), logits: own(tf.zeros([2])), objective: f, replicates: 0 }), ArgumentError, /replicates/],
        ['wrong type (estimator a function)', (own) => api.drawEstimates({ estimator: api.scoreFunction as never, key: key(0), logits: own(tf.zeros([2])), objective: f, replicates: 2 }), ArgumentError, /estimator/],
        ['NaN objective', (own) => api.drawEstimates({ estimator: api.scoreFunction(), key: key(0), logits: own(tf.zeros([2])), objective: (b) => tf.mul(f(b), NaN), replicates: 2 }), NonFiniteError],
      ],
    },
  },
});
