/**
 * A state-value function V_φ(s) as an MLP (default 2 × 64 tanh, hidden layers orthogonal with gain
 * √2, output layer gain 1), the critic and baseline of actor-critic agents.
 * Reference: Mnih et al., "Asynchronous methods for deep reinforcement learning", ICML 2016,
 * arXiv:1602.01783.
 */
import { ArgumentError, type Key, checkOptions } from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkActivation, checkHiddenSizes, createMlp } from '../internal/mlp';
import { checkKey, checkSize } from '../internal/agent-args';
import type { ValueFunction } from './policy';

export interface MlpValueFunctionOptions {
  key: Key;
  observationSize: number;
  /** default [64, 64] */
  hiddenSizes?: readonly number[];
  /** default 'tanh' */
  activation?: 'tanh' | 'relu';
}

/**
 * @example
 * const critic = mlpValueFunction({ key: key(1), observationSize: 4 });
 */
export function mlpValueFunction(options: MlpValueFunctionOptions): ValueFunction {
  const where = 'mlpValueFunction';
  checkOptions(where, options, ['key', 'observationSize', 'hiddenSizes', 'activation']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ key, observationSize, hiddenSizes?, activation? }');
  checkKey(where, options.key);
  const { observationSize } = options;
  checkSize(where, 'observationSize', observationSize, 1);
  const hiddenSizes = checkHiddenSizes(where, options.hiddenSizes ?? [64, 64]);
  const activation = checkActivation(where, options.activation ?? 'tanh');
  const net = createMlp(options.key, [observationSize, ...hiddenSizes, 1], activation, 1);
  return Object.freeze({
    observationSize,
    value: (observations: tf.Tensor2D) => tf.tidy(() => tf.reshape(net.apply(observations), [-1]) as tf.Tensor1D),
    variables: net.variables,
    mlp: Object.freeze({ hiddenSizes, activation }),
    dispose: () => net.variables.forEach((v) => v.dispose()),
  });
}
