/**
 * The control-variate training signal of RELAX and LAX: the single-sample gradient of the squared
 * policy-gradient estimate w.r.t. the control-variate parameters φ.
 *   ĝ(φ) = ∇_θ surrogate(θ, φ),   ∂/∂φ Σ_i ĝ_i²   (a second-order gradient: tf.variableGrads over φ
 *   of a tf.variableGrads over θ)
 * Properties: an unbiased estimate of ∂/∂φ tr Var[ĝ] whenever E[ĝ] does not depend on φ (true for
 * the unbiased estimators here, for every φ), so following it lowers the estimator's variance.
 * Requires ĝ to be differentiable in φ: ops whose gradients save their output (tf.softmax, tf.tanh,
 * tf.sigmoid, tf.exp in tfjs 4.22) lose their curvature in the second pass; use secondOrderSoftmax
 * from @stochgrad/discrete, ReLU or polynomial layers inside c_φ.
 * Reference: Grathwohl, Choi, Wu, Roeder, Duvenaud, "Backpropagation through the Void", ICLR 2018,
 * Algorithm 1 and §3.3, arXiv:1711.00123.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, checkOptions } from '@stochgrad/core';

export interface ControlVariateGradientsArgs {
  /** builds the estimator's surrogate (e.g. () => relaxPolicyGradient({...}).surrogate) */
  surrogate: () => tf.Scalar;
  /** θ: the variables the estimate ĝ is taken with respect to */
  policyVariables: readonly tf.Variable[];
  /** φ: the control variate's variables (network, temperature, scale) */
  controlVariables: readonly tf.Variable[];
}

export interface ControlVariateGradients {
  /** Σ ĝ² over all policy parameters */
  loss: tf.Scalar;
  /** ∂(Σĝ²)/∂φ as { name, tensor } per control variable (pass to optimizer.applyGradients) */
  gradients: { name: string; tensor: tf.Tensor }[];
}

const isVariableList = (v: unknown): v is tf.Variable[] => Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof tf.Variable);

/**
 * @example
 * const { loss, gradients } = controlVariateGradients({ surrogate, policyVariables: [theta], controlVariables: [w, logTemperature] });
 * controlOptimizer.applyGradients(gradients);
 * tf.dispose([loss, ...gradients.map((g) => g.tensor)]);
 */
export function controlVariateGradients(args: ControlVariateGradientsArgs): ControlVariateGradients {
  checkOptions('controlVariateGradients', args, ['surrogate', 'policyVariables', 'controlVariables']);
  if (typeof args.surrogate !== 'function') throw new ArgumentError('controlVariateGradients surrogate', `got ${typeof args.surrogate}`, 'a function returning the estimator\'s surrogate scalar');
  for (const name of ['policyVariables', 'controlVariables'] as const) {
    if (!isVariableList(args[name])) throw new ArgumentError(`controlVariateGradients ${name}`, 'is not a non-empty array of tf.Variables', 'tf.Variable[]');
  }
  const policy = new Set(args.policyVariables);
  const shared = args.controlVariables.find((v) => policy.has(v));
  if (shared) throw new ArgumentError('controlVariateGradients controlVariables', `variable "${shared.name}" is also a policy variable`, 'control-variate variables disjoint from the policy variables');
  const { value, grads } = tf.variableGrads(() => {
    const inner = tf.variableGrads(args.surrogate, [...args.policyVariables]);
    return tf.addN(Object.values(inner.grads).map((g) => tf.sum(tf.square(g)))) as tf.Scalar;
  }, [...args.controlVariables]);
  return { loss: value, gradients: Object.entries(grads).map(([name, tensor]) => ({ name, tensor })) };
}
