/**
 * A diagonal Gaussian policy for a `box` action space: an MLP mean and a state-independent log-std.
 * Math: π_θ(a|s) = N(a; μ_θ(s), diag(σ²)), σ = exp(logStd), logStd a trainable vector (init 0);
 * μ_θ an MLP (default 2 × 64 tanh), hidden layers orthogonal with gain √2, the mean layer 0.01.
 * Properties: actions are unbounded draws; the agent CLIPS them to the Box bounds when stepping the
 * environment and scores the unclipped draw (log π of what was sampled), as SB3 does for
 * unsquashed Gaussians, so the score function stays exact for the sampled action (the clip is part
 * of the environment). No tanh squashing (no change-of-variables term needed).
 * Reference: Schulman et al., "High-dimensional continuous control using generalized advantage
 * estimation", ICLR 2016, arXiv:1506.02438 (state-independent log-std).
 */
import { ArgumentError, type Key, checkOptions } from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkActivation, checkHiddenSizes, createMlp } from '../internal/mlp';
import { checkKey, checkSize } from '../internal/agent-args';
import type { GaussianPolicy } from './policy';

export interface GaussianMlpPolicyOptions {
  key: Key;
  observationSize: number;
  actionSize: number;
  /** default [64, 64] */
  hiddenSizes?: readonly number[];
  /** default 'tanh' */
  activation?: 'tanh' | 'relu';
  /** the initial log σ of every action coordinate; default 0 */
  logStdInit?: number;
}

/**
 * @example
 * const policy = gaussianMlpPolicy({ key: key(0), observationSize: 3, actionSize: 1 });
 */
export function gaussianMlpPolicy(options: GaussianMlpPolicyOptions): GaussianPolicy {
  const where = 'gaussianMlpPolicy';
  checkOptions(where, options, ['key', 'observationSize', 'actionSize', 'hiddenSizes', 'activation', 'logStdInit']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ key, observationSize, actionSize, hiddenSizes?, activation?, logStdInit? }');
  checkKey(where, options.key);
  const { observationSize, actionSize, logStdInit = 0 } = options;
  checkSize(where, 'observationSize', observationSize, 1);
  checkSize(where, 'actionSize', actionSize, 1);
  if (typeof logStdInit !== 'number' || !Number.isFinite(logStdInit)) throw new ArgumentError(`${where} logStdInit`, `got ${String(logStdInit)}`, 'a finite number');
  const hiddenSizes = checkHiddenSizes(where, options.hiddenSizes ?? [64, 64]);
  const activation = checkActivation(where, options.activation ?? 'tanh');
  const net = createMlp(options.key, [observationSize, ...hiddenSizes, actionSize], activation, 0.01);
  const logStd = tf.tidy(() => tf.variable(tf.fill([actionSize], logStdInit), true));
  const variables = Object.freeze([...net.variables, logStd]);
  return Object.freeze({
    kind: 'gaussian' as const,
    observationSize,
    actionSize,
    mean: net.apply,
    logStd,
    variables,
    mlp: Object.freeze({ hiddenSizes, activation }),
    dispose: () => variables.forEach((v) => v.dispose()),
  });
}
