export { expectUnbiased, expectBiasDetected, expectVariance, expectLowerVariance } from './assertions';
export { describeConformance } from './conformance';
export type { ConformanceOptions } from './conformance';
export { coupledBernoulli, coupledCategorical, gaussianQuadratic } from './problems';
export type { TestProblem } from './problems';
export { describeBadInputTable, describeBeforeReady, disposedTensor, estimatorBadInputs, badInputCounts } from './bad-input-table';
export type { BadInputCase, BadInputRow, BadInputTableOptions, BadInputCount, BeforeReadyCall, BeforeReadyOptions, ErrorClass, Own } from './bad-input-table';
export { expectRankConsistency } from './ranks';
export type { RankConsistencyOptions } from './ranks';
