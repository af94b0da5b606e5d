/**
 * Renders comparison results as text tables and as a self-contained HTML report with SVG charts.
 * Pure functions of plain data: used by the CLI and by the web page.
 */
import { lineChartSvg } from '@stochgrad/bench/plot';
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

/**
 * Horizontal bars of log10(variance × cost) per estimator (lower is better), with the bias z in
 * the label. Self-contained SVG.
 */
export function varianceChartSvg(result: ProblemResult, width = 640): string {
  const reports = result.reports;
  const values = reports.map((r) => Math.log10(Math.max(r.costAdjustedVariance, 1e-30)));
  const finite = values.filter((v) => v > -30);
  const lo = Math.floor(Math.min(...(finite.length ? finite : [0]))) - 1;
  const hi = Math.ceil(Math.max(...(finite.length ? finite : [1])));
  const left = 190;
  const right = 20;
  const rowHeight = 26;
  const top = 30;
  const height = top + rowHeight * reports.length + 40;
  const x = (v: number) => left + ((Math.max(v, lo) - lo) / (hi - lo || 1)) * (width - left - right);
  const bars = reports
    .map((r, i) => {
      const y = top + i * rowHeight;
      const v = values[i] as number;
      const biased = r.maxAbsBiasZ !== undefined && r.maxAbsBiasZ > (r.biasThreshold ?? Infinity);
      return `<g><text x="${left - 8}" y="${y + 17}" text-anchor="end" font-size="12">${escape(r.name)}</text>` +
        `<rect x="${left}" y="${y + 4}" width="${Math.max(1, x(v) - left).toFixed(1)}" height="${rowHeight - 8}" fill="${biased ? '#d9534f' : '#4a7bd0'}"><title>${escape(r.name)}: variance×cost ${r.costAdjustedVariance.toExponential(3)}</title></rect>` +
        `<text x="${(x(v) + 4).toFixed(1)}" y="${y + 17}" font-size="11" fill="#333">${v <= -30 ? '0' : `1e${v.toFixed(2)}`}</text></g>`;
    })
    .join('');
  const ticks: string[] = [];
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  for (let t = lo; t <= hi; t += step) {
    ticks.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${height - 36}" stroke="#ddd"/><text x="${x(t)}" y="${height - 20}" font-size="11" text-anchor="middle">1e${t}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<text x="${left}" y="18" font-size="13" font-weight="600">variance × cost (log scale, lower is better)</text>${ticks.join('')}${bars}` +
    `<text x="${(left + width - right) / 2}" y="${height - 4}" font-size="11" text-anchor="middle">per-coordinate variance of one estimate × objective evaluations</text></svg>`;
}

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

/** Training objective and held-out ELBO against steps, as SVG. */
export function vaeChartSvg(history: readonly VaeProgress[], estimator: string, width = 640): string {
  return lineChartSvg({
    title: `Bernoulli VAE on MNIST, ${estimator}`,
    xLabel: 'training step',
    yLabel: 'nats per image (higher is better)',
    width,
    height: 340,
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

function vaeHtml(summary: VaeSummary): string {
  const rows = summary.history.map((h) => `<tr><td>${h.step}</td><td>${vaeCell(h.trainObjective)}</td><td>${vaeCell(h.heldOutElbo)}</td><td>${h.seconds.toFixed(1)}</td></tr>`).join('');
  return `<section><h2>Bernoulli VAE on MNIST: ${escape(summary.estimator)}</h2><p>${escape(summary.description)}</p>${vaeChartSvg(summary.history, summary.estimator)}` +
    `<table><thead><tr><th>step</th><th>train objective</th><th>held-out ELBO</th><th>seconds</th></tr></thead><tbody>${rows}</tbody></table><p class="note">${escape(VAE_NOTE)}</p>` +
    `<h3>Held-out images (top) and reconstructions (bottom)</h3><img class="digits" alt="held-out MNIST digits and their reconstructions" src="${summary.reconstructionsUri}">` +
    `<h3>Samples from the learned prior (decoder means)</h3><img class="digits" alt="samples from the VAE" src="${summary.samplesUri}"></section>`;
}

/** A self-contained HTML page with one section (table + chart) per problem, and the VAE run when there is one. */
export function htmlReport(
  results: ProblemResult[],
  meta: { backend: string; date: string; seconds: number; vae?: VaeSummary; chains?: { histogramSvg: string; traceSvg: string; description: string } },
): string {
  const chains = meta.chains
    ? `<section><h2>Coupled Markov chains: when do they meet?</h2><p>${escape(meta.chains.description)}</p>${meta.chains.histogramSvg}${meta.chains.traceSvg}</section>`
    : '';
  const sections = results
    .map((result) => {
      const rows = rowsOf(result);
      const head = HEADERS.map(([, t]) => `<th>${escape(t)}</th>`).join('');
      const body = rows.map((r) => `<tr>${HEADERS.map(([k]) => `<td>${escape(String(r[k]))}</td>`).join('')}</tr>`).join('');
      return `<section><h2>${escape(result.problem.title)}</h2><p>${escape(result.problem.description)} Exact gradient: ${escape(result.exactGradient.map((v) => fmt(v, 4)).join(', '))}.</p>` +
        `${varianceChartSvg(result)}<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${TABLE_LEGEND.map((l) => `<p class="note">${escape(l)}</p>`).join('')}</section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>stochgrad: estimator comparison</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}section{margin-bottom:3em}img.digits{image-rendering:pixelated;width:100%;max-width:860px;display:block}</style></head>` +
    `<body><h1>Gradient estimators on toy problems</h1><p>Backend: ${escape(meta.backend)}. Generated ${escape(meta.date)} in ${meta.seconds.toFixed(1)} s. ` +
    `Every estimator spends the same number of objective evaluations; bias z is (mean − exact)/SE per coordinate, flagged (red) above the Bonferroni threshold for a 1e-3 false-alarm rate. VIMCO and local DisARM estimate the gradient of the K-sample bound E[log mean exp f], not of E[f]: their bias z is against that bound's exact gradient, where it can be enumerated (K·D ≤ 12; '-' otherwise).</p>${sections}${meta.vae ? vaeHtml(meta.vae) : ''}${chains}</body></html>`;
}
