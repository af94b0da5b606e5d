/**
 * Side-by-side diagnostics for gradient estimators on one problem: for each estimator, M
 * independent estimates drawn in batched calls on common random numbers (every estimator gets the
 * same keys), their mean, per-coordinate variance, signal-to-noise ratio, cost in objective
 * evaluations, and — given the exact gradient — a bias z-score.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describe } from './errors';
import type { GradientEstimator, Objective } from './estimator';
import { assertKey, fold, type Key } from './key';
import { assertIntegerIn, assertTensor } from './internal/validate';
import { checkUnbiased, moments } from './statistics';
import { checkOptions } from './options';

export interface EstimatorReport {
  name: string;
  /** objective evaluations per estimate */
  evaluations: number;
  /** whether the estimator claims to be unbiased for its target (bias z is a check of that claim) */
  unbiased: boolean;
  /** number of estimates M */
  replicates: number;
  /** per-coordinate mean of the gradient estimates (flattened logits shape) */
  mean: number[];
  /** per-coordinate variance of one estimate */
  variance: number[];
  /** average of `variance` over coordinates */
  meanVariance: number;
  /** meanVariance × evaluations: the variance at a cost of one objective evaluation */
  costAdjustedVariance: number;
  /** mean over coordinates of |mean| / sd (∞ where sd = 0 and mean ≠ 0) */
  snr: number;
  /** per-coordinate bias z-score (mean − exact)/SE, when the exact gradient is given */
  biasZ?: number[];
  maxAbsBiasZ?: number;
  /** the Bonferroni threshold for maxAbsBiasZ at the false-alarm rate used */
  biasThreshold?: number;
  /** wall-clock milliseconds per estimate (batched, after one warm-up call) */
  millisecondsPerEstimate: number;
  /** the raw estimates [M, logits.size], when `keepEstimates` was set */
  estimates?: Float32Array;
}

export interface CompareOptions {
  key: Key;
  /** the parameters of one problem (no replicate axis): e.g. Bernoulli logits [D] */
  logits: tf.Tensor;
  /** must broadcast over leading axes: it is called on samples [K, M, ...logits batch, ...event] */
  objective: Objective;
  estimators: readonly GradientEstimator[];
  /** estimates per estimator (default 2000); ignored when evaluationBudget is set */
  replicates?: number;
  /** equal cost: each estimator gets floor(budget / evaluations) estimates */
  evaluationBudget?: number;
  /**
   * the exact gradient (logits shape), for bias z-scores; or a function giving each estimator's
   * own reference (e.g. the multi-sample bound's gradient for 'log-mean-exp' estimators), or
   * undefined where there is none
   */
  exactGradient?: tf.Tensor | ((estimator: GradientEstimator) => tf.Tensor | undefined);
  /** estimates per batched call (default 4096) */
  chunkSize?: number;
  falseAlarmRate?: number;
  keepEstimates?: boolean;
  /** called after each batched call with the fraction done, for progress bars */
  onProgress?: (progress: { estimator: string; done: number; total: number }) => void;
}

/** Draws M estimates of one estimator as rows of a Float32Array [M, logits.size], in chunks. */
export function drawEstimates(args: {
  estimator: GradientEstimator;
  key: Key;
  logits: tf.Tensor;
  objective: Objective;
  replicates: number;
  chunkSize?: number;
  onChunk?: (done: number) => void;
}): Float32Array {
  if (typeof args !== 'object' || args === null) throw new ArgumentError('drawEstimates args', `got ${describe(args)}`, '{ estimator, key, logits, objective, replicates }');
  checkOptions('drawEstimates', args, ['estimator', 'key', 'logits', 'objective', 'replicates', 'chunkSize', 'onChunk']);
  const { estimator, key, logits, objective, replicates, chunkSize = 4096, onChunk } = args;
  if (typeof estimator !== 'object' || estimator === null || typeof estimator.estimate !== 'function') {
    throw new ArgumentError('drawEstimates: estimator', `got ${describe(estimator)}`, 'a GradientEstimator (an object with an estimate method), e.g. scoreFunction()');
  }
  assertKey(key);
  assertTensor(logits, 'logits');
  assertIntegerIn(replicates, 'replicates', 1);
  assertIntegerIn(chunkSize, 'chunkSize', 1);
  if (onChunk !== undefined && typeof onChunk !== 'function') throw new ArgumentError('onChunk', `got ${describe(onChunk)}`, 'a function');
  const out = new Float32Array(replicates * logits.size);
  for (let start = 0, chunk = 0; start < replicates; start += chunkSize, chunk++) {
    const m = Math.min(chunkSize, replicates - start);
    const rows = tf.tidy(() => {
      const tiled = tf.broadcastTo(tf.expandDims(logits, 0), [m, ...logits.shape]);
      const { gradient } = estimator.estimate({ key: fold(key, chunk), logits: tiled, objective });
      return gradient.dataSync();
    });
    out.set(rows, start * logits.size);
    onChunk?.(start + m);
  }
  return out;
}

/**
 * @example
 * const reports = compareEstimators({
 *   key: key(0), logits: tf.zeros([4]), objective: f,
 *   estimators: [scoreFunction(), scoreFunction({ controlVariate: leaveOneOut() })],
 *   exactGradient: exactBernoulli({ logits: tf.zeros([4]), objective: f }).gradient,
 * });
 * console.table(reports.map(({ name, meanVariance, snr }) => ({ name, meanVariance, snr })));
 */
export function compareEstimators(options: CompareOptions): EstimatorReport[] {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describe(options)}`, 'an options object');
  checkOptions('compareEstimators', options, [
    'key', 'logits', 'objective', 'estimators', 'replicates', 'evaluationBudget', 'exactGradient', 'chunkSize', 'falseAlarmRate', 'keepEstimates', 'onProgress',
  ]);
  const { key, logits, objective, estimators, exactGradient, chunkSize = 4096, falseAlarmRate = 1e-3, keepEstimates = false, onProgress } = options;
  assertKey(key);
  assertTensor(logits, 'logits');
  if (!Array.isArray(estimators) || estimators.length === 0) {
    throw new ArgumentError('estimators', `got ${describe(estimators)}`, 'a non-empty array of GradientEstimators');
  }
  if (exactGradient !== undefined && typeof exactGradient !== 'function') assertTensor(exactGradient, 'exactGradient');
  assertIntegerIn(chunkSize, 'chunkSize', 1);
  if (typeof falseAlarmRate !== 'number' || !(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new ArgumentError('falseAlarmRate', `got ${describe(falseAlarmRate)}`, 'a number in (0, 1)');
  }
  if (typeof keepEstimates !== 'boolean') throw new ArgumentError('keepEstimates', `got ${describe(keepEstimates)}`, 'true or false');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new ArgumentError('onProgress', `got ${describe(onProgress)}`, 'a function');
  const budget = options.evaluationBudget;
  if (budget !== undefined) assertIntegerIn(budget, 'evaluationBudget', 2);
  return estimators.map((estimator) => {
    const replicates = budget !== undefined ? Math.floor(budget / estimator.evaluations) : (options.replicates ?? 2000);
    assertIntegerIn(replicates, `replicates for ${estimator.name}`, 2);
    // warm-up call so that the timing below excludes one-time kernel compilation
    tf.tidy(() => {
      estimator.estimate({ key: fold(key, 2 ** 31), logits: tf.expandDims(logits, 0), objective });
    });
    const started = performance.now();
    const estimates = drawEstimates({
      estimator,
      key,
      logits,
      objective,
      replicates,
      chunkSize,
      onChunk: (done) => onProgress?.({ estimator: estimator.name, done, total: replicates }),
    });
    const elapsed = performance.now() - started;
    const rows = Array.from({ length: replicates }, (_, i) => estimates.subarray(i * logits.size, (i + 1) * logits.size));
    const m = moments(rows);
    const meanVariance = m.variance.reduce((s, v) => s + v, 0) / m.variance.length;
    const snr =
      m.mean.reduce((s, mu, j) => {
        const sd = Math.sqrt(m.variance[j] as number);
        return s + (sd > 0 ? Math.abs(mu) / sd : mu === 0 ? 0 : Infinity);
      }, 0) / m.mean.length;
    const report: EstimatorReport = {
      name: estimator.name,
      evaluations: estimator.evaluations,
      unbiased: estimator.unbiased,
      replicates,
      mean: m.mean,
      variance: m.variance,
      meanVariance,
      costAdjustedVariance: meanVariance * estimator.evaluations,
      snr,
      millisecondsPerEstimate: elapsed / replicates,
    };
    const reference = typeof exactGradient === 'function' ? exactGradient(estimator) : exactGradient;
    if (reference !== undefined) {
      assertTensor(reference, `exactGradient for ${estimator.name}`);
      const check = checkUnbiased({ estimates: rows, exact: reference, falseAlarmRate });
      report.biasZ = check.z;
      report.maxAbsBiasZ = check.maxAbsZ;
      report.biasThreshold = check.threshold;
    }
    if (keepEstimates) report.estimates = estimates;
    return report;
  });
}
