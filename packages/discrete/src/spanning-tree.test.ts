import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type ExactResult, type Family, ShapeError, key, random, ready } from '@stochgrad/core';
import { type TestProblem, describeConformance } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { chiSquareTest, combinations, expectDocumentedBias } from '../test/sst-fixtures';
import { edgeList, spanningTreeMarginals } from './internal/sst-marginals';
import { spanningTree } from './spanning-tree';

const n = 4;
const EDGES = edgeList(n);
const W = [
  [0, 0.8, -0.4, 1.2],
  [0.8, 0, 0.3, -1],
  [-0.4, 0.3, 0, 0.6],
  [1.2, -1, 0.6, 0],
];
const COST = [
  [0, 1, -0.5, 0.4],
  [1, 0, 0.7, -1],
  [-0.5, 0.7, 0, 0.2],
  [0.4, -1, 0.2, 0],
];

const treeFamily: Family = Object.freeze({
  name: 'spanning tree',
  reparameterized: false,
  parameterLayout: '[..., n, n]',
  parameterEventRank: 2,
  distribution: () => {
    throw new Error('the spanning-tree test family has no Distribution object; the tests use its exact law directly');
  },
});

interface TreeLaw {
  /** each tree as its sorted edge indices */
  trees: number[][];
  probabilities: number[];
  /** ∂P(T)/∂θ_e, [tree][edge] */
  gradients: number[][];
}

/**
 * The exact law of Kruskal(θ + G), G i.i.d. Gumbel per edge. The order of the perturbed weights
 * is Plackett–Luce with weights e^θ, and Kruskal's tree depends on the order only; by the
 * Plackett–Luce subset property, the next edge Kruskal accepts is the first, in that order, of
 * the edges that join two components, drawn with probability w_e / Σ_{e' joins two components} w_e'.
 * Enumerating those choices (n − 1 levels) gives P(T) and ∂P(T)/∂θ in float64.
 */
function perturbAndMaxLaw(theta: readonly number[]): TreeLaw {
  const weights = theta.map(Math.exp);
  const found = new Map<string, { tree: number[]; probability: number; gradient: number[] }>();
  const visit = (component: number[], chosen: number[], probability: number, score: number[]) => {
    if (chosen.length === n - 1) {
      const tree = chosen.slice().sort((a, b) => a - b);
      const id = tree.join(',');
      const entry = found.get(id) ?? { tree, probability: 0, gradient: new Array<number>(EDGES.length).fill(0) };
      entry.probability += probability;
      score.forEach((s, e) => (entry.gradient[e] = (entry.gradient[e] as number) + probability * s));
      found.set(id, entry);
      return;
    }
    const cut = EDGES.map(([i, j]) => component[i] !== component[j]);
    const total = weights.reduce((a, w, e) => a + (cut[e] ? w : 0), 0);
    EDGES.forEach(([i, j], e) => {
      if (!cut[e]) return;
      const from = component[j] as number;
      const to = component[i] as number;
      const next = component.map((c) => (c === from ? to : c));
      const nextScore = score.map((s, f) => s + (f === e ? 1 : 0) - (cut[f] ? (weights[f] as number) / total : 0));
      visit(next, [...chosen, e], (probability * (weights[e] as number)) / total, nextScore);
    });
  };
  visit(
    Array.from({ length: n }, (_, i) => i),
    [],
    1,
    new Array<number>(EDGES.length).fill(0),
  );
  const entries = [...found.values()].sort((a, b) => (a.tree.join(',') < b.tree.join(',') ? -1 : 1));
  return { trees: entries.map((x) => x.tree), probabilities: entries.map((x) => x.probability), gradients: entries.map((x) => x.gradient) };
}

function adjacency(trees: number[][]): tf.Tensor {
  const data = new Float32Array(trees.length * n * n);
  trees.forEach((tree, t) =>
    tree.forEach((e) => {
      const [i, j] = EDGES[e] as [number, number];
      data[t * n * n + i * n + j] = 1;
      data[t * n * n + j * n + i] = 1;
    }),
  );
  return tf.tensor3d(data, [trees.length, n, n]);
}

/** n = 4 nodes, non-separable: f(A) = ½ Σ_ij C_ij A_ij + (deg(0) − 1.5)². */
const treeProblem: TestProblem = {
  name: 'spanning tree (n = 4)',
  family: treeFamily,
  logits: () => tf.tensor2d(W),
  objective: (a) =>
    tf.tidy(() => {
      const linear = tf.mul(tf.sum(tf.mul(a, tf.tensor2d(COST)), [-2, -1]), 0.5);
      const degree = tf.sum(tf.unstack(a, -2)[0] as tf.Tensor, -1);
      return tf.add(linear, tf.square(tf.sub(degree, 1.5)));
    }),
  exact: (logits): ExactResult => {
    const w = logits.arraySync() as number[][];
    const law = perturbAndMaxLaw(EDGES.map(([i, j]) => ((w[i]?.[j] as number) + (w[j]?.[i] as number)) / 2));
    const values = tf.tidy(() => Array.from(treeProblem.objective(adjacency(law.trees)).dataSync()));
    const value = law.probabilities.reduce((a, p, t) => a + p * (values[t] as number), 0);
    const gradient = new Array<number>(n * n).fill(0);
    EDGES.forEach(([i, j], e) => {
      const d = law.gradients.reduce((a, g, t) => a + (g[e] as number) * (values[t] as number), 0);
      gradient[i * n + j] = d / 2; // θ_e = (W_ij + W_ji)/2
      gradient[j * n + i] = d / 2;
    });
    return { value: tf.scalar(value), gradient: tf.tensor2d(gradient, [n, n]) };
  },
  extremeLogits: () =>
    tf.tensor2d([
      [0, 80, -80, 0],
      [80, 0, 80, -80],
      [-80, 80, 0, 0],
      [0, -80, 0, 0],
    ]),
};

// Measured with key(2024), M = 10 000 (the conformance check); see the JSDoc of spanningTree.
const DOCUMENTED = { relaxed: 0.199, straightThrough: 0.157 };

describeConformance('spanningTree relaxed (λ = 0.5)', {
  create: () => spanningTree({ temperature: 0.5 }),
  problems: [treeProblem],
  replicates: 10_000,
  documentedBias: expectDocumentedBias(DOCUMENTED.relaxed),
});
describeConformance('spanningTree straight-through (λ = 0.5)', {
  create: () => spanningTree({ temperature: 0.5, straightThrough: true }),
  problems: [treeProblem],
  replicates: 10_000,
  documentedBias: expectDocumentedBias(DOCUMENTED.straightThrough),
});

/** all spanning trees of the complete graph on n nodes, as sorted edge indices */
function allTrees(): number[][] {
  return combinations(EDGES.length, n - 1).filter((tree) => {
    const component = Array.from({ length: n }, (_, i) => i);
    for (const e of tree) {
      const [i, j] = EDGES[e] as [number, number];
      const from = component[j] as number;
      const to = component[i] as number;
      if (from === to) return false;
      for (let v = 0; v < n; v++) if (component[v] === from) component[v] = to;
    }
    return true;
  });
}

/** the Gibbs law P(T) ∝ exp(Σ_{e∈T} s_e), float64, any scale of s */
function gibbsLaw(trees: number[][], s: readonly number[]): number[] {
  const logWeights = trees.map((tree) => tree.reduce((a, e) => a + (s[e] as number), 0));
  const top = Math.max(...logWeights);
  const weights = logWeights.map((x) => Math.exp(x - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((x) => x / total);
}

describe('spanningTree', () => {
  beforeAll(async () => {
    await ready();
  });

  it('the exact perturb-and-MAX law is a distribution over the 16 trees of K4, and differs from the Gibbs law', () => {
    const theta = EDGES.map(([i, j]) => (W[i]?.[j] as number));
    const law = perturbAndMaxLaw(theta);
    expect(law.trees).toEqual(allTrees());
    expect(law.trees.length).toBe(16); // Cayley: n^(n−2)
    expect(law.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    law.gradients.forEach((g) => expect(g.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12)); // a common shift of θ changes nothing
    // equal weights: the Gibbs law is uniform (1/16), but random-order Kruskal favours stars: 4/5 · 1/3
    // of the mass on the 4 stars (second edge adjacent to the first, third edge at the shared node)
    const uniform = perturbAndMaxLaw(new Array<number>(6).fill(0.3));
    const isStar = (tree: number[]) => [0, 1, 2, 3].some((v) => tree.every((e) => (EDGES[e] as number[]).includes(v)));
    uniform.trees.forEach((tree, t) => expect(uniform.probabilities[t]).toBeCloseTo(isStar(tree) ? 1 / 15 : 11 / 180, 12));
    expect(uniform.trees.filter(isStar).length).toBe(4);
    // the gradient by finite differences of the law itself
    const h = 1e-6;
    for (let e = 0; e < EDGES.length; e++) {
      const plus = perturbAndMaxLaw(theta.map((t, f) => (f === e ? t + h : t))).probabilities;
      const minus = perturbAndMaxLaw(theta.map((t, f) => (f === e ? t - h : t))).probabilities;
      law.gradients.forEach((g, t) => expect(g[e]).toBeCloseTo(((plus[t] as number) - (minus[t] as number)) / (2 * h), 6));
    }
    const gibbs = gibbsLaw(law.trees, theta);
    expect(Math.max(...gibbs.map((p, t) => Math.abs(p - (law.probabilities[t] as number))))).toBeGreaterThan(0.01);
  });

  it('hard samples follow the exact perturb-and-MAX law (χ² against enumeration), and the Gibbs law is rejected', () => {
    const m = 20_000;
    let seen: Float32Array | undefined;
    const logits = tf.tidy(() => tf.broadcastTo(tf.tensor2d(W), [m, n, n]));
    const e = spanningTree({ straightThrough: true }).estimate({
      key: key(1),
      logits,
      objective: (a) => {
        seen = a.dataSync() as Float32Array;
        return tf.sum(a, [-2, -1]);
      },
    });
    expect(Array.from(e.value.dataSync()).every((v) => v === 2 * (n - 1))).toBe(true);
    tf.dispose([logits, e.value, e.gradient, e.surrogate]);
    const samples = seen as Float32Array;
    const law = perturbAndMaxLaw(EDGES.map(([i, j]) => (W[i]?.[j] as number)));
    const ids = law.trees.map((t) => t.join(','));
    const counts = new Array<number>(ids.length).fill(0);
    let invalid = 0;
    for (let r = 0; r < m; r++) {
      const base = r * n * n;
      const tree: number[] = [];
      EDGES.forEach(([i, j], edge) => {
        const v = samples[base + i * n + j] as number;
        if (v !== samples[base + j * n + i] || (v !== 0 && v !== 1)) invalid++;
        if (v === 1) tree.push(edge);
      });
      for (let i = 0; i < n; i++) if (samples[base + i * n + i] !== 0) invalid++;
      const cell = ids.indexOf(tree.join(','));
      if (cell < 0) invalid++;
      else counts[cell] = (counts[cell] as number) + 1;
    }
    expect(invalid, 'samples that are not symmetric adjacency matrices of spanning trees').toBe(0);
    const fit = chiSquareTest(counts, law.probabilities);
    console.log(`spanning-tree GOF vs perturb-and-MAX law: χ² = ${fit.statistic.toFixed(2)}, df = ${fit.degreesOfFreedom}, p = ${fit.pValue.toFixed(3)}`);
    expect(fit.pValue).toBeGreaterThan(1e-3);
    const wrong = chiSquareTest(counts, gibbsLaw(law.trees, EDGES.map(([i, j]) => (W[i]?.[j] as number))));
    console.log(`spanning-tree GOF vs Gibbs law: χ² = ${wrong.statistic.toFixed(1)}, p = ${wrong.pValue.toExponential(2)}`);
    expect(wrong.pValue).toBeLessThan(1e-6);
  });

  it('the relaxation is the edge marginal of the Gibbs law over trees at any scale (λ → 0, |logit| ≥ 80)', () => {
    const trees = allTrees();
    for (const scale of [1, 10, 100, 1000]) {
      const s = EDGES.map(([i, j]) => (W[i]?.[j] as number) * scale);
      const p = gibbsLaw(trees, s);
      const mu = tf.tidy(() => spanningTreeMarginals(tf.mul(tf.tensor2d(W), scale)).arraySync() as number[][]);
      EDGES.forEach(([i, j], e) => {
        const exact = trees.reduce((a, tree, t) => a + (tree.includes(e) ? (p[t] as number) : 0), 0);
        expect(Math.abs((mu[i]?.[j] as number) - exact), `scale ${scale}, edge ${i}-${j}`).toBeLessThan(1e-6);
        expect(mu[j]?.[i]).toBe(mu[i]?.[j]);
      });
      expect(mu.every((row, i) => row[i] === 0)).toBe(true);
    }
  });

  it('the matrix-tree relaxation has the right gradient: the covariance of the Gibbs law, and finite differences', () => {
    const s = [0.3, -0.4, 0.9, 0.1, -0.6, 0.5];
    const g = [1, -2, 0.5, 0.7, -0.3, 1.5];
    const trees = allTrees();
    const p = gibbsLaw(trees, s);
    const has = (t: number, e: number) => ((trees[t] as number[]).includes(e) ? 1 : 0);
    const mean = s.map((_, e) => trees.reduce((a, _tree, t) => a + (p[t] as number) * has(t, e), 0));
    const exact = s.map((_, f) => trees.reduce((a, _tree, t) => a + (p[t] as number) * g.reduce((b, ge, e) => b + ge * has(t, e), 0) * (has(t, f) - (mean[f] as number)), 0));
    const pick = tf.tensor3d(EDGES.flatMap(([i, j]) => Array.from({ length: n * n }, (_, ab) => (ab === i * n + j || ab === j * n + i ? 1 : 0))), [EDGES.length, n, n]);
    const toMatrix = (x: tf.Tensor) => tf.sum(tf.mul(tf.reshape(x, [EDGES.length, 1, 1]), pick), 0);
    // Σ_{i<j} g_ij μ_ij = ½ Σ_ij G_ij μ_ij
    const f = (x: tf.Tensor) => tf.mul(tf.sum(tf.mul(spanningTreeMarginals(toMatrix(x)), toMatrix(tf.tensor1d(g)))), 0.5);
    const analytic = tf.tidy(() => Array.from(tf.grad(f)(tf.tensor1d(s)).dataSync()));
    const h = 1e-2;
    const finiteDifference = s.map((_, e) =>
      tf.tidy(() => {
        const step = tf.mul(tf.oneHot(e, EDGES.length), h);
        return ((f(tf.add(tf.tensor1d(s), step)).dataSync()[0] as number) - (f(tf.sub(tf.tensor1d(s), step)).dataSync()[0] as number)) / (2 * h);
      }),
    );
    analytic.forEach((v, e) => {
      expect(v).toBeCloseTo(exact[e] as number, 5);
      expect(v).toBeCloseTo(finiteDifference[e] as number, 3);
    });
    pick.dispose();
  });

  it('handles several batch axes (the wasm kernels silently fail above rank 6, so the relaxation flattens them)', () => {
    const logits = tf.tidy(() => {
      const raw = random.normal(key(8), [2, 2, 3, 5, 5]);
      return tf.add(raw, tf.transpose(raw, [0, 1, 2, 4, 3]));
    });
    const mu = spanningTreeMarginals(logits);
    const flat = tf.tidy(() => tf.unstack(tf.reshape(logits, [12, 5, 5])).map((m) => spanningTreeMarginals(m).arraySync() as number[][]));
    const got = tf.tidy(() => tf.reshape(mu, [12, 5, 5]).arraySync() as number[][][]);
    got.forEach((m, b) => m.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(flat[b]?.[i]?.[j] as number, 6))));
    const e = spanningTree({ numSamples: 2, straightThrough: true }).estimate({ key: key(9), logits, objective: (a) => tf.sum(tf.square(tf.sub(a, 0.3)), [-2, -1]) });
    expect(e.gradient.shape).toEqual([2, 2, 3, 5, 5]);
    expect(e.value.shape).toEqual([2, 2, 3]);
    const g = Array.from(e.gradient.dataSync());
    expect(g.every(Number.isFinite) && g.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    tf.dispose([logits, mu, e.value, e.gradient, e.surrogate]);
  });

  it('gives a symmetric gradient with zero diagonal, and treats W and Wᵀ alike', () => {
    const logits = tf.tensor2d(W);
    const e = spanningTree().estimate({ key: key(5), logits, objective: treeProblem.objective });
    const g = e.gradient.arraySync() as number[][];
    for (let i = 0; i < n; i++) {
      expect(g[i]?.[i]).toBe(0);
      for (let j = 0; j < n; j++) expect(g[i]?.[j]).toBeCloseTo(g[j]?.[i] as number, 6);
    }
    tf.dispose([logits, e.value, e.gradient, e.surrogate]);
  });

  it('counts its evaluations and throws typed errors naming the argument', () => {
    expect(spanningTree().evaluations).toBe(2);
    expect(spanningTree({ numSamples: 3, straightThrough: true }).evaluations).toBe(3);
    expect(spanningTree().unbiased).toBe(false);
    expect(() => spanningTree({ temperature: 0 })).toThrow(/temperature: got number 0; allowed: a finite number > 0/);
    expect(() => spanningTree({ temperature: -2 })).toThrow(ArgumentError);
    expect(() => spanningTree({ numSamples: 1.5 })).toThrow(/numSamples/);
    expect(() => spanningTree(3 as never)).toThrow(/options/);
    const objective = (a: tf.Tensor) => tf.sum(a, [-2, -1]);
    const nonSquare = tf.zeros([3, 4]);
    const single = tf.zeros([1, 1]);
    const vector = tf.zeros([4]);
    const asymmetric = tf.tensor2d([[0, 1, 2], [1, 0, 3], [2, 3.5, 0]]);
    const before = tf.memory().numTensors;
    const estimator = spanningTree();
    expect(() => estimator.estimate({ key: key(0), logits: nonSquare, objective })).toThrow(ShapeError);
    expect(() => estimator.estimate({ key: key(0), logits: nonSquare, objective })).toThrow(/logits: got shape \[3, 4\]; allowed: square matrices/);
    expect(() => estimator.estimate({ key: key(0), logits: single, objective })).toThrow(ShapeError);
    expect(() => estimator.estimate({ key: key(0), logits: vector, objective })).toThrow(ShapeError);
    expect(() => estimator.estimate({ key: key(0), logits: asymmetric, objective })).toThrow(/logits: is not symmetric: \[1, 2\] = 3 but \[2, 1\] = 3.5/);
    expect(() => estimator.estimate({ key: key(0), logits: asymmetric, objective })).toThrow(ArgumentError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([nonSquare, single, vector, asymmetric]);
  });
});
