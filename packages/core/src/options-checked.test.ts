/**
 * The other side of the options checks (issue #15 item 1): the documented keys are still accepted,
 * and describeValue says the type as well as the value. The bad inputs themselves (unknown keys with
 * did-you-mean, wrong types) are rows of core's bad-input table, which lives in
 * packages/testing/test/core-bad-input.test.ts because core cannot depend on @stochgrad/testing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { describeValue } from './errors';
import { key } from './key';
import { scoreFunction } from './score-function';
import { bernoulli } from './distributions/bernoulli';
import { categorical } from './distributions/categorical';

beforeAll(async () => {
  await ready();
});

const f = (b: tf.Tensor) => tf.sum(b, -1);
const logits = () => tf.zeros([2]);

describe('options of core: the documented keys', () => {
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
