// @stochgrad/entropy — the table of contents.
export type { ScoreFunction, ScoreEstimator } from './types';

export { ardae } from './ardae';
export type { Ardae, ArdaeOptions, TrainResult } from './ardae';
export type { Parametrization } from './internal/denoiser';
export type { Activation } from './internal/mlp';
export { dae } from './dae';
export type { Dae, DaeOptions } from './dae';

export { entropySurrogate } from './entropy-surrogate';
export { entropyGradient } from './entropy-gradient';
export type { EntropyGradientArgs } from './entropy-gradient';

export { stein } from './stein';
export type { SteinOptions } from './stein';
export { ssge } from './ssge';
export type { SsgeOptions } from './ssge';

export type { ToyDensity } from './densities/toy-density';
export { gaussianMixture } from './densities/gaussian-mixture';
export type { GaussianMixtureOptions } from './densities/gaussian-mixture';
export { banana } from './densities/banana';
export type { BananaOptions } from './densities/banana';
export { toyEnergies } from './densities/toy-energies';
