/**
 * Dense float64 linear algebra in plain JS for the kernel score estimators (M up to a few
 * thousand): tfjs-core has no Cholesky, solve or symmetric eigendecomposition. Matrices are
 * row-major Float64Arrays.
 */

/** In-place Cholesky factor of a symmetric positive definite n×n matrix (lower triangle L, A = LLᵀ); false if not SPD. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j] as number;
    for (let k = 0; k < j; k++) diagonal -= (a[j * n + k] as number) ** 2;
    if (!(diagonal > 0)) return false;
    const ljj = Math.sqrt(diagonal);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j] as number;
      for (let k = 0; k < j; k++) v -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = v / ljj;
    }
    for (let k = j + 1; k < n; k++) a[j * n + k] = 0;
  }
  return true;
}

/** Solves (LLᵀ) X = B in place for B n×m (row-major), given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, m: number): void {
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let v = b[i * m + c] as number;
      for (let k = 0; k < i; k++) v -= (l[i * n + k] as number) * (b[k * m + c] as number);
      b[i * m + c] = v / (l[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = b[i * m + c] as number;
      for (let k = i + 1; k < n; k++) v -= (l[k * n + i] as number) * (b[k * m + c] as number);
      b[i * m + c] = v / (l[i * n + i] as number);
    }
  }
}

/**
 * Eigendecomposition of a symmetric n×n matrix: Householder reduction to tridiagonal form, then
 * the implicit QL iteration with Wilkinson-type shifts. Returns eigenvalues in ascending order
 * and the eigenvectors as the columns of an n×n row-major matrix (vectors[i * n + j] = v_j[i]).
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  // Householder: zero column k below the subdiagonal, A ← HAH, Q ← QH
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += (a[i * n + k] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = a[(k + 1) * n + k] as number;
    const alpha = x0 >= 0 ? -norm : norm;
    v.fill(0);
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k] as number;
    v[k + 1] = x0 - alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += (v[i] as number) ** 2;
    if (vv === 0) continue;
    const beta = 2 / vv;
    // p = β A v, w = p − (β vᵀp / 2) v, A ← A − v wᵀ − w vᵀ (on rows/columns ≥ k)
    for (let i = k; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += (a[i * n + j] as number) * (v[j] as number);
      p[i] = beta * s;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) vp += (v[i] as number) * (p[i] as number);
    const half = (beta * vp) / 2;
    for (let i = k; i < n; i++) p[i] = (p[i] as number) - half * (v[i] as number);
    for (let i = k; i < n; i++) {
      const vi = v[i] as number;
      const wi = p[i] as number;
      for (let j = k; j < n; j++) a[i * n + j] = (a[i * n + j] as number) - vi * (p[j] as number) - wi * (v[j] as number);
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += (q[i * n + j] as number) * (v[j] as number);
      s *= beta;
      for (let j = k + 1; j < n; j++) q[i * n + j] = (q[i * n + j] as number) - s * (v[j] as number);
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples i and i + 1
  for (let i = 0; i < n; i++) d[i] = a[i * n + i] as number;
  for (let i = 0; i < n - 1; i++) e[i] = a[(i + 1) * n + i] as number;
  tridiagonalQl(d, e, q, n);
  // sort ascending
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (d[i] as number) - (d[j] as number));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = d[from] as number;
    for (let i = 0; i < n; i++) vectors[i * n + to] = q[i * n + from] as number;
  });
  return { values, vectors };
}

/** Implicit QL on the symmetric tridiagonal (d, e), rotating the columns of z (n×n) along. */
function tridiagonalQl(d: Float64Array, e: Float64Array, z: Float64Array, n: number): void {
  // negligible off-diagonals: relative to the matrix norm (absolute accuracy is what the estimators need)
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i] as number) + Math.abs(e[i] as number));
  const tolerance = Number.EPSILON * norm;
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; ; iteration++) {
      let m = l;
      for (; m < n - 1; m++) {
        if (Math.abs(e[m] as number) <= tolerance) break;
      }
      if (m === l) break;
      if (iteration > 60) throw new Error('symmetricEigen: the QL iteration did not converge');
      // shift from the leading 2×2 block
      let g = ((d[l + 1] as number) - (d[l] as number)) / (2 * (e[l] as number));
      let r = Math.hypot(g, 1);
      g = (d[m] as number) - (d[l] as number) + (e[l] as number) / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * (e[i] as number);
        const b = c * (e[i] as number);
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = (d[i + 1] as number) - p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = (d[i + 1] as number) - p;
        r = ((d[i] as number) - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (let k = 0; k < n; k++) {
          const zk1 = z[k * n + i + 1] as number;
          const zk0 = z[k * n + i] as number;
          z[k * n + i + 1] = s * zk0 + c * zk1;
          z[k * n + i] = c * zk0 - s * zk1;
        }
      }
      if (underflow) continue;
      d[l] = (d[l] as number) - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
