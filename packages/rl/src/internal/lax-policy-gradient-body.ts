/**
 * The body of the LAX policy gradient, with the action at which c_φ is evaluated as a parameter so
 * that tests can build the RELAX continuous code's variant (c at a freshly drawn action).
 *   ε_t = stop((a_t − μ_t)/σ_t),  a_t(θ) = μ_t + σ_t ε_t  (the executed action, reparameterized)
 *   surrogate = mean_m Σ_t γ^t mask_t [ log π(a_t|s_t) · (G_t − c_φ(s_t, a_t)) + c_φ(s_t, a_t(θ)) ]
 * with log π evaluated at the executed (constant) a_t: its θ-gradient is
 * Σ_t γ^t [∇log π(a_t|s_t)(G_t − c_φ(s_t, a_t)) + ∇_θ c_φ(s_t, a_t(ε_t, θ))].
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, ShapeError, checkOptions, random, stopGradient } from '@stochgrad/core';
import type { Space } from '../spaces';
import type { PolicyGradientEstimate } from '../policy-gradient/policy-gradient-estimate';
import { checkActionSpace, checkEpisodes, checkFunction, checkGamma, checkStepTensor, isTensor, returnsToGoOf, weightedSum } from './policy-gradient-args';

export interface LaxPolicyGradientArgs {
  /** μ_θ(s_t), [M, H, D], differentiable in θ */
  loc: tf.Tensor;
  /** log σ_θ(s_t), broadcastable to [M, H, D] (e.g. a state-independent [D]), differentiable in θ */
  logScale: tf.Tensor;
  /** the executed actions a_t = μ_t + σ_t ε_t, [M, H, D] (unclipped: the policy's own sample) */
  actions: tf.Tensor;
  /** r_t, [M, H] */
  rewards: tf.Tensor;
  /** γ in [0, 1] */
  gamma: number;
  /**
   * c_φ(s_t, a) = V(s_t) + ĉ_φ(s_t, a): maps actions [M, H, D] to [M, H]; it closes over the
   * observations and may depend on φ (not on θ). Called twice per estimate.
   */
  controlVariate: (actions: tf.Tensor) => tf.Tensor;
  /** [M, H]: 1 while the episode runs, 0 after */
  mask?: tf.Tensor;
  /** checked when given: must be a Box of D dimensions */
  actionSpace?: Space;
}

export const LAX_ARGS = ['loc', 'logScale', 'actions', 'rewards', 'gamma', 'controlVariate', 'mask', 'actionSpace'];

/** executed: c_φ at the executed action (LAX); a key: c_φ at a fresh action μ + σε′ (the biased variant) */
export type ControlVariateAction = 'executed' | { fresh: Key };

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export function laxPolicyGradientBody(where: string, args: LaxPolicyGradientArgs, at: ControlVariateAction): PolicyGradientEstimate {
  checkOptions(where, args, LAX_ARGS);
  const gamma = checkGamma(where, args.gamma);
  const { M, H } = checkEpisodes(where, args.rewards, args.mask);
  const loc = checkStepTensor(where, 'loc', args.loc, M, H, 3, 'action means μ(s_t) [M, H, D]');
  const D = loc.shape[2] as number;
  checkActionSpace(where, args.actionSpace, 'box', D);
  const actions = checkStepTensor(where, 'actions', args.actions, M, H, 3, `actions [M, H, ${D}]`);
  if (actions.shape[2] !== D) throw new ShapeError(`${where} actions`, `got shape [${actions.shape.join(', ')}]`, `[${M}, ${H}, ${D}] like loc`);
  if (actions.dtype !== 'float32') throw new ArgumentError(`${where} actions`, `have dtype ${actions.dtype}`, 'float32 actions (a LAX policy gradient needs Box actions)');
  const { logScale } = args;
  if (!isTensor(logScale)) throw new ArgumentError(`${where} logScale`, 'is not a tensor', `log σ broadcastable to [${M}, ${H}, ${D}]`);
  try {
    tf.broadcastTo(tf.zeros(logScale.shape), [M, H, D]).dispose();
  } catch {
    throw new ShapeError(`${where} logScale`, `got shape [${logScale.shape.join(', ')}]`, `a shape broadcastable to [${M}, ${H}, ${D}]`);
  }
  checkFunction(where, 'controlVariate', args.controlVariate, 'a function of actions [M, H, D] returning c_φ [M, H]');
  return tf.tidy(() => {
    const scale = tf.exp(logScale);
    const cv = (a: tf.Tensor) => {
      const out = args.controlVariate(a);
      if (!(out instanceof tf.Tensor) || out.rank !== 2 || out.shape[0] !== M || out.shape[1] !== H) {
        throw new ArgumentError(`${where} controlVariate`, `returned ${out instanceof tf.Tensor ? `shape [${out.shape.join(', ')}]` : typeof out}`, `a tensor [${M}, ${H}]`);
      }
      return out;
    };
    // log π(a_t|s_t) at the executed action, a constant: only μ and σ carry θ
    const standardized = tf.div(tf.sub(actions, loc), scale);
    const logProbability = tf.sum(tf.sub(tf.neg(tf.add(tf.mul(0.5, tf.square(standardized)), tf.broadcastTo(logScale, [M, H, D]))), HALF_LOG_TWO_PI), -1);
    const epsilon = at === 'executed' ? stopGradient(standardized) : random.normal(at.fresh, [M, H, D]);
    const reparameterized = tf.add(loc, tf.mul(scale, epsilon)); // a(ε, θ)
    const returns = returnsToGoOf(args.rewards, gamma, args.mask);
    const coefficient = tf.sub(returns, cv(at === 'executed' ? actions : stopGradient(reparameterized)));
    const terms = tf.add(tf.mul(logProbability, coefficient), cv(reparameterized));
    const surrogate = weightedSum(terms, gamma, args.mask);
    return { surrogate, returns, advantages: stopGradient(coefficient) };
  });
}
