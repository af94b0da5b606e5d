/**
 * REBAR estimator of ∇_α E_{b~p(b|α)}[f(b)] for Bernoulli logits α [..., D] or categorical logits
 * [..., D, C]:
 *   ĝ = [f(b) − η f(σ_λ(z̃))] ∇_α log p(b) + η ∇_α f(σ_λ(z)) − η ∇_α f(σ_λ(z̃)),
 *   z = α + logistic noise (Bernoulli) or log softmax(α) + Gumbel noise (categorical), b = H(z),
 *   z̃ ~ p(z | b) reparameterized in α; σ_λ the Concrete relaxation (σ(z/λ), softmax(z/λ)).
 * Properties: unbiased for every η and λ; the control variate is the Concrete relaxation of f, so
 * f must accept relaxed inputs (values in [0, 1], or points of the simplex) and be differentiable
 * there. η and log λ are learned on the estimator's own variance (controlVariateLoss = Σĝ², whose
 * gradient reaches only η and λ). 3 objective evaluations per sample (b, σ_λ(z), σ_λ(z̃)), in one
 * batched call.
 * Reference: Tucker, Mnih, Maddison, Lawson, Sohl-Dickstein, "REBAR: Low-variance, unbiased
 * gradient estimates for discrete latent variable models", NeurIPS 2017, arXiv:1703.07370.
 */
import { type RelaxEstimator, type RelaxFamily, relaxEstimator } from './internal/relax-estimator';
import { ArgumentError, checkOptions, describeValue } from '@stochgrad/core';

export interface RebarOptions {
  /** bernoulliFamily (default; logits [..., D]) or categoricalFamily (logits [..., D, C]), or their names */
  family?: RelaxFamily;
  /** samples per estimate, K (default 1); 3K objective evaluations */
  numSamples?: number;
  /** the initial temperature λ > 0 of the relaxation (default 0.5); learned as log λ */
  temperature?: number;
  /** the initial scale η of the control variate (default 1); learned */
  eta?: number;
  /** a name for tables; default 'rebar' (with K when K > 1) */
  name?: string;
}

/** A REBAR estimator: its `variables` are [η, log λ]. */
export type RebarEstimator = RelaxEstimator;

/**
 * @example
 * await ready();
 * const est = rebar({ temperature: 0.5 });
 * const optimizer = tf.train.adam(1e-3);
 * // one estimate trains the encoder and decoder (surrogate) and η, λ (controlVariateLoss);
 * // each variable receives only its own part
 * optimizer.minimize(() => {
 *   const e = est.estimate({ key: fold(runKey, step), logits: encoder(x), objective: (b) => negElbo(x, b) });
 *   return tf.add(e.surrogate, e.controlVariateLoss as tf.Scalar);
 * });
 */
export function rebar(options: RebarOptions = {}): RebarEstimator {
  checkOptions('rebar', options, ['family', 'numSamples', 'temperature', 'eta', 'name']);
  if (options.name !== undefined && typeof options.name !== 'string') throw new ArgumentError('name', `got ${describeValue(options.name)}`, 'a string');
  const numSamples = options.numSamples ?? 1;
  return relaxEstimator({
    name: options.name ?? (numSamples === 1 ? 'rebar' : `rebar(K=${numSamples})`),
    family: options.family,
    numSamples: options.numSamples,
    temperature: options.temperature,
    eta: options.eta,
    rebarTerm: true,
    network: undefined,
    hiddenUnits: undefined,
    key: undefined,
  });
}
