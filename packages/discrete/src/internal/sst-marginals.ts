// The relaxations and hard samples of the stochastic softmax tricks, written with ops that have
// first-order gradients on every backend (no matrix inverse, no gather, no topk on the tape).
//
// Both relaxations are marginals of a Gibbs law over the structure, P(x) ∝ exp(⟨s, x⟩) with
// s = z/λ: the gradient of the log-partition (the regularized argmax with an exponential-family
// entropy, Paulus et al. 2020 §4). They are computed subtraction-free in log space, so they are
// accurate over any range of s (λ → 0, |logit| ≥ 80): no cancellation, no overflow, no underflow.
import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '@stochgrad/core';

/** log 0, finite so that 0·NEG and NEG − NEG stay defined on the tape */
const NEG = -1e30;

/** log(e^a + e^b) = max(a, b) + log(1 + e^{−|a − b|}), elementwise with broadcasting (one Exp: the slow kernel on wasm) */
function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.add(tf.maximum(a, b), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(tf.sub(a, b)))))));
}

/**
 * Inclusion probabilities of the k-subset Gibbs law P(S) ∝ exp(Σ_{i∈S} s_i), |S| = k:
 *   μ_i = e^{s_i} e_{k−1}(e^{s_{−i}}) / e_k(e^{s}),
 * with the elementary symmetric polynomials e_j from prefix and suffix recursions in log space
 * (e_j(x_{1..i}) = e_j(x_{1..i−1}) + x_i e_{j−1}(x_{1..i−1})). s [..., N] -> μ [..., N], Σ μ = k.
 */
export function kSubsetMarginals(s: tf.Tensor, k: number): tf.Tensor {
  // one batch axis inside: the wasm backend's elementwise kernels (XNNPACK) fail above rank 6
  return tf.tidy(() => {
    const n = s.shape[s.rank - 1] as number;
    return tf.reshape(kSubsetMarginalsFlat(tf.reshape(s, [-1, n]), k), s.shape);
  });
}

function kSubsetMarginalsFlat(s: tf.Tensor, k: number): tf.Tensor {
  return tf.tidy(() => {
    const n = s.shape[s.rank - 1] as number;
    const lead = s.shape.slice(0, -1);
    const shifted = tf.sub(s, stopGradient(tf.max(s, -1, true)));
    const items = tf.unstack(shifted, -1);
    // log e_j for j = 0..k of the empty set: [0, NEG, ..., NEG]
    const empty = tf.broadcastTo(tf.tensor1d([0, ...new Array<number>(k).fill(NEG)]), [...lead, k + 1]);
    const negColumn = tf.fill([...lead, 1], NEG);
    const step = (state: tf.Tensor, item: tf.Tensor) => {
      const previous = tf.concat([negColumn, tf.slice(state, new Array<number>(lead.length + 1).fill(0), [...lead, k])], -1);
      return logAddExp(state, tf.add(previous, tf.expandDims(item, -1)));
    };
    const prefix: tf.Tensor[] = [empty]; // prefix[i]: items 0..i−1
    for (let i = 0; i < n - 1; i++) prefix.push(step(prefix[i] as tf.Tensor, items[i] as tf.Tensor));
    const suffix: tf.Tensor[] = new Array<tf.Tensor>(n);
    suffix[n - 1] = empty; // suffix[i]: items i+1..n−1
    for (let i = n - 2; i >= 0; i--) suffix[i] = step(suffix[i + 1] as tf.Tensor, items[i + 1] as tf.Tensor);
    const logZ = tf.slice(step(prefix[n - 1] as tf.Tensor, items[n - 1] as tf.Tensor), [...lead.map(() => 0), k], [...lead, 1]);
    const before = tf.stack(prefix, -2); // [..., N, k+1]
    const after = tf.stack(suffix, -2);
    const begin = new Array<number>(lead.length + 2).fill(0);
    // log e_{k−1}(x_{−i}) = log Σ_{j<k} e_j(prefix) e_{k−1−j}(suffix)
    const pairs = tf.add(tf.slice(before, begin, [...lead, n, k]), tf.reverse(tf.slice(after, begin, [...lead, n, k]), -1));
    const others = tf.logSumExp(pairs, -1);
    return tf.exp(tf.sub(tf.add(shifted, others), logZ));
  });
}

/** The unordered pairs {i, j}, i < j, of n nodes, in row-major order of the upper triangle. */
export function edgeList(n: number): [number, number][] {
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j]);
  return edges;
}

/**
 * Edge marginals of the spanning-tree Gibbs law P(T) ∝ exp(Σ_{e∈T} s_e) on the complete graph
 * (the gradient of the log-partition of the matrix-tree theorem, log det of a Laplacian minor):
 *   μ_e = w_e · R_eff(e),  w = e^s,
 * Kirchhoff's effective resistance. For each edge {i, j}, every other node is eliminated from the
 * network (star-mesh: c_ab += c_at c_tb / Σ_b c_tb, Gaussian elimination of the Laplacian written
 * on the conductances, never on the diagonal, so it has no subtraction), leaving one conductance
 * C_eff = 1/R_eff between i and j. s [..., n, n] symmetric (diagonal ignored) -> μ [..., n, n]
 * symmetric with zero diagonal and rows summing to the expected degrees (Σ μ = 2(n − 1)).
 * Cost O(n⁵) elementwise per sample: fine up to n ≈ 15.
 */
export function spanningTreeMarginals(s: tf.Tensor): tf.Tensor {
  // one batch axis inside: the wasm backend's elementwise kernels (XNNPACK) fail above rank 6
  return tf.tidy(() => {
    const n = s.shape[s.rank - 1] as number;
    return tf.reshape(spanningTreeMarginalsFlat(tf.reshape(s, [-1, n, n])), s.shape);
  });
}

function spanningTreeMarginalsFlat(s: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n = s.shape[s.rank - 1] as number;
    const lead = s.shape.slice(0, -2);
    const edges = edgeList(n);
    const p = edges.length;
    if (p === 0) return tf.zerosLike(s);
    const offDiagonal = tf.sub(1, tf.eye(n));
    const logW = tf.add(tf.mul(s, offDiagonal), tf.mul(tf.eye(n), NEG)); // diagonal: no self-loops
    const shift = stopGradient(tf.max(tf.reshape(logW, [...lead, n * n]), -1)); // the largest s_e
    const shifted = tf.sub(logW, tf.reshape(shift, [...lead, 1, 1]));
    let c = tf.add(tf.expandDims(shifted, -3), tf.zeros([p, n, n])); // one network per edge (broadcastTo's gradient stops at rank 4)
    const axisP = lead.length;
    for (let t = 0; t < n; t++) {
      // eliminate node t in the networks of the edges that do not touch it
      const eliminate = tf.tensor(edges.map(([i, j]) => (i === t || j === t ? 0 : 1)), [p, 1, 1]);
      if (edges.every(([i, j]) => i === t || j === t)) continue;
      const rowBegin = new Array<number>(axisP + 3).fill(0);
      rowBegin[axisP + 1] = t;
      const row = tf.slice(c, rowBegin, [...lead, p, 1, n]); // conductances c_tb; c_tt = NEG
      const logDegree = tf.logSumExp(row, -1, true); // log Σ_b c_tb
      const column = tf.reshape(row, [...lead, p, n, 1]);
      const mesh = logAddExp(c, tf.sub(tf.add(column, row), logDegree));
      const keep = tf.tensor2d(
        Array.from({ length: n * n }, (_, ab) => {
          const a = Math.floor(ab / n);
          const b = ab % n;
          return a !== t && b !== t && a !== b ? 1 : 0;
        }),
        [n, n],
      );
      const eliminated = tf.add(tf.mul(mesh, keep), tf.mul(tf.sub(1, keep), NEG));
      c = tf.add(tf.mul(eliminated, eliminate), tf.mul(c, tf.sub(1, eliminate)));
    }
    // pick C_eff(i, j) of each edge's network and s_ij, scatter μ into a symmetric matrix
    const pick = tf.tensor3d(
      edges.flatMap(([i, j]) => Array.from({ length: n * n }, (_, ab) => (ab === i * n + j ? 1 : 0))),
      [p, n, n],
    );
    const logConductance = tf.sum(tf.mul(c, pick), [-2, -1]); // [..., p]
    const logWeight = tf.sum(tf.mul(tf.expandDims(shifted, -3), pick), [-2, -1]);
    const mu = tf.exp(tf.sub(logWeight, logConductance)); // [..., p]
    const symmetric = tf.add(pick, tf.transpose(pick, [0, 2, 1]));
    return tf.sum(tf.mul(tf.reshape(mu, [...lead, p, 1, 1]), symmetric), -3);
  });
}

/** Indicator [rows, n] of the k largest values of each row (ties broken by the lower index). */
export function topKIndicator(values: Float32Array, n: number, k: number): Float32Array {
  const rows = values.length / n;
  const out = new Float32Array(values.length);
  const order = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (values[base + b] as number) - (values[base + a] as number) || a - b);
    for (let m = 0; m < k; m++) out[base + (order[m] as number)] = 1;
  }
  return out;
}

/**
 * Maximum spanning trees of the complete graph by Kruskal's algorithm: for each [n, n] block
 * of `weights` (upper triangle read), the symmetric 0/1 adjacency of the tree. Ties: lower edge
 * index first.
 */
export function maximumSpanningTrees(weights: Float32Array, n: number): Float32Array {
  const edges = edgeList(n);
  const rows = weights.length / (n * n);
  const out = new Float32Array(weights.length);
  const order = edges.map((_, e) => e);
  const parent = new Int32Array(n);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const w = new Float64Array(edges.length);
  for (let r = 0; r < rows; r++) {
    const base = r * n * n;
    edges.forEach(([i, j], e) => (w[e] = weights[base + i * n + j] as number));
    order.sort((a, b) => (w[b] as number) - (w[a] as number) || a - b);
    for (let v = 0; v < n; v++) parent[v] = v;
    let added = 0;
    for (const e of order) {
      const [i, j] = edges[e] as [number, number];
      const ri = find(i);
      const rj = find(j);
      if (ri === rj) continue;
      parent[ri] = rj;
      out[base + i * n + j] = 1;
      out[base + j * n + i] = 1;
      if (++added === n - 1) break;
    }
  }
  return out;
}
