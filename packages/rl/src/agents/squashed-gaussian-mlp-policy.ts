/**
 * The squashed diagonal Gaussian policy of SAC: an MLP gives the mean and a state-dependent log-std.
 * Math: u ~ N(μ_θ(s), diag(σ_θ(s)²)), log σ_θ(s) clamped to [−20, 2], a = tanh(u);
 *   log π(a|s) = log N(u; μ, σ²) − Σ_i log(1 − tanh²(u_i)) (the change of variables of tanh).
 * Properties: reparameterized (u = μ + σ ⊙ ε); the log-std clamp is Stable-Baselines3's
 * (LOG_STD_MIN −20, LOG_STD_MAX 2); hidden layers orthogonal with gain √2, the output layer 0.01
 * (initial σ ≈ 1, μ ≈ 0). One network with a 2k-wide output layer ≡ SB3's two linear heads.
 * Reference: Haarnoja et al., "Soft Actor-Critic Algorithms and Applications", arXiv:1812.05905,
 * 2018, appendix C (the tanh correction); Stable-Baselines3 `sac/policies.py: Actor`.
 */
import { ArgumentError, type Key, checkOptions } from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKey, checkSize } from '../internal/agent-args';
import { checkActivation, checkHiddenSizes, createMlp } from '../internal/mlp';
import type { SquashedGaussianPolicy } from './sac-policy';

export interface SquashedGaussianMlpPolicyOptions {
  key: Key;
  observationSize: number;
  actionSize: number;
  /** default [256, 256] (SB3's SAC) */
  hiddenSizes?: readonly number[];
  /** default 'relu' */
  activation?: 'tanh' | 'relu';
}

export const LOG_STD_MIN = -20;
export const LOG_STD_MAX = 2;

/**
 * @example
 * const policy = squashedGaussianMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1 });
 * const agent = sac({ key: key(1), env: 'Pendulum-v1', policy });
 */
export function squashedGaussianMlpPolicy(options: SquashedGaussianMlpPolicyOptions): SquashedGaussianPolicy {
  const where = 'squashedGaussianMlpPolicy';
  checkOptions(where, options, ['key', 'observationSize', 'actionSize', 'hiddenSizes', 'activation']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ key, observationSize, actionSize, hiddenSizes?, activation? }');
  checkKey(where, options.key);
  const { observationSize, actionSize } = options;
  checkSize(where, 'observationSize', observationSize, 1);
  checkSize(where, 'actionSize', actionSize, 1);
  const hiddenSizes = checkHiddenSizes(where, options.hiddenSizes ?? [256, 256]);
  const activation = checkActivation(where, options.activation ?? 'relu');
  const net = createMlp(options.key, [observationSize, ...hiddenSizes, 2 * actionSize], activation, 0.01);
  return Object.freeze({
    kind: 'squashed-gaussian' as const,
    observationSize,
    actionSize,
    distribution(observations: tf.Tensor2D) {
      return tf.tidy(() => {
        const out = net.apply(observations);
        const mean = tf.slice(out, [0, 0], [-1, actionSize]) as tf.Tensor2D;
        const logStd = tf.clipByValue(tf.slice(out, [0, actionSize], [-1, actionSize]), LOG_STD_MIN, LOG_STD_MAX) as tf.Tensor2D;
        return { mean, logStd };
      });
    },
    variables: net.variables,
    mlp: Object.freeze({ hiddenSizes, activation }),
    dispose: () => net.variables.forEach((v) => v.dispose()),
  });
}
