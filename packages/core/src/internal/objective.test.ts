import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../backend';
import { leaveOneOut } from '../control-variates';
import { ArgumentError, NonFiniteError } from '../errors';
import { exactBernoulli } from '../exact';
import { normalFamily } from '../families';
import { key } from '../key';
import { pathwise } from '../pathwise';
import { scoreFunction } from '../score-function';
import { checkUnbiased, checkVariance, moments } from '../statistics';

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

// log b₀: −Infinity for every sample with b₀ = 0; b₀/b₀: NaN there
const logFirst = (b: tf.Tensor) => tf.log(tf.sum(tf.mul(b, tf.tensor1d([1, 0])), -1));
const nanFirst = (b: tf.Tensor) => {
  const first = tf.sum(tf.mul(b, tf.tensor1d([1, 0])), -1);
  return tf.div(first, first);
};

describe('non-finite objective values (every estimator, through callObjective)', () => {
  beforeAll(async () => {
    await ready();
  });

  it('throw a NonFiniteError naming the sample, its index and the value, and leak no tensor', () => {
    const logits = tf.tensor2d([[-3, 0], [3, 0]]); // batch 2: b₀ = 0 is likely in row 0, rare in row 1
    const est = scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 });
    for (const [objective, value, text] of [[logFirst, -Infinity, '-Infinity'], [nanFirst, Number.NaN, 'NaN']] as const) {
      const before = tf.memory().numTensors;
      const error = thrown(() => est.estimate({ key: key(3), logits, objective }));
      expect(tf.memory().numTensors).toBe(before);
      expect(error).toBeInstanceOf(NonFiniteError);
      expect(error).toBeInstanceOf(ArgumentError);
      const e = error as NonFiniteError;
      expect(Object.is(e.value, value)).toBe(true);
      expect(e.index).toHaveLength(2); // [sample, batch element]
      const [k, row] = e.index as [number, number];
      // the sample named is one where b₀ = 0, shown with its value
      expect(e.message).toContain(`objective: returned ${text} for the sample at index [${k}, ${row}] (samples[${k}][${row}] = [0, `);
      expect(e.message).toMatch(/values of shape \[4, 2\] for samples of shape \[4, 2, 2\]/);
      expect(e.message).toMatch(/allowed: finite values; .*allowNonFinite: true/);
    }
    logits.dispose();
  });

  it('reach the estimate when asked (allowNonFinite: true), and the option is checked', () => {
    const logits = tf.tensor2d([[-3, 0]]);
    const est = scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 });
    const { value, gradient } = est.estimate({ key: key(3), logits, objective: nanFirst, allowNonFinite: true });
    expect(Number.isNaN(value.dataSync()[0])).toBe(true);
    expect(Array.from(gradient.dataSync()).some(Number.isNaN)).toBe(true);
    expect(() => est.estimate({ key: key(3), logits, objective: nanFirst, allowNonFinite: 'yes' as never })).toThrow(
      /^allowNonFinite: got string "yes"; allowed: true or false/,
    );
  });

  it('are checked for the pathwise estimator and the exact oracles too', () => {
    const params = tf.tensor2d([[0, 0]]); // one normal, loc 0, log scale 0
    const error = thrown(() => pathwise({ family: normalFamily }).estimate({ key: key(1), logits: tf.expandDims(params, 0), objective: (x) => tf.log(tf.sum(x, -1)) }));
    expect(error).toBeInstanceOf(NonFiniteError); // log of a negative normal draw is NaN
    expect(Object.is((error as NonFiniteError).value, Number.NaN)).toBe(true);
    expect(() => exactBernoulli({ logits: tf.tensor1d([0, 0]), objective: logFirst })).toThrow(/^objective: returned -Infinity for the sample at index \[0\] \(samples\[0\] = \[0, 0\]/);
  });
});

describe('the statistical checks reject non-finite estimates with a clear message', () => {
  it('checkUnbiased, checkVariance, moments: the row, the coordinate and the value', () => {
    const rows = [[1, 2], [Number.NaN, 2], [1, Infinity]];
    for (const call of [
      () => checkUnbiased({ estimates: rows, exact: [1, 2] }),
      () => checkVariance({ estimates: tf.tensor2d(rows), expected: 0 }),
      () => moments(rows),
    ]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(NonFiniteError);
      expect((error as Error).message).toBe(
        'estimates: has NaN at row 1, coordinate 0 (2 non-finite values in 3 rows × 2 coordinates); allowed: finite estimates: a NaN or infinite estimate has no mean or variance to test (look at what produced it)',
      );
    }
    expect(() => checkUnbiased({ estimates: [[1], [2]], exact: [Number.NaN] })).toThrow(/^exact: has NaN at coordinate 0/);
  });
});
