/**
 * The estimators the MNIST VAE experiment can train with, by command-line name. Adding one is one
 * line: a name, a factory, and the label used in tables. RELAX, REBAR, Gumbel-softmax and its
 * straight-through variant join automatically once @stochgrad/discrete exports them (looked up at
 * run time, so this file compiles against a discrete without them).
 */
import { type GradientEstimator, leaveOneOut, scoreFunction } from '@stochgrad/core';
import * as discrete from '@stochgrad/discrete';
import { arm, disarm, localDisarm, vimco } from '@stochgrad/discrete';

export interface EstimatorEntry {
  /** how tables and plots name it */
  label: string;
  create: () => GradientEstimator;
}

type Factory = (options?: Record<string, unknown>) => GradientEstimator;
const optional = discrete as unknown as Record<string, Factory | undefined>;

/** An entry for an export of @stochgrad/discrete that may not exist yet. */
function ifExported(exportName: string, label: { key: string; text: string }, options: Record<string, unknown>): Record<string, EstimatorEntry> {
  const factory = optional[exportName];
  return typeof factory === 'function' ? { [label.key]: { label: label.text, create: () => factory(options) } } : {};
}

export const ESTIMATORS: Readonly<Record<string, EstimatorEntry>> = {
  'reinforce-loo': { label: 'REINFORCE-LOO (2 samples)', create: () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }) },
  arm: { label: 'ARM', create: () => arm() },
  disarm: { label: 'DisARM', create: () => disarm() },
  'vimco-2': { label: 'VIMCO K=2', create: () => vimco({ numSamples: 2 }) },
  'vimco-4': { label: 'VIMCO K=4', create: () => vimco({ numSamples: 4 }) },
  'local-disarm-2': { label: 'local DisARM K=2', create: () => localDisarm({ numPairs: 2 }) },
  'local-disarm-4': { label: 'local DisARM K=4', create: () => localDisarm({ numPairs: 4 }) },
  // RELAX and REBAR: the default control-variate network, learned temperature and η; their own
  // variables train with the VAE's controlVariate optimiser (Adam 1e-4, β1 = 0.999, as the DisARM code)
  ...ifExported('relax', { key: 'relax', text: 'RELAX' }, {}),
  ...ifExported('rebar', { key: 'rebar', text: 'REBAR' }, {}),
  // Gumbel-softmax at λ = 0.5, relaxed (biased) and straight-through
  ...ifExported('gumbelSoftmax', { key: 'gumbel-softmax', text: 'Gumbel-softmax λ=0.5' }, { temperature: 0.5 }),
  ...ifExported('gumbelSoftmax', { key: 'straight-through', text: 'straight-through Gumbel-softmax λ=0.5' }, { temperature: 0.5, straightThrough: true }),
};

/** Registry names in the order of the tables. */
export const ESTIMATOR_NAMES: readonly string[] = Object.keys(ESTIMATORS);
