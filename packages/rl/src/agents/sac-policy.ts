/**
 * The policies a SAC agent trains, one contract for two kinds. Both give a pre-activation
 * u ∈ ℝ^k per state and noise draw; the action is a = tanh(u) ∈ (−1, 1)^k, scaled to the Box bounds
 * by the agent.
 *   squashed-gaussian: u = μ_θ(s) + exp(logStd_θ(s)) ⊙ ε, ε ~ N(0, I_k); density known in closed form.
 *   implicit: u = g_θ(s, ε), ε ~ N(0, I_m) of the policy's own size m; no density, so its entropy
 *   gradient comes from a score estimator (AR-DAE, Stein, SSGE or a known score).
 * Observations arrive as [B, observationSize] float32 tensors; the functions must return new tensors
 * (they are called inside tf.tidy and differentiated with respect to `variables`).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MlpConfig } from './policy';

/** π_θ(·|s): u ~ N(mean(s), diag(exp(logStd(s)))²), a = tanh(u). */
export interface SquashedGaussianPolicy {
  readonly kind: 'squashed-gaussian';
  readonly observationSize: number;
  readonly actionSize: number;
  /** observations [B, observationSize] → mean and log-std [B, actionSize] of u (log-std already clamped) */
  distribution(observations: tf.Tensor2D): { mean: tf.Tensor2D; logStd: tf.Tensor2D };
  readonly variables: readonly tf.Variable[];
  readonly mlp?: MlpConfig;
  dispose(): void;
}

/** π_θ(·|s): u = g_θ(s, ε), ε ~ N(0, I_noiseSize), a = tanh(u); ε = 0 gives the deterministic action. */
export interface ImplicitPolicy {
  readonly kind: 'implicit';
  readonly observationSize: number;
  readonly actionSize: number;
  readonly noiseSize: number;
  /** observations [B, observationSize], noise [N, B, noiseSize] → pre-activations u [N, B, actionSize] */
  preActivation(observations: tf.Tensor2D, noise: tf.Tensor3D): tf.Tensor3D;
  readonly variables: readonly tf.Variable[];
  readonly mlp?: MlpConfig;
  dispose(): void;
}

export type SacPolicy = SquashedGaussianPolicy | ImplicitPolicy;
