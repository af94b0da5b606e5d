// @stochgrad/core — the table of contents. Importing it registers the gradients every user needs
import './gradients';
// ... replaces the wasm kernels that are far slower than they need be (batched matMul)
import './kernels';
// ... and installs tfjs's chained tensor methods (x.add(y), x.sum(), ...), as the @tensorflow/tfjs union does
import './chained-ops';

export { ready, describeBackend } from './backend';
export { kernelFixes } from './kernels';
export type { KernelFixName } from './kernels';
export { fusedAdam, FusedAdamOptimizer } from './optimizers';
export type { FusedAdamOptions } from './optimizers';
export type { BackendInfo, ReadyOptions } from './backend';

export { StochgradError, ArgumentError, ShapeError, KeyError, BackendError, NonFiniteError, describeValue } from './errors';

export { key, split, fold, isKey } from './key';
export type { Key } from './key';

export * as random from './random';
export { checkOptions } from './options';

export type { Distribution } from './distributions/distribution';
export { bernoulli } from './distributions/bernoulli';
export { categorical } from './distributions/categorical';
export { oneHotCategorical } from './distributions/one-hot-categorical';
export { normal } from './distributions/normal';
export { gumbel } from './distributions/gumbel';
export { logistic } from './distributions/logistic';
export { uniform } from './distributions/uniform';
export { relaxedBernoulli } from './distributions/relaxed-bernoulli';
export { relaxedOneHotCategorical } from './distributions/relaxed-one-hot-categorical';
export { independent } from './distributions/independent';

export { stopGradient, logSigmoid, logMeanExp, scoreTerm, detach } from './numerics';
// building blocks for estimator authors (used by @stochgrad/discrete and others)
export { callObjective, checkEstimateArgs, surrogateAndGradient } from './internal/objective';

export type { Objective, EstimateArgs, Estimate, EstimatorTarget, GradientEstimator, BernoulliPairRule } from './estimator';
export { bernoulliFamily, categoricalFamily, normalFamily } from './families';
export type { Family } from './families';
export { scoreFunction } from './score-function';
export type { ScoreFunctionOptions } from './score-function';
export { noBaseline, constantBaseline, movingAverageBaseline, learnedBaseline, leaveOneOut } from './control-variates';
export type { ControlVariate } from './control-variates';
export { pathwise } from './pathwise';
export type { PathwiseOptions } from './pathwise';

export { exactBernoulli, exactBernoulliBound, exactCategorical, exactNormalQuadratic, quadraticForm, MAX_ENUMERATION } from './exact';
export type { ExactResult } from './exact';
// small problems with exact answers, shared by the demo, the bench and tests
export * as toyProblems from './toy-problems';
export type { ToyProblem } from './toy-problems';
export { normalQuantile, criticalZ, moments, checkUnbiased, checkVariance, compareVariances } from './statistics';
export type { Estimates, Moments, UnbiasedCheck, VarianceCheck, VarianceComparison } from './statistics';
export { compareEstimators, drawEstimates } from './compare-estimators';
export type { CompareOptions, EstimatorReport } from './compare-estimators';
