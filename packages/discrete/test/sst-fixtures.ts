// Test helpers shared by the relaxation-based estimators' tests (Gumbel-softmax, straight-through,
// stochastic softmax tricks): a chi-square goodness-of-fit test and the documented-bias check.
import { criticalZ } from '@stochgrad/core';
import { expect } from 'vitest';

/** ln Γ(x), Lanczos (g = 7, n = 9), relative error < 1e-13 for x > 0 */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularized upper incomplete gamma function Q(a, x) (series below a + 1, else Lentz's continued fraction). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - front * sum;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return front * h;
}

export interface GoodnessOfFit {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Pearson's chi-square test of observed counts against exact cell probabilities; cells with
 * expected count below 5 are pooled into one.
 */
export function chiSquareTest(counts: readonly number[], probabilities: readonly number[]): GoodnessOfFit {
  const total = counts.reduce((a, b) => a + b, 0);
  let statistic = 0;
  let cells = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  counts.forEach((observed, i) => {
    const expected = total * (probabilities[i] as number);
    if (expected < 5) {
      pooledObserved += observed;
      pooledExpected += expected;
      return;
    }
    statistic += (observed - expected) ** 2 / expected;
    cells++;
  });
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    cells++;
  }
  const degreesOfFreedom = cells - 1;
  return { statistic, degreesOfFreedom, pValue: upperGamma(degreesOfFreedom / 2, statistic / 2) };
}

/** All k-subsets of {0..n−1}, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const visit = (start: number) => {
    if (current.length === k) {
      out.push(current.slice());
      return;
    }
    for (let i = start; i < n; i++) {
      current.push(i);
      visit(i + 1);
      current.pop();
    }
  };
  visit(0);
  return out;
}

export interface RelativeBias {
  /** ‖mean − exact‖ / ‖exact‖ */
  relative: number;
  /** its standard error (delta method from the per-coordinate standard errors) */
  standardError: number;
  /** max over coordinates of |mean − exact| / SE */
  maxAbsZ: number;
}

export function relativeBias(args: { mean: readonly number[]; exact: readonly number[]; standardError: readonly number[] }): RelativeBias {
  const { mean, exact, standardError } = args;
  const diff = mean.map((m, j) => m - (exact[j] as number));
  const norm = Math.hypot(...diff);
  const exactNorm = Math.hypot(...exact);
  const se = Math.sqrt(diff.reduce((s, d, j) => s + (norm === 0 ? 0 : (d / norm) ** 2) * (standardError[j] as number) ** 2, 0));
  const maxAbsZ = Math.max(...diff.map((d, j) => Math.abs(d) / Math.max(standardError[j] as number, 1e-12)));
  return { relative: norm / exactNorm, standardError: se / exactNorm, maxAbsZ };
}

/**
 * The conformance suite's `documentedBias` hook: the measured relative bias must match the
 * documented figure within max(4 standard errors, 0.01), and must be detectable (the unbiasedness
 * test at α = 1e-3 rejects it), so the documentation cannot claim a bias the data do not show.
 */
export function expectDocumentedBias(documentedBias: number | Readonly<Record<string, number>>) {
  return (args: { problem: { name: string }; mean: number[]; exact: number[]; standardError: number[] }): void => {
    const documented = typeof documentedBias === 'number' ? documentedBias : documentedBias[args.problem.name];
    if (documented === undefined) throw new Error(`no documented bias for ${args.problem.name}`);
    const bias = relativeBias(args);
    const message = `${args.problem.name}: relative bias ${bias.relative.toFixed(4)} ± ${bias.standardError.toFixed(4)}, documented ${documented}`;
    expect(Math.abs(bias.relative - documented), message).toBeLessThanOrEqual(Math.max(4 * bias.standardError, 0.01));
    expect(bias.maxAbsZ, `${message}: the bias should be detectable`).toBeGreaterThan(criticalZ(1e-3, args.mean.length));
  };
}
