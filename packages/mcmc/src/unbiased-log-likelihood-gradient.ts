/**
 * Unbiased estimate of ∇_θ log p_θ(x) (and of the inclusive-KL gradient for q_φ) with coupled
 * i-SIR chains on the IWAE-augmented space and the bias-corrected estimator H_{k:m}.
 *   ∇_θ log p_θ(x) = E_{π̄}[h],  h(z_{1:S}) = Σ_s w̄_s ∇_θ log p_θ(x, z_s)  (Fisher's identity, Rao-Blackwellised);
 *   surrogate = Σ_b Σ_t Σ_s stop(c_{t,b} w̄_{t,s,b}) log p_θ(x_b, stop(z_{t,s,b})), with c_{t,b} the H_{k:m}
 *   coefficients of X_t and Y_{t−L}, so ∇_θ surrogate = Σ_b H_{k:m}(b); the same weights on log q_φ give
 *   an unbiased estimate of Σ_b E_{p(z|x_b)}[∇_φ log q_φ(z | x_b)] = −Σ_b ∇_φ KL(p_θ(z|x_b) ‖ q_φ(z|x_b)).
 * Properties: unbiased for Σ_b ∇_θ log p_θ(x_b) whatever q (q changes variance and meeting times,
 * not the mean) when the weights are bounded; chains capped at maxIterations are reported and
 * their estimates truncated (biased); the IWAE gradient is the same h under q^{⊗S}, biased.
 * Cost per data point: S + (S − 1)·max(τ, m) evaluations of log p(x, z) in the chains (forward,
 * off the tape; one more with lag > 1), and one per nonzero-weight particle in the surrogate
 * (with a gradient); without `independentRows` every chain runs to the batch's last meeting.
 * Reference: Ruiz, Titsias, Cemgil, Doucet, "Unbiased gradient estimation for variational
 * auto-encoders using coupled Markov chains", UAI 2021, arXiv:2010.01845; H_{k:m} from Jacob,
 * O'Leary, Atchadé, "Unbiased Markov chain Monte Carlo methods with couplings", JRSS-B 2020,
 * arXiv:1708.03625.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions, detach, type Key } from '@stochgrad/core';
import type { LogJoint, Proposal } from './types';
import { coupledIsir } from './coupled-isir';
import { rowProbabilities } from './internal/categorical-coupling';
import { type LoopResult, type StepInfo, checkSchedule, coupledLoop } from './internal/coupled-loop';
import type { IsirState } from './internal/isir-core';
import { untaped } from './internal/untaped';
import { assertKey, assertOptionalFunction, assertShapeEquals } from './internal/validate';

export interface UnbiasedLogLikelihoodGradientOptions {
  key: Key;
  /** observed data [B, ...] */
  x: tf.Tensor;
  /** log p_θ(x, z) for z [n, B, ...event] → [n, B]; reads the decoder variables */
  logJoint: LogJoint;
  /**
   * q_φ(z | x) with batch shape [B]; build it inside the function you differentiate when the
   * encoder should get the inclusive-KL gradient
   */
  proposal: Proposal;
  /** S >= 2 particles (S − 1 fresh proposals per step) */
  numParticles: number;
  /** burn-in k >= 0 */
  k: number;
  /** last averaged time m >= k */
  m: number;
  /** lag L >= 1 (default 1) */
  lag?: number;
  /** cap on the chain length (>= max(m, lag + 1)) */
  maxIterations: number;
  /** 'report' (default): capped chains are flagged and their estimates truncated; 'throw' */
  onCap?: 'report' | 'throw';
  /** called at each time t with the chain states (valid only during the call) */
  onStep?: (info: StepInfo<IsirState>) => void;
  /**
   * true when logJoint treats the data points (rows of x, axis 1 of z) independently and accepts
   * any number of them, as a VAE decoder does (not one that closes over per-row tensors of size B).
   * Then the chains skip data points whose chains have met once t > m, and the surrogate evaluates
   * log p(x, z) only at the P (particle, data point) pairs with a nonzero weight, packed as
   * logJoint(x', z') with x' [P, ...] (rows of x, gathered without a gradient to x) and
   * z' [1, P, ...event]. The same estimate for several times fewer evaluations. Default false.
   */
  independentRows?: boolean;
}

export interface UnbiasedLogLikelihoodGradient extends LoopResult {
  /** its gradient w.r.t. the decoder variables is the unbiased estimate of Σ_b ∇_θ log p_θ(x_b) (ascent direction) */
  surrogate: tf.Scalar;
  /**
   * its gradient w.r.t. the encoder variables is an unbiased estimate of
   * −Σ_b ∇_φ KL(p_θ(z|x_b) ‖ q_φ(z|x_b)) (ascent direction); zero gradient w.r.t. the decoder
   */
  inclusiveKlSurrogate: tf.Scalar;
  /** evaluations of log p(x, z), summed over the batch: in the chains, and in the surrogate (with gradient) */
  evaluations: { chain: number; surrogate: number };
}

/**
 * @example
 * const { grads } = tf.variableGrads(() => {
 *   const result = unbiasedLogLikelihoodGradient({
 *     key: key(0), x, numParticles: 8, k: 1, m: 3, maxIterations: 100,
 *     logJoint: (x, z) => decoderLogJoint(x, z),     // [n, B]
 *     proposal: independent(normal(encoder(x)), 1),   // batch [B], event [D]
 *     independentRows: true,                         // a VAE decoder treats data points independently
 *   });
 *   result.inclusiveKlSurrogate.dispose();           // or add it to train the encoder
 *   return tf.neg(result.surrogate);                 // descent on −log p(x)
 * }, decoderVariables);
 */
export function unbiasedLogLikelihoodGradient(options: UnbiasedLogLikelihoodGradientOptions): UnbiasedLogLikelihoodGradient {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError('options', 'missing', '{ key, x, logJoint, proposal, numParticles, k, m, maxIterations }');
  }
  checkOptions('unbiasedLogLikelihoodGradient', options, [
    'key', 'x', 'logJoint', 'proposal', 'numParticles', 'k', 'm', 'lag', 'maxIterations', 'onCap', 'onStep', 'independentRows',
  ]);
  assertOptionalFunction(options.onStep, 'onStep');
  const { key, x, logJoint, proposal, numParticles, onStep } = options;
  assertKey(key);
  const schedule = checkSchedule(options);
  const kernel = coupledIsir({ x, logJoint, proposal, numParticles, independentRows: options.independentRows });
  const batch = kernel.marginal.batchSize;
  const S = numParticles;
  const collected = untaped(() => {
    const particles: tf.Tensor[] = [];
    const weights: tf.Tensor[] = [];
    const normalized = (state: IsirState) => {
      const lw = state.logWeights.dataSync();
      const rows = new Float64Array(batch * S);
      for (let b = 0; b < batch; b++) for (let s = 0; s < S; s++) rows[b * S + s] = lw[s * batch + b] as number;
      return rowProbabilities(rows, batch, S); // [B × S]
    };
    try {
      const loop = coupledLoop({
        key,
        kernel,
        schedule,
        onStep,
        contribute: ({ x: sx, y: sy, coefficientX, coefficientY }) => {
          // ω_X = c_X w̄_X, plus c_Y w̄_Y on the particles Y shares with X; Y's own particles apart
          const wx = normalized(sx);
          const omegaX = new Float32Array(S * batch);
          for (let s = 0; s < S; s++) for (let b = 0; b < batch; b++) omegaX[s * batch + b] = (coefficientX[b] as number) * (wx[b * S + s] as number);
          if (sy !== undefined && coefficientY.some((c) => c !== 0)) {
            const wy = normalized(sy);
            for (let s = 0; s < S; s++) {
              const own = new Float32Array(batch);
              let any = false;
              for (let b = 0; b < batch; b++) {
                const omega = (coefficientY[b] as number) * (wy[b * S + s] as number);
                if (sx.identities[s * batch + b] === sy.identities[s * batch + b]) omegaX[s * batch + b] = (omegaX[s * batch + b] as number) + omega;
                else if (omega !== 0) {
                  own[b] = omega;
                  any = true;
                }
              }
              if (any) {
                particles.push(tf.keep(tf.slice(sy.particles, s, 1)));
                weights.push(tf.keep(tf.tensor2d(own, [1, batch])));
              }
            }
          }
          particles.push(tf.keep(tf.clone(sx.particles)));
          weights.push(tf.keep(tf.tensor2d(omegaX, [S, batch])));
        },
      });
      const all = tf.concat(particles, 0);
      const omega = tf.concat(weights, 0);
      return { loop, particles: all, weights: omega };
    } finally {
      tf.dispose(particles);
      tf.dispose(weights);
    }
  });
  const { loop, particles, weights } = collected;
  const rows = particles.shape[0] as number;
  let surrogateEvaluations = batch * rows;
  let surrogate: tf.Scalar;
  try {
    if (options.independentRows === true) {
      const packed = packPairs(x, particles, weights);
      surrogateEvaluations = packed.count;
      try {
        surrogate = tf.tidy(() => {
          const values = logJoint(packed.x, packed.z);
          assertShapeEquals(values, [1, packed.count], 'logJoint', 'one value per packed pair; independentRows needs a logJoint that accepts any number of rows');
          return tf.sum(tf.mul(packed.weights, tf.cast(tf.reshape(values, [packed.count]), 'float32'))) as tf.Scalar;
        });
      } finally {
        tf.dispose([packed.x, packed.z, packed.weights]);
      }
    } else {
      surrogate = tf.tidy(() => tf.sum(tf.mul(weights, tf.cast(logJoint(x, particles), 'float32'))) as tf.Scalar);
    }
  } catch (error) {
    tf.dispose([particles, weights]);
    throw error;
  }
  const inclusiveKlSurrogate = tf.tidy(() => tf.sum(tf.mul(weights, tf.cast(proposal.logProb(particles), 'float32'))) as tf.Scalar);
  tf.dispose([particles, weights]);
  return {
    ...loop,
    surrogate,
    inclusiveKlSurrogate,
    evaluations: {
      chain: batch * (S + (schedule.lag === 1 ? kernel.evaluations.initPartner.lagOne : kernel.evaluations.initPartner.otherwise)) + loop.chainSteps * (S - 1),
      surrogate: surrogateEvaluations,
    },
  };
}

/**
 * The (row, data point) pairs of particles [R, B, ...event] with nonzero weights [R, B], packed:
 * x' [P, ...] (rows of x, no gradient to x), z' [1, P, ...event] and their weights [P].
 */
function packPairs(x: tf.Tensor, particles: tf.Tensor, weights: tf.Tensor): { x: tf.Tensor; z: tf.Tensor; weights: tf.Tensor; count: number } {
  const [rows, batch] = weights.shape as [number, number];
  const omega = weights.dataSync();
  const flat: number[] = [];
  const chains: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < batch; b++) {
      const v = omega[r * batch + b] as number;
      if (v !== 0) {
        flat.push(r * batch + b);
        chains.push(b);
        values.push(v);
      }
    }
  }
  if (flat.length === 0) {
    flat.push(0);
    chains.push(0);
    values.push(0);
  }
  const count = flat.length;
  return tf.tidy(() => {
    const event = particles.shape.slice(2);
    const z = tf.reshape(tf.gather(tf.reshape(particles, [rows * batch, ...event]), tf.tensor1d(flat, 'int32')), [1, count, ...event]);
    const rowsOfX = tf.gather(detach(x), tf.tensor1d(chains, 'int32'));
    return { x: rowsOfX, z, weights: tf.tensor1d(values, 'float32'), count };
  });
}
