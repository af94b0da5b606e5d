/**
 * RELAX estimator of ∇_α E_{b~p(b|α)}[f(b)] for Bernoulli logits α [..., D] or categorical logits
 * [..., D, C], with a learned control variate c_φ:
 *   ĝ = [f(b) − c_φ(z̃)] ∇_α log p(b) + ∇_α c_φ(z) − ∇_α c_φ(z̃),  b = H(z), z̃ ~ p(z | b),
 *   c_φ(z) = η f(σ_λ(z)) + r_ρ(z)  (the REBAR term plus a network; either part can be dropped).
 * Default r_ρ: an MLP on the relaxed sample, 2σ_λ(z) − 1 → tanh(10 units) → 1, output layer
 * initialised at zero (so it starts as REBAR). Properties: unbiased for every φ = (η, λ, ρ); φ is
 * trained on the estimator's own variance (controlVariateLoss = Σĝ², a second-order gradient that
 * reaches only φ). 3 objective evaluations per sample with the REBAR term, 1 without.
 * Reference: Grathwohl, Choi, Wu, Roeder, Duvenaud, "Backpropagation through the Void: Optimizing
 * control variates for black-box gradient estimation", ICLR 2018, arXiv:1711.00123; Tucker, Mnih,
 * Maddison, Lawson, Sohl-Dickstein, "REBAR", NeurIPS 2017, arXiv:1703.07370.
 */
import type { Key } from '@stochgrad/core';
import { type RelaxEstimator, type RelaxFamily, relaxEstimator } from './internal/relax-estimator';
import type { RelaxNetwork, RelaxNetworkInput } from './internal/relax-network';
import { ArgumentError, checkOptions, describeValue } from '@stochgrad/core';

export type { RelaxEstimator, RelaxFamily, RelaxNetwork, RelaxNetworkInput };

export interface RelaxOptions {
  /** bernoulliFamily (default; logits [..., D]) or categoricalFamily (logits [..., D, C]), or their names */
  family?: RelaxFamily;
  /** samples per estimate, K (default 1) */
  numSamples?: number;
  /** the initial temperature λ > 0 of the relaxation (default 0.5); learned as log λ */
  temperature?: number;
  /** the initial scale η of the REBAR term (default 1); learned */
  eta?: number;
  /**
   * r_ρ: your network ({ apply({ z, relaxed }) → one value per sample, variables }); it may close
   * over data or logits. Default: the MLP above, owned by the estimator.
   */
  network?: RelaxNetwork;
  /** hidden units of the default network (default 10) */
  hiddenUnits?: number;
  /** include η f(σ_λ(z)) in c_φ (default true); without it c_φ = r_ρ and f is evaluated at b only */
  rebarTerm?: boolean;
  /** key for the default network's initial weights (default key(0)) */
  key?: Key;
  /** a name for tables; default 'relax' (with K when K > 1) */
  name?: string;
}

/**
 * @example
 * await ready();
 * const est = relax({ family: categoricalFamily });
 * const logits = tf.variable(tf.zeros([4, 3]));
 * const control = tf.train.adam(1e-2);
 * for (let step = 0; step < 1000; step++) {
 *   // one variance step on φ = (η, λ, ρ); the same estimate's gradient moves the logits
 *   const e = est.update(control, { key: fold(runKey, step), logits, objective: f });
 *   tf.tidy(() => logits.assign(tf.sub(logits, tf.mul(e.gradient, 0.1))));
 *   tf.dispose(Object.values(e));
 * }
 */
export function relax(options: RelaxOptions = {}): RelaxEstimator {
  checkOptions('relax', options, ['family', 'numSamples', 'temperature', 'eta', 'network', 'hiddenUnits', 'rebarTerm', 'key', 'name']);
  if (options.name !== undefined && typeof options.name !== 'string') throw new ArgumentError('name', `got ${describeValue(options.name)}`, 'a string');
  if (options.rebarTerm !== undefined && typeof options.rebarTerm !== 'boolean') throw new ArgumentError('rebarTerm', `got ${describeValue(options.rebarTerm)}`, 'true (default) or false');
  const numSamples = options.numSamples ?? 1;
  return relaxEstimator({
    name: options.name ?? (numSamples === 1 ? 'relax' : `relax(K=${numSamples})`),
    family: options.family,
    numSamples: options.numSamples,
    temperature: options.temperature,
    eta: options.eta,
    rebarTerm: options.rebarTerm ?? true,
    network: options.network ?? 'default',
    hiddenUnits: options.hiddenUnits,
    key: options.key,
  });
}
