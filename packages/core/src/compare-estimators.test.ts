import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { compareEstimators } from './compare-estimators';
import { leaveOneOut, movingAverageBaseline } from './control-variates';
import { ArgumentError } from './errors';
import { exactBernoulli } from './exact';
import { key } from './key';
import { scoreFunction } from './score-function';

describe('compareEstimators', () => {
  beforeAll(async () => {
    await ready();
  });

  it('reports mean, variance, SNR, cost and bias z at equal evaluation cost, on common random numbers', () => {
    const logits = tf.tensor1d([0.5, -1, 0]);
    const objective = (b: tf.Tensor) => tf.sum(tf.square(tf.sub(b, 0.4)), -1);
    const exact = exactBernoulli({ logits, objective });
    const ema = movingAverageBaseline();
    const estimators = [scoreFunction(), scoreFunction({ controlVariate: ema }), scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 })];
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const reports = compareEstimators({
      key: key(1),
      logits,
      objective,
      estimators,
      evaluationBudget: 20000,
      exactGradient: exact.gradient,
      chunkSize: 3000,
      onProgress: ({ done }) => progress.push(done),
    });
    ema.dispose?.();
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.map((r) => r.replicates)).toEqual([20000, 20000, 5000]);
    expect(progress.slice(0, 7)).toEqual([3000, 6000, 9000, 12000, 15000, 18000, 20000]);
    for (const r of reports) {
      expect(r.mean).toHaveLength(3);
      expect(r.variance).toHaveLength(3);
      expect(r.maxAbsBiasZ).toBeLessThan(r.biasThreshold as number);
      expect(r.costAdjustedVariance).toBeCloseTo(r.meanVariance * r.evaluations, 10);
      expect(r.snr).toBeGreaterThan(0);
      expect(r.millisecondsPerEstimate).toBeGreaterThan(0);
    }
    // baselines reduce the variance well below plain REINFORCE here
    expect(reports[2]!.costAdjustedVariance).toBeLessThan(reports[0]!.costAdjustedVariance);
    // the same key gives the same report
    const again = compareEstimators({ key: key(1), logits, objective, estimators: [estimators[0]!], evaluationBudget: 20000, chunkSize: 3000 });
    expect(again[0]!.mean).toEqual(reports[0]!.mean);
    tf.dispose([logits, exact.value, exact.gradient]);
  });

  it('rejects bad options', () => {
    const logits = tf.zeros([2]);
    expect(() => compareEstimators({ key: key(0), logits, objective: (b) => tf.sum(b, -1), estimators: [] })).toThrow(ArgumentError);
    expect(() => compareEstimators({ key: key(0), logits, objective: (b) => tf.sum(b, -1), estimators: [scoreFunction()], replicates: 1 })).toThrow(/replicates/);
    logits.dispose();
  });
});
