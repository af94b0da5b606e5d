/**
 * Every public function of core that takes an options (or arguments, or parameters) object
 * rejects an unknown key naming it, the closest known key and the allowed set, and a value of the
 * wrong type ("2" is not a number) with `got string "2"`. Issue #15 item 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { compareEstimators, drawEstimates } from './compare-estimators';
import { learnedBaseline, movingAverageBaseline } from './control-variates';
import { ArgumentError, describeValue } from './errors';
import { exactBernoulli, exactBernoulliBound, exactCategorical, exactNormalQuadratic, quadraticForm } from './exact';
import { key } from './key';
import { pathwise } from './pathwise';
import * as random from './random';
import { scoreFunction } from './score-function';
import { checkUnbiased, checkVariance, compareVariances } from './statistics';
import { bernoulli } from './distributions/bernoulli';
import { categorical } from './distributions/categorical';
import { oneHotCategorical } from './distributions/one-hot-categorical';
import { normal } from './distributions/normal';
import { gumbel } from './distributions/gumbel';
import { logistic } from './distributions/logistic';
import { uniform } from './distributions/uniform';
import { relaxedBernoulli } from './distributions/relaxed-bernoulli';
import { relaxedOneHotCategorical } from './distributions/relaxed-one-hot-categorical';

beforeAll(async () => {
  await ready();
});

const f = (b: tf.Tensor) => tf.sum(b, -1);
const logits = () => tf.zeros([2]);
const rows = [
  [0, 1],
  [1, 0],
];

// [function, call with a bad option, expected message fragment]
const cases: [string, () => unknown, RegExp][] = [
  ['ready', () => ready({ fallbak: 'cpu' } as never), /ready options: unknown option "fallbak" \(did you mean "fallback"\?\); allowed: "backend", "fallback"/],
  ['ready (threads "2")', () => ready({ threads: '2' } as never), /threads: got string "2"/],
  ['scoreFunction', () => scoreFunction({ controlVarite: 1, numSamples: 4 } as never), /unknown option "controlVarite" \(did you mean "controlVariate"\?\)/],
  ['scoreFunction (numSamples "2")', () => scoreFunction({ numSamples: '2' } as never), /numSamples: got string "2"/],
  ['pathwise', () => pathwise({ numSample: 2 } as never), /pathwise options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
  ['movingAverageBaseline', () => movingAverageBaseline({ decai: 0.5 } as never), /unknown option "decai" \(did you mean "decay"\?\)/],
  ['movingAverageBaseline (decay "0.5")', () => movingAverageBaseline({ decay: '0.5' } as never), /decay: got string "0.5"/],
  ['learnedBaseline', () => learnedBaseline(() => tf.zeros([1]), { nmae: 'x' } as never), /unknown option "nmae" \(did you mean "name"\?\)/],
  ['estimate', () => scoreFunction().estimate({ key: key(0), logits: logits(), objective: f, allowNonFinit: true } as never), /estimate options: unknown option "allowNonFinit" \(did you mean "allowNonFinite"\?\).*"allowNonFinite"/],
  ['compareEstimators', () => compareEstimators({ key: key(0), logits: logits(), objective: f, estimators: [scoreFunction()], evalBudget: 100 } as never), /unknown option "evalBudget" \(did you mean "evaluationBudget"\?\)/],
  ['compareEstimators (replicates "2")', () => compareEstimators({ key: key(0), logits: logits(), objective: f, estimators: [scoreFunction()], replicates: '2' } as never), /got string "2"/],
  ['drawEstimates', () => drawEstimates({ estimator: scoreFunction(), key: key(0), logits: logits(), objective: f, replicates: 2, chunksize: 2 } as never), /unknown option "chunksize" \(did you mean "chunkSize"\?\)/],
  ['exactBernoulli', () => exactBernoulli({ logits: logits(), objective: f, numSamples: 2 } as never), /exactBernoulli options: unknown option "numSamples"; allowed: "logits", "objective"/],
  ['exactCategorical', () => exactCategorical({ logit: logits(), objective: f } as never), /unknown option "logit" \(did you mean "logits"\?\)/],
  ['exactBernoulliBound', () => exactBernoulliBound({ logits: logits(), objective: f, numSample: 2 } as never), /unknown option "numSample" \(did you mean "numSamples"\?\)/],
  ['exactBernoulliBound (numSamples "2")', () => exactBernoulliBound({ logits: logits(), objective: f, numSamples: '2' } as never), /numSamples: got string "2"/],
  ['quadraticForm', () => quadraticForm({ matrix: tf.eye(2), vectr: tf.ones([2]) } as never), /unknown option "vectr" \(did you mean "vector"\?\)/],
  ['quadraticForm (offset "2")', () => quadraticForm({ matrix: tf.eye(2), offset: '2' } as never), /offset: got string "2"/],
  ['exactNormalQuadratic', () => exactNormalQuadratic({ params: tf.zeros([2, 2]), matrix: tf.eye(2), ofset: 1 } as never), /unknown option "ofset" \(did you mean "offset"\?\)/],
  ['checkUnbiased', () => checkUnbiased({ estimates: rows, exact: [0, 0], falseAlarm: 0.1 } as never), /unknown option "falseAlarm" \(did you mean "falseAlarmRate"\?\)/],
  ['checkUnbiased (falseAlarmRate "0.1")', () => checkUnbiased({ estimates: rows, exact: [0, 0], falseAlarmRate: '0.1' } as never), /falseAlarmRate: got string "0.1"/],
  ['checkVariance', () => checkVariance({ estimates: rows, expected: 1, tolerence: 0 } as never), /unknown option "tolerence" \(did you mean "tolerance"\?\)/],
  ['compareVariances', () => compareVariances({ a: rows, b: rows, pairde: true } as never), /unknown option "pairde" \(did you mean "paired"\?\)/],
  ['random.uniform', () => random.uniform(key(0), [2], { lo: 0 } as never), /random.uniform options: unknown option "lo" \(did you mean "low"\?\)/],
  ['random.uniform (high "2")', () => random.uniform(key(0), [2], { high: '2' } as never), /got low number 0, high string "2"/],
  ['random.normal', () => random.normal(key(0), [2], { std: 1 } as never), /unknown option "std" \(did you mean "stddev"\?\)/],
  ['random.bernoulli', () => random.bernoulli(key(0), { logits: 0, prob: 0.5 } as never), /unknown option "prob" \(did you mean "probs"\?\)/],
  ['random.uniformArray', () => random.uniformArray(key(0), 2, { hi: 1 } as never), /random.uniformArray options: unknown option "hi"/],
  ['random.normalArray', () => random.normalArray(key(0), 2, { mean: 0, stdev: 1 } as never), /unknown option "stdev" \(did you mean "stddev"\?\)/],
  ['bernoulli', () => bernoulli({ logits: 0, checksupport: false } as never), /bernoulli options: unknown option "checksupport" \(did you mean "checkSupport"\?\)/],
  ['categorical', () => categorical({ logits: tf.zeros([3]), checkSuport: false } as never), /unknown option "checkSuport" \(did you mean "checkSupport"\?\)/],
  ['oneHotCategorical', () => oneHotCategorical({ logits: tf.zeros([3]), temperature: 1 } as never), /oneHotCategorical options: unknown option "temperature"; allowed: "logits", "checkSupport"/],
  ['normal', () => normal({ loc: 0, scale: 1, sacle: 2 } as never), /normal options: unknown option "sacle" \(did you mean "scale"\?\)/],
  ['gumbel', () => gumbel({ loc: 0, scale: 1, location: 0 } as never), /gumbel options: unknown option "location"/],
  ['logistic', () => logistic({ loc: 0, scale: 1, checkSupport: true } as never), /logistic options: unknown option "checkSupport"/],
  ['uniform', () => uniform({ low: 0, high: 1, hihg: 2 } as never), /uniform options: unknown option "hihg" \(did you mean "high"\?\)/],
  ['relaxedBernoulli', () => relaxedBernoulli({ logits: 0, temperature: 1, temprature: 1 } as never), /unknown option "temprature" \(did you mean "temperature"\?\)/],
  ['relaxedOneHotCategorical', () => relaxedOneHotCategorical({ logits: tf.zeros([3]), temperature: 1, probs: 1 } as never), /relaxedOneHotCategorical options: unknown option "probs"/],
];

describe('options are checked in every function of core', () => {
  it.each(cases)('%s', (_name, call, message) => {
    let thrown: unknown;
    try {
      tf.tidy(() => {
        call();
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ArgumentError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('still accepts the documented keys (allowNonFinite, checkSupport)', () => {
    tf.tidy(() => {
      expect(() => scoreFunction().estimate({ key: key(0), logits: logits(), objective: f, allowNonFinite: true })).not.toThrow();
      expect(() => bernoulli({ logits: 0, checkSupport: false })).not.toThrow();
      expect(() => categorical({ logits: tf.zeros([3]), checkSupport: false })).not.toThrow();
    });
  });

  it('describeValue says the type as well as the value', () => {
    expect(describeValue('2')).toBe('string "2"');
    expect(describeValue(2)).toBe('number 2');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(tf.zeros([2, 3]))).toBe('tensor of shape [2, 3]');
  });
});
