/**
 * Maximal coupling of two categorical distributions p = softmax(logitsX), q = softmax(logitsY),
 * one pair per batch row.
 *   with probability α = Σ_c min(p_c, q_c): x = y ~ min(p, q)/α;
 *   otherwise x ~ (p − min(p, q))/(1 − α) and y ~ (q − min(p, q))/(1 − α), independently.
 * Properties: x ~ p and y ~ q exactly; P(x = y) = α = 1 − TV(p, q), the largest possible. Logits
 * may be −∞ (probability zero). Computed in float64 JS (three uniforms per row).
 * Reference: Lindvall, "Lectures on the Coupling Method", 1992 (§I.5); used for unbiased MCMC in
 * Jacob, O'Leary, Atchadé, "Unbiased Markov chain Monte Carlo methods with couplings", JRSS-B 2020,
 * arXiv:1708.03625.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, ShapeError, random, type Key } from '@stochgrad/core';
import { coupleCategoricalRows, rowProbabilities } from './internal/categorical-coupling';
import { assertKey, assertTensor, shapeString } from './internal/validate';

export interface MaximalCouplingCategoricalOptions {
  /** logits of p, [..., C] (−∞ allowed, not all −∞ in a row) */
  logitsX: tf.Tensor;
  /** logits of q, same shape as logitsX */
  logitsY: tf.Tensor;
}

export interface CategoricalCouplingDraw {
  /** int32 class indices [...], distributed as p */
  x: tf.Tensor;
  /** int32 class indices [...], distributed as q */
  y: tf.Tensor;
  /** 1 where x = y (probability 1 − TV(p, q)), per row in the order of x */
  met: Uint8Array;
}

function checkLogits(values: ArrayLike<number>, rows: number, classes: number, argument: string): void {
  for (let r = 0; r < rows; r++) {
    let any = false;
    for (let c = 0; c < classes; c++) {
      const v = values[r * classes + c] as number;
      if (Number.isNaN(v) || v === Infinity) throw new ArgumentError(argument, `contains ${v} in row ${r}`, 'finite logits or −Infinity');
      if (v > -Infinity) any = true;
    }
    if (!any) throw new ArgumentError(argument, `row ${r} is all −Infinity`, 'at least one finite logit per row');
  }
}

/**
 * @example
 * const { x, y, met } = maximalCouplingCategorical(key(0), {
 *   logitsX: tf.tensor2d([[0, 1, 2]]),
 *   logitsY: tf.tensor2d([[2, 1, 0]]),
 * }); // x ~ softmax([0, 1, 2]), y ~ softmax([2, 1, 0]), P(x = y) = 1 − TV
 */
export function maximalCouplingCategorical(key: Key, options: MaximalCouplingCategoricalOptions): CategoricalCouplingDraw {
  assertKey(key);
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ logitsX, logitsY }');
  checkOptions('maximalCouplingCategorical', options, ['logitsX', 'logitsY']);
  const { logitsX, logitsY } = options;
  assertTensor(logitsX, 'logitsX');
  assertTensor(logitsY, 'logitsY');
  if (logitsX.rank < 1 || (logitsX.shape[logitsX.rank - 1] as number) < 1) {
    throw new ShapeError('logitsX', `got shape ${shapeString(logitsX.shape)}`, 'a class axis [..., C] with C >= 1');
  }
  if (logitsX.rank !== logitsY.rank || logitsX.shape.some((d, i) => d !== logitsY.shape[i])) {
    throw new ShapeError('logitsY', `got shape ${shapeString(logitsY.shape)}`, `the shape of logitsX, ${shapeString(logitsX.shape)}`);
  }
  const classes = logitsX.shape[logitsX.rank - 1] as number;
  const rows = logitsX.size / classes;
  const lx = logitsX.dataSync();
  const ly = logitsY.dataSync();
  checkLogits(lx, rows, classes, 'logitsX');
  checkLogits(ly, rows, classes, 'logitsY');
  const uniforms = random.uniform(key, [rows * 3]);
  const u = uniforms.dataSync();
  uniforms.dispose();
  const outX = new Int32Array(rows);
  const outY = new Int32Array(rows);
  coupleCategoricalRows(rowProbabilities(lx, rows, classes), rowProbabilities(ly, rows, classes), rows, classes, u, outX, outY);
  const met = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) met[r] = outX[r] === outY[r] ? 1 : 0;
  const batchShape = logitsX.shape.slice(0, -1);
  return { x: tf.tensor(outX, batchShape, 'int32'), y: tf.tensor(outY, batchShape, 'int32'), met };
}
