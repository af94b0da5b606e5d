/**
 * Score-function (REINFORCE / A2C-style) policy gradient with exact returns-to-go and a state-value
 * baseline, for any action space.
 *   ĝ = Σ_t γ^t ∇_θ log π_θ(a_t|s_t) (G_t − V(s_t)),   G_t = Σ_{t′≥t} γ^{t′−t} r_{t′}
 * Properties: unbiased for ∇J, J = E[Σ_t γ^t r_t], for any baseline V that does not depend on a_t
 * (or on θ); the γ^t factor makes it the gradient of the discounted objective (A2C codes usually
 * drop it, which is the same only for γ = 1). Requires log π(a_t|s_t) differentiable in θ.
 * Reference: Williams, "Simple statistical gradient-following algorithms for connectionist
 * reinforcement learning", Machine Learning 8, 1992; Grathwohl et al., "Backpropagation through the
 * Void", ICLR 2018, eq. (rl_a2c), arXiv:1711.00123.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, stopGradient } from '@stochgrad/core';
import { checkEpisodes, checkGamma, checkStepTensor, returnsToGoOf, weightedSum } from '../internal/policy-gradient-args';
import type { PolicyGradientEstimate } from './policy-gradient-estimate';

export interface ScoreFunctionPolicyGradientArgs {
  /** log π_θ(a_t|s_t) of the taken actions, [M, H], differentiable in θ */
  logProbabilities: tf.Tensor;
  /** r_t, [M, H] */
  rewards: tf.Tensor;
  /** the baseline V(s_t), [M, H] (default 0); it may depend on φ, not on θ or a_t */
  values?: tf.Tensor;
  /** γ in [0, 1] */
  gamma: number;
  /** [M, H]: 1 while the episode runs, 0 after (default: every step runs) */
  mask?: tf.Tensor;
}

/**
 * @example
 * const estimate = () => scoreFunctionPolicyGradient({ logProbabilities: logPi(), rewards, values: V(), gamma: 0.99 }).surrogate;
 * optimizer.minimize(() => tf.neg(estimate()), false, policyVariables);
 */
export function scoreFunctionPolicyGradient(args: ScoreFunctionPolicyGradientArgs): PolicyGradientEstimate {
  const where = 'scoreFunctionPolicyGradient';
  checkOptions(where, args, ['logProbabilities', 'rewards', 'values', 'gamma', 'mask']);
  const gamma = checkGamma(where, args.gamma);
  const { M, H } = checkEpisodes(where, args.rewards, args.mask);
  checkStepTensor(where, 'logProbabilities', args.logProbabilities, M, H, 2, 'log π(a_t|s_t) [M, H]');
  if (args.values !== undefined) checkStepTensor(where, 'values', args.values, M, H, 2, 'V(s_t) [M, H]');
  return tf.tidy(() => {
    const returns = returnsToGoOf(args.rewards, gamma, args.mask);
    const coefficient = args.values ? tf.sub(returns, args.values) : returns;
    const surrogate = weightedSum(tf.mul(args.logProbabilities, coefficient), gamma, args.mask);
    return { surrogate, returns, advantages: stopGradient(coefficient) };
  });
}
