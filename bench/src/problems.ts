/**
 * The toy problems a throughput or memory run uses: @stochgrad/core's `toyProblems` (the demo and
 * tests use the same definitions), and two helpers for making batched parameters and variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ToyProblem, toyProblems } from '@stochgrad/core';

export type BenchProblem = ToyProblem;

export const { bernoulliToy, bernoulliCoupled, gaussianQuadratic } = toyProblems;

export const problems: readonly BenchProblem[] = toyProblems.all;

/** The problem's parameters repeated along a new leading batch axis: [batch, ...]. */
export function tiledLogits(problem: BenchProblem, batch: number): tf.Tensor {
  return tf.tidy(() => {
    const logits = problem.makeLogits();
    return tf.broadcastTo(tf.expandDims(logits, 0), [batch, ...logits.shape]);
  });
}

/** A trainable variable holding `initial`, which it frees (tf.variable keeps its argument alive). */
export function variableFrom(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}
