/**
 * The names of the estimators the demo's Bernoulli VAE can train with, in a module that imports
 * nothing: the CLI checks `--vae-estimator` against it before tfjs is loaded. `vaeEstimators`
 * (vae.ts) must define exactly these (checked by the compiler).
 */
export const VAE_ESTIMATOR_NAMES = ['disarm', 'arm', 'reinforce-loo', 'vimco-2', 'local-disarm-2', 'relax', 'gumbel-softmax'] as const;

export type VaeEstimatorName = (typeof VAE_ESTIMATOR_NAMES)[number];
