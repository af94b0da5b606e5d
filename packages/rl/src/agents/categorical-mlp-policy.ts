/**
 * A categorical policy for a `discrete(n)` action space: an MLP from the observation to n logits.
 * Math: π_θ(a|s) = softmax(f_θ(s))_a; f_θ an MLP (default 2 × 64 tanh, SB3's A2C default), hidden
 * layers orthogonally initialised with gain √2, the logit layer with gain 0.01 (near-uniform start).
 * Reference: Mnih et al., "Asynchronous methods for deep reinforcement learning", ICML 2016,
 * arXiv:1602.01783; the initialisation as in OpenAI Baselines / Stable-Baselines3 actor-critics.
 */
import { ArgumentError, type Key, checkOptions } from '@stochgrad/core';
import { checkKey, checkSize } from '../internal/agent-args';
import { checkActivation, checkHiddenSizes, createMlp } from '../internal/mlp';
import type { CategoricalPolicy } from './policy';

export interface CategoricalMlpPolicyOptions {
  key: Key;
  observationSize: number;
  numActions: number;
  /** default [64, 64] */
  hiddenSizes?: readonly number[];
  /** default 'tanh' */
  activation?: 'tanh' | 'relu';
}

/**
 * @example
 * const policy = categoricalMlpPolicy({ key: key(0), observationSize: 4, numActions: 2 });
 */
export function categoricalMlpPolicy(options: CategoricalMlpPolicyOptions): CategoricalPolicy {
  const where = 'categoricalMlpPolicy';
  checkOptions(where, options, ['key', 'observationSize', 'numActions', 'hiddenSizes', 'activation']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ key, observationSize, numActions, hiddenSizes?, activation? }');
  checkKey(where, options.key);
  const { observationSize, numActions } = options;
  checkSize(where, 'observationSize', observationSize, 1);
  checkSize(where, 'numActions', numActions, 1);
  const hiddenSizes = checkHiddenSizes(where, options.hiddenSizes ?? [64, 64]);
  const activation = checkActivation(where, options.activation ?? 'tanh');
  const net = createMlp(options.key, [observationSize, ...hiddenSizes, numActions], activation, 0.01);
  return Object.freeze({
    kind: 'categorical' as const,
    observationSize,
    numActions,
    logits: net.apply,
    variables: net.variables,
    mlp: Object.freeze({ hiddenSizes, activation }),
    dispose: () => net.variables.forEach((v) => v.dispose()),
  });
}
