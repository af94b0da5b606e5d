/**
 * Benchmark 2: estimates per second of each core estimator on the toy problems, for a batch of
 * M = 1000 estimates per call (logits tiled to [M, ...]) and for single estimates (M = 1), on the
 * wasm and the cpu backend in one process. Each call is one `estimate` and the disposal of its
 * outputs; fresh estimators, variables and logits are made on each backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type GradientEstimator,
  type Key,
  constantBaseline,
  fold,
  learnedBaseline,
  leaveOneOut,
  movingAverageBaseline,
  normalFamily,
  pathwise,
  ready,
  scoreFunction,
} from '@stochgrad/core';
import { type BenchProblem, problems, tiledLogits, variableFrom } from './problems';
import { progressBar } from './progress';
import { formatNumber, progress, timeBlocks, timeLoop } from './timing';

export type BackendName = 'wasm' | 'cpu';

interface Made {
  estimator: GradientEstimator;
  dispose(): void;
}

interface EstimatorCase {
  name: string;
  applies(problem: BenchProblem): boolean;
  make(problem: BenchProblem): Made;
}

const familyOf = (problem: BenchProblem) => (problem.family === 'normal' ? { family: normalFamily } : {});
const owned = (estimator: GradientEstimator): Made => ({ estimator, dispose: () => estimator.dispose?.() });
const always = () => true;

/** A linear baseline of the logits plus a bias (untrained: its speed does not depend on ψ). */
function linearBaseline(problem: BenchProblem): Made {
  const template = problem.makeLogits();
  const size = template.size;
  const rank = template.rank;
  template.dispose();
  const weights = variableFrom(tf.zeros([size]));
  const bias = variableFrom(tf.scalar(0));
  const controlVariate = learnedBaseline(
    (l) => tf.add(tf.sum(tf.mul(tf.reshape(l, [...l.shape.slice(0, l.rank - rank), size]), weights), -1), bias),
    { name: 'learned' },
  );
  return {
    estimator: scoreFunction({ ...familyOf(problem), controlVariate }),
    dispose: () => tf.dispose([weights, bias]),
  };
}

export const estimatorCases: readonly EstimatorCase[] = [
  { name: 'reinforce', applies: always, make: (p) => owned(scoreFunction({ ...familyOf(p) })) },
  {
    name: 'reinforce+constant',
    applies: always,
    make: (p) => owned(scoreFunction({ ...familyOf(p), controlVariate: constantBaseline(p.constantBaseline) })),
  },
  {
    name: 'reinforce+ema',
    applies: always,
    make: (p) => owned(scoreFunction({ ...familyOf(p), controlVariate: movingAverageBaseline({ decay: 0.9 }) })),
  },
  { name: 'reinforce+learned', applies: always, make: linearBaseline },
  {
    name: 'reinforce+loo(K=2)',
    applies: always,
    make: (p) => owned(scoreFunction({ ...familyOf(p), controlVariate: leaveOneOut(), numSamples: 2 })),
  },
  {
    name: 'reinforce+loo(K=4)',
    applies: always,
    make: (p) => owned(scoreFunction({ ...familyOf(p), controlVariate: leaveOneOut(), numSamples: 4 })),
  },
  { name: 'pathwise', applies: (p) => p.family === 'normal', make: () => owned(pathwise({ family: normalFamily })) },
];

export interface ThroughputRow {
  backend: BackendName;
  problem: string;
  estimator: string;
  /** estimates per call (M) */
  batch: number;
  calls: number;
  seconds: number;
  /** median over the timed blocks */
  millisecondsPerCall: number;
  /** median over the timed blocks: M × calls per second */
  estimatesPerSecond: number;
  /** estimates per second of each timed block (their spread shows the noise) */
  blockEstimatesPerSecond: number[];
  /** kernels launched by one estimate() call (tf.profile, once) */
  kernelsPerCall: number;
  /** tensors alive after the measurement and its disposal minus before (expect 0) */
  tensorsLeaked: number;
}

export interface ThroughputResult {
  batches: number[];
  /** each measurement is `blocks` blocks of secondsPerMeasurement / blocks */
  secondsPerMeasurement: number;
  blocks: number;
  warmupSeconds: number;
  rows: ThroughputRow[];
}

export interface ThroughputOptions {
  key: Key;
  backends: readonly BackendName[];
  batches: readonly number[];
  warmupSeconds: number;
  secondsPerMeasurement: number;
  blocks: number;
}

interface Measurement {
  problem: BenchProblem;
  estimatorCase: EstimatorCase;
  batch: number;
}

function measurementsFor(batches: readonly number[]): Measurement[] {
  const out: Measurement[] = [];
  for (const problem of problems) {
    for (const estimatorCase of estimatorCases) {
      if (!estimatorCase.applies(problem)) continue;
      for (const batch of batches) out.push({ problem, estimatorCase, batch });
    }
  }
  return out;
}

/** Makes the estimator and logits for one measurement; `call` runs one estimate and frees it. */
function prepare(m: Measurement, k: Key): { call: () => void; dispose: () => void } {
  const made = m.estimatorCase.make(m.problem);
  const logits = tiledLogits(m.problem, m.batch);
  let counter = 0;
  const call = () => {
    const e = made.estimator.estimate({ key: fold(k, counter++), logits, objective: m.problem.objective });
    e.value.dispose();
    e.gradient.dispose();
    e.surrogate.dispose();
    e.controlVariateLoss?.dispose();
  };
  return {
    call,
    dispose: () => {
      logits.dispose();
      made.dispose();
    },
  };
}

export async function runThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const measurements = measurementsFor(options.batches);
  const rows: ThroughputRow[] = [];
  const bar = progressBar('throughput', options.backends.length * measurements.length);
  for (const [b, backend] of options.backends.entries()) {
    await ready({ backend });
    const backendKey = fold(options.key, b);
    // Warm-up: every code path once (V8 tiers wasm and JS up over the first seconds).
    const warmStart = performance.now();
    for (const [i, m] of measurements.entries()) {
      const { call, dispose } = prepare(m, fold(backendKey, 1_000_000 + i));
      timeLoop(call, { minSeconds: options.warmupSeconds / measurements.length, minIterations: 2 });
      dispose();
    }
    progress(`throughput: ${backend} warm-up ${((performance.now() - warmStart) / 1000).toFixed(1)} s`);
    for (const [i, m] of measurements.entries()) {
      bar.update(b * measurements.length + i, `${backend} ${m.problem.id} ${m.estimatorCase.name} M=${m.batch}`);
      const before = tf.memory().numTensors;
      const { call, dispose } = prepare(m, fold(backendKey, i));
      call();
      const kernelsPerCall = (await tf.profile(call)).kernels.length;
      const timing = timeBlocks(call, { blocks: options.blocks, secondsPerBlock: options.secondsPerMeasurement / options.blocks, minIterations: 2 });
      dispose();
      const row: ThroughputRow = {
        backend,
        problem: m.problem.id,
        estimator: m.estimatorCase.name,
        batch: m.batch,
        calls: timing.iterations,
        seconds: timing.seconds,
        millisecondsPerCall: 1000 / timing.medianPerSecond,
        estimatesPerSecond: timing.medianPerSecond * m.batch,
        blockEstimatesPerSecond: timing.blocks.map((r) => r * m.batch),
        kernelsPerCall,
        tensorsLeaked: tf.memory().numTensors - before,
      };
      rows.push(row);
      progress(
        `throughput: ${backend} ${row.problem} ${row.estimator.padEnd(18)} M=${String(m.batch).padEnd(4)} ` +
          `${formatNumber(row.estimatesPerSecond).padStart(9)} estimates/s (${formatNumber(row.millisecondsPerCall)} ms/call, ${kernelsPerCall} kernels)` +
          (row.tensorsLeaked !== 0 ? `  LEAK ${row.tensorsLeaked} tensors` : ''),
      );
    }
  }
  bar.stop();
  return {
    batches: [...options.batches],
    secondsPerMeasurement: options.secondsPerMeasurement,
    blocks: options.blocks,
    warmupSeconds: options.warmupSeconds,
    rows,
  };
}
