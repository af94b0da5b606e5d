/**
 * Calibrated assertions for vitest, on top of core's statistical checks. Each failure message
 * says what was measured, the threshold, M and the false-alarm rate.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Estimates, checkUnbiased, checkVariance, compareVariances } from '@stochgrad/core';
import { expect } from 'vitest';

/**
 * Asserts the mean of M estimates (rows) equals the exact gradient: max over coordinates of
 * |mean − exact|/SE must stay below the Bonferroni threshold at family-wise false-alarm rate α
 * (default 1e-3, i.e. an unbiased estimator fails one seed in a thousand; keys are fixed, so a
 * passing test passes every time).
 */
export function expectUnbiased(args: { estimates: Estimates; exact: tf.Tensor | ArrayLike<number>; falseAlarmRate?: number }): void {
  const check = checkUnbiased(args);
  expect(check.passed, check.message).toBe(true);
}

/** Asserts the estimates are detectably biased (the power check): the same test must fail. */
export function expectBiasDetected(args: { estimates: Estimates; exact: tf.Tensor | ArrayLike<number>; falseAlarmRate?: number }): void {
  const check = checkUnbiased(args);
  expect(check.passed, `a biased estimator went undetected: ${check.message}`).toBe(false);
}

/** Asserts sample variances match closed forms within their standard errors (α = 1e-3 default). */
export function expectVariance(args: { estimates: Estimates; expected: tf.Tensor | ArrayLike<number> | number; falseAlarmRate?: number; tolerance?: number }): void {
  const check = checkVariance(args);
  expect(check.passed, check.message).toBe(true);
}

/**
 * Asserts estimator A has significantly lower total variance than B (one-sided, α = 1e-3
 * default); pass paired: true when A and B were drawn with common random numbers.
 */
export function expectLowerVariance(args: { a: Estimates; b: Estimates; paired?: boolean; falseAlarmRate?: number }): void {
  const result = compareVariances(args);
  expect(result.lower, result.message).toBe(true);
}
