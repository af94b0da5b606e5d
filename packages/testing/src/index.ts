export { expectUnbiased, expectBiasDetected, expectVariance, expectLowerVariance } from './assertions';
export { describeConformance } from './conformance';
export type { ConformanceOptions } from './conformance';
export { coupledBernoulli, coupledCategorical, gaussianQuadratic } from './problems';
export type { TestProblem } from './problems';
export { itRejectsEach } from './option-checks';
export type { OptionCase } from './option-checks';
export { expectRankConsistency } from './ranks';
export type { RankConsistencyOptions } from './ranks';
