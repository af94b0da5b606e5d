/**
 * An implicit policy: an MLP pushes state and noise forward to a pre-activation, a = tanh(u).
 * Math: u = g_θ([s, ε]), ε ~ N(0, I_m), a = tanh(u); π(a|s) has no closed form, so SAC takes its
 * entropy gradient from a score estimate of p(u|s) (AR-DAE by default) plus the exact tanh term.
 * Properties: reparameterized by construction; ε = 0 gives the deterministic (evaluation) action,
 * as the reference code; hidden layers orthogonal with gain √2, the output layer gain 1 (a wide
 * initial spread of u; the reference code draws its output weights from N(0, 1)). The reference
 * code encodes s first and uses ELU; this is one plain MLP of [s, ε] (ReLU by default).
 * Reference: Lim, Courville, Pal, Huang, "AR-DAE: Towards Unbiased Neural Entropy Gradient
 * Estimation", ICML 2020, arXiv:2006.05164 (code: lim0606/pytorch-ardae-rl, model.py StochasticPolicy).
 */
import { ArgumentError, type Key, checkOptions } from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkKey, checkSize } from '../internal/agent-args';
import { checkActivation, checkHiddenSizes, createMlp } from '../internal/mlp';
import type { ImplicitPolicy } from './sac-policy';

export interface ImplicitMlpPolicyOptions {
  key: Key;
  observationSize: number;
  actionSize: number;
  /** size m of the noise ε; default 10 (the reference code's noise_size) */
  noiseSize?: number;
  /** default [256, 256] */
  hiddenSizes?: readonly number[];
  /** default 'relu' */
  activation?: 'tanh' | 'relu';
}

/**
 * @example
 * const policy = implicitMlpPolicy({ key: key(0), observationSize: 17, actionSize: 6 });
 * const agent = sac({ key: key(1), env: 'HalfCheetah-v5', policy, entropy: 'ardae', entCoef: 0.05 });
 */
export function implicitMlpPolicy(options: ImplicitMlpPolicyOptions): ImplicitPolicy {
  const where = 'implicitMlpPolicy';
  checkOptions(where, options, ['key', 'observationSize', 'actionSize', 'noiseSize', 'hiddenSizes', 'activation']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ key, observationSize, actionSize, noiseSize?, hiddenSizes?, activation? }');
  checkKey(where, options.key);
  const { observationSize, actionSize, noiseSize = 10 } = options;
  checkSize(where, 'observationSize', observationSize, 1);
  checkSize(where, 'actionSize', actionSize, 1);
  checkSize(where, 'noiseSize', noiseSize, 1);
  const hiddenSizes = checkHiddenSizes(where, options.hiddenSizes ?? [256, 256]);
  const activation = checkActivation(where, options.activation ?? 'relu');
  const net = createMlp(options.key, [observationSize + noiseSize, ...hiddenSizes, actionSize], activation, 1);
  return Object.freeze({
    kind: 'implicit' as const,
    observationSize,
    actionSize,
    noiseSize,
    preActivation(observations: tf.Tensor2D, noise: tf.Tensor3D) {
      return tf.tidy(() => {
        const [n, b] = noise.shape;
        const s = tf.broadcastTo(tf.expandDims(observations, 0), [n, b, observationSize]);
        const input = tf.reshape(tf.concat([s, noise], 2), [n * b, observationSize + noiseSize]) as tf.Tensor2D;
        return tf.reshape(net.apply(input), [n, b, actionSize]) as tf.Tensor3D;
      });
    },
    variables: net.variables,
    mlp: Object.freeze({ hiddenSizes, activation }),
    dispose: () => net.variables.forEach((v) => v.dispose()),
  });
}
