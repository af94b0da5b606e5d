// Every estimator in @stochgrad/core through the conformance suite: the score function with each
// control variate on a Bernoulli, a categorical and a Gaussian problem, and the pathwise estimator.
import {
  type ControlVariate,
  type Family,
  categoricalFamily,
  constantBaseline,
  learnedBaseline,
  leaveOneOut,
  movingAverageBaseline,
  noBaseline,
  normalFamily,
  pathwise,
  scoreFunction,
} from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeConformance } from '../src/conformance';
import { type TestProblem, coupledBernoulli, coupledCategorical, gaussianQuadratic } from '../src/problems';

/** c = 0.1·Σ(logits of one event) + 2, a small "network" on the detached logits */
const linearNetwork = (eventRank: number) => (logits: tf.Tensor) =>
  tf.add(tf.mul(tf.sum(logits, Array.from({ length: eventRank }, (_, i) => logits.rank - 1 - i)), 0.1), 2);

const controlVariates: { label: string; make: (eventRank: number) => ControlVariate; numSamples: number }[] = [
  { label: 'none', make: noBaseline, numSamples: 1 },
  { label: 'constant', make: () => constantBaseline(2), numSamples: 1 },
  { label: 'ema', make: () => movingAverageBaseline({ decay: 0.8 }), numSamples: 1 },
  { label: 'learned', make: (eventRank) => learnedBaseline(linearNetwork(eventRank)), numSamples: 1 },
  { label: 'leave-one-out K=3', make: leaveOneOut, numSamples: 3 },
];

const settings: { problem: TestProblem; family?: Family; replicates: number }[] = [
  { problem: coupledBernoulli, replicates: 20_000 },
  { problem: coupledCategorical, family: categoricalFamily, replicates: 20_000 },
  // the score function on a Gaussian is noisy: more estimates for the 10%-bias power check
  { problem: gaussianQuadratic, family: normalFamily, replicates: 200_000 },
];

for (const { problem, family, replicates } of settings) {
  for (const cv of controlVariates) {
    describeConformance(`reinforce+${cv.label} on ${problem.name}`, {
      create: () => scoreFunction({ controlVariate: cv.make(problem.family.parameterEventRank), numSamples: cv.numSamples, ...(family ? { family } : {}) }),
      problems: [problem],
      replicates,
    });
  }
}

describeConformance('pathwise on Gaussian quadratic', { create: () => pathwise({ family: normalFamily }), problems: [gaussianQuadratic] });
describeConformance('pathwise K=4 on Gaussian quadratic', { create: () => pathwise({ family: normalFamily, numSamples: 4 }), problems: [gaussianQuadratic] });
