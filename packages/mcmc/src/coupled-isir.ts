/**
 * Coupled i-SIR: two i-SIR chains X, Y on the IWAE-augmented space, coupled so that they meet and
 * then stay together.
 *   common random numbers: both chains put their retained particle in the same uniform slot (per data point) and
 *   share the S − 1 fresh draws; resampling: the maximal coupling of i ∝ w(X_i) and j ∝ w(Y_j),
 *   where a particle that both chains hold (same draw, same slot) is one outcome for both.
 *   X and Y meet when both pick a shared particle: P(meet) = Σ_{shared s} min(w̄X_s, w̄Y_s).
 *   Start (lag 1): Y₀ is X₁ with its retained particle z_I swapped for z_J, J a uniform index of X₀
 *   maximally coupled with I, so Y₀ ~ q^{⊗S} and P(Y₀ = X₁) = Σ_s min(w̄_s(X₀), 1/S).
 * Properties: each chain moves by the i-SIR kernel (exact marginals); faithful (met chains stay
 * equal); with q = p(z | x) the weights are uniform, so the chains meet at the first step (τ = 1
 * with lag 1); after that a coupled step meets with probability Σ_shared min(w̄X, w̄Y) (1 − 1/S
 * when q = p(z | x)); with bounded weights the meeting time has geometric tails. The fresh draws
 * are shared, so a coupled step costs the S − 1 evaluations of one i-SIR step.
 * Reference: Ruiz, Titsias, Cemgil, Doucet, "Unbiased gradient estimation for variational
 * auto-encoders using coupled Markov chains", UAI 2021, arXiv:2010.01845; couplings as in Jacob,
 * O'Leary, Atchadé, JRSS-B 2020, arXiv:1708.03625.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, random, type Key } from '@stochgrad/core';
import type { CoupledKernel, CoupledStep } from './types';
import { coupleCategoricalRows, inverseCdf, rowProbabilities } from './internal/categorical-coupling';
import { type IsirOptions, type IsirState, isirCore, stepKeys } from './internal/isir-core';
import { drawIdentity, replaceAtSlots, selectSlots } from './internal/particles';
import { assertKey } from './internal/validate';
import { type IsirKernel, isir } from './isir';

export interface CoupledIsirKernel extends CoupledKernel<IsirState> {
  readonly marginal: IsirKernel;
  /** log p(x, z) evaluations per chain pair: `initPartner` 0 with lag 1 (1 otherwise), S − 1 per coupled `step` */
  readonly evaluations: { readonly initPartner: { readonly lagOne: number; readonly otherwise: number }; readonly step: number };
}

/**
 * @example
 * const coupled = coupledIsir({ x, logJoint, proposal, numParticles: 8 });
 * const x0 = coupled.marginal.init(k0);
 * const x1 = coupled.marginal.step(k1, x0);
 * const y0 = coupled.initPartner(k2, { current: x1, previous: x0, lag: 1 });
 * const { x, y, met } = coupled.step(k3, x1, y0); // met[b] = 1 once chain b has met
 */
export function coupledIsir(options: IsirOptions): CoupledIsirKernel {
  const marginal = isir(options);
  const core = isirCore(options);
  const { batchSize: batch, numParticles } = core;

  const met = (x: IsirState, y: IsirState) => {
    const out = new Uint8Array(batch).fill(1);
    for (let i = 0; i < numParticles * batch; i++) if (x.identities[i] !== y.identities[i]) out[i % batch] = 0;
    return out;
  };

  /**
   * Y₀ ~ q^{⊗S} from X_lag: X_lag's S − 1 fresh particles (iid q given the past), and in X_lag's
   * retained slot a particle z_J, where
   *   lag = 1: J is a particle index of X₀ ~ q^{⊗S}, drawn uniformly but maximally coupled with the
   *            index I that X₁ retained (I ∝ w̄): P(J = I) = Σ_s min(w̄_s, 1/S). J is uniform given
   *            X₀, so z_J ~ q; no new evaluation; when J = I, Y₀ = X₁ and the chains meet at τ = 1
   *            (always when q = p(z | x), where w̄ is uniform);
   *   lag > 1: X_{lag−1} is not a q^{⊗S} draw, so z_J is a new draw from q (one evaluation).
   */
  function initPartner(key: Key, chains: { current: IsirState; previous: IsirState; lag: number }): IsirState {
    assertKey(key);
    const { current, previous, lag } = chains;
    const slots = current.retainedSlots;
    if (slots === undefined) return marginal.init(key);
    const identities = Float64Array.from(current.identities);
    if (lag !== 1) {
      const draw = core.draw(key, 1);
      const particles = tf.tidy(() => replaceAtSlots(current.particles, tf.squeeze(draw.particles, [0]), slots));
      const logWeights = tf.tidy(() => replaceAtSlots(current.logWeights, tf.squeeze(draw.logWeights, [0]), slots));
      tf.dispose([draw.particles, draw.logWeights]);
      const id = drawIdentity(key, 0);
      for (let b = 0; b < batch; b++) identities[(slots[b] as number) * batch + b] = id;
      return { particles, logWeights, identities, retainedSlots: undefined };
    }
    const lw = core.readLogWeights(previous);
    const rows = new Float64Array(batch * numParticles);
    for (let b = 0; b < batch; b++) for (let s = 0; s < numParticles; s++) rows[b * numParticles + s] = lw[s * batch + b] as number;
    const w = rowProbabilities(rows, batch, numParticles);
    const uniforms = random.uniform(key, [2 * batch]);
    const u = uniforms.dataSync();
    uniforms.dispose();
    const chosen = new Int32Array(batch);
    const uniform = 1 / numParticles;
    for (let b = 0; b < batch; b++) {
      const retainedId = current.identities[(slots[b] as number) * batch + b];
      let retained = -1;
      for (let s = 0; s < numParticles; s++) if (previous.identities[s * batch + b] === retainedId) retained = s;
      if (retained < 0) throw new ArgumentError('chains', `current (chain ${b}) does not hold a particle of previous`, 'current = K(previous), a step of this kernel');
      const wI = w[b * numParticles + retained] as number;
      // J | I from the maximal coupling of (w̄, uniform): keep I with probability min(w̄_I, 1/S)/w̄_I
      let j = (u[2 * b] as number) * wI < Math.min(wI, uniform) ? retained : inverseCdf((c) => Math.max(uniform - (w[b * numParticles + c] as number), 0), numParticles, u[2 * b + 1] as number);
      if (j < 0) j = retained; // no residual mass: w̄ is uniform to rounding
      chosen[b] = j;
      identities[(slots[b] as number) * batch + b] = previous.identities[j * batch + b] as number;
    }
    const particles = tf.tidy(() => replaceAtSlots(current.particles, selectSlots(previous.particles, chosen), slots));
    const chosenLogWeights = Float32Array.from(chosen, (j, b) => lw[j * batch + b] as number); // may be −∞: no masked sums
    const logWeights = tf.tidy(() => replaceAtSlots(current.logWeights, tf.tensor1d(chosenLogWeights, 'float32'), slots));
    return { particles, logWeights, identities, retainedSlots: undefined };
  }

  function step(key: Key, x: IsirState, y: IsirState, active?: Uint8Array): CoupledStep<IsirState> {
    assertKey(key);
    const { resampleKey, freshKey, slotKey } = stepKeys(key);
    const lx = core.readLogWeights(x);
    const ly = core.readLogWeights(y);
    // 2S outcomes per chain: slot s of X is outcome s; slot s of Y is outcome s if it holds the same
    // draw as X's slot s, else outcome S + s
    const classes = 2 * numParticles;
    const logitsX = new Float64Array(batch * classes).fill(-Infinity);
    const logitsY = new Float64Array(batch * classes).fill(-Infinity);
    for (let b = 0; b < batch; b++) {
      for (let s = 0; s < numParticles; s++) {
        const i = s * batch + b;
        logitsX[b * classes + s] = lx[i] as number;
        const shared = x.identities[i] === y.identities[i];
        logitsY[b * classes + (shared ? s : numParticles + s)] = ly[i] as number;
      }
    }
    const uniforms = random.uniform(resampleKey, [3 * batch]);
    const outcomeX = new Int32Array(batch);
    const outcomeY = new Int32Array(batch);
    coupleCategoricalRows(rowProbabilities(logitsX, batch, classes), rowProbabilities(logitsY, batch, classes), batch, classes, uniforms.dataSync(), outcomeX, outcomeY);
    uniforms.dispose();
    const slotsX = outcomeX;
    const slotsY = outcomeY.map((c) => c % numParticles);
    const retained = (state: IsirState, values: Float32Array, slots: Int32Array) => {
      const logWeights = new Float32Array(batch);
      const identities = new Float64Array(batch);
      for (let b = 0; b < batch; b++) {
        const i = (slots[b] as number) * batch + b;
        logWeights[b] = values[i] as number;
        identities[b] = state.identities[i] as number;
      }
      return { particles: selectSlots(state.particles, slots), logWeights, identities };
    };
    const rx = retained(x, lx, slotsX);
    const ry = retained(y, ly, slotsY);
    const positions = core.slots(slotKey);
    const fresh = core.draw(freshKey, numParticles - 1, active);
    const nextX = core.assemble(fresh, freshKey, positions, rx.particles, rx.logWeights, rx.identities);
    const nextY = core.assemble(fresh, freshKey, positions, ry.particles, ry.logWeights, ry.identities);
    tf.dispose([fresh.particles, fresh.logWeights, rx.particles, ry.particles]);
    return { x: nextX, y: nextY, met: met(nextX, nextY), advanced: fresh.evaluated };
  }

  return Object.freeze({
    marginal,
    evaluations: Object.freeze({ initPartner: Object.freeze({ lagOne: 0, otherwise: 1 }), step: numParticles - 1 }),
    initPartner,
    met,
    step,
  });
}
