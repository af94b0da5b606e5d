// @stochgrad/mcmc — the table of contents.
export type { LogJoint, Proposal, Coupleable, MarkovKernel, CoupledKernel, CoupledStep } from './types';

// couplings
export { maximalCouplingCategorical } from './maximal-coupling-categorical';
export type { MaximalCouplingCategoricalOptions, CategoricalCouplingDraw } from './maximal-coupling-categorical';
export { maximalCoupling } from './maximal-coupling';
export type { MaximalCouplingOptions, CouplingDraw } from './maximal-coupling';
export { reflectionMaximalCoupling } from './reflection-maximal-coupling';
export type { ReflectionMaximalCouplingOptions, ReflectionCouplingDraw } from './reflection-maximal-coupling';

// kernels
export { isir, weightedAverageOf } from './isir';
export type { IsirKernel, IsirOptions, IsirState } from './isir';
export { coupledIsir } from './coupled-isir';
export type { CoupledIsirKernel } from './coupled-isir';

// runners and the unbiased estimator
export { runChain } from './run-chain';
export type { RunChainOptions, ChainResult } from './run-chain';
export { runCoupledChains } from './run-coupled-chains';
export type { RunCoupledChainsOptions, CoupledChainsResult, StepInfo } from './run-coupled-chains';
export { meetingTimeSummary } from './meeting-time-summary';
export type { MeetingTimeSummary } from './meeting-time-summary';
export { MeetingCapError } from './meeting-cap-error';
export { traceCoupledChains } from './trace-coupled-chains';
export type { TraceCoupledChainsOptions, CoupledChainsTrace } from './trace-coupled-chains';

// latent-variable models
export { unbiasedLogLikelihoodGradient } from './unbiased-log-likelihood-gradient';
export type { UnbiasedLogLikelihoodGradientOptions, UnbiasedLogLikelihoodGradient } from './unbiased-log-likelihood-gradient';
export { iwaeBound } from './iwae-bound';
export type { IwaeBoundOptions, IwaeBound } from './iwae-bound';
