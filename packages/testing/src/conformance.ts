/**
 * The conformance suite every estimator runs: shapes, determinism under a key, no tensor leak,
 * typed errors, finite at extreme logits, unbiasedness against an exact oracle (or the documented
 * bias), the power check that a 10%-biased twin fails, and the surrogate's contract.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  type GradientEstimator,
  KeyError,
  ShapeError,
  checkOptions,
  checkUnbiased,
  describeValue,
  drawEstimates,
  key,
  ready,
} from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestProblem } from './problems';
import { expectRankConsistency } from './ranks';

export interface ConformanceOptions {
  /** makes a fresh estimator (called once per check) */
  create: () => GradientEstimator;
  /** problems it must be unbiased on (or whose documented bias it must show) */
  problems: readonly TestProblem[];
  /** estimates per unbiasedness check (default 20000) */
  replicates?: number;
  /** false-alarm rate of the unbiasedness check (default 1e-3) */
  falseAlarmRate?: number;
  /**
   * For biased estimators: instead of unbiasedness, a check of the documented bias given the
   * mean estimate and the exact gradient (throw or expect inside).
   */
  documentedBias?: (args: { problem: TestProblem; mean: number[]; exact: number[]; standardError: number[] }) => void;
  /** backend to run on (default 'wasm') */
  backend?: 'wasm' | 'cpu';
}

function tiled(logits: tf.Tensor, m: number): tf.Tensor {
  return tf.tidy(() => tf.broadcastTo(tf.expandDims(logits, 0), [m, ...logits.shape]));
}

/** Registers the suite as a vitest `describe` block. */
export function describeConformance(name: string, options: ConformanceOptions): void {
  if (typeof name !== 'string' || name === '') throw new ArgumentError('describeConformance: name', `got ${describeValue(name)}`, "the estimator's name, e.g. 'disarm'");
  if (typeof options !== 'object' || options === null) throw new ArgumentError('describeConformance options', `got ${describeValue(options)}`, '{ create, problems, ... }');
  checkOptions('describeConformance', options, ['create', 'problems', 'replicates', 'falseAlarmRate', 'documentedBias', 'backend']);
  const { create, problems, replicates = 20_000, falseAlarmRate = 1e-3, documentedBias, backend = 'wasm' } = options;
  if (typeof create !== 'function') throw new ArgumentError('create', `got ${describeValue(create)}`, 'a function () => GradientEstimator');
  if (!Array.isArray(problems as unknown) || problems.length === 0) throw new ArgumentError('problems', `got ${describeValue(problems)}`, 'a non-empty array of TestProblems (coupledBernoulli, ...)');
  if (!Number.isInteger(replicates) || replicates < 2) throw new ArgumentError('replicates', `got ${describeValue(replicates)}`, 'an integer >= 2');
  if (typeof falseAlarmRate !== 'number' || !(falseAlarmRate > 0 && falseAlarmRate < 1)) throw new ArgumentError('falseAlarmRate', `got ${describeValue(falseAlarmRate)}`, 'a number in (0, 1)');
  if (documentedBias !== undefined && typeof documentedBias !== 'function') throw new ArgumentError('documentedBias', `got ${describeValue(documentedBias)}`, 'a function or undefined');
  if (backend !== 'wasm' && backend !== 'cpu') throw new ArgumentError('backend', `got ${describeValue(backend)}`, "'wasm' (default) or 'cpu'");
  const first = problems[0] as TestProblem;

  describe(`${name}: conformance`, () => {
    beforeAll(async () => {
      await ready({ backend });
    });

    it('returns value [batch], gradient [logits shape] and a scalar surrogate equal to sum(value)', () => {
      const estimator = create();
      const logits = tiled(first.logits(), 3);
      const e = estimator.estimate({ key: key(1), logits, objective: first.objective });
      const batch = logits.shape.slice(0, logits.rank - first.family.parameterEventRank);
      expect(e.value.shape).toEqual(batch);
      expect(e.gradient.shape).toEqual(logits.shape);
      expect(e.surrogate.rank).toBe(0);
      expect(e.surrogate.dataSync()[0]).toBeCloseTo(tf.sum(e.value).dataSync()[0] as number, 4);
      expect(Number.isInteger(estimator.evaluations) && estimator.evaluations >= 1).toBe(true);
      expect(typeof estimator.name).toBe('string');
      tf.dispose([logits, e.value, e.gradient, e.surrogate, e.controlVariateLoss ?? []]);
      estimator.dispose?.();
    });

    it('is deterministic under a key and changes with the key', () => {
      const run = (seed: number) => {
        const estimator = create();
        const logits = tiled(first.logits(), 4);
        const e = estimator.estimate({ key: key(seed), logits, objective: first.objective });
        const out = Array.from(e.gradient.dataSync());
        tf.dispose([logits, e.value, e.gradient, e.surrogate, e.controlVariateLoss ?? []]);
        estimator.dispose?.();
        return out;
      };
      expect(run(7)).toEqual(run(7));
      expect(run(7)).not.toEqual(run(8));
    });

    it('leaks no tensors, also when trained through its surrogate', () => {
      const estimator = create();
      const base = first.logits();
      const weights = tf.variable(tf.ones(base.shape), true);
      // warm up: first calls may create lazily-initialised state (control-variate variables)
      const step = (seed: number) => {
        const { value, grads } = tf.variableGrads(() => {
          const e = estimator.estimate({ key: key(seed), logits: tf.mul(base, weights), objective: first.objective });
          tf.dispose([e.value, e.gradient]);
          return e.controlVariateLoss ? tf.add(e.surrogate, e.controlVariateLoss) : e.surrogate;
        });
        tf.dispose([value, ...Object.values(grads)]);
      };
      step(0);
      const before = tf.memory().numTensors;
      for (let i = 1; i <= 3; i++) step(i);
      const e = estimator.estimate({ key: key(9), logits: base, objective: first.objective });
      tf.dispose([e.value, e.gradient, e.surrogate, e.controlVariateLoss ?? []]);
      expect(tf.memory().numTensors).toBe(before);
      estimator.dispose?.();
      tf.dispose([base, weights]);
    });

    it('throws typed errors for bad input', () => {
      const estimator = create();
      const logits = first.logits();
      const objective = first.objective;
      expect(() => estimator.estimate({ key: 3 as never, logits, objective })).toThrow(KeyError);
      expect(() => estimator.estimate({ key: key(0), logits: [0, 1] as never, objective })).toThrow(ArgumentError);
      expect(() => estimator.estimate({ key: key(0), logits, objective: 'f' as never })).toThrow(ArgumentError);
      const nan = tf.fill(logits.shape, NaN);
      expect(() => estimator.estimate({ key: key(0), logits: nan, objective })).toThrow(/NaN/);
      expect(() => estimator.estimate({ key: key(0), logits: nan, objective })).toThrow(ArgumentError);
      const wrongShape = (b: tf.Tensor) => tf.sum(b);
      expect(() => estimator.estimate({ key: key(0), logits, objective: wrongShape })).toThrow(ShapeError);
      const before = tf.memory().numTensors;
      expect(() => estimator.estimate({ key: key(0), logits, objective: wrongShape })).toThrow(ShapeError);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logits, nan]);
      estimator.dispose?.();
    });

    it('ranks 1–8: equal to the rank-2 estimate (same key) wherever the backend computes the rank correctly, a ShapeError above, and no XNN line on stderr', () => {
      const problemLogits = first.logits();
      const problemShape = problemLogits.shape;
      problemLogits.dispose();
      expectRankConsistency({
        eventShape: problemShape,
        compute: (lead) =>
          tf.tidy(() => {
            const estimator = create();
            try {
              const logits = tf.reshape(tiled(first.logits(), lead.reduce((a, b) => a * b, 1)), [...lead, ...problemShape]);
              return Array.from(estimator.estimate({ key: key(5), logits, objective: first.objective }).gradient.dataSync());
            } finally {
              estimator.dispose?.();
            }
          }),
      });
    });

    it('stays finite at extreme logits (|logit| = 80)', () => {
      for (const problem of problems) {
        const estimator = create();
        const logits = tiled(problem.extremeLogits(), 8);
        const e = estimator.estimate({ key: key(3), logits, objective: problem.objective });
        for (const t of [e.value, e.gradient, e.surrogate]) {
          expect(Array.from(t.dataSync()).every(Number.isFinite), `${problem.name}: non-finite output`).toBe(true);
        }
        tf.dispose([logits, e.value, e.gradient, e.surrogate, e.controlVariateLoss ?? []]);
        estimator.dispose?.();
      }
    });

    it('its surrogate carries the gradient to variables upstream of the logits', () => {
      const estimator = create();
      const base = first.logits();
      const scale = tf.variable(tf.scalar(1), true);
      const { grads } = tf.variableGrads(() => {
        const e = estimator.estimate({ key: key(11), logits: tf.mul(base, scale), objective: first.objective });
        const chain = tf.sum(tf.mul(e.gradient, base)); // d/dscale of sum(E f(scale·base)) by the chain rule
        tf.keep(chain);
        (globalThis as Record<string, unknown>).__chain = chain;
        tf.dispose([e.value, e.gradient]);
        return e.surrogate;
      }, [scale]);
      const chain = (globalThis as Record<string, unknown>).__chain as tf.Tensor;
      expect(grads[scale.name]?.dataSync()[0]).toBeCloseTo(chain.dataSync()[0] as number, 3);
      tf.dispose([chain, scale, base, ...Object.values(grads)]);
      estimator.dispose?.();
    });

    for (const problem of problems) {
      it(`${documentedBias ? 'shows its documented bias' : 'is unbiased'} on ${problem.name} (M = ${replicates}, α = ${falseAlarmRate}), and a 10%-biased twin fails`, () => {
        const estimator = create();
        const logits = problem.logits();
        const exact = problem.exact(logits);
        const exactValues = Array.from(exact.gradient.dataSync());
        const before = tf.memory().numTensors;
        const estimates = drawEstimates({ estimator, key: key(2024), logits, objective: problem.objective, replicates });
        estimator.dispose?.();
        expect(tf.memory().numTensors, 'tensors left after drawing estimates and disposing the estimator').toBe(before);
        const size = logits.size;
        const rows = Array.from({ length: replicates }, (_, i) => estimates.subarray(i * size, (i + 1) * size));
        const check = checkUnbiased({ estimates: rows, exact: exactValues, falseAlarmRate });
        if (documentedBias) {
          documentedBias({ problem, mean: check.mean, exact: exactValues, standardError: check.standardError });
        } else {
          expect(check.passed, `${problem.name}: ${check.message}`).toBe(true);
          const twin = rows.map((row) => row.map((v) => v * 1.1));
          const twinCheck = checkUnbiased({ estimates: twin, exact: exactValues, falseAlarmRate });
          expect(twinCheck.passed, `power: the 10%-biased twin was not detected (${twinCheck.message}); raise replicates`).toBe(false);
        }
        tf.dispose([logits, exact.value, exact.gradient]);
      });
    }
  });
}
