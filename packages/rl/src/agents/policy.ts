/**
 * The networks an agent trains: a policy π_θ(a|s) for a Discrete (categorical) or Box (diagonal
 * Gaussian) action space, and a state-value function V_φ(s). `categoricalMlpPolicy`,
 * `gaussianMlpPolicy` and `mlpValueFunction` build the default MLPs; any object with these fields
 * serves (your own tf.Variables and forward functions). Observations arrive as [B, observationSize]
 * float32 tensors; the functions must return new tensors (they are called inside tf.tidy and
 * differentiated with respect to `variables`).
 */
import type * as tf from '@tensorflow/tfjs-core';

/** How to rebuild a default network (saved with the agent); undefined for a user's network. */
export interface MlpConfig {
  readonly hiddenSizes: readonly number[];
  readonly activation: 'tanh' | 'relu';
}

/** π_θ(·|s) = softmax(logits(s)) over actions 0 … numActions − 1 (the space's start is added when stepping). */
export interface CategoricalPolicy {
  readonly kind: 'categorical';
  readonly observationSize: number;
  readonly numActions: number;
  /** observations [B, observationSize] → logits [B, numActions] */
  logits(observations: tf.Tensor2D): tf.Tensor2D;
  readonly variables: readonly tf.Variable[];
  readonly mlp?: MlpConfig;
  dispose(): void;
}

/** π_θ(·|s) = N(mean(s), diag(exp(logStd))²), logStd a state-independent vector [actionSize]. */
export interface GaussianPolicy {
  readonly kind: 'gaussian';
  readonly observationSize: number;
  readonly actionSize: number;
  /** observations [B, observationSize] → mean [B, actionSize] */
  mean(observations: tf.Tensor2D): tf.Tensor2D;
  /** [actionSize]; also listed in `variables` */
  readonly logStd: tf.Variable;
  readonly variables: readonly tf.Variable[];
  readonly mlp?: MlpConfig;
  dispose(): void;
}

export type Policy = CategoricalPolicy | GaussianPolicy;

/** V_φ(s): observations [B, observationSize] → values [B]. */
export interface ValueFunction {
  readonly observationSize: number;
  value(observations: tf.Tensor2D): tf.Tensor1D;
  readonly variables: readonly tf.Variable[];
  readonly mlp?: MlpConfig;
  dispose(): void;
}
