/**
 * The cases of the estimator-regression bench, built against one loaded version of stochgrad (its
 * tfjs, core and discrete modules): the estimators both versions export on the problems of
 * bench/src/throughput.ts and core's toyProblems (written out here identically for both versions),
 * each call one `estimate` on logits tiled to [M, ...] and the disposal of its outputs. Used by
 * child.ts (one version per process) and same-process.ts (both versions on one tfjs).
 */
import type * as TfModule from '@tensorflow/tfjs-core';
import type * as CoreModule from '@stochgrad/core';
import type * as DiscreteModule from '@stochgrad/discrete';

export type Tf = typeof TfModule;
export type Core = typeof CoreModule;
export type Discrete = typeof DiscreteModule;
type Tensor = TfModule.Tensor;
type Estimator = CoreModule.GradientEstimator;
type Key = CoreModule.Key;

export interface CaseInfo {
  id: string;
  estimator: string;
  problem: string;
  batch: number;
  /** kernels launched by one estimate() call (tf.profile, once) */
  kernelsPerCall: number;
}

export interface Problem {
  id: string;
  kind: 'bernoulli' | 'normal' | 'subset' | 'tree';
  makeLogits(): Tensor;
  objective: (x: Tensor) => Tensor;
  constantBaseline: number;
}

interface Made {
  estimator: Estimator;
  dispose(): void;
}

interface EstimatorCase {
  name: string;
  kinds: readonly Problem['kind'][];
  /** undefined when this version does not export what the case needs */
  make(problem: Problem): Made | undefined;
}

export function problemsFor(tf: Tf, core: Core): Problem[] {
  const TARGETS = [0.1, 0.9, 0.3, 0.7, 0.45, 0.55, 0.2, 0.8];
  const MATRIX = [1, 0.3, 0, 0, 0.3, 1, 0.2, 0, 0, 0.2, 0.5, 0.1, 0, 0, 0.1, 1];
  const VECTOR = [1, -1, 0.5, 0];
  const SCORES = [3, -1, 0.5, 2, 0];
  const COST = [0, 1, 2, 3, 1, 0, 1, 2, 2, 1, 0, 1, 3, 2, 1, 0];
  const EDGES = [0, 0.3, -0.5, 1, 0.3, 0, 0.8, -0.2, -0.5, 0.8, 0, 0.1, 1, -0.2, 0.1, 0];
  return [
    // the three toy problems (core's toyProblems; bench/src/problems.ts)
    {
      id: 'bernoulli-1d',
      kind: 'bernoulli',
      makeLogits: () => tf.tensor1d([0]),
      objective: (b) => tf.tidy(() => tf.sum(tf.square(tf.sub(b, 0.499)), -1)),
      constantBaseline: 0.25,
    },
    {
      id: 'bernoulli-8d',
      kind: 'bernoulli',
      makeLogits: () => tf.linspace(-2, 2, 8),
      objective: (b) =>
        tf.tidy(() => {
          const separable = tf.sum(tf.square(tf.sub(b, tf.tensor1d(TARGETS))), -1);
          return tf.add(separable, tf.mul(tf.square(tf.sub(tf.sum(b, -1), 4)), 0.25));
        }),
      constantBaseline: 0.25,
    },
    {
      id: 'gaussian-4d',
      kind: 'normal',
      makeLogits: () => tf.tidy(() => tf.stack([tf.tensor1d([0.5, -0.5, 1, 0]), tf.log(tf.tensor1d([1, 0.5, 2, 1]))], -1)),
      objective: (x) => tf.tidy(() => core.quadraticForm({ matrix: tf.tensor2d(MATRIX, [4, 4]), vector: tf.tensor1d(VECTOR) })(x)),
      constantBaseline: 3,
    },
    // topKSubset's example: choose k = 2 of N = 5 items with scores
    {
      id: 'subset-2of5',
      kind: 'subset',
      makeLogits: () => tf.tensor1d([0.5, -0.5, 0, 1, -1]),
      objective: (s) => tf.tidy(() => tf.neg(tf.sum(tf.mul(s, tf.tensor1d(SCORES)), -1))),
      constantBaseline: 0,
    },
    // spanningTree's example: a tree on n = 4 nodes, cost Σ t_ij c_ij, fixed symmetric edge logits
    {
      id: 'tree-4',
      kind: 'tree',
      makeLogits: () => tf.tensor2d(EDGES, [4, 4]),
      objective: (t) => tf.tidy(() => tf.sum(tf.mul(t, tf.tensor2d(COST, [4, 4])), [-2, -1])),
      constantBaseline: 0,
    },
  ];
}

export function casesFor(tf: Tf, core: Core, discrete: Discrete): EstimatorCase[] {
  const familyOf = (p: Problem) => (p.kind === 'normal' ? { family: core.normalFamily } : {});
  const owned = (estimator: Estimator): Made => ({ estimator, dispose: () => estimator.dispose?.() });
  // a version that lacks an export makes no estimator for that case
  const has = (...names: unknown[]) => names.every((n) => typeof n === 'function' || (typeof n === 'object' && n !== null));
  const scoreCase = (name: string, make: (p: Problem) => Made): EstimatorCase => ({
    name,
    kinds: ['bernoulli', 'normal'],
    make: (p) => (has(core.scoreFunction) ? make(p) : undefined),
  });
  const bernoulli = (name: string, make: () => Estimator | undefined): EstimatorCase => ({
    name,
    kinds: ['bernoulli'],
    make: () => {
      const estimator = make();
      return estimator ? owned(estimator) : undefined;
    },
  });
  // the linear baseline of throughput.ts: logits · w + bias (untrained)
  const linearBaseline = (p: Problem): Made => {
    const template = p.makeLogits();
    const size = template.size;
    const rank = template.rank;
    template.dispose();
    const weights = tf.variable(tf.zeros([size]), true);
    const bias = tf.variable(tf.scalar(0), true);
    const controlVariate = core.learnedBaseline(
      (l) => tf.add(tf.sum(tf.mul(tf.reshape(l, [...l.shape.slice(0, l.rank - rank), size]), weights), -1), bias),
      { name: 'learned' },
    );
    return { estimator: core.scoreFunction({ ...familyOf(p), controlVariate }), dispose: () => tf.dispose([weights, bias]) };
  };
  return [
    scoreCase('reinforce', (p) => owned(core.scoreFunction({ ...familyOf(p) }))),
    scoreCase('reinforce+constant', (p) => owned(core.scoreFunction({ ...familyOf(p), controlVariate: core.constantBaseline(p.constantBaseline) }))),
    scoreCase('reinforce+ema', (p) => owned(core.scoreFunction({ ...familyOf(p), controlVariate: core.movingAverageBaseline({ decay: 0.9 }) }))),
    scoreCase('reinforce+learned', linearBaseline),
    scoreCase('reinforce+loo(K=2)', (p) => owned(core.scoreFunction({ ...familyOf(p), controlVariate: core.leaveOneOut(), numSamples: 2 }))),
    scoreCase('reinforce+loo(K=4)', (p) => owned(core.scoreFunction({ ...familyOf(p), controlVariate: core.leaveOneOut(), numSamples: 4 }))),
    {
      name: 'pathwise',
      kinds: ['normal'],
      make: () => (has(core.pathwise) ? owned(core.pathwise({ family: core.normalFamily })) : undefined),
    },
    bernoulli('arm', () => (has(discrete.arm) ? discrete.arm() : undefined)),
    bernoulli('disarm', () => (has(discrete.disarm) ? discrete.disarm() : undefined)),
    bernoulli('localDisarm(K=2)', () => (has(discrete.localDisarm) ? discrete.localDisarm() : undefined)),
    bernoulli('vimco(K=2)', () => (has(discrete.vimco) ? discrete.vimco() : undefined)),
    bernoulli('rebar', () => (has(discrete.rebar) ? discrete.rebar() : undefined)),
    bernoulli('relax', () => (has(discrete.relax) ? discrete.relax() : undefined)),
    bernoulli('gumbelSoftmax', () => (has(discrete.gumbelSoftmax) ? discrete.gumbelSoftmax() : undefined)),
    bernoulli('gumbelSoftmax-st', () => (has(discrete.gumbelSoftmax) ? discrete.gumbelSoftmax({ straightThrough: true }) : undefined)),
    bernoulli('straightThroughBernoulli', () => (has(discrete.straightThroughBernoulli) ? discrete.straightThroughBernoulli() : undefined)),
    {
      name: 'topKSubset(k=2)',
      kinds: ['subset'],
      make: () => (has(discrete.topKSubset) ? owned(discrete.topKSubset({ k: 2 })) : undefined),
    },
    {
      name: 'spanningTree',
      kinds: ['tree'],
      make: () => (has(discrete.spanningTree) ? owned(discrete.spanningTree()) : undefined),
    },
  ];
}

export interface Prepared {
  info: CaseInfo;
  call(): void;
  dispose(): void;
}

/** Every case of this version, ready to call (one call made, kernels counted). */
export async function prepareCases(tf: Tf, core: Core, discrete: Discrete, batches: readonly number[], seed: number): Promise<Map<string, Prepared>> {
  const problems = problemsFor(tf, core);
  const cases = casesFor(tf, core, discrete);
  const runKey = core.key(seed);
  const prepared = new Map<string, Prepared>();
  let index = 0;
  for (const estimatorCase of cases) {
    for (const problem of problems) {
      if (!estimatorCase.kinds.includes(problem.kind)) continue;
      for (const batch of batches) {
        const made = estimatorCase.make(problem);
        index += 1;
        if (!made) continue;
        const logits = tf.tidy(() => {
          const one = problem.makeLogits();
          return tf.broadcastTo(tf.expandDims(one, 0), [batch, ...one.shape]);
        });
        const caseKey: Key = core.fold(runKey, index);
        let counter = 0;
        const call = () => {
          const e = made.estimator.estimate({ key: core.fold(caseKey, counter++), logits, objective: problem.objective });
          e.value.dispose();
          e.gradient.dispose();
          e.surrogate.dispose();
          e.controlVariateLoss?.dispose();
        };
        call();
        const kernelsPerCall = (await tf.profile(call)).kernels.length;
        const id = `${estimatorCase.name} | ${problem.id} | M=${batch}`;
        prepared.set(id, {
          info: { id, estimator: estimatorCase.name, problem: problem.id, batch, kernelsPerCall },
          call,
          dispose: () => {
            logits.dispose();
            made.dispose();
          },
        });
      }
    }
  }
  return prepared;
}
