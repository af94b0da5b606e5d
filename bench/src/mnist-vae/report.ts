/**
 * The combined report of the MNIST VAE runs: a markdown table (last record of every run, and the
 * mean and spread over seeds) and three SVG line plots (training objective, test bound, log10
 * gradient variance against steps).
 */
import { ESTIMATORS, ESTIMATOR_NAMES } from './registry';
import type { RunRecord, RunResult } from './run';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

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

interface Series {
  label: string;
  color: string;
  dash: string;
  points: [number, number][];
}

function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9 * step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A self-contained SVG line chart. */
export function lineChart(args: { title: string; xLabel: string; yLabel: string; series: Series[]; yRange?: [number, number] }): string {
  const width = 860;
  const height = 500;
  const margin = { left: 70, right: 230, top: 40, bottom: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const all = args.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, 1);
  let [yMin, yMax] = args.yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (!(yMax > yMin)) [yMin, yMax] = [yMin - 1, yMax + 1];
  const pad = (yMax - yMin) * 0.04;
  yMin -= pad;
  yMax += pad;
  const sx = (x: number) => margin.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => margin.top + (1 - (Math.min(Math.max(y, yMin), yMax) - yMin) / (yMax - yMin)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="22" font-size="15" font-weight="bold">${escapeXml(args.title)}</text>`,
  ];
  for (const t of niceTicks(yMin, yMax)) {
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${margin.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
  }
  for (const t of niceTicks(xMin, xMax)) {
    out.push(`<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${sx(t).toFixed(1)}" y="${margin.top + plotH + 16}" text-anchor="middle">${t >= 1000 ? `${t / 1000}k` : t}</text>`);
  }
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(args.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(args.yLabel)}</text>`);
  args.series.forEach((s, i) => {
    const points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (points.length > 0) {
      const d = points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    }
    const ly = margin.top + 10 + i * 18;
    const lx = margin.left + plotW + 12;
    out.push(`<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 32}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function seriesOf(runs: readonly RunResult[], metric: (r: RunRecord) => number | null): Series[] {
  const names = [...new Set(order(runs).map((r) => r.config.estimator))];
  return order(runs).map((run) => {
    const seeds = order(runs.filter((r) => r.config.estimator === run.config.estimator)).map((r) => r.config.seed);
    return {
      label: `${run.estimator.label}, seed ${run.config.seed}`,
      color: COLORS[names.indexOf(run.config.estimator) % COLORS.length] as string,
      dash: DASHES[seeds.indexOf(run.config.seed) % DASHES.length] as string,
      points: run.records.map((r) => [r.step, metric(r) ?? NaN] as [number, number]),
    };
  });
}

/** The three plots, as SVG files' contents. */
export function plots(runs: readonly RunResult[], model: string): Record<string, string> {
  const trainPoints = seriesOf(runs, (r) => r.trainObjective);
  const late = trainPoints.flatMap((s) => s.points.filter(([x]) => x >= 2000).map((p) => p[1])).filter(Number.isFinite);
  const testPoints = seriesOf(runs, (r) => (r.step >= 1000 ? r.testBound : null));
  const testLate = testPoints.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  return {
    'train-objective.svg': lineChart({
      title: `MNIST ${model} VAE: training objective (ELBO; K-sample bound for VIMCO / local DisARM)`,
      xLabel: 'training step',
      yLabel: `mean over the last ${runs[0]?.config.evalEvery ?? '?'} steps (nats)`,
      series: trainPoints,
      ...(late.length > 0 ? { yRange: [Math.min(...late), Math.max(...late)] as [number, number] } : {}),
    }),
    'test-bound.svg': lineChart({
      title: `MNIST ${model} VAE: ${runs[0]?.config.evalSamples ?? 100}-sample test bound (fixed ${runs[0]?.config.testImages ?? '?'} test images)`,
      xLabel: 'training step',
      yLabel: 'nats per image',
      series: testPoints,
      ...(testLate.length > 0 ? { yRange: [Math.min(...testLate), Math.max(...testLate)] as [number, number] } : {}),
    }),
    'gradient-variance.svg': lineChart({
      title: `MNIST ${model} VAE: encoder-gradient variance (EMA 0.999, mean per component)`,
      xLabel: 'training step',
      yLabel: 'log10 variance',
      series: seriesOf(runs, (r) => (r.gradientVariance !== null && r.gradientVariance > 0 ? Math.log10(r.gradientVariance) : null)),
    }),
  };
}
