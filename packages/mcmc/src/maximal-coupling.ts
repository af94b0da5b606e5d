/**
 * Maximal coupling of two general distributions p and q (rejection form), given samplers and log
 * densities, one pair per batch element.
 *   X ~ p, W ~ U(0, 1): if log W + log p(X) ≤ log q(X) then Y = X;
 *   else repeat Y* ~ q, W* ~ U(0, 1) until log W* + log q(Y*) > log p(Y*), and Y = Y*.
 * Properties: X ~ p and Y ~ q exactly; P(X = Y) = 1 − TV(p, q), the largest possible; about two
 * draws from each on average (the rejection loop runs with probability TV and accepts with
 * probability TV per try). Needs normalised densities (or a common normaliser).
 * Reference: Thorisson, "Coupling, Stationarity, and Regeneration", Springer 2000; as Algorithm 2 in
 * Jacob, O'Leary, Atchadé, "Unbiased Markov chain Monte Carlo methods with couplings", JRSS-B
 * 2020, arXiv:1708.03625.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, StochgradError, ShapeError, fold, random, split, type Key } from '@stochgrad/core';
import type { Coupleable } from './types';
import { assertKey, assertInteger, describe, shapeString } from './internal/validate';

export interface MaximalCouplingOptions {
  /** the first distribution (X ~ p) */
  p: Coupleable;
  /** the second distribution (Y ~ q) */
  q: Coupleable;
  /**
   * rounds of the rejection loop before giving up with an error (default 10 000; each round
   * accepts with probability TV(p, q) per pending element). Never truncated silently.
   */
  maxTries?: number;
}

export interface CouplingDraw {
  /** [...batch, ...event], distributed as p */
  x: tf.Tensor;
  /** [...batch, ...event], distributed as q */
  y: tf.Tensor;
  /** 1 where x = y, flat over the batch */
  met: Uint8Array;
  /** draws made from q (for cost accounting), over the whole batch */
  proposalsFromQ: number;
}

function checkCoupleable(d: unknown, argument: string): asserts d is Coupleable {
  const c = d as Partial<Coupleable> | null;
  if (c === null || typeof c !== 'object' || typeof c.sample !== 'function' || typeof c.logProb !== 'function') {
    throw new ArgumentError(argument, `got ${describe(d)}`, '{ sample(key), logProb(value) } (a core Distribution works)');
  }
}

function pendingCount(pending: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.cast(pending, 'int32')).dataSync()[0] as number);
}

/** mask [...batch] reshaped to broadcast against values [...batch, ...event]. */
function expandMask(mask: tf.Tensor, rank: number): tf.Tensor {
  return tf.reshape(mask, [...mask.shape, ...new Array<number>(rank - mask.rank).fill(1)]);
}

/**
 * @example
 * const p = normal({ loc: tf.zeros([100]), scale: 1 });
 * const q = normal({ loc: tf.ones([100]), scale: 1 });
 * const { x, y, met } = maximalCoupling(key(0), { p, q }); // about 62% of met are 1
 */
export function maximalCoupling(key: Key, options: MaximalCouplingOptions): CouplingDraw {
  assertKey(key);
  if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'missing', '{ p, q, maxTries? }');
  checkOptions('maximalCoupling', options, ['p', 'q', 'maxTries']);
  const { p, q, maxTries = 10_000 } = options;
  checkCoupleable(p, 'p');
  checkCoupleable(q, 'q');
  assertInteger(maxTries, 'maxTries', 1);
  const [sampleKey, acceptKey, loopKey] = split(key, 3) as [Key, Key, Key];
  let proposalsFromQ = 0;
  const out = tf.tidy(() => {
    const x = p.sample(sampleKey);
    const logPx = p.logProb(x);
    const logQx = q.logProb(x);
    if (logPx.rank > x.rank || logPx.shape.some((d, i) => d !== x.shape[i]) || logQx.shape.join() !== logPx.shape.join()) {
      throw new ShapeError(
        'p.logProb, q.logProb',
        `returned ${shapeString(logPx.shape)} and ${shapeString(logQx.shape)} for a draw ${shapeString(x.shape)}`,
        'the batch shape of the draw (its leading axes), the same for p and q',
      );
    }
    const batchShape = logPx.shape;
    const accept = tf.lessEqual(tf.add(tf.log(random.uniform(acceptKey, batchShape)), logPx), logQx);
    let y = tf.clone(x);
    let pending = tf.logicalNot(accept);
    let round = 0;
    for (let count = pendingCount(pending); count > 0; count = pendingCount(pending)) {
      if (round >= maxTries) {
        throw new StochgradError(
          `maximalCoupling: ${count} draw(s) still pending after maxTries = ${maxTries} rounds; check that p and q are normalised densities`,
        );
      }
      const [candidateKey, uniformKey] = split(fold(loopKey, round)) as [Key, Key];
      const candidate = q.sample(candidateKey);
      proposalsFromQ += count;
      const ok = tf.logicalAnd(pending, tf.greater(tf.add(tf.log(random.uniform(uniformKey, batchShape)), q.logProb(candidate)), p.logProb(candidate)));
      y = tf.where(tf.broadcastTo(expandMask(ok, candidate.rank), candidate.shape), candidate, y);
      pending = tf.logicalAnd(pending, tf.logicalNot(ok));
      round++;
    }
    return { x, y, accept };
  });
  const met = Uint8Array.from(out.accept.dataSync());
  out.accept.dispose();
  return { x: out.x, y: out.y, met, proposalsFromQ };
}
