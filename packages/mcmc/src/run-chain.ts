/**
 * A single Markov chain and its time average (1/(m−k+1)) Σ_{t=k}^{m} h(X_t), X₀ ~ π₀.
 * Properties: consistent as m → ∞ but biased for finite m (the bias of starting at π₀); the
 * coupled version runCoupledChains removes it. m kernel calls.
 * Reference: Jacob, O'Leary, Atchadé, JRSS-B 2020, arXiv:1708.03625 (the MCMC average in H_{k:m}).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError, fold, split, type Key } from '@stochgrad/core';
import type { MarkovKernel } from './types';
import { untaped } from './internal/untaped';
import { assertInteger, assertKey, assertOptionalFunction, describe, shapeString } from './internal/validate';

export interface RunChainOptions<TState> {
  key: Key;
  kernel: MarkovKernel<TState>;
  /** h: a state of B chains → [B, ...]; omit to only run the chain */
  testFunction?: (state: TState) => tf.Tensor;
  /** first time averaged (default 0) */
  k?: number;
  /** last time, the number of kernel steps (>= k) */
  m: number;
  /** called at each t = 0..m with the current state (valid only during the call) */
  onStep?: (info: { t: number; x: TState }) => void;
}

export interface ChainResult<TState> {
  /** the time average of h over t = k..m, [B, ...] (undefined without a test function) */
  estimate: tf.Tensor | undefined;
  /** X_m; dispose it with kernel.dispose */
  state: TState;
  /** kernel steps made (m) */
  steps: number;
}

/**
 * @example
 * const kernel = isir({ x, logJoint, proposal, numParticles: 8 });
 * const { estimate, state } = runChain({ key: key(0), kernel, m: 50, k: 10,
 *   testFunction: (s) => kernel.weightedAverage(s, s.particles) });
 * kernel.dispose(state);
 */
export function runChain<TState>(options: RunChainOptions<TState>): ChainResult<TState> {
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ key, kernel, m }');
  checkOptions('runChain', options, ['key', 'kernel', 'testFunction', 'k', 'm', 'onStep']);
  assertOptionalFunction(options.testFunction, 'testFunction');
  assertOptionalFunction(options.onStep, 'onStep');
  const { key, kernel, testFunction, k = 0, m, onStep } = options;
  assertKey(key);
  if (kernel === null || typeof kernel !== 'object' || typeof kernel.step !== 'function') {
    throw new ArgumentError('kernel', `got ${describe(kernel)}`, 'a MarkovKernel (e.g. isir(...))');
  }
  assertInteger(k, 'k', 0);
  assertInteger(m, 'm', 0);
  if (k > m) throw new ArgumentError('k, m', `got k = ${k} > m = ${m}`, 'integers 0 <= k <= m');
  const batch = kernel.batchSize;
  const [initKey, stepKey] = split(key) as [Key, Key];
  return untaped(() => {
    let x = kernel.init(initKey);
    let estimate: tf.Tensor | undefined;
    try {
      for (let t = 0; t <= m; t++) {
        if (t > 0) {
          const next = kernel.step(fold(stepKey, t), x);
          kernel.dispose(x);
          x = next;
        }
        onStep?.({ t, x });
        if (testFunction && t >= k) {
          const previous = estimate;
          estimate = tf.keep(
            tf.tidy(() => {
              const h = testFunction(x);
              if (!(h instanceof tf.Tensor) || h.rank < 1 || h.shape[0] !== batch) {
                throw new ShapeError('testFunction', `returned ${h instanceof tf.Tensor ? `shape ${shapeString(h.shape)}` : describe(h)}`, `a tensor [B, ...] with B = ${batch}`);
              }
              const term = tf.div(tf.cast(h, 'float32'), m - k + 1);
              return previous ? tf.add(previous, term) : term;
            }),
          );
          previous?.dispose();
        }
      }
    } catch (error) {
      kernel.dispose(x);
      if (estimate) estimate.dispose();
      throw error;
    }
    return { estimate, state: x, steps: m };
  });
}
