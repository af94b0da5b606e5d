/**
 * The bad-input table of @stochgrad/testing itself (issue #15 item 7): its helpers reject malformed
 * tables, options and shapes with typed errors before they register any test, and its assertions
 * pass core's errors through.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, NonFiniteError, ShapeError, key, ready, scoreFunction } from '@stochgrad/core';
import { beforeAll } from 'vitest';
import * as api from '../src/index';

beforeAll(async () => {
  await ready();
});

const rows = [
  [0, 1],
  [1, 0],
];
const nanRows = [
  [NaN, 1],
  [1, 0],
];
const problems = [api.coupledBernoulli];

api.describeBadInputTable({
  packageName: '@stochgrad/testing',
  api,
  rows: {
    expectUnbiased: {
      cases: [
        ['unknown option (did you mean)', () => api.expectUnbiased({ estimates: rows, exact: [0, 0], falseAlarm: 0.1 } as never), ArgumentError, /unknown option "falseAlarm" \(did you mean "falseAlarmRate"\?\)/],
        ['NaN estimates', () => api.expectUnbiased({ estimates: nanRows, exact: [0, 0] }), NonFiniteError],
        ['wrong shape (exact of 3 for 2 coordinates)', () => api.expectUnbiased({ estimates: rows, exact: [0, 0, 0] }), ShapeError],
      ],
    },
    expectBiasDetected: {
      cases: [
        ['out of range (falseAlarmRate 2)', () => api.expectBiasDetected({ estimates: rows, exact: [0, 0], falseAlarmRate: 2 }), ArgumentError, /falseAlarmRate/],
        ['NaN exact', () => api.expectBiasDetected({ estimates: rows, exact: [NaN, 0] }), NonFiniteError],
      ],
    },
    expectVariance: {
      cases: [
        ['unknown option (did you mean)', () => api.expectVariance({ estimates: rows, expected: 1, tolerence: 0 } as never), ArgumentError, /did you mean "tolerance"/],
        ['NaN estimates', () => api.expectVariance({ estimates: nanRows, expected: 1 }), NonFiniteError],
      ],
    },
    expectLowerVariance: {
      cases: [
        ['unknown option (did you mean)', () => api.expectLowerVariance({ a: rows, b: rows, pairde: true } as never), ArgumentError, /did you mean "paired"/],
        ['wrong shape (2 and 3 coordinates)', () => api.expectLowerVariance({ a: rows, b: [[0, 0, 0], [1, 1, 1]] }), ShapeError],
      ],
    },
    describeConformance: {
      cases: [
        ['unknown option (did you mean)', () => api.describeConformance('x', { create: scoreFunction, problems, replicate: 10 } as never), ArgumentError, /describeConformance options: unknown option "replicate" \(did you mean "replicates"\?\)/],
        ['out of range (no problems)', () => api.describeConformance('x', { create: scoreFunction, problems: [] }), ArgumentError, /problems: got array \[\]/],
        ['wrong type (create an estimator, not a function)', () => api.describeConformance('x', { create: scoreFunction() as never, problems }), ArgumentError, /create: got object/],
        ['out of range (replicates 1)', () => api.describeConformance('x', { create: scoreFunction, problems, replicates: 1 }), ArgumentError, /replicates: got number 1/],
        ['out of range (backend "webgl")', () => api.describeConformance('x', { create: scoreFunction, problems, backend: 'webgl' as never }), ArgumentError, /backend: got string "webgl"/],
      ],
    },
    coupledBernoulli: {
      cases: [
        ['exact: disposed logits', () => api.coupledBernoulli.exact(api.disposedTensor([5])), ArgumentError, /disposed/],
        ['exact: NaN logits', (own) => api.coupledBernoulli.exact(own(tf.fill([5], NaN))), ArgumentError, /NaN/],
      ],
    },
    coupledCategorical: {
      cases: [['exact: wrong rank (logits [3])', (own) => api.coupledCategorical.exact(own(tf.zeros([3]))), ShapeError]],
    },
    gaussianQuadratic: {
      cases: [
        ['objective: wrong shape (samples [2, 4] for D = 3)', (own) => api.gaussianQuadratic.objective(own(tf.zeros([2, 4]))), ShapeError],
        ['exact: wrong shape (parameters [3, 3])', (own) => api.gaussianQuadratic.exact(own(tf.zeros([3, 3]))), ShapeError],
      ],
    },
    describeBadInputTable: {
      cases: [
        ['unknown option (did you mean)', () => api.describeBadInputTable({ packageName: 'p', api: {}, row: {} } as never), ArgumentError, /describeBadInputTable options: unknown option "row" \(did you mean "rows"\?\)/],
        ['wrong type (api undefined)', () => api.describeBadInputTable({ packageName: 'p', api: undefined as never, rows: {} }), ArgumentError, /api: got undefined/],
        ['wrong type (a row with neither cases nor none)', () => api.describeBadInputTable({ packageName: 'p', api: {}, rows: { f: {} as never } }), ArgumentError, /rows.f.cases: got undefined/],
        ['unknown option in a row (did you mean)', () => api.describeBadInputTable({ packageName: 'p', api: {}, rows: { f: { case: [] } as never } }), ArgumentError, /rows.f options: unknown option "case" \(did you mean "cases"\?\)/],
        ['out of range (a row with no cases)', () => api.describeBadInputTable({ packageName: 'p', api: {}, rows: { f: { cases: [] } } }), ArgumentError, /rows.f.cases: got array \[\]/],
        ['wrong type (a case whose error class is a string)', () => api.describeBadInputTable({ packageName: 'p', api: {}, rows: { f: { cases: [['x', () => 1, 'ArgumentError' as never]] } } }), ArgumentError, /rows.f.cases\[0\]/],
        ['wrong type (an empty reason)', () => api.describeBadInputTable({ packageName: 'p', api: {}, rows: { f: { none: '' } } }), ArgumentError, /rows.f.none: got string ""/],
      ],
    },
    describeBeforeReady: {
      cases: [
        ['unknown option (did you mean)', () => api.describeBeforeReady({ packageName: 'p', ready, call: [] } as never), ArgumentError, /describeBeforeReady options: unknown option "call" \(did you mean "calls"\?\)/],
        ['wrong type (ready missing)', () => api.describeBeforeReady({ packageName: 'p', calls: [['x', () => 1]] } as never), ArgumentError, /ready: got undefined/],
        ['out of range (no calls)', () => api.describeBeforeReady({ packageName: 'p', ready, calls: [] }), ArgumentError, /calls: got array \[\]/],
        ['wrong type (a call that is not a function)', () => api.describeBeforeReady({ packageName: 'p', ready, calls: [['x', 1 as never]] }), ArgumentError, /calls\[0\]/],
      ],
    },
    disposedTensor: {
      cases: [
        ['wrong shape ([-1])', () => api.disposedTensor([-1]), ShapeError, /disposedTensor: shape/],
        ['wrong type (shape "2")', () => api.disposedTensor('2' as never), ShapeError, /disposedTensor: shape: got string "2"/],
      ],
    },
    estimatorBadInputs: {
      cases: [
        ['wrong type (make an estimator, not a function)', () => api.estimatorBadInputs(scoreFunction() as never), ArgumentError, /estimatorBadInputs: make: got object/],
        ['wrong shape (logitsShape [1.5])', () => api.estimatorBadInputs(scoreFunction, [1.5]), ShapeError, /logitsShape/],
        ['out of range (eventRank 3 for logits [2, 3])', () => api.estimatorBadInputs(scoreFunction, [2, 3], 3), ArgumentError, /eventRank: got number 3/],
      ],
    },
    badInputCounts: { none: 'takes no argument' },
    expectRankConsistency: {
      cases: [
        ['unknown option (did you mean)', () => api.expectRankConsistency({ eventShape: [2], compute: () => [0], tolerence: 0 } as never), ArgumentError, /expectRankConsistency options: unknown option "tolerence" \(did you mean "tolerance"\?\)/],
        ['wrong shape (eventShape [0])', () => api.expectRankConsistency({ eventShape: [0], compute: () => [0] }), ShapeError, /eventShape/],
        ['wrong type (compute a number)', () => api.expectRankConsistency({ eventShape: [2], compute: 1 as never }), ArgumentError, /compute: got number 1/],
        ['out of range (servedUpTo 9)', () => api.expectRankConsistency({ eventShape: [2], compute: () => [0], servedUpTo: 9 }), ArgumentError, /servedUpTo/],
        ['NaN tolerance', () => api.expectRankConsistency({ eventShape: [2], compute: () => [0], tolerance: NaN }), ArgumentError, /tolerance/],
      ],
    },
  },
});
void key;
