/**
 * Calibrated statistical checks for gradient estimators: each states its false-alarm rate, and the
 * threshold is derived from the estimates' own standard errors. They work on M estimates laid
 * out as rows of an [M, d] tensor or array (d coordinates each).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, NonFiniteError, ShapeError, describe } from './errors';
import { checkOptions } from './options';

/** An optional rate or tolerance: undefined (the default) or a number in [0, 1). */
function checkRate(value: unknown, argument: string): void {
  if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value < 1))) {
    throw new ArgumentError(argument, `got ${describe(value)}`, 'a number in [0, 1)');
  }
}

/** Rows of estimates: a tensor [M, ...] (flattened per row) or an array of equal-length rows. */
export type Estimates = tf.Tensor | ArrayLike<ArrayLike<number>>;

interface Table {
  rows: number;
  columns: number;
  data: Float64Array;
}

/** Throws a NonFiniteError naming the first NaN or ±Infinity in a table: it has no mean to test. */
function assertFiniteTable(table: Table, argument: string): Table {
  const { rows, columns, data } = table;
  let first = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return table;
  const row = Math.floor(first / columns);
  const column = first % columns;
  const value = data[first] as number;
  throw new NonFiniteError(
    argument,
    `has ${value} at row ${row}, coordinate ${column} (${count} non-finite value${count > 1 ? 's' : ''} in ${rows} rows × ${columns} coordinates)`,
    'finite estimates: a NaN or infinite estimate has no mean or variance to test (look at what produced it)',
    [row, column],
    value,
  );
}

function toTable(estimates: Estimates, argument: string): Table {
  if (estimates instanceof tf.Tensor) {
    if (estimates.rank < 1) throw new ShapeError(argument, 'got a scalar', 'a tensor [M, ...] with one estimate per row');
    const rows = estimates.shape[0] as number;
    const columns = rows === 0 ? 0 : estimates.size / rows;
    return assertFiniteTable({ rows, columns, data: Float64Array.from(estimates.dataSync()) }, argument);
  }
  if (!estimates || typeof estimates.length !== 'number') {
    throw new ArgumentError(argument, `got ${describe(estimates)}`, 'a tf.Tensor [M, d] or an array of rows');
  }
  const rows = estimates.length;
  const columns = rows === 0 ? 0 : (estimates[0] as ArrayLike<number>).length;
  const data = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const row = estimates[i] as ArrayLike<number>;
    if (row.length !== columns) throw new ShapeError(argument, `row ${i} has ${row.length} values, row 0 has ${columns}`, 'rows of equal length');
    for (let j = 0; j < columns; j++) data[i * columns + j] = row[j] as number;
  }
  return assertFiniteTable({ rows, columns, data }, argument);
}

function toVector(value: tf.Tensor | ArrayLike<number> | number, columns: number, argument: string): Float64Array {
  const flat = typeof value === 'number' ? new Array<number>(columns).fill(value) : value instanceof tf.Tensor ? value.dataSync() : value;
  if (flat.length !== columns) throw new ShapeError(argument, `has ${flat.length} values`, `${columns} values, one per coordinate of an estimate`);
  const vector = Float64Array.from(flat);
  const bad = vector.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new NonFiniteError(argument, `has ${vector[bad]} at coordinate ${bad}`, 'finite values, one per coordinate of an estimate', [bad], vector[bad] as number);
  return vector;
}

/**
 * The standard normal quantile Φ⁻¹(p): Acklam's rational approximation refined by one Halley step
 * (absolute error below 1e-6 for p in [1e-12, 1 − 1e-12], ample for test thresholds).
 */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) throw new ArgumentError('p', `got ${describe(p)}`, 'a probability in (0, 1)');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (coefficients: number[], x: number) => coefficients.reduce((acc, k) => acc * x + k, 0);
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(c, q) / (poly(d, q) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(a, r) * q) / (poly(b, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(c, q) / (poly(d, q) * q + 1);
  }
  // one Halley step on Φ(x) − p
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided critical z for `coordinates` simultaneous tests at family-wise false-alarm rate α (Bonferroni). */
export function criticalZ(falseAlarmRate: number, coordinates = 1): number {
  if (typeof falseAlarmRate !== 'number' || !(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new ArgumentError('falseAlarmRate', `got ${describe(falseAlarmRate)}`, 'a probability in (0, 1)');
  }
  if (!Number.isSafeInteger(coordinates) || coordinates < 1) throw new ArgumentError('coordinates', `got ${describe(coordinates)}`, 'an integer >= 1 (default 1)');
  return normalQuantile(1 - falseAlarmRate / (2 * coordinates));
}

export interface Moments {
  rows: number;
  mean: number[];
  variance: number[];
  /** standard error of each mean: sqrt(variance / M) */
  standardError: number[];
  /** standard error of each sample variance: sqrt((m4 − s⁴) / M) */
  varianceStandardError: number[];
}

/** Per-coordinate mean, unbiased variance and their standard errors (two-pass, float64). */
export function moments(estimates: Estimates): Moments {
  const { rows, columns, data } = toTable(estimates, 'estimates');
  if (rows < 2) throw new ArgumentError('estimates', `got ${rows} row(s)`, 'at least 2 estimates (rows)');
  const mean = new Array<number>(columns).fill(0);
  const variance = new Array<number>(columns).fill(0);
  const fourth = new Array<number>(columns).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) mean[j] = (mean[j] as number) + (data[i * columns + j] as number) / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const dev = (data[i * columns + j] as number) - (mean[j] as number);
      variance[j] = (variance[j] as number) + dev * dev;
      fourth[j] = (fourth[j] as number) + dev ** 4;
    }
  }
  const v = variance.map((s) => s / (rows - 1));
  return {
    rows,
    mean,
    variance: v,
    standardError: v.map((s) => Math.sqrt(s / rows)),
    varianceStandardError: fourth.map((m, j) => Math.sqrt(Math.max(m / rows - (variance[j] as number / rows) ** 2, 0) / rows)),
  };
}

export interface UnbiasedCheck {
  passed: boolean;
  /** per-coordinate z = (mean − exact) / SE */
  z: number[];
  maxAbsZ: number;
  threshold: number;
  falseAlarmRate: number;
  rows: number;
  mean: number[];
  standardError: number[];
  /** a sentence saying what was found */
  message: string;
}

/**
 * Tests that the mean of M estimates equals the exact gradient: every coordinate's
 * |mean − exact| / SE must stay below the Bonferroni threshold for a family-wise false-alarm rate
 * α (default 1e-3: an unbiased estimator fails one run in a thousand; with fixed keys the outcome
 * is deterministic). Differences within `tolerance` (default 1e-5) relative to the exact value
 * count as float32 rounding, not bias.
 * @example
 * const check = checkUnbiased({ estimates: grads, exact: oracle.gradient });
 * if (!check.passed) console.log(check.message);
 */
export function checkUnbiased(args: {
  estimates: Estimates;
  exact: tf.Tensor | ArrayLike<number>;
  falseAlarmRate?: number;
  tolerance?: number;
}): UnbiasedCheck {
  checkOptions('checkUnbiased', args, ['estimates', 'exact', 'falseAlarmRate', 'tolerance']);
  checkRate(args.falseAlarmRate, 'falseAlarmRate');
  checkRate(args.tolerance, 'tolerance');
  const { estimates, exact, falseAlarmRate = 1e-3, tolerance = 1e-5 } = args;
  const m = moments(estimates);
  const target = toVector(exact, m.mean.length, 'exact');
  const threshold = criticalZ(falseAlarmRate, m.mean.length);
  const z = m.mean.map((mu, j) => {
    // floating-point slack: estimates computed in float32 can miss the exact value by ~1e-7
    // relative even when (nearly) noiseless, e.g. DisARM at θ = ½
    const raw = mu - (target[j] as number);
    const gap = Math.sign(raw) * Math.max(0, Math.abs(raw) - tolerance * Math.abs(target[j] as number));
    const se = m.standardError[j] as number;
    if (gap === 0) return 0;
    return se > 0 ? gap / se : Math.sign(gap) * Infinity;
  });
  const maxAbsZ = z.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
  const worst = z.findIndex((v) => Math.abs(v) === maxAbsZ);
  const passed = maxAbsZ <= threshold;
  const message =
    `${passed ? 'consistent with unbiased' : 'BIASED'}: max |z| = ${maxAbsZ.toFixed(2)} at coordinate ${worst} ` +
    `(mean ${m.mean[worst]?.toPrecision(5)}, exact ${target[worst]?.toPrecision(5)}, SE ${m.standardError[worst]?.toPrecision(3)}), ` +
    `threshold ${threshold.toFixed(2)} for ${m.mean.length} coordinates at false-alarm rate ${falseAlarmRate}, M = ${m.rows}`;
  return { passed, z, maxAbsZ, threshold, falseAlarmRate, rows: m.rows, mean: m.mean, standardError: m.standardError, message };
}

export interface VarianceCheck {
  passed: boolean;
  z: number[];
  maxAbsZ: number;
  threshold: number;
  variance: number[];
  expected: number[];
  message: string;
}

/**
 * Tests per-coordinate sample variances against known values: z = (s² − σ²) / SE(s²) with
 * SE(s²) = sqrt((m4 − s⁴)/M), plus a relative `tolerance` for float32 rounding (default 1e-4) and
 * 1e-10·mean² for float64 summation rounding (so a constant estimate matches an expected 0).
 */
export function checkVariance(args: {
  estimates: Estimates;
  expected: tf.Tensor | ArrayLike<number> | number;
  falseAlarmRate?: number;
  tolerance?: number;
}): VarianceCheck {
  checkOptions('checkVariance', args, ['estimates', 'expected', 'falseAlarmRate', 'tolerance']);
  checkRate(args.falseAlarmRate, 'falseAlarmRate');
  checkRate(args.tolerance, 'tolerance');
  const { estimates, expected, falseAlarmRate = 1e-3, tolerance = 1e-4 } = args;
  const m = moments(estimates);
  const target = Array.from(toVector(expected, m.variance.length, 'expected'));
  const threshold = criticalZ(falseAlarmRate, m.variance.length);
  const z = m.variance.map((s2, j) => {
    const gap = s2 - (target[j] as number);
    // relative tolerance, plus float64 summation rounding (a constant estimate has variance ~1e-30)
    const slack = tolerance * Math.abs(target[j] as number) + 1e-10 * (m.mean[j] as number) ** 2;
    const shrunk = Math.sign(gap) * Math.max(0, Math.abs(gap) - slack);
    const se = m.varianceStandardError[j] as number;
    return shrunk === 0 ? 0 : se > 0 ? shrunk / se : Math.sign(shrunk) * Infinity;
  });
  const maxAbsZ = z.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
  const passed = maxAbsZ <= threshold;
  return {
    passed,
    z,
    maxAbsZ,
    threshold,
    variance: m.variance,
    expected: target,
    message: `${passed ? 'variance matches' : 'variance DIFFERS'}: sample ${m.variance.map((v) => v.toPrecision(4)).join(', ')} vs expected ${target.map((v) => v.toPrecision(4)).join(', ')}; max |z| ${maxAbsZ.toFixed(2)} (threshold ${threshold.toFixed(2)}, M = ${m.rows})`,
  };
}

export interface VarianceComparison {
  /** true when a's total variance is significantly lower than b's */
  lower: boolean;
  /** z of (total variance a − total variance b); negative when a is lower */
  z: number;
  threshold: number;
  varianceA: number;
  varianceB: number;
  message: string;
}

/**
 * One-sided test that estimator A has lower total variance (Σ_i Var ĝ_i) than B. Rows of A and
 * B may be paired (common random numbers, same M): then the per-row differences of squared
 * deviations are tested, which is far more powerful; otherwise the two are taken as independent.
 */
export function compareVariances(args: { a: Estimates; b: Estimates; paired?: boolean; falseAlarmRate?: number }): VarianceComparison {
  checkOptions('compareVariances', args, ['a', 'b', 'paired', 'falseAlarmRate']);
  checkRate(args.falseAlarmRate, 'falseAlarmRate');
  if (args.paired !== undefined && typeof args.paired !== 'boolean') throw new ArgumentError('paired', `got ${describe(args.paired)}`, 'true or false (default false)');
  const { a, b, paired = false, falseAlarmRate = 1e-3 } = args;
  const ta = toTable(a, 'a');
  const tb = toTable(b, 'b');
  if (ta.columns !== tb.columns) throw new ShapeError('a, b', `estimates have ${ta.columns} and ${tb.columns} coordinates`, 'the same number of coordinates');
  if (paired && ta.rows !== tb.rows) throw new ShapeError('a, b', `${ta.rows} and ${tb.rows} rows`, 'the same number of rows when paired');
  const squaredDeviations = (t: Table) => {
    const mean = new Float64Array(t.columns);
    for (let i = 0; i < t.rows; i++) for (let j = 0; j < t.columns; j++) mean[j] = (mean[j] as number) + (t.data[i * t.columns + j] as number) / t.rows;
    const out = new Float64Array(t.rows);
    const correction = t.rows / (t.rows - 1);
    for (let i = 0; i < t.rows; i++) {
      let s = 0;
      for (let j = 0; j < t.columns; j++) s += ((t.data[i * t.columns + j] as number) - (mean[j] as number)) ** 2;
      out[i] = s * correction;
    }
    return out;
  };
  const meanAndVar = (x: Float64Array) => {
    const mu = x.reduce((s, v) => s + v, 0) / x.length;
    const v = x.reduce((s, y) => s + (y - mu) ** 2, 0) / (x.length - 1);
    return { mu, v };
  };
  const da = squaredDeviations(ta);
  const db = squaredDeviations(tb);
  const A = meanAndVar(da);
  const B = meanAndVar(db);
  let z: number;
  if (paired) {
    const diff = da.map((v, i) => v - (db[i] as number));
    const D = meanAndVar(diff);
    z = D.v > 0 ? D.mu / Math.sqrt(D.v / diff.length) : D.mu === 0 ? 0 : Math.sign(D.mu) * Infinity;
  } else {
    const se = Math.sqrt(A.v / da.length + B.v / db.length);
    z = se > 0 ? (A.mu - B.mu) / se : A.mu === B.mu ? 0 : Math.sign(A.mu - B.mu) * Infinity;
  }
  const threshold = normalQuantile(1 - falseAlarmRate);
  const lower = z < -threshold;
  return {
    lower,
    z,
    threshold,
    varianceA: A.mu,
    varianceB: B.mu,
    message: `total variance ${A.mu.toPrecision(4)} vs ${B.mu.toPrecision(4)}: z = ${z.toFixed(2)} (${lower ? 'significantly lower' : 'not significantly lower'} at false-alarm rate ${falseAlarmRate}, ${paired ? 'paired' : 'independent'})`,
  };
}
