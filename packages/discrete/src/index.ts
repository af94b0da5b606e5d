// @stochgrad/discrete — the table of contents: estimators only (MNIST data and the VAEs moved to
// @stochgrad/models in 0.2.0).
export { arm } from './arm';
export type { ArmOptions } from './arm';
export { disarm } from './disarm';
export type { DisarmOptions } from './disarm';
export { localDisarm } from './local-disarm';
export type { LocalDisarmOptions } from './local-disarm';
export { vimco } from './vimco';
export type { VimcoOptions } from './vimco';
export { rebar } from './rebar';
export type { RebarOptions, RebarEstimator } from './rebar';
export { relax } from './relax';
export type { RelaxOptions, RelaxEstimator, RelaxFamily, RelaxNetwork, RelaxNetworkInput } from './relax';
export { gumbelSoftmax } from './gumbel-softmax';
export type { GumbelSoftmaxOptions } from './gumbel-softmax';
export { straightThroughBernoulli } from './straight-through-bernoulli';
export type { StraightThroughBernoulliOptions } from './straight-through-bernoulli';
export { topKSubset } from './top-k-subset';
export type { TopKSubsetOptions } from './top-k-subset';
export { spanningTree } from './spanning-tree';
export type { SpanningTreeOptions } from './spanning-tree';
// building blocks shared with @stochgrad/rl's RELAX policy gradient
export { conditionalGumbel } from './conditional-gumbel';
export type { ConditionalGumbelArgs } from './conditional-gumbel';
export { secondOrderSoftmax } from './second-order-softmax';
