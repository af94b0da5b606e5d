/**
 * The combined report of the MNIST VAE runs: a markdown table (last record of every run, and the
 * mean and spread over seeds) and three line plots (training objective, test bound, log10 gradient
 * variance against steps) as @stochgrad/plots chart specs.
 */
import { type ChartSpec, type LineSeries, lineChart } from '@stochgrad/plots';
import { ESTIMATORS, ESTIMATOR_NAMES } from './registry';
import type { RunRecord, RunResult } from './run';

function order(runs: readonly RunResult[]): RunResult[] {
  const rank = (name: string) => {
    const i = ESTIMATOR_NAMES.indexOf(name);
    return i < 0 ? ESTIMATOR_NAMES.length : i;
  };
  return [...runs].sort((a, b) => rank(a.config.estimator) - rank(b.config.estimator) || a.config.estimator.localeCompare(b.config.estimator) || a.config.seed - b.config.seed);
}

function last(run: RunResult): RunRecord {
  const record = run.records[run.records.length - 1];
  if (!record) throw new Error(`run ${run.config.estimator} seed ${run.config.seed} has no records`);
  return record;
}

function fmt(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

function fmtExp(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toExponential(2);
}

function stats(values: number[]): { mean: number; spread: string } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length < 2) return { mean, spread: '(1 seed)' };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, spread: `± ${sd.toFixed(2)} sd (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)})` };
}

/** The results table in markdown. */
export function markdownTable(runs: readonly RunResult[]): string {
  const sorted = order(runs);
  const window = [...new Set(runs.map((r) => r.config.evalEvery))].join('/');
  const lines = [
    `| estimator | f evals / step | trains | seed | steps | train objective (mean of last ${window} steps) | 100-sample test bound | encoder-gradient variance (EMA) | steps/s |`,
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const run of sorted) {
    const r = last(run);
    const trains = run.estimator.target === 'log-mean-exp' ? `${run.estimator.name.match(/K=(\d+)/)?.[1] ?? 'K'}-sample bound` : 'ELBO';
    lines.push(
      `| ${run.estimator.label} | ${run.estimator.evaluations} | ${trains} | ${run.config.seed} | ${r.step} | ${fmt(r.trainObjective)} | ${fmt(r.testBound)} | ${fmtExp(r.gradientVariance)} | ${run.stepsPerSecond.toFixed(1)} |`,
    );
  }
  const groups = new Map<string, RunResult[]>();
  for (const run of sorted) groups.set(run.config.estimator, [...(groups.get(run.config.estimator) ?? []), run]);
  const multi = [...groups.entries()].filter(([, g]) => g.length > 1);
  if (multi.length > 0) {
    lines.push('', '| estimator | seeds | train objective, mean | spread | test bound, mean | spread |', '|---|---|---:|---|---:|---|');
    for (const [name, group] of multi) {
      const train = stats(group.map((g) => last(g).trainObjective ?? NaN));
      const test = stats(group.map((g) => last(g).testBound ?? NaN));
      lines.push(`| ${ESTIMATORS[name]?.label ?? name} | ${group.map((g) => g.config.seed).join(', ')} | ${fmt(train.mean)} | ${train.spread} | ${fmt(test.mean)} | ${test.spread} |`);
    }
  }
  return lines.join('\n');
}

/** Estimators ordered by a metric of their last record (mean over seeds), best first. */
export function ordering(runs: readonly RunResult[], metric: (r: RunRecord) => number | null, higherIsBetter: boolean): string {
  const groups = new Map<string, number[]>();
  for (const run of runs) {
    const v = metric(last(run));
    if (v !== null && Number.isFinite(v)) groups.set(run.config.estimator, [...(groups.get(run.config.estimator) ?? []), v]);
  }
  const means = [...groups.entries()].map(([name, values]) => ({ name, mean: values.reduce((s, v) => s + v, 0) / values.length, n: values.length }));
  means.sort((a, b) => (higherIsBetter ? b.mean - a.mean : a.mean - b.mean));
  const format = (v: number) => (Math.abs(v) >= 1 ? v.toFixed(2) : v.toExponential(2));
  return means.map((m) => `${ESTIMATORS[m.name]?.label ?? m.name} (${format(m.mean)}${m.n > 1 ? `, ${m.n} seeds` : ''})`).join(higherIsBetter ? ' > ' : ' < ');
}

/** One line per run: colour by estimator, dash by seed. */
function seriesOf(runs: readonly RunResult[], metric: (r: RunRecord) => number | null): LineSeries[] {
  return order(runs).map((run) => ({
    name: `${run.estimator.label}, seed ${run.config.seed}`,
    group: run.estimator.label,
    variant: `seed ${run.config.seed}`,
    points: run.records.map((r) => [r.step, metric(r) ?? NaN] as [number, number]),
  }));
}

/** The three plots, as chart specs by file name (render with @stochgrad/plots' renderSvg). */
export function plots(runs: readonly RunResult[], model: string): Record<string, ChartSpec> {
  const trainPoints = seriesOf(runs, (r) => r.trainObjective);
  const late = trainPoints.flatMap((s) => s.points.filter(([x]) => x >= 2000).map((p) => p[1])).filter(Number.isFinite);
  const testPoints = seriesOf(runs, (r) => (r.step >= 1000 ? r.testBound : null));
  const testLate = testPoints.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  return {
    'train-objective.svg': lineChart({
      title: `MNIST ${model} VAE: training objective (ELBO; K-sample bound for VIMCO / local DisARM)`,
      xTitle: 'training step',
      yTitle: `mean over the last ${runs[0]?.config.evalEvery ?? '?'} steps (nats)`,
      series: trainPoints,
      width: 560,
      ...(late.length > 0 ? { yDomain: [Math.min(...late), Math.max(...late)] as [number, number] } : {}),
    }),
    'test-bound.svg': lineChart({
      title: `MNIST ${model} VAE: ${runs[0]?.config.evalSamples ?? 100}-sample test bound (fixed ${runs[0]?.config.testImages ?? '?'} test images)`,
      xTitle: 'training step',
      yTitle: 'nats per image',
      series: testPoints,
      width: 560,
      ...(testLate.length > 0 ? { yDomain: [Math.min(...testLate), Math.max(...testLate)] as [number, number] } : {}),
    }),
    'gradient-variance.svg': lineChart({
      title: `MNIST ${model} VAE: encoder-gradient variance (EMA 0.999, mean per component)`,
      xTitle: 'training step',
      yTitle: 'log10 variance',
      width: 560,
      series: seriesOf(runs, (r) => (r.gradientVariance !== null && r.gradientVariance > 0 ? Math.log10(r.gradientVariance) : null)),
    }),
  };
}
