/**
 * Renders bench results as text tables (stdout) and as one self-contained HTML page with SVG bar
 * charts (@stochgrad/plots). Functions of the results object.
 */
import { barChart as plotsBarChart, renderSvg } from '@stochgrad/plots';
import type { MemoryResult } from './memory';
import type { ThroughputResult, ThroughputRow } from './throughput';
import { formatBytes, formatNumber, textTable } from './timing';
import type { VaeResult } from './vae';

export type Section = 'vae' | 'throughput' | 'memory';

export interface Machine {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  tfjs: string;
  /** 1-minute load average when the run started and when it ended (other work skews timings) */
  loadAverage: { start: number; end: number };
}

type Stamped<T> = T & { measuredAt: string; seconds: number; quick: boolean };

export interface BenchResults {
  generatedAt: string;
  machine: Machine;
  seed: number;
  /** wall time of the run that wrote this file (sections it did not run keep their own stamps) */
  totalSeconds: number;
  vae?: Stamped<VaeResult>;
  throughput?: Stamped<ThroughputResult>;
  memory?: Stamped<MemoryResult>;
}

// ---------------------------------------------------------------- text

export function vaeTable(r: VaeResult): string {
  const row = (label: string, v: VaeResult['withFix']) => {
    const matMul = v.topKernels.find((k) => k.name === 'BatchMatMul');
    return [
      label,
      formatNumber(v.stepsPerSecond),
      formatNumber(1000 / v.stepsPerSecond),
      v.blocks.map((b) => formatNumber(b)).join(' / '),
      String(v.kernelsPerStep),
      matMul ? `${matMul.count} × ${formatNumber(matMul.milliseconds / matMul.count)} ms` : '-',
    ];
  };
  const { batch, pixels, latents } = r.shape;
  return [
    `matMul-gradient fix: ${r.estimator} VAE step, batch ${batch}, ${pixels}-${latents}-${pixels}, ${r.optimizer}; ${r.backend}`,
    textTable(
      ['BatchMatMul gradient', 'steps/s', 'ms/step', 'per block', 'kernels/step', 'BatchMatMul (profiled)'],
      [row("core's fix (explicit transpose)", r.withFix), row('tfjs original (transpose flags)', r.withoutFix)],
    ),
    `speed-up ×${r.speedup.toFixed(2)}; gradients agree to ${r.gradientRelativeDifference.toExponential(1)} (relative); ` +
      `${r.withFix.steps + r.withoutFix.steps} timed steps after ${r.warmupSeconds.toFixed(1)} s of warm-up`,
  ].join('\n');
}

function lookup(rows: readonly ThroughputRow[], backend: string, problem: string, estimator: string, batch: number) {
  return rows.find((r) => r.backend === backend && r.problem === problem && r.estimator === estimator && r.batch === batch);
}

interface PairedRow {
  problem: string;
  estimator: string;
  /** per batch: wasm and cpu estimates/s */
  cells: { batch: number; wasm?: number; cpu?: number }[];
  /** kernels per estimate() call on wasm at the first batch size */
  kernels?: number;
}

function pairedRows(t: ThroughputResult): PairedRow[] {
  const keys: { problem: string; estimator: string }[] = [];
  for (const r of t.rows) {
    if (!keys.some((k) => k.problem === r.problem && k.estimator === r.estimator)) keys.push({ problem: r.problem, estimator: r.estimator });
  }
  return keys.map(({ problem, estimator }) => ({
    problem,
    estimator,
    cells: t.batches.map((batch) => ({
      batch,
      wasm: lookup(t.rows, 'wasm', problem, estimator, batch)?.estimatesPerSecond,
      cpu: lookup(t.rows, 'cpu', problem, estimator, batch)?.estimatesPerSecond,
    })),
    kernels: t.rows.find((r) => r.problem === problem && r.estimator === estimator)?.kernelsPerCall,
  }));
}

const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? `×${(a / b).toFixed(2)}` : '-');
const maybe = (x?: number) => (x === undefined ? '-' : formatNumber(x));

export function throughputTable(t: ThroughputResult): string {
  const headers = ['problem / estimator'];
  for (const batch of t.batches) headers.push(`wasm M=${batch}`, `cpu M=${batch}`, 'wasm/cpu');
  headers.push('kernels/call');
  const rows = pairedRows(t).map((p) => [
    `${p.problem} ${p.estimator}`,
    ...p.cells.flatMap((c) => [maybe(c.wasm), maybe(c.cpu), ratio(c.wasm, c.cpu)]),
    String(p.kernels ?? '-'),
  ]);
  const leaks = t.rows.filter((r) => r.tensorsLeaked !== 0);
  return [
    `estimator throughput: estimates per second, median of ${t.blocks} blocks (M estimates per estimate() call; ${t.secondsPerMeasurement} s per measurement)`,
    textTable(headers, rows),
    leaks.length === 0 ? 'no tensor left behind by any measurement' : `LEAKS: ${leaks.map((r) => `${r.backend} ${r.problem} ${r.estimator} M=${r.batch}: ${r.tensorsLeaked}`).join('; ')}`,
  ].join('\n');
}

export function memoryTable(m: MemoryResult): string {
  const rows = m.rows.map((r) => [
    `${r.name} on ${r.problem}`,
    `${r.early.numTensors} / ${r.early.numBytes}`,
    `${r.late.numTensors} / ${r.late.numBytes}`,
    `${r.afterDispose.numTensors - r.atStart.numTensors}`,
    formatNumber(r.iterationsPerSecond),
    r.ok ? 'ok' : 'LEAK',
  ]);
  const iterations = m.rows[0]?.iterations ?? 0;
  return [
    `memory: Adam minimize on the surrogate, batch ${m.batch}, ${m.backend}; tf.memory() tensors / bytes`,
    textTable(['estimator', `after ${m.checkpoint}`, `after ${iterations}`, 'left after dispose', 'it/s', ''], rows),
    m.ok ? 'no growth: equal after 10 and after the last iteration' : 'MEMORY GREW: see the rows marked LEAK',
  ].join('\n');
}

// ---------------------------------------------------------------- HTML

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Horizontal grouped bars (one colour per series), drawn by @stochgrad/plots. */
async function barChart(args: { title: string; unit: string; series: string[]; groups: BarGroup[] }): Promise<string> {
  const { title, unit, series, groups } = args;
  const bars = groups.flatMap((g) =>
    g.values.flatMap((v, si) => (v === undefined ? [] : [{ label: g.label, value: v, series: series[si] ?? '', text: formatNumber(v) }])),
  );
  return renderSvg(plotsBarChart({ title, xTitle: unit, bars, legend: series.length > 1 }));
}

interface BarGroup {
  label: string;
  values: (number | undefined)[];
}

function htmlTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<td class="l">${escape(c)}</td>` : `<td>${escape(c)}</td>`)).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function stamp(s: { measuredAt: string; seconds: number; quick: boolean }): string {
  return `<p class="stamp">measured ${escape(s.measuredAt)} in ${s.seconds.toFixed(1)} s${s.quick ? ' (--quick: short timings)' : ''}</p>`;
}

export async function htmlReport(results: BenchResults): Promise<string> {
  const sections: string[] = [];
  const { vae, throughput, memory, machine } = results;
  if (vae) {
    const { batch, pixels, latents } = vae.shape;
    sections.push(`<h2>1. matMul-gradient fix (VAE training step)</h2>
<p>${escape(`${vae.estimator} linear Bernoulli VAE, batch ${batch}, ${pixels}-${latents}-${pixels}, ${vae.optimizer}; ${vae.backend}.`)}
Speed-up <b>×${vae.speedup.toFixed(2)}</b>; the two gradients agree to ${vae.gradientRelativeDifference.toExponential(1)} (relative).</p>
${await barChart({
  title: 'training steps per second (higher is better)',
  unit: 'steps/s',
  series: ['steps/s'],
  groups: [
    { label: "core's BatchMatMul gradient", values: [vae.withFix.stepsPerSecond] },
    { label: "tfjs's original gradient", values: [vae.withoutFix.stepsPerSecond] },
  ],
})}
${htmlTable(
  ['gradient', 'steps/s', 'ms/step', 'per timed block', 'kernels/step'],
  [
    ["core's fix", formatNumber(vae.withFix.stepsPerSecond), formatNumber(1000 / vae.withFix.stepsPerSecond), vae.withFix.blocks.map((b) => formatNumber(b)).join(' / '), String(vae.withFix.kernelsPerStep)],
    ['tfjs original', formatNumber(vae.withoutFix.stepsPerSecond), formatNumber(1000 / vae.withoutFix.stepsPerSecond), vae.withoutFix.blocks.map((b) => formatNumber(b)).join(' / '), String(vae.withoutFix.kernelsPerStep)],
  ],
)}
<p>Kernel time under <code>tf.profile</code> (one step; profiling inflates it, compare shares):</p>
${htmlTable(
  ['kernel', "launches", "ms with core's fix", 'ms with the original'],
  vae.withFix.topKernels.map((k) => {
    const other = vae.withoutFix.topKernels.find((o) => o.name === k.name);
    return [k.name, String(k.count), formatNumber(k.milliseconds), other ? formatNumber(other.milliseconds) : '-'];
  }),
)}
${stamp(vae)}`);
  }
  if (throughput) {
    const paired = pairedRows(throughput);
    const charts = await Promise.all(throughput.batches.map((batch) =>
      barChart({
        title: `estimates per second, M = ${batch} per call`,
        unit: 'estimates/s',
        series: ['wasm', 'cpu'],
        groups: paired.map((p) => {
          const c = p.cells.find((x) => x.batch === batch);
          return { label: `${p.problem} ${p.estimator}`, values: [c?.wasm, c?.cpu] };
        }),
      }),
    ));
    const headers = ['problem / estimator'];
    for (const batch of throughput.batches) headers.push(`wasm M=${batch}`, `cpu M=${batch}`, 'wasm/cpu');
    headers.push('kernels/call');
    sections.push(`<h2>2. Estimator throughput (wasm vs cpu)</h2>
<p>One <code>estimate()</code> call computes M estimates (logits tiled to [M, ...]). Each number is the median of ${throughput.blocks} blocks (${throughput.secondsPerMeasurement} s per measurement) after ${throughput.warmupSeconds} s of warm-up per backend.</p>
${charts.join('\n')}
${htmlTable(
  headers,
  paired.map((p) => [`${p.problem} ${p.estimator}`, ...p.cells.flatMap((c) => [maybe(c.wasm), maybe(c.cpu), ratio(c.wasm, c.cpu)]), String(p.kernels ?? '-')]),
)}
${stamp(throughput)}`);
  }
  if (memory) {
    const iterations = memory.rows[0]?.iterations ?? 0;
    sections.push(`<h2>3. Memory over ${iterations} iterations</h2>
<p>Adam <code>minimize</code> on each estimator's surrogate, batch ${memory.batch}, ${escape(memory.backend)}. Result: <b>${memory.ok ? 'no growth' : 'MEMORY GREW'}</b>.</p>
${htmlTable(
  ['estimator', 'problem', `tensors after ${memory.checkpoint}`, `bytes after ${memory.checkpoint}`, `tensors after ${iterations}`, `bytes after ${iterations}`, 'left after dispose', 'it/s', ''],
  memory.rows.map((r) => [
    r.name,
    r.problem,
    String(r.early.numTensors),
    formatBytes(r.early.numBytes),
    String(r.late.numTensors),
    formatBytes(r.late.numBytes),
    String(r.afterDispose.numTensors - r.atStart.numTensors),
    formatNumber(r.iterationsPerSecond),
    r.ok ? 'ok' : 'LEAK',
  ]),
)}
${stamp(memory)}`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stochgrad bench</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
svg { display: block; margin: 1em 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-variant-numeric: tabular-nums; }
th, td { padding: 2px 10px; text-align: right; border-bottom: 1px solid #eee; } td.l, th:first-child { text-align: left; }
.stamp, .machine { color: #777; font-size: 12px; }
</style></head><body>
<h1>stochgrad bench</h1>
<p class="machine">${escape(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node} (${machine.platform}), tfjs-core ${machine.tfjs}; load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end; written ${results.generatedAt}`)}</p>
${sections.join('\n')}
</body></html>
`;
}
