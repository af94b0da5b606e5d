/**
 * Pathwise (reparameterization) estimator of ∇ E_{x~p(x|θ)}[f(x)] for x = g(θ, ε):
 *   ĝ = 1/K Σ_k ∂f(g(θ, ε_k))/∂θ
 * Properties: unbiased when f is differentiable (almost everywhere, with no jumps); usually far
 * lower variance than the score function; needs a reparameterized family and a differentiable f.
 * Reference: Kingma, Welling, "Auto-Encoding Variational Bayes", ICLR 2014, arXiv:1312.6114;
 * Mohamed et al., JMLR 2020, arXiv:1906.10652, §5.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOptions } from './options';
import { ArgumentError, describe } from './errors';
import type { Estimate, EstimateArgs, GradientEstimator } from './estimator';
import { type Family, normalFamily } from './families';
import { callObjective, checkEstimateArgs, surrogateAndGradient } from './internal/objective';
import { assertIntegerIn } from './internal/validate';

export interface PathwiseOptions {
  /** a reparameterized family; default normal with parameters [..., D, 2] = (loc, log scale) */
  family?: Family;
  /** samples per estimate, K (default 1) */
  numSamples?: number;
  name?: string;
}

/**
 * @example
 * const est = pathwise({ numSamples: 8 });
 * const params = tf.stack([tf.zeros([3]), tf.zeros([3])], -1); // loc 0, log scale 0
 * const { gradient } = est.estimate({ key: key(0), logits: params, objective: (x) => tf.sum(tf.square(x), -1) });
 */
export function pathwise(options: PathwiseOptions = {}): GradientEstimator {
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError('options', `got ${describe(options)}`, 'an options object');
  }
  checkOptions('pathwise', options, ['family', 'numSamples', 'name']);
  if (options.name !== undefined && typeof options.name !== 'string') throw new ArgumentError('name', `got ${describe(options.name)}`, 'a string');
  const family = options.family ?? normalFamily;
  if (!family.reparameterized) {
    throw new ArgumentError('family', `the ${family.name} family is not reparameterized`, 'a reparameterized family (normal, relaxed ...); use scoreFunction for the others');
  }
  const numSamples = options.numSamples ?? 1;
  assertIntegerIn(numSamples, 'numSamples', 1);

  function estimate(args: EstimateArgs): Estimate {
    const { key, logits, objective } = checkEstimateArgs(args);
    return tf.tidy(() => {
      const { surrogate, gradient, extra } = surrogateAndGradient(logits, (l) => {
        const distribution = family.distribution(l);
        const samples = distribution.sample(key, [numSamples]);
        const values = callObjective(objective, samples, [numSamples, ...distribution.batchShape]);
        const value = tf.mean(values, 0);
        return { surrogate: tf.sum(value) as tf.Scalar, extra: { value } };
      });
      return { value: extra.value, gradient, surrogate };
    });
  }

  return Object.freeze({
    name: options.name ?? 'pathwise',
    evaluations: numSamples,
    target: 'expectation' as const,
    unbiased: true,
    estimate,
  });
}
