/**
 * The body of the RELAX policy gradient, with the conditional sampler as a parameter so that tests
 * can substitute the RELAX RL code's biased sampler (the public function fixes the exact one).
 *   surrogate = mean_m Σ_t γ^t mask_t [ log π(a_t|s_t) · (G_t − c_φ(stop z̃_t)) − c_φ(z̃_t) + c_φ(z_t) ]
 *   z_t = log π(·|s_t) + stop(g_t),  z̃_t ~ p(z | a_t) reparameterized in the logits,
 *   c_φ(z) = controlVariate(softmax(z/τ)) (a softmax whose gradient is differentiable, for ∂Σĝ²/∂φ).
 * Its θ-gradient: Σ_t γ^t [∇log π (G − c(z̃)) − ∇c(z̃) + ∇c(z)] (c(stop z̃) carries no θ-gradient,
 * and stays differentiable in φ, as ĝ must for the variance gradient).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, checkOptions, isKey, random, split, stopGradient, ArgumentError, KeyError } from '@stochgrad/core';
import { conditionalGumbel, secondOrderSoftmax } from '@stochgrad/discrete';
import type { Space } from '../spaces';
import type { PolicyGradientEstimate } from '../policy-gradient/policy-gradient-estimate';
import { checkActionSpace, checkEpisodes, checkFunction, checkGamma, checkStepTensor, returnsToGoOf, weightedSum } from './policy-gradient-args';

export type ConditionalSampler = (logits: tf.Tensor, sample: tf.Tensor, noise: tf.Tensor) => tf.Tensor;

export const exactConditional: ConditionalSampler = (logits, sample, noise) => conditionalGumbel({ logits, sample, noise });

export interface RelaxPolicyGradientArgs {
  /** for the conditional draws z̃ (and z when `noise` is not given) */
  key: Key;
  /** policy logits at the visited states, [M, H, A], differentiable in θ */
  logits: tf.Tensor;
  /** a_t, int32 [M, H], in {0, …, A − 1} */
  actions: tf.Tensor;
  /** r_t, [M, H] */
  rewards: tf.Tensor;
  /** γ in [0, 1] */
  gamma: number;
  /**
   * c_φ(s_t, x): maps relaxed actions x = softmax(z/τ) [M, H, A] to [M, H]; it closes over the
   * observations and may depend on φ (not on θ). Called three times per estimate.
   */
  controlVariate: (relaxedActions: tf.Tensor) => tf.Tensor;
  /** τ > 0: a number or a scalar tensor (learned: pass tf.exp(logTemperature)) */
  temperature: number | tf.Tensor;
  /** g_t, the standard Gumbel noise with a_t = argmax(log π + g_t), [M, H, A]; default: z_t is drawn from p(z | a_t) */
  noise?: tf.Tensor;
  /** [M, H]: 1 while the episode runs, 0 after */
  mask?: tf.Tensor;
  /** checked when given: must be Discrete with A actions */
  actionSpace?: Space;
}

export const RELAX_ARGS = ['key', 'logits', 'actions', 'rewards', 'gamma', 'controlVariate', 'temperature', 'noise', 'mask', 'actionSpace'];

export function relaxPolicyGradientBody(where: string, args: RelaxPolicyGradientArgs, conditional: ConditionalSampler): PolicyGradientEstimate {
  checkOptions(where, args, RELAX_ARGS);
  if (!isKey(args.key)) throw new KeyError(`${where} key`, 'is not a key', 'a key from key(seed), split or fold');
  const gamma = checkGamma(where, args.gamma);
  const { M, H } = checkEpisodes(where, args.rewards, args.mask);
  const logits = checkStepTensor(where, 'logits', args.logits, M, H, 3, 'policy logits [M, H, A]');
  const A = logits.shape[2] as number;
  if (A < 2) throw new ArgumentError(`${where} logits`, `have ${A} action(s)`, 'at least 2 actions');
  checkActionSpace(where, args.actionSpace, 'discrete', A);
  const actions = checkStepTensor(where, 'actions', args.actions, M, H, 2, 'integer actions [M, H]');
  if (actions.dtype !== 'int32') throw new ArgumentError(`${where} actions`, `have dtype ${actions.dtype}`, 'int32 action indices (a RELAX policy gradient needs Discrete actions)');
  const [low, high] = tf.tidy(() => [tf.min(actions).dataSync()[0] as number, tf.max(actions).dataSync()[0] as number]);
  if ((low as number) < 0 || (high as number) >= A) throw new ArgumentError(`${where} actions`, `range over [${low}, ${high}]`, `indices in {0, …, ${A - 1}}`);
  if (args.noise !== undefined) checkStepTensor(where, 'noise', args.noise, M, H, 3, 'Gumbel noise [M, H, A]');
  checkFunction(where, 'controlVariate', args.controlVariate, 'a function of relaxed actions [M, H, A] returning c_φ [M, H]');
  const { temperature } = args;
  if (typeof temperature === 'number' ? !(temperature > 0 && Number.isFinite(temperature)) : !(temperature instanceof tf.Tensor && temperature.size === 1)) {
    throw new ArgumentError(`${where} temperature`, `got ${temperature instanceof tf.Tensor ? `a tensor of shape [${temperature.shape.join(', ')}]` : String(temperature)}`, 'a positive number or a scalar tensor');
  }
  const [zKey, tildeKey] = split(args.key, 2) as [Key, Key];
  return tf.tidy(() => {
    const logPi = tf.logSoftmax(logits);
    const sample = tf.cast(tf.oneHot(actions, A), 'float32');
    const fixedLogPi = stopGradient(logPi);
    const g = args.noise ?? tf.sub(exactConditional(stopGradient(logits), sample, random.gumbel(zKey, [M, H, A])), fixedLogPi);
    const z = tf.add(logPi, stopGradient(g));
    const zTilde = conditional(logits, sample, random.gumbel(tildeKey, [M, H, A]));
    const tau = typeof temperature === 'number' ? tf.scalar(temperature) : tf.reshape(temperature, []);
    const cv = (x: tf.Tensor) => {
      const out = args.controlVariate(secondOrderSoftmax(tf.div(x, tau)));
      if (!(out instanceof tf.Tensor) || out.rank !== 2 || out.shape[0] !== M || out.shape[1] !== H) {
        throw new ArgumentError(`${where} controlVariate`, `returned ${out instanceof tf.Tensor ? `shape [${out.shape.join(', ')}]` : typeof out}`, `a tensor [${M}, ${H}]`);
      }
      return out;
    };
    const returns = returnsToGoOf(args.rewards, gamma, args.mask);
    const coefficient = tf.sub(returns, cv(stopGradient(zTilde)));
    const logProbability = tf.sum(tf.mul(sample, logPi), -1);
    const terms = tf.add(tf.mul(logProbability, coefficient), tf.sub(cv(z), cv(zTilde)));
    const surrogate = weightedSum(terms, gamma, args.mask);
    return { surrogate, returns, advantages: stopGradient(coefficient) };
  });
}
