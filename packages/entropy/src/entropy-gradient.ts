/**
 * The estimate of ∇_φ H(q_φ) itself, as gradients of the sampler's variables.
 *   ĝ_φ = −(1/N) Σ_n ŝ(x_n)ᵀ ∂x_n/∂φ, x_n = g_φ(ε_n), ŝ ≈ ∇_x log q_φ (detached);
 *   computed as the gradient of entropySurrogate(sample(), score).
 * Properties: as entropySurrogate: unbiased with the exact score, otherwise as biased as ŝ.
 * Reference: Lim, Courville, Pal, Huang, ICML 2020, arXiv:2006.05164 (https://arxiv.org/abs/2006.05164).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { entropySurrogate } from './entropy-surrogate';
import { describeValue } from './internal/validate';
import type { ScoreFunction } from './types';

export interface EntropyGradientArgs {
  /** draws samples [N, ...batch, D] from the sampler, on the tape (it is called once) */
  sample: () => tf.Tensor;
  /** the score estimate to use (model.score, an exact score, a Stein estimator's score, ...) */
  score: ScoreFunction;
  /** the variables to differentiate (default: every trainable variable the samples depend on) */
  variables?: tf.Variable[];
}

/**
 * Returns the gradients (keyed by variable name; the caller disposes them) of the entropy of the
 * sampler's distribution, summed over batch elements.
 * @example
 * const grads = entropyGradient({ sample: () => sampler(fold(k, i)), score: model.score, variables: [loc, scaleTril] });
 * // grads[scaleTril.name] ≈ ∇_L log|det L| for x = μ + Lε
 */
export function entropyGradient(args: EntropyGradientArgs): tf.NamedTensorMap {
  if (typeof args !== 'object' || args === null) throw new ArgumentError('args', `got ${describeValue(args)}`, 'an object { sample, score, variables? }');
  checkOptions('entropyGradient', args, ['sample', 'score', 'variables']);
  const { sample, score, variables } = args;
  if (typeof sample !== 'function') throw new ArgumentError('sample', `got ${describeValue(sample)}`, 'a function () => samples [N, ...batch, D] on the tape');
  if (typeof score !== 'function') throw new ArgumentError('score', `got ${describeValue(score)}`, 'a function x [N, ...batch, D] -> score [N, ...batch, D]');
  if (variables !== undefined && (!Array.isArray(variables) || variables.some((v) => !(v instanceof tf.Variable)))) {
    throw new ArgumentError('variables', `got ${describeValue(variables)}`, 'an array of tf.Variable');
  }
  const { value, grads } = tf.variableGrads(() => entropySurrogate(sample(), score), variables);
  value.dispose();
  return grads;
}
