/**
 * Discounted returns-to-go of M batched episodes: G_t = Σ_{t′≥t} γ^{t′−t} r_{t′} (no bootstrapping).
 * Math: G = (r ⊙ mask) U with U[t′, t] = γ^{t′−t} for t′ ≥ t (one matMul per batch).
 * Properties: exact Monte Carlo targets; steps after an episode's end (mask 0) get G = 0.
 * Reference: Sutton & Barto, "Reinforcement Learning" (2nd ed.), §3.3 and §13.3 (REINFORCE).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { checkOptions } from '@stochgrad/core';
import { checkEpisodes, checkGamma, returnsToGoOf } from '../internal/policy-gradient-args';

export interface ReturnsToGoOptions {
  /** γ in [0, 1] */
  gamma: number;
  /** [M, H]: 1 while the episode runs, 0 after (default: all steps run) */
  mask?: tf.Tensor;
}

/**
 * @example
 * const G = returnsToGo(tf.tensor2d([[1, 1, 1]]), { gamma: 0.5 }); // [[1.75, 1.5, 1]]
 */
export function returnsToGo(rewards: tf.Tensor, options: ReturnsToGoOptions): tf.Tensor {
  checkOptions('returnsToGo', options, ['gamma', 'mask']);
  const gamma = checkGamma('returnsToGo', options?.gamma);
  checkEpisodes('returnsToGo', rewards, options.mask);
  return returnsToGoOf(rewards, gamma, options.mask);
}
