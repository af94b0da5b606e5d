/**
 * The Stein gradient estimator: ∇_x log q at M samples of q, from the samples alone, by
 * inverting Stein's identity E_q[ŝ(x) k(x, ·) + ∇_x k(x, ·)] = 0 with a ridge-regularized RBF kernel.
 *   Ĝ = −(K + ηI)⁻¹ ⟨∇, K⟩,  K_ij = k(x_i, x_j),  ⟨∇, K⟩_i = Σ_j ∇_{x_j} k(x_i, x_j) = Σ_j K_ij (x_i − x_j)/h²;
 *   out of sample (Stein⁺): the minimiser for one new point with Ĝ held fixed (a Schur complement).
 * Properties: biased (shrunk toward 0 by η, smoothed by the kernel width h); consistent as M grows
 * with η, h suitably tuned; O(M³) per call, no training; estimates where the samples are.
 * Reference: Li, Turner, "Gradient Estimators for Implicit Models", ICLR 2018,
 * arXiv:1705.07107 (https://arxiv.org/abs/1705.07107).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, describeValue } from '@stochgrad/core';
import { type Bandwidth, assemble, checkBandwidth, gram, kernelProblem, medianBandwidth } from './internal/kernel';
import { cholesky, choleskySolve } from './internal/linalg';
import { assertPositiveNumber } from './internal/validate';
import type { ScoreEstimator } from './types';

export interface SteinOptions {
  /** ridge η added to K's diagonal (default 0.1; K's entries are ≤ 1) */
  eta?: number;
  /** RBF width h: 'median' (default: the median pairwise distance of the samples) or a number */
  bandwidth?: Bandwidth;
}

/**
 * @example
 * const est = stein({ eta: 0.1 });
 * const s = est.score(samples);                      // [M, D]: ≈ ∇ log q at the samples
 * const surrogate = entropySurrogate(samples, est.score);
 */
export function stein(options: SteinOptions = {}): ScoreEstimator {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, 'an options object { eta?, bandwidth? }');
  checkOptions('stein', options, ['eta', 'bandwidth']);
  const { eta = 0.1, bandwidth = 'median' } = options;
  assertPositiveNumber(eta, 'eta');
  checkBandwidth(bandwidth);

  const score = (samples: tf.Tensor, points?: tf.Tensor): tf.Tensor => {
    const problem = kernelProblem(samples, points, 2);
    const { m, n, dim } = problem;
    const results = problem.samples.map((x, b) => {
      const h = bandwidth === 'median' ? medianBandwidth(x, m, dim) : bandwidth;
      const k = gram(x, m, x, m, dim, h);
      // ⟨∇, K⟩_i = Σ_j K_ij (x_i − x_j) / h²
      const g = new Float64Array(m * dim);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          const kij = k[i * m + j] as number;
          for (let d = 0; d < dim; d++) g[i * dim + d] = (g[i * dim + d] as number) + (kij * ((x[i * dim + d] as number) - (x[j * dim + d] as number))) / (h * h);
        }
      }
      const factor = Float64Array.from(k);
      for (let i = 0; i < m; i++) factor[i * m + i] = (factor[i * m + i] as number) + eta;
      if (!cholesky(factor, m)) throw new ArgumentError('eta', `K + ηI is not positive definite at η = ${eta}`, 'a larger eta');
      choleskySolve(factor, m, g, dim);
      for (let i = 0; i < g.length; i++) g[i] = -(g[i] as number); // Ĝ
      const z = problem.points?.[b];
      if (!z) return g;
      // Stein⁺ at each point z: ĝ(z) = −(kᵀĜ − Σ_m (r_m + 1) k_m (x_m − z)/h²) / (1 + η − kᵀr), r = (K + ηI)⁻¹k
      const kz = gram(z, n, x, m, dim, h); // [N, M]
      const r = new Float64Array(m * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) r[j * n + i] = kz[i * m + j] as number;
      choleskySolve(factor, m, r, n);
      const out = new Float64Array(n * dim);
      for (let i = 0; i < n; i++) {
        let quad = 0;
        for (let j = 0; j < m; j++) quad += (kz[i * m + j] as number) * (r[j * n + i] as number);
        const schur = 1 + eta - quad;
        for (let d = 0; d < dim; d++) {
          let term = 0;
          for (let j = 0; j < m; j++) {
            const kj = kz[i * m + j] as number;
            term += kj * (g[j * dim + d] as number) - ((r[j * n + i] as number) + 1) * kj * (((x[j * dim + d] as number) - (z[i * dim + d] as number)) / (h * h));
          }
          out[i * dim + d] = -term / schur;
        }
      }
      return out;
    });
    return assemble(results, n, dim, points ? points.shape : samples.shape);
  };

  return Object.freeze({ name: 'stein', score });
}
