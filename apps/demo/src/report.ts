/**
 * Renders comparison results as text tables and as a self-contained HTML report, and gives the
 * chart specs (@stochgrad/plots) that the report and the web page both draw.
 * Pure functions of plain data: used by the CLI and by the web page.
 */
import { ENV_COLUMNS, type EnvRow, envCells } from './envs';
import { CARTPOLE_COLUMNS, CARTPOLE_DESCRIPTION, type CartPoleRaceResult, cartpoleCells, cartpoleChartSpec } from './cartpole-race';
import { type ChartSpec, barChart, lineChart, renderSvg } from '@stochgrad/plots';
import type { ProblemResult } from './toy';
import type { VaeProgress } from './vae';

export interface Row {
  estimator: string;
  cost: number;
  meanGradient: string;
  variance: string;
  costAdjustedVariance: string;
  snr: string;
  biasZ: string;
  msPerEstimate: string;
}

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(digits) : x.toExponential(digits - 1)) : String(x));

export function rowsOf(result: ProblemResult): Row[] {
  return result.reports.map((r) => ({
    estimator: r.name,
    cost: r.evaluations,
    meanGradient: r.mean.length === 1 ? fmt(r.mean[0] as number) : `|·|₁ ${fmt(r.mean.reduce((s, v) => s + Math.abs(v), 0))}`,
    variance: fmt(r.meanVariance),
    costAdjustedVariance: fmt(r.costAdjustedVariance),
    snr: fmt(r.snr),
    biasZ: r.maxAbsBiasZ === undefined ? '-' : `${r.maxAbsBiasZ.toFixed(2)}${r.maxAbsBiasZ > (r.biasThreshold ?? Infinity) ? ' !' : ''}`,
    msPerEstimate: fmt(r.millisecondsPerEstimate),
  }));
}

const HEADERS: [keyof Row, string][] = [
  ['estimator', 'estimator'],
  ['cost', 'cost'],
  ['meanGradient', 'mean ĝ'],
  ['variance', 'variance'],
  ['costAdjustedVariance', 'var × cost'],
  ['snr', 'SNR'],
  ['biasZ', 'max|bias z|'],
  ['msPerEstimate', 'ms/estimate'],
];

/** What the bias and time columns mean: under the terminal table, and in the HTML report. */
export const TABLE_LEGEND = [
  "max|bias z|: largest |mean − exact| / standard error over the coordinates; '!' = flagged as biased (above the Bonferroni threshold for a 1e-3 false-alarm rate), '-' = no exact gradient to test against (a K-sample bound with K·D > 12).",
  'ms/estimate: wall-clock milliseconds per estimate, amortised over a batch of estimates drawn in one call (so well below the time of one call).',
];

/** A fixed-width text table. */
export function textTable(result: ProblemResult): string {
  const rows = rowsOf(result);
  const widths = HEADERS.map(([k, title]) => Math.max(title.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  const exact = result.exactGradient.length === 1 ? fmt(result.exactGradient[0] as number) : `|·|₁ ${fmt(result.exactGradient.reduce((s, v) => s + Math.abs(v), 0))}`;
  return [
    result.problem.title,
    `exact gradient: ${exact}   (cost = objective evaluations per estimate; equal total budget ${result.evaluationBudget})`,
    line(HEADERS.map(([, t]) => t)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(HEADERS.map(([k]) => String(r[k])))),
    ...TABLE_LEGEND.map((l) => `  ${l}`),
  ].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Bars of variance × cost per estimator on a log axis (lower is better), red where the bias test flags it. */
export function varianceChartSpec(result: ProblemResult, width = 420): ChartSpec {
  return barChart({
    title: 'variance × cost (log scale, lower is better)',
    xTitle: 'per-coordinate variance of one estimate × objective evaluations',
    logX: true,
    width,
    colors: { [UNBIASED]: '#4a7bd0', [BIASED]: '#d9534f' },
    bars: result.reports.map((r) => ({
      label: r.name,
      value: r.costAdjustedVariance,
      series: r.maxAbsBiasZ !== undefined && r.maxAbsBiasZ > (r.biasThreshold ?? Infinity) ? BIASED : UNBIASED,
      note: r.maxAbsBiasZ === undefined ? 'no exact gradient to test the bias against' : `max |bias z| ${r.maxAbsBiasZ.toFixed(2)}`,
    })),
  });
}

const UNBIASED = 'no bias detected';
const BIASED = 'flagged as biased';

/** What the CLI shows of a Bernoulli-VAE run: its curve and its images (as data URIs). */
export interface VaeSummary {
  estimator: string;
  description: string;
  history: readonly VaeProgress[];
  /** held-out inputs (top row) over their reconstructions (bottom row) */
  reconstructionsUri: string;
  /** decoder means for prior samples */
  samplesUri: string;
}

/** Training objective and held-out ELBO against steps. */
export function vaeChartSpec(history: readonly VaeProgress[], estimator: string, width = 520): ChartSpec {
  return lineChart({
    title: `Bernoulli VAE on MNIST, ${estimator}`,
    xTitle: 'training step',
    yTitle: 'nats per image (higher is better)',
    width,
    height: 280,
    series: [
      { name: 'train objective', points: history.filter((h) => Number.isFinite(h.trainObjective)).map((h) => [h.step, h.trainObjective]) },
      { name: 'held-out ELBO', points: history.map((h) => [h.step, h.heldOutElbo]) },
    ],
  });
}

/** A VAE table cell: the value, or '—' where there is none (no training objective at step 0). */
const vaeCell = (x: number) => (Number.isFinite(x) ? fmt(x, 5) : '—');

const VAE_NOTE = 'train objective: mean of the minibatch objectives since the previous row (none at step 0).';

/** A text table of a VAE run's history. */
export function vaeTable(summary: VaeSummary): string {
  const lines = [`${summary.description}`, 'step    train objective   held-out ELBO   seconds', '-----   ---------------   -------------   -------'];
  for (const h of summary.history) {
    lines.push(`${String(h.step).padEnd(5)}   ${vaeCell(h.trainObjective).padStart(15)}   ${vaeCell(h.heldOutElbo).padStart(13)}   ${h.seconds.toFixed(1).padStart(7)}`);
  }
  lines.push(`  ${VAE_NOTE}`);
  return lines.join('\n');
}

function vaeHtml(summary: VaeSummary, chart: string): string {
  const rows = summary.history.map((h) => `<tr><td>${h.step}</td><td>${vaeCell(h.trainObjective)}</td><td>${vaeCell(h.heldOutElbo)}</td><td>${h.seconds.toFixed(1)}</td></tr>`).join('');
  return `<section><h2>Bernoulli VAE on MNIST: ${escape(summary.estimator)}</h2><p>${escape(summary.description)}</p>${chart}` +
    `<table><thead><tr><th>step</th><th>train objective</th><th>held-out ELBO</th><th>seconds</th></tr></thead><tbody>${rows}</tbody></table><p class="note">${escape(VAE_NOTE)}</p>` +
    `<h3>Held-out images (top) and reconstructions (bottom)</h3><img class="digits" alt="held-out MNIST digits and their reconstructions" src="${summary.reconstructionsUri}">` +
    `<h3>Samples from the learned prior (decoder means)</h3><img class="digits" alt="samples from the VAE" src="${summary.samplesUri}"></section>`;
}

/**
 * A self-contained HTML page with one section (table + chart) per problem, and the VAE run, the
 * coupled chains, the environment table and the CartPole race when there are. The charts are drawn to inline SVG by @stochgrad/plots.
 */
export async function htmlReport(
  results: ProblemResult[],
  meta: { backend: string; date: string; seconds: number; vae?: VaeSummary; chains?: { histogram: ChartSpec; trace: ChartSpec; description: string }; envs?: { rows: readonly EnvRow[]; seconds: number }; cartpole?: CartPoleRaceResult },
): Promise<string> {
  const chart = async (spec: ChartSpec) => `<div class="chart">${await renderSvg(spec)}</div>`;
  const chains = meta.chains
    ? `<section><h2>Coupled Markov chains: when do they meet?</h2><p>${escape(meta.chains.description)}</p>${await chart(meta.chains.histogram)}${await chart(meta.chains.trace)}</section>`
    : '';
  const varianceCharts = await Promise.all(results.map((result) => chart(varianceChartSpec(result))));
  const sections = results
    .map((result, i) => {
      const rows = rowsOf(result);
      const head = HEADERS.map(([, t]) => `<th>${escape(t)}</th>`).join('');
      const body = rows.map((r) => `<tr>${HEADERS.map(([k]) => `<td>${escape(String(r[k]))}</td>`).join('')}</tr>`).join('');
      return `<section><h2>${escape(result.problem.title)}</h2><p>${escape(result.problem.description)} Exact gradient: ${escape(result.exactGradient.map((v) => fmt(v, 4)).join(', '))}.</p>` +
        `${varianceCharts[i]}<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${TABLE_LEGEND.map((l) => `<p class="note">${escape(l)}</p>`).join('')}</section>`;
    })
    .join('\n');
  const envs = meta.envs
    ? `<section><h2>Environments of @stochgrad/rl</h2><p>${escape(`Every registered environment, with Gymnasium's semantics; steps per second of one environment under random actions over ${meta.envs.seconds} s each after a warm-up (resets included), and the mean return of the random-action episodes that ended meanwhile.`)}</p>` +
      `<table><thead><tr>${ENV_COLUMNS.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>${envCells(meta.envs.rows).map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></section>`
    : '';
  const cartpole = meta.cartpole
    ? `<section><h2>A2C vs RELAX on CartPole-v1</h2><p>${escape(`${meta.cartpole.summaries[0]?.episodes ?? 0} episodes each, in lockstep. ${CARTPOLE_DESCRIPTION} The full comparison (5 seeds) is in bench/results/rl-a2c.`)}</p>` +
      `${await chart(cartpoleChartSpec(meta.cartpole.curves))}` +
      `<table><thead><tr>${CARTPOLE_COLUMNS.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>${cartpoleCells(meta.cartpole.summaries).map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></section>`
    : '';
  const vae = meta.vae ? vaeHtml(meta.vae, await chart(vaeChartSpec(meta.vae.history, meta.vae.estimator))) : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>stochgrad: estimator comparison</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}section{margin-bottom:3em}.chart{overflow-x:auto;margin:1em 0}.chart svg{max-width:none}img.digits{image-rendering:pixelated;width:100%;max-width:860px;display:block}</style></head>` +
    `<body><h1>Gradient estimators on toy problems</h1><p>Backend: ${escape(meta.backend)}. Generated ${escape(meta.date)} in ${meta.seconds.toFixed(1)} s. ` +
    `Every estimator spends the same number of objective evaluations; bias z is (mean − exact)/SE per coordinate, flagged (red) above the Bonferroni threshold for a 1e-3 false-alarm rate. VIMCO and local DisARM estimate the gradient of the K-sample bound E[log mean exp f], not of E[f]: their bias z is against that bound's exact gradient, where it can be enumerated (K·D ≤ 12; '-' otherwise).</p>${sections}${vae}${chains}${envs}${cartpole}</body></html>`;
}
