/**
 * Score-function (REINFORCE) estimator of ∇ E_{b~p(b|α)}[f(b)], with a control variate c:
 *   ĝ = 1/K Σ_k (f(b_k) − c_k) ∇_α log p(b_k | α)   (+ E[∂f/∂α] when f depends on α directly)
 * Properties: unbiased for any c_k independent of b_k; needs only log p, so it works for discrete
 * and continuous families alike; high variance without a good control variate.
 * Reference: Williams, "Simple statistical gradient-following algorithms for connectionist
 * reinforcement learning", Machine Learning 1992; Mohamed, Rosca, Figurnov, Mnih, "Monte Carlo
 * Gradient Estimation in Machine Learning", JMLR 2020, arXiv:1906.10652.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOptions } from './options';
import { ArgumentError, describe } from './errors';
import { type ControlVariate, isLeaveOneOut, noBaseline } from './control-variates';
import type { BernoulliPairRule, Estimate, EstimateArgs, GradientEstimator } from './estimator';
import { bernoulliFamily, type Family } from './families';
import { callObjective, checkEstimateArgs, surrogateAndGradient } from './internal/objective';
import { assertIntegerIn } from './internal/validate';
import { detach, scoreTerm } from './numerics';
import type { Key } from './key';
import * as random from './random';

/**
 * REINFORCE-LOO with K = 2 Bernoulli samples as a pair rule (the declared capability): b, b̃ drawn
 * independently, ĝ = ½ Σₖ (fₖ − f₋ₖ)(bₖ − σ(α)) = ½ (f(b) − f(b̃)) (b − b̃).
 */
const leaveOneOutPair: BernoulliPairRule = Object.freeze({
  // the samples of bernoulliFamily's sample(key, [2])
  sample: (key: Key, logits: tf.Tensor) => ({ samples: random.bernoulli(key, { logits }, [2]) }),
  gradient: ({ f, fTilde, b, bTilde }: Parameters<BernoulliPairRule['gradient']>[0]) =>
    tf.mul(tf.reshape(tf.mul(tf.sub(f, fTilde), 0.5), [...f.shape, 1]), tf.sub(b, bTilde)),
});

export interface ScoreFunctionOptions {
  /** how the parameters define the sampling distribution; default Bernoulli logits [..., D] */
  family?: Family;
  /** samples per estimate, K (default: 1, or 2 for leave-one-out) */
  numSamples?: number;
  /** baseline; default none */
  controlVariate?: ControlVariate;
  /** a name for tables; default 'reinforce' + the control variate */
  name?: string;
}

/**
 * @example
 * const est = scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 });
 * const { value, gradient, surrogate } = est.estimate({
 *   key: key(0),
 *   logits: tf.zeros([8]),
 *   objective: (b) => tf.sum(tf.square(tf.sub(b, 0.45)), -1),
 * });
 */
export function scoreFunction(options: ScoreFunctionOptions = {}): GradientEstimator {
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError('options', `got ${describe(options)}`, 'an options object');
  }
  checkOptions('scoreFunction', options, ['family', 'numSamples', 'controlVariate', 'name']);
  if (options.name !== undefined && typeof options.name !== 'string') throw new ArgumentError('name', `got ${describe(options.name)}`, 'a string');
  const family = options.family ?? bernoulliFamily;
  const controlVariate = options.controlVariate ?? noBaseline();
  if (typeof controlVariate !== 'object' || controlVariate === null || typeof controlVariate.baseline !== 'function' || !Number.isInteger(controlVariate.minSamples)) {
    throw new ArgumentError('controlVariate', `got ${describe(controlVariate)}`, 'a ControlVariate: noBaseline(), constantBaseline(c), movingAverageBaseline(), learnedBaseline(network) or leaveOneOut()');
  }
  const numSamples = options.numSamples ?? Math.max(1, controlVariate.minSamples);
  assertIntegerIn(numSamples, 'numSamples', 1);
  if (numSamples < controlVariate.minSamples) {
    throw new ArgumentError(
      'numSamples',
      `got K = ${numSamples} with the ${controlVariate.name} control variate`,
      `K >= ${controlVariate.minSamples} for ${controlVariate.name}`,
    );
  }
  const name = options.name ?? (controlVariate.name === 'none' ? 'reinforce' : `reinforce+${controlVariate.name}`);

  function estimate(args: EstimateArgs): Estimate {
    const { key, logits, objective } = checkEstimateArgs(args);
    let detachedValues: tf.Tensor | undefined;
    const out = tf.tidy(() => {
      const frozenLogits = detach(logits);
      const { surrogate, gradient, extra } = surrogateAndGradient(logits, (l) => {
        const distribution = family.distribution(l);
        const samples = detach(distribution.sample(key, [numSamples]));
        const values = callObjective(objective, samples, [numSamples, ...distribution.batchShape]);
        const fixed = detach(values);
        const baseline = controlVariate.baseline(fixed, frozenLogits);
        const weight = tf.sub(fixed, baseline);
        const perSample = tf.add(values, tf.mul(weight, scoreTerm(distribution.logProb(samples))));
        return { surrogate: tf.sum(tf.mean(perSample, 0)) as tf.Scalar, extra: { value: tf.mean(values, 0), fixed } };
      });
      const controlVariateLoss = controlVariate.loss?.(extra.fixed, frozenLogits);
      detachedValues = tf.keep(extra.fixed);
      return { value: extra.value, gradient, surrogate, ...(controlVariateLoss ? { controlVariateLoss } : {}) };
    });
    if (detachedValues) {
      controlVariate.update?.(detachedValues);
      detachedValues.dispose();
    }
    return out;
  }

  // the pair rule holds only for the leaveOneOut() baseline with 2 Bernoulli samples (by identity)
  const pairRule = family === bernoulliFamily && numSamples === 2 && isLeaveOneOut(controlVariate) ? { bernoulliPair: leaveOneOutPair } : {};
  return Object.freeze({
    name,
    evaluations: numSamples,
    target: 'expectation' as const,
    unbiased: true,
    ...pairRule,
    estimate,
    get variables() {
      return controlVariate.variables ?? [];
    },
    dispose: () => controlVariate.dispose?.(),
  });
}
