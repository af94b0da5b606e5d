/**
 * Benchmark 3: memory over a long run. Each case trains the problem's logits (a tf.Variable, tiled
 * to a batch of 16 on the tape) with Adam's `optimizer.minimize` on an estimator's surrogate for
 * 10⁴ iterations, and compares `tf.memory()` after 10 iterations (every lazily made variable, Adam
 * slot and EMA state exists by then) with `tf.memory()` after the last. Any difference is a leak.
 * After the case frees what it made, the tensor count must be back where it started.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type GradientEstimator,
  type Key,
  fold,
  learnedBaseline,
  leaveOneOut,
  movingAverageBaseline,
  normalFamily,
  pathwise,
  ready,
  scoreFunction,
} from '@stochgrad/core';
import { type BenchProblem, bernoulliCoupled, gaussianQuadratic, variableFrom } from './problems';
import { progressBar } from './progress';
import { formatNumber, progress } from './timing';

const BATCH = 16;
const CHECKPOINT = 10;

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
}

export interface MemoryRow {
  name: string;
  problem: string;
  iterations: number;
  atStart: MemorySnapshot;
  /** after CHECKPOINT iterations */
  early: MemorySnapshot;
  /** after all iterations */
  late: MemorySnapshot;
  /** after the case freed its estimator, optimizer and variables */
  afterDispose: MemorySnapshot;
  iterationsPerSecond: number;
  /** early and late agree on tensors and bytes, and disposal returned to atStart */
  ok: boolean;
}

export interface MemoryResult {
  backend: string;
  batch: number;
  checkpoint: number;
  rows: MemoryRow[];
  ok: boolean;
}

interface MemoryCase {
  name: string;
  problem: BenchProblem;
  /** the estimator and any variables it trains besides the logits */
  make(): { estimator: GradientEstimator; extraVariables: tf.Variable[]; dispose(): void };
}

const cases: readonly MemoryCase[] = [
  {
    name: 'reinforce+loo(K=4)',
    problem: bernoulliCoupled,
    make: () => ({ estimator: scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 }), extraVariables: [], dispose: () => {} }),
  },
  {
    name: 'reinforce+ema',
    problem: bernoulliCoupled,
    make: () => {
      const estimator = scoreFunction({ controlVariate: movingAverageBaseline({ decay: 0.9 }) });
      return { estimator, extraVariables: [], dispose: () => estimator.dispose?.() };
    },
  },
  {
    name: 'reinforce+learned',
    problem: bernoulliCoupled,
    make: () => {
      const weights = variableFrom(tf.zeros([8]));
      const bias = variableFrom(tf.scalar(0));
      const controlVariate = learnedBaseline((l) => tf.add(tf.sum(tf.mul(l, weights), -1), bias));
      return { estimator: scoreFunction({ controlVariate }), extraVariables: [weights, bias], dispose: () => tf.dispose([weights, bias]) };
    },
  },
  {
    name: 'pathwise',
    problem: gaussianQuadratic,
    make: () => ({ estimator: pathwise({ family: normalFamily }), extraVariables: [], dispose: () => {} }),
  },
];

function snapshot(): MemorySnapshot {
  const { numTensors, numBytes, numDataBuffers } = tf.memory();
  return { numTensors, numBytes, numDataBuffers };
}

function runCase(c: MemoryCase, k: Key, iterations: number): MemoryRow {
  const atStart = snapshot();
  const logits = variableFrom(c.problem.makeLogits());
  const { estimator, extraVariables, dispose } = c.make();
  const optimizer = tf.train.adam(0.01);
  const variables = [logits, ...extraVariables];
  const loss = (i: number) => () => {
    const tiled = tf.broadcastTo(tf.expandDims(logits, 0), [BATCH, ...logits.shape]);
    const e = estimator.estimate({ key: fold(k, i), logits: tiled, objective: c.problem.objective });
    // the learned baseline trains on its own loss; the logits get no gradient from it
    return e.controlVariateLoss ? (tf.add(e.surrogate, e.controlVariateLoss) as tf.Scalar) : e.surrogate;
  };
  let early: MemorySnapshot | undefined;
  const start = performance.now();
  let lastReport = start;
  const bar = progressBar(`memory: ${c.name}`, iterations);
  for (let i = 1; i <= iterations; i++) {
    optimizer.minimize(loss(i), false, variables);
    if (i % 50 === 0) bar.update(i);
    if (i === CHECKPOINT) early = snapshot();
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      progress(`memory: ${c.name} ${i}/${iterations}`);
    }
  }
  bar.stop();
  const seconds = (performance.now() - start) / 1000;
  const late = snapshot();
  optimizer.dispose();
  logits.dispose();
  dispose();
  const afterDispose = snapshot();
  const earlyOrLate = early ?? late;
  return {
    name: c.name,
    problem: c.problem.id,
    iterations,
    atStart,
    early: earlyOrLate,
    late,
    afterDispose,
    iterationsPerSecond: iterations / seconds,
    ok: earlyOrLate.numTensors === late.numTensors && earlyOrLate.numBytes === late.numBytes && afterDispose.numTensors === atStart.numTensors,
  };
}

export async function runMemory(options: { key: Key; iterations: number }): Promise<MemoryResult> {
  await ready();
  const rows: MemoryRow[] = [];
  for (const [i, c] of cases.entries()) {
    const row = runCase(c, fold(options.key, i), options.iterations);
    rows.push(row);
    progress(
      `memory: ${row.name} on ${row.problem}: ${row.early.numTensors} tensors / ${row.early.numBytes} B after ${CHECKPOINT}, ` +
        `${row.late.numTensors} / ${row.late.numBytes} B after ${row.iterations} ` +
        `(${formatNumber(row.iterationsPerSecond)} it/s) ${row.ok ? 'ok' : 'LEAK'}`,
    );
  }
  return { backend: tf.getBackend(), batch: BATCH, checkpoint: CHECKPOINT, rows, ok: rows.every((r) => r.ok) };
}
