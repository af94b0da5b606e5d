/**
 * LAX policy gradient for Box actions with a diagonal Gaussian policy: a score-function estimator
 * with an action-dependent control variate, made unbiased by the pathwise derivative of that
 * control variate through the executed, reparameterized action.
 *   ĝ = Σ_t γ^t [∇log π(a_t|s_t) (G_t − c_φ(s_t, a_t)) + ∇_θ c_φ(s_t, a_t(ε_t, θ))],
 *   a_t = μ_θ(s_t) + σ_θ(s_t) ε_t executed,  c_φ(s, a) = V(s) + ĉ_φ(s, a).
 * Properties: unbiased for ∇J for every φ, given Markov dynamics, because c is evaluated at the
 * SAME action that was executed (E[∇log π(a) c(a)] = ∇E[c(a)] = E[∇_θ c(a(ε, θ))]). The RELAX
 * continuous code evaluates ĉ at a freshly drawn action instead, which is biased by ∇_θ E_π[ĉ]
 * (the tests detect it). φ is trained with controlVariateGradients (∂Σĝ²/∂φ).
 * Reference: Grathwohl, Choi, Wu, Roeder, Duvenaud, "Backpropagation through the Void", ICLR 2018,
 * §3.3 and appendix "Derivations of estimators used in RL", arXiv:1711.00123; Tucker et al., "The
 * Mirage of Action-Dependent Baselines in Reinforcement Learning", ICML 2018, arXiv:1802.10031.
 */
import { laxPolicyGradientBody } from '../internal/lax-policy-gradient-body';
import type { LaxPolicyGradientArgs } from '../internal/lax-policy-gradient-body';
import type { PolicyGradientEstimate } from './policy-gradient-estimate';

export type { LaxPolicyGradientArgs };

/**
 * @example
 * const surrogate = () => laxPolicyGradient({
 *   loc: policyMean(observations), logScale, actions, rewards, gamma: 0.99,
 *   controlVariate: (a) => tf.add(value(observations), critic(observations, a)),
 * }).surrogate;
 */
export function laxPolicyGradient(args: LaxPolicyGradientArgs): PolicyGradientEstimate {
  return laxPolicyGradientBody('laxPolicyGradient', args, 'executed');
}
