/**
 * RELAX policy gradient for Discrete actions: a score-function estimator whose control variate
 * depends on the action through a Gumbel relaxation, made unbiased by its reparameterization term.
 *   ĝ = Σ_t γ^t [∇log π(a_t|s_t) (G_t − c_φ(s_t, z̃_t)) − ∇_θ c_φ(s_t, z̃_t) + ∇_θ c_φ(s_t, z_t)]
 *   z_t = log π(·|s_t) + g_t (g Gumbel), a_t = argmax z_t, z̃_t ~ p(z | a_t) (the exact conditional
 *   sampler, @stochgrad/discrete's conditionalGumbel), c_φ(s, z) = controlVariate(softmax(z/τ)).
 * Properties: unbiased for ∇J for every φ (any network, temperature and scale), given Markov
 * dynamics; φ is trained on the estimator's own variance (controlVariateGradients: ∂Σĝ²/∂φ). The
 * RELAX RL code's sampler keeps log π_b in z̃_b and is biased (the tests detect it). Requires
 * Discrete actions and logits differentiable in θ.
 * Reference: Grathwohl, Choi, Wu, Roeder, Duvenaud, "Backpropagation through the Void: Optimizing
 * control variates for black-box gradient estimation", ICLR 2018, §3.3 and appendix "RL",
 * arXiv:1711.00123.
 */
import { exactConditional, relaxPolicyGradientBody } from '../internal/relax-policy-gradient-body';
import type { RelaxPolicyGradientArgs } from '../internal/relax-policy-gradient-body';
import type { PolicyGradientEstimate } from './policy-gradient-estimate';

export type { RelaxPolicyGradientArgs };

/**
 * @example
 * const logTemperature = tf.variable(tf.scalar(0));
 * const surrogate = () => relaxPolicyGradient({
 *   key: fold(runKey, step), logits: policy(observations), actions, rewards, gamma: 0.99,
 *   controlVariate: (relaxed) => critic(observations, relaxed), temperature: tf.exp(logTemperature),
 * }).surrogate;
 */
export function relaxPolicyGradient(args: RelaxPolicyGradientArgs): PolicyGradientEstimate {
  return relaxPolicyGradientBody('relaxPolicyGradient', args, exactConditional);
}
