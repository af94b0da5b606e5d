/** An SVG histogram for the coupled-MCMC bench (bench/src/plot.ts has the line charts), no dependencies. */
const PALETTE = ['#4a7bd0', '#d9534f', '#5cb85c', '#f0ad4e', '#8e6bbf'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const step = [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * span; t += step) out.push(Number(t.toPrecision(10)));
  return out;
}

/** Bars of `counts` (as fractions of the total) over integer values; `note` goes under the title. */
export function histogramSvg(options: { title: string; xLabel: string; series: { name: string; counts: Record<string, number> }[]; note?: string; width?: number; height?: number }): string {
  const { title, xLabel, series, note = '', width = 720, height = 380 } = options;
  const values = series.flatMap((s) => Object.keys(s.counts).map(Number));
  const x0 = Math.min(...values);
  const x1 = Math.max(...values);
  const fractions = series.map((s) => {
    const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
    return new Map(Object.entries(s.counts).map(([k, v]) => [Number(k), v / total]));
  });
  const yMax = Math.max(...fractions.flatMap((f) => [...f.values()]));
  const [left, right, top, bottom] = [60, 20, 50, 50];
  const slots = x1 - x0 + 1;
  const slotWidth = (width - left - right) / slots;
  const barWidth = (slotWidth * 0.8) / series.length;
  const py = (y: number) => top + (1 - y / yMax) * (height - top - bottom);
  const parts: string[] = [];
  for (const t of ticks(0, yMax)) parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/><text x="${left - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${t}</text>`);
  fractions.forEach((f, i) => {
    for (const [value, fraction] of f) {
      const x = left + (value - x0) * slotWidth + slotWidth * 0.1 + i * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${py(fraction).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(py(0) - py(fraction)).toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(series[i]?.name ?? '')}: τ = ${value}, ${(100 * fraction).toFixed(2)}%</title></rect>`);
    }
  });
  const labelEvery = Math.max(1, Math.ceil(slots / 20));
  for (let v = x0; v <= x1; v += labelEvery) parts.push(`<text x="${left + (v - x0 + 0.5) * slotWidth}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${v}</text>`);
  const legend = series.map((s, i) => `<rect x="${width - right - 230}" y="${top + 4 + 16 * i}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${width - right - 215}" y="${top + 13 + 16 * i}" font-size="11">${esc(s.name)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>
<text x="${width / 2}" y="37" text-anchor="middle" font-size="11" fill="#555">${esc(note)}</text>
${parts.join('\n')}
<line x1="${left}" x2="${width - right}" y1="${py(0)}" y2="${py(0)}" stroke="#333"/>
<text x="${width / 2}" y="${height - 10}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>
<text x="14" y="${height / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${height / 2})">fraction</text>
${legend.join('\n')}
</svg>
`;
}
