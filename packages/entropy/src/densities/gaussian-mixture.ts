/**
 * A mixture of Gaussians with diagonal covariances, with its exact log density, score and sampler.
 *   q(x) = Σ_k w_k N(x; μ_k, diag(s_k²)),  ∇ log q(x) = Σ_k r_k(x) (μ_k − x)/s_k²,  r_k the responsibilities.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, ShapeError, checkOptions, describeValue, random, split } from '@stochgrad/core';
import { assertInteger, assertPoints } from '../internal/validate';
import type { ToyDensity } from './toy-density';

export interface GaussianMixtureOptions {
  /** component means, K rows of D numbers */
  means: readonly (readonly number[])[];
  /** per-component standard deviations: K rows of D numbers, or K numbers (isotropic) */
  scales: readonly (readonly number[] | number)[];
  /** mixture weights (normalized for you; default equal) */
  weights?: readonly number[];
  name?: string;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * @example
 * const q = gaussianMixture({ means: [[-1, 0], [1, 0]], scales: [0.3, 0.5], weights: [0.3, 0.7] });
 * const x = q.sample!(key(0), 512);
 * const s = q.score(x);
 */
export function gaussianMixture(options: GaussianMixtureOptions): ToyDensity {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, 'an options object { means, scales, weights?, name? }');
  checkOptions('gaussianMixture', options, ['means', 'scales', 'weights', 'name']);
  const { means, scales, name = 'gaussian-mixture' } = options;
  if (typeof name !== 'string') throw new ArgumentError('name', `got ${describeValue(name)}`, 'a string');
  if (!Array.isArray(means) || means.length === 0) throw new ArgumentError('means', `got ${describeValue(means)}`, 'a non-empty array of mean vectors');
  const components = means.length;
  const dim = (means[0] as readonly number[]).length;
  assertInteger(dim, 'means[0].length', 1);
  if (!Array.isArray(scales) || scales.length !== components) throw new ShapeError('scales', `got ${String(scales?.length)} entries`, `${components} entries, one per component`);
  const weights = options.weights ?? new Array<number>(components).fill(1);
  if (!Array.isArray(weights)) throw new ArgumentError('weights', `got ${describeValue(weights)}`, `${components} finite positive numbers`);
  if (weights.length !== components || weights.some((w) => !(w > 0) || !Number.isFinite(w))) {
    throw new ArgumentError('weights', `got [${weights.join(', ')}]`, `${components} finite positive numbers`);
  }
  const mu: number[][] = means.map((row, k) => {
    if (row.length !== dim || row.some((v: number) => !Number.isFinite(v))) throw new ShapeError(`means[${k}]`, `got ${row.length} values`, `${dim} finite numbers`);
    return row.slice();
  });
  const sd: number[][] = scales.map((s, k) => {
    if (typeof s !== 'number' && !Array.isArray(s)) throw new ArgumentError(`scales[${k}]`, `got ${describeValue(s)}`, `a number > 0 or ${dim} numbers > 0`);
    const row: number[] = typeof s === 'number' ? new Array<number>(dim).fill(s) : s.slice();
    if (row.length !== dim || row.some((v: number) => !(v > 0) || !Number.isFinite(v))) throw new ArgumentError(`scales[${k}]`, `got ${describeValue(s)}`, `a number > 0 or ${dim} numbers > 0`);
    return row;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const logWeights = weights.map((w) => Math.log(w / total));
  let lowest = Infinity;
  let highest = -Infinity;
  mu.forEach((row, k) => row.forEach((v, d) => {
    lowest = Math.min(lowest, v - 4 * (sd[k]?.[d] as number));
    highest = Math.max(highest, v + 4 * (sd[k]?.[d] as number));
  }));

  const meanTensor = () => tf.tensor2d(mu, [components, dim]);
  const scaleTensor = () => tf.tensor2d(sd, [components, dim]);
  // per-component log N(x; μ_k, s_k) + log w_k: [..., K]
  const joint = (x: tf.Tensor): tf.Tensor => {
    assertPoints(x, dim, name);
    return tf.tidy(() => {
    const z = tf.div(tf.sub(tf.expandDims(x, -2), meanTensor()), scaleTensor());
    const logNormal = tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), tf.sum(tf.log(scaleTensor()), -1));
    return tf.add(tf.sub(logNormal, (dim * LOG_2PI) / 2), tf.tensor1d(logWeights));
    });
  };

  const density: ToyDensity = {
    name,
    dim,
    normalized: true,
    box: [Math.floor(lowest), Math.ceil(highest)],
    logDensity: (x) => tf.tidy(() => tf.logSumExp(joint(x), -1)),
    score: (x) => tf.tidy(() => {
      const responsibilities = tf.softmax(joint(x), -1); // [..., K]
      const perComponent = tf.div(tf.sub(meanTensor(), tf.expandDims(x, -2)), tf.square(scaleTensor())); // [..., K, D]
      return tf.sum(tf.mul(tf.expandDims(responsibilities, -1), perComponent), -2);
    }),
    sample: (k: Key, n: number) => {
      assertInteger(n, 'n', 1);
      const [componentKey, noiseKey] = split(k);
      const u = random.uniform(componentKey as Key, [n]);
      const eps = random.normal(noiseKey as Key, [n, dim]);
      const uData = u.dataSync();
      const epsData = eps.dataSync();
      u.dispose();
      eps.dispose();
      const cumulative: number[] = [];
      logWeights.reduce((acc, lw, i) => (cumulative[i] = acc + Math.exp(lw)), 0);
      const out = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        let c = cumulative.findIndex((edge) => (uData[i] as number) < edge);
        if (c < 0) c = components - 1;
        for (let d = 0; d < dim; d++) out[i * dim + d] = (mu[c]?.[d] as number) + (sd[c]?.[d] as number) * (epsData[i * dim + d] as number);
      }
      return tf.tensor2d(out, [n, dim]);
    },
  };
  return Object.freeze(density);
}
