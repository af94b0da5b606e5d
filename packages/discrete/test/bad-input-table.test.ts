/**
 * The bad-input table of @stochgrad/discrete (issue #15 items 1 and 7): a row for every runtime
 * export, each bad input with the error it must raise (unknown options with their did-you-mean,
 * wrong types, out-of-range values, NaN, wrong shapes, disposed tensors), and the bad arguments
 * every estimator's estimate() shares. Calls made before ready() are in before-ready.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, categoricalFamily, key, ready } from '@stochgrad/core';
import { describeBadInputTable, disposedTensor, estimatorBadInputs } from '@stochgrad/testing';
import { beforeAll } from 'vitest';
import * as api from '../src/index';

beforeAll(async () => {
  await ready();
});

const f = (b: tf.Tensor) => tf.sum(b, -1);
const numPairsCases = (name: string, make: (options: unknown) => unknown) =>
  [
    [`unknown option (did you mean)`, () => make({ numPair: 4 }), ArgumentError, new RegExp(`${name} options: unknown option "numPair" \\(did you mean "numPairs"\\?\\)`)],
    ['wrong type (numPairs "2")', () => make({ numPairs: '2' }), ArgumentError, /numPairs: got string "2"/],
    ['out of range (numPairs 0)', () => make({ numPairs: 0 }), ArgumentError, /numPairs: got number 0/],
    ['NaN numPairs', () => make({ numPairs: NaN }), ArgumentError, /numPairs: got number NaN/],
  ] as const;

describeBadInputTable({
  packageName: '@stochgrad/discrete',
  api,
  rows: {
    disarm: {
      cases: [
        ...numPairsCases('disarm', (o) => api.disarm(o as never)),
        ['unknown option (numSamples)', () => api.disarm({ numSamples: 4 } as never), ArgumentError, /disarm options: unknown option "numSamples"/],
        ['estimate: unknown option (numPairs belongs to disarm())', (own) => api.disarm().estimate({ key: key(0), logits: own(tf.zeros([2])), objective: f, numPairs: 2 } as never), ArgumentError, /estimate options: unknown option "numPairs"/],
        ...estimatorBadInputs(() => api.disarm(), [3]),
      ],
    },
    arm: {
      cases: [...numPairsCases('arm', (o) => api.arm(o as never)), ...estimatorBadInputs(() => api.arm(), [3])],
    },
    localDisarm: {
      cases: [
        ['unknown option (did you mean)', () => api.localDisarm({ symmetric: true } as never), ArgumentError, /unknown option "symmetric" \(did you mean "symmetrized"\?\)/],
        ['wrong type (numPairs "2")', () => api.localDisarm({ numPairs: '2' } as never), ArgumentError, /numPairs: got string "2"/],
        ['out of range (numPairs 1)', () => api.localDisarm({ numPairs: 1 }), ArgumentError, /numPairs: got number 1; allowed: an integer >= 2/],
        ['wrong type (symmetrized "yes")', () => api.localDisarm({ symmetrized: 'yes' } as never), ArgumentError, /symmetrized: got string "yes"/],
        ...estimatorBadInputs(() => api.localDisarm(), [3]),
      ],
    },
    vimco: {
      cases: [
        ['unknown option (did you mean)', () => api.vimco({ numSample: 3 } as never), ArgumentError, /vimco options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
        ['wrong type (numSamples "2")', () => api.vimco({ numSamples: '2' } as never), ArgumentError, /numSamples: got string "2"/],
        ['out of range (numSamples 1)', () => api.vimco({ numSamples: 1 }), ArgumentError, /numSamples: got number 1; allowed: an integer >= 2/],
        ...estimatorBadInputs(() => api.vimco(), [3]),
      ],
    },
    rebar: {
      cases: [
        ['unknown option (did you mean)', () => api.rebar({ temprature: 0.5 } as never), ArgumentError, /rebar options: unknown option "temprature" \(did you mean "temperature"\?\)/],
        ['unknown option (network is relax only)', () => api.rebar({ network: 'default' } as never), ArgumentError, /rebar options: unknown option "network"/],
        ['wrong type (numSamples "2")', () => api.rebar({ numSamples: '2' } as never), ArgumentError, /numSamples: got string "2"/],
        ['out of range (temperature 0)', () => api.rebar({ temperature: 0 }), ArgumentError, /temperature/],
        ['wrong type (name 3)', () => api.rebar({ name: 3 } as never), ArgumentError, /name: got number 3/],
        ...estimatorBadInputs(() => api.rebar(), [3]),
      ],
    },
    relax: {
      cases: [
        ['unknown option (did you mean)', () => api.relax({ hiddenUnit: 4 } as never), ArgumentError, /relax options: unknown option "hiddenUnit" \(did you mean "hiddenUnits"\?\)/],
        ['wrong type (rebarTerm "no")', () => api.relax({ rebarTerm: 'no' } as never), ArgumentError, /rebarTerm: got string "no"/],
        ['out of range (numSamples 0)', () => api.relax({ numSamples: 0 }), ArgumentError, /numSamples/],
        ['NaN temperature', () => api.relax({ temperature: NaN }), ArgumentError, /temperature/],
        ['estimate: unknown option (did you mean)', (own) => api.relax().estimate({ key: key(0), logits: own(tf.zeros([2])), objective: f, allowNonfinite: true } as never), ArgumentError, /unknown option "allowNonfinite" \(did you mean "allowNonFinite"\?\)/],
        ...estimatorBadInputs(() => api.relax(), [3]),
      ],
    },
    gumbelSoftmax: {
      cases: [
        ['unknown option (did you mean)', () => api.gumbelSoftmax({ straightTrough: true } as never), ArgumentError, /gumbelSoftmax options: unknown option "straightTrough" \(did you mean "straightThrough"\?\)/],
        ['wrong type (temperature "2")', () => api.gumbelSoftmax({ temperature: '2' } as never), ArgumentError, /temperature: got string "2"/],
        ['out of range (temperature -1)', () => api.gumbelSoftmax({ temperature: -1 }), ArgumentError, /temperature/],
        ['out of range (family "normal")', () => api.gumbelSoftmax({ family: 'normal' } as never), ArgumentError, /family: got string "normal"/],
        ...estimatorBadInputs(() => api.gumbelSoftmax(), [3]),
        ...estimatorBadInputs(() => api.gumbelSoftmax({ family: categoricalFamily }), [2, 3], 2).map(([label, ...rest]) => [`categorical ${label}`, ...rest] as const),
      ],
    },
    straightThroughBernoulli: {
      cases: [
        ['unknown option', () => api.straightThroughBernoulli({ temperature: 1 } as never), ArgumentError, /straightThroughBernoulli options: unknown option "temperature"; allowed: "numSamples", "name"/],
        ['out of range (numSamples 1.5)', () => api.straightThroughBernoulli({ numSamples: 1.5 }), ArgumentError, /numSamples/],
        ...estimatorBadInputs(() => api.straightThroughBernoulli(), [3]),
      ],
    },
    topKSubset: {
      cases: [
        ['unknown option (did you mean)', () => api.topKSubset({ k: 2, numSample: 2 } as never), ArgumentError, /topKSubset options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
        ['wrong type (k "2")', () => api.topKSubset({ k: '2' } as never), ArgumentError, /k: got string "2"/],
        ['wrong type (no k)', () => api.topKSubset({} as never), ArgumentError, /k: is missing/],
        ['out of range (k 0)', () => api.topKSubset({ k: 0 }), ArgumentError, /k: got number 0/],
        ['out of range (k 4 of N = 3 items)', (own) => api.topKSubset({ k: 4 }).estimate({ key: key(0), logits: own(tf.zeros([3])), objective: f }), ArgumentError, /k: got 4 for logits with N = 3 items/],
        ['NaN temperature', () => api.topKSubset({ k: 1, temperature: NaN }), ArgumentError, /temperature/],
        ...estimatorBadInputs(() => api.topKSubset({ k: 1 }), [3]),
      ],
    },
    spanningTree: {
      cases: [
        ['unknown option (did you mean)', () => api.spanningTree({ temp: 1 } as never), ArgumentError, /spanningTree options: unknown option "temp" \(did you mean "temperature"\?\)/],
        ['wrong type (name 3)', () => api.spanningTree({ name: 3 } as never), ArgumentError, /name: got number 3/],
        ['out of range (temperature 0)', () => api.spanningTree({ temperature: 0 }), ArgumentError, /temperature/],
        ['wrong shape (logits [3, 4], not square)', (own) => api.spanningTree().estimate({ key: key(0), logits: own(tf.zeros([3, 4])), objective: (t) => tf.sum(t, [-2, -1]) }), ShapeError, /square matrices of edge logits/],
        ['wrong shape (n = 1)', (own) => api.spanningTree().estimate({ key: key(0), logits: own(tf.zeros([1, 1])), objective: (t) => tf.sum(t, [-2, -1]) }), ShapeError, /n >= 2/],
        ...estimatorBadInputs(() => api.spanningTree(), [3, 3], 2),
      ],
    },
    conditionalGumbel: {
      cases: [
        ['unknown option', (own) => api.conditionalGumbel({ logits: own(tf.zeros([3])), sample: own(tf.zeros([3])), noise: own(tf.zeros([3])), key: key(0) } as never), ArgumentError, /conditionalGumbel options: unknown option "key"; allowed: "logits", "sample", "noise"/],
        ['wrong type (noise missing)', (own) => api.conditionalGumbel({ logits: own(tf.zeros([3])), sample: own(tf.zeros([3])) } as never), ArgumentError, /conditionalGumbel noise: is missing or not a tensor/],
        ['wrong rank (scalar logits)', (own) => api.conditionalGumbel({ logits: own(tf.scalar(0)), sample: own(tf.scalar(0)), noise: own(tf.scalar(0)) }), ShapeError, /got a scalar/],
        ['wrong shape (sample [2] for logits [3])', (own) => api.conditionalGumbel({ logits: own(tf.zeros([3])), sample: own(tf.zeros([2])), noise: own(tf.zeros([3])) }), ShapeError, /sample and noise of the logits shape/],
        ['disposed logits', (own) => api.conditionalGumbel({ logits: disposedTensor([3]), sample: own(tf.zeros([3])), noise: own(tf.zeros([3])) }), ArgumentError, /disposed/],
      ],
    },
    secondOrderSoftmax: {
      cases: [
        ['wrong type (an array)', () => api.secondOrderSoftmax([1, 2] as never), ArgumentError, /secondOrderSoftmax: x: got array/],
        ['wrong rank (a scalar)', (own) => api.secondOrderSoftmax(own(tf.scalar(1))), ShapeError, /secondOrderSoftmax: x/],
        ['disposed tensor', () => api.secondOrderSoftmax(disposedTensor()), ArgumentError, /disposed/],
      ],
    },
  },
});
