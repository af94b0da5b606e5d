/**
 * The spectral Stein gradient estimator (SSGE): ∇_x log q anywhere, from samples of q alone, by
 * expanding the score in the top eigenfunctions of the RBF kernel operator (Nyström).
 *   K u_j = λ_j u_j (M×M Gram matrix),  ψ_j(x) = √M/λ_j Σ_m k(x, x_m) u_jm,
 *   β_j = −(1/M) Σ_m ∇ψ_j(x_m) (Stein's identity),  ŝ(x) = Σ_{j ≤ J} β_j ψ_j(x).
 * Properties: biased (truncation to J eigenfunctions and kernel smoothing); consistent as M, J
 * grow suitably; out-of-sample by construction; O(M³) eigendecomposition per call, no training.
 * Reference: Shi, Sun, Zhu, "A Spectral Approach to Gradient Estimation for Implicit
 * Distributions", ICML 2018, arXiv:1806.02925 (https://arxiv.org/abs/1806.02925).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, describeValue } from '@stochgrad/core';
import { type Bandwidth, assemble, checkBandwidth, gram, kernelProblem, medianBandwidth } from './internal/kernel';
import { symmetricEigen } from './internal/linalg';
import { assertInteger, assertNonNegativeNumber } from './internal/validate';
import type { ScoreEstimator } from './types';

export interface SsgeOptions {
  /** J, the number of eigenfunctions (default: chosen by eigenvalueThreshold) */
  numEigen?: number;
  /** keep the top eigenvalues holding this fraction of K's trace (default 0.99, as the reference code) */
  eigenvalueThreshold?: number;
  /** ridge η added to K's diagonal before the eigendecomposition (default 0) */
  eta?: number;
  /** RBF width h: 'median' (default) or a number */
  bandwidth?: Bandwidth;
}

/**
 * @example
 * const est = ssge({ eigenvalueThreshold: 0.99 });
 * const s = est.score(samples, grid);                // ≈ ∇ log q at grid points [N, D]
 * const surrogate = entropySurrogate(samples, est.score);
 */
export function ssge(options: SsgeOptions = {}): ScoreEstimator {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, 'an options object');
  checkOptions('ssge', options, ['numEigen', 'eigenvalueThreshold', 'eta', 'bandwidth']);
  const { numEigen, eigenvalueThreshold = 0.99, eta = 0, bandwidth = 'median' } = options;
  if (numEigen !== undefined) assertInteger(numEigen, 'numEigen', 1);
  if (!(typeof eigenvalueThreshold === 'number' && eigenvalueThreshold > 0 && eigenvalueThreshold <= 1)) {
    throw new ArgumentError('eigenvalueThreshold', `got ${describeValue(eigenvalueThreshold)}`, 'a number in (0, 1]');
  }
  assertNonNegativeNumber(eta, 'eta');
  checkBandwidth(bandwidth);

  const score = (samples: tf.Tensor, points?: tf.Tensor): tf.Tensor => {
    const problem = kernelProblem(samples, points, 2);
    const { m, n, dim } = problem;
    const results = problem.samples.map((x, b) => {
      const h = bandwidth === 'median' ? medianBandwidth(x, m, dim) : bandwidth;
      const k = gram(x, m, x, m, dim, h);
      for (let i = 0; i < m; i++) k[i * m + i] = (k[i * m + i] as number) + eta;
      const { values, vectors } = symmetricEigen(k, m);
      const top = values[m - 1] as number;
      // J: as many of the largest eigenvalues as asked, never a numerically zero one
      let count: number;
      if (numEigen !== undefined) count = Math.min(numEigen, m);
      else {
        let total = 0;
        for (let j = 0; j < m; j++) total += Math.max(values[j] as number, 0);
        let cumulative = 0;
        count = 0;
        for (let j = m - 1; j >= 0; j--) {
          cumulative += Math.max(values[j] as number, 0) / total;
          if (cumulative < eigenvalueThreshold) count++;
          else break;
        }
        count = Math.max(count, 1);
      }
      while (count > 1 && !((values[m - count] as number) > 1e-10 * top)) count--;
      // a_m = (1/M) Σ_i ∇_{x_i} k(x_i, x_m) = (1/M) Σ_i K_im (x_m − x_i)/h²
      const a = new Float64Array(m * dim);
      for (let mm = 0; mm < m; mm++) {
        for (let i = 0; i < m; i++) {
          const kim = k[i * m + mm] as number;
          for (let d = 0; d < dim; d++) a[mm * dim + d] = (a[mm * dim + d] as number) + (kim * ((x[mm * dim + d] as number) - (x[i * dim + d] as number))) / (h * h * m);
        }
      }
      for (let i = 0; i < m; i++) k[i * m + i] = (k[i * m + i] as number) - eta;
      const sqrtM = Math.sqrt(m);
      // β_j = −√M/λ_j Σ_m u_jm a_m   [J, D]
      const beta = new Float64Array(count * dim);
      for (let j = 0; j < count; j++) {
        const column = m - 1 - j;
        const lambda = values[column] as number;
        for (let mm = 0; mm < m; mm++) {
          const u = vectors[mm * m + column] as number;
          for (let d = 0; d < dim; d++) beta[j * dim + d] = (beta[j * dim + d] as number) - (sqrtM / lambda) * u * (a[mm * dim + d] as number);
        }
      }
      const z = problem.points?.[b] ?? x;
      const kz = z === x ? k : gram(z, n, x, m, dim, h); // [N, M]
      const out = new Float64Array(n * dim);
      const psi = new Float64Array(count);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < count; j++) {
          const column = m - 1 - j;
          let s = 0;
          for (let mm = 0; mm < m; mm++) s += (kz[i * m + mm] as number) * (vectors[mm * m + column] as number);
          psi[j] = (sqrtM / (values[column] as number)) * s;
        }
        for (let d = 0; d < dim; d++) {
          let s = 0;
          for (let j = 0; j < count; j++) s += (psi[j] as number) * (beta[j * dim + d] as number);
          out[i * dim + d] = s;
        }
      }
      return out;
    });
    return assemble(results, n, dim, points ? points.shape : samples.shape);
  };

  return Object.freeze({ name: 'ssge', score });
}
