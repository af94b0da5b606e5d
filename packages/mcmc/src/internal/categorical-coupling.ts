/**
 * The maximal coupling of two categorical distributions, row by row, in float64 JS. Shared by
 * maximalCouplingCategorical and the coupled i-SIR kernel (whose class counts are small).
 */

/** Probabilities of each row of `logits` ([rows × classes], −∞ allowed) in float64. */
export function rowProbabilities(logits: ArrayLike<number>, rows: number, classes: number): Float64Array {
  const out = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[r * classes + c] as number);
    let total = 0;
    for (let c = 0; c < classes; c++) {
      const v = Math.exp((logits[r * classes + c] as number) - max);
      out[r * classes + c] = v;
      total += v;
    }
    for (let c = 0; c < classes; c++) out[r * classes + c] = (out[r * classes + c] as number) / total;
  }
  return out;
}

/**
 * Index c of the inverse-CDF draw from the unnormalised masses mass(0..classes−1) at uniform u:
 * the first class whose cumulative mass exceeds u·total; −1 when the total mass is zero.
 */
export function inverseCdf(mass: (c: number) => number, classes: number, u: number): number {
  let total = 0;
  for (let c = 0; c < classes; c++) total += mass(c);
  if (!(total > 0)) return -1;
  const target = u * total;
  let cumulative = 0;
  let lastPositive = -1;
  for (let c = 0; c < classes; c++) {
    const m = mass(c);
    if (m <= 0) continue;
    lastPositive = c;
    cumulative += m;
    if (cumulative > target) return c;
  }
  return lastPositive; // u·total at the rounding edge
}

/**
 * Maximal coupling of rows px, py (probabilities [rows × classes]) with three uniforms per row
 * ([rows × 3]): with probability α = Σ_c min(px_c, py_c) both take the same draw from
 * min(px, py)/α; otherwise x ~ (px − min)/(1 − α) and y ~ (py − min)/(1 − α) independently
 * (their supports are disjoint, so x ≠ y). P(x = y) = α = 1 − TV(px, py).
 */
export function coupleCategoricalRows(
  px: Float64Array,
  py: Float64Array,
  rows: number,
  classes: number,
  uniforms: ArrayLike<number>,
  outX: Int32Array,
  outY: Int32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const overlap = (c: number) => Math.min(px[base + c] as number, py[base + c] as number);
    let alpha = 0;
    for (let c = 0; c < classes; c++) alpha += overlap(c);
    const u0 = uniforms[3 * r] as number;
    const u1 = uniforms[3 * r + 1] as number;
    const u2 = uniforms[3 * r + 2] as number;
    let x = -1;
    let y = -1;
    if (u0 >= alpha) {
      x = inverseCdf((c) => Math.max((px[base + c] as number) - overlap(c), 0), classes, u1);
      y = inverseCdf((c) => Math.max((py[base + c] as number) - overlap(c), 0), classes, u2);
    }
    // the overlap branch, and the rounding edge where a residual has no mass (identical rows)
    if (x < 0 || y < 0) {
      x = inverseCdf(overlap, classes, u1);
      y = x;
    }
    outX[r] = x;
    outY[r] = y;
  }
}

/** Inverse-CDF categorical draws from probability rows, one uniform per row. */
export function sampleRows(p: Float64Array, rows: number, classes: number, uniforms: ArrayLike<number>, out: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    out[r] = inverseCdf((c) => p[base + c] as number, classes, uniforms[r] as number);
  }
}
