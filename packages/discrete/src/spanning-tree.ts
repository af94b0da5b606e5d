/**
 * Stochastic softmax trick for spanning trees: a biased estimator of ∇_W E[f(T)] where T is the
 * maximum spanning tree of the complete graph on n nodes under perturbed edge weights W_ij + G_ij,
 * G ~ Gumbel i.i.d. per edge (W [..., n, n] symmetric, T a symmetric 0/1 adjacency [..., n, n]):
 *   hard T = Kruskal(W + G);  relaxed y = E_{P_λ}[T], P_λ(T) ∝ exp(Σ_{e∈T} (W_e + G_e)/λ), the edge
 *   marginals of the matrix-tree theorem (w_e · effective resistance, w = e^{(W+G)/λ});
 *   relaxed: ĝ = ∂f(y)/∂W;  straight-through: f sees T forward, ĝ = ∂f/∂y · ∂y/∂W.
 * Properties: BIASED for every λ > 0. The law of T is NOT the Gibbs law P(T) ∝ Π_{e∈T} e^{W_e}:
 * Kruskal's tree depends only on the order of the perturbed weights, which is Plackett–Luce with
 * weights e^{W_e}, so P(T) = Σ over orders that Kruskal maps to T (spanning-tree.test.ts checks
 * the samples against this law). f must accept relaxed inputs (y_ij ∈ [0, 1], rows summing to the
 * expected degrees). The gradient is symmetric, half on W_ij and half on W_ji; the diagonal is
 * ignored (zero gradient). `value` is mean_k f(T_k). Measured relative bias ‖E ĝ − ∇‖/‖∇‖ against
 * the exact gradient of E[f(T)] under that law, on the n = 4 problem of spanning-tree.test.ts
 * (key(2024), M = 10 000, ± one standard error): relaxed 0.199 ± 0.004, straight-through
 * 0.157 ± 0.005, at λ = 0.5. The relaxation costs O(n⁵) per sample (fine up to n ≈ 15).
 * Reference: Paulus, Choi, Tarlow, Krause, Maddison, "Gradient Estimation with Stochastic Softmax
 * Tricks", NeurIPS 2020, arXiv:2006.08063 (§5, spanning trees); Kirchhoff's matrix-tree theorem.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type GradientEstimator, type Key, ShapeError, random } from '@stochgrad/core';
import { perturbAndRelaxEstimator } from './internal/sst-estimator';
import { maximumSpanningTrees, spanningTreeMarginals } from './internal/sst-marginals';
import { checkBoolean, checkFiniteTensor, checkInteger, checkOptions, checkTemperature, shapeString } from './internal/sst-validate';

export interface SpanningTreeOptions {
  /** the temperature λ > 0 of the relaxation (default 0.5) */
  temperature?: number;
  /** pass the hard tree forward and the relaxed gradient backward (default false) */
  straightThrough?: boolean;
  /** samples per estimate, K (default 1) */
  numSamples?: number;
  /** a name for tables; default 'spanning-tree' or 'spanning-tree-st', with λ (and K when K > 1) */
  name?: string;
}

/** relative tolerance of the symmetry check on the edge logits */
const SYMMETRY_TOLERANCE = 1e-5;

function checkEdgeLogits(logits: tf.Tensor): number[] {
  const data = checkFiniteTensor(logits, 'logits', 2, '[..., n, n], n >= 2');
  const n = logits.shape[logits.rank - 1] as number;
  if (logits.shape[logits.rank - 2] !== n || n < 2) {
    throw new ShapeError('logits', `got shape ${shapeString(logits.shape)}`, 'square matrices of edge logits [..., n, n] with n >= 2');
  }
  for (let base = 0; base < data.length; base += n * n) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = data[base + i * n + j] as number;
        const b = data[base + j * n + i] as number;
        if (Math.abs(a - b) > SYMMETRY_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) {
          throw new ArgumentError(
            'logits',
            `is not symmetric: [${i}, ${j}] = ${a} but [${j}, ${i}] = ${b} (matrix ${base / (n * n)})`,
            'symmetric matrices of edge logits (W = Wᵀ; the diagonal is ignored)',
          );
        }
      }
    }
  }
  return logits.shape.slice(0, -2);
}

/** the strict upper triangle of the last two axes, mirrored: a symmetric matrix with zero diagonal */
function mirrorUpper(t: tf.Tensor): tf.Tensor {
  const n = t.shape[t.rank - 1] as number;
  const upper = tf.mul(t, tf.tensor2d(Array.from({ length: n * n }, (_, ab) => (ab % n > Math.floor(ab / n) ? 1 : 0)), [n, n]));
  return tf.add(upper, tf.transpose(upper, swapLast(t.rank)));
}

/**
 * @example
 * await ready();
 * const est = spanningTree({ temperature: 0.5 });
 * const raw = random.normal(key(1), [4, 4]); // in a model: an encoder's output
 * const logits = tf.div(tf.add(raw, tf.transpose(raw)), 2); // symmetric edge logits of n = 4 nodes
 * const cost = tf.tensor2d([[0, 1, 2, 3], [1, 0, 1, 2], [2, 1, 0, 1], [3, 2, 1, 0]]);
 * const { value, gradient } = est.estimate({
 *   key: key(0),
 *   logits,
 *   objective: (t) => tf.sum(tf.mul(t, cost), [-2, -1]), // t: adjacency [...lead, 4, 4] (relaxed: edge marginals)
 * });
 */
export function spanningTree(options?: SpanningTreeOptions): GradientEstimator {
  const o = checkOptions(options, 'spanningTree', ['temperature', 'straightThrough', 'numSamples', 'name']);
  const temperature = checkTemperature(o.temperature ?? 0.5);
  const straightThrough = checkBoolean(o.straightThrough ?? false, 'straightThrough');
  const numSamples = checkInteger(o.numSamples ?? 1, 'numSamples', 1);
  const base = straightThrough ? 'spanning-tree-st' : 'spanning-tree';
  return perturbAndRelaxEstimator({
    name: o.name ?? `${base}(λ=${temperature}${numSamples > 1 ? `, K=${numSamples}` : ''})`,
    numSamples,
    straightThrough,
    relaxation: {
      batchShape: checkEdgeLogits,
      perturb: (key: Key, logits, samples) => {
        // θ = (W + Wᵀ)/2 on the edges, one Gumbel per edge
        const theta = mirrorUpper(tf.div(tf.add(logits, tf.transpose(logits, swapLast(logits.rank))), 2));
        return tf.add(theta, mirrorUpper(random.gumbel(key, [samples, ...logits.shape])));
      },
      hard: (perturbed) => {
        const n = perturbed.shape[perturbed.rank - 1] as number;
        return tf.tensor(maximumSpanningTrees(perturbed.dataSync() as Float32Array, n), perturbed.shape, 'float32');
      },
      soft: (perturbed) => spanningTreeMarginals(tf.div(perturbed, temperature)),
    },
  });
}

function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return perm;
}
