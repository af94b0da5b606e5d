/**
 * A small self-contained SVG line chart for benchmark results (no dependencies).
 */
export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
}

const PALETTE = ['#4a7bd0', '#d9534f', '#5cb85c', '#f0ad4e', '#8e6bbf', '#2bb5b8', '#7a7a7a', '#c2185b', '#795548'];

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const mult = [1, 2, 5, 10].find((m) => span / (m * step) <= count) ?? 10;
  const s = mult * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / s) * s; t <= hi + 1e-12 * span; t += s) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Lines of y against x; `logY` plots log10 y (non-positive values are dropped). */
export function lineChartSvg(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  logY?: boolean;
  /** drop points whose y lies outside [min, max] (data units, before the log), e.g. exact zeros on a log scale */
  yRange?: readonly [number, number];
  /** plot log10 x (non-positive values are dropped) */
  logX?: boolean;
  width?: number;
  height?: number;
}): string {
  const { title, xLabel, yLabel, series, logY = false, logX = false, yRange, width = 720, height = 420 } = options;
  const log = (v: number) => (v > 0 ? Math.log10(v) : Number.NaN);
  const inRange = (y: number) => !yRange || (y >= yRange[0] && y <= yRange[1]);
  const transform = (y: number) => (!inRange(y) ? Number.NaN : logY ? log(y) : y);
  const transformX = (x: number) => (logX ? log(x) : x);
  const all = series.flatMap((s) => s.points.map(([x, y]) => [transformX(x), transform(y)] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const left = 70;
  const right = 190;
  const top = 34;
  const bottom = 50;
  const px = (x: number) => left + ((x - x0) / (x1 - x0 || 1)) * (width - left - right);
  const py = (y: number) => top + (1 - (y - y0) / (y1 - y0)) * (height - top - bottom);
  const grid = [
    ...niceTicks(x0, x1).map((t) => `<line x1="${px(t)}" x2="${px(t)}" y1="${top}" y2="${height - bottom}" stroke="#eee"/><text x="${px(t)}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${logX ? `1e${t}` : t}</text>`),
    ...niceTicks(y0, y1).map((t) => `<line x1="${left}" x2="${width - right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/><text x="${left - 6}" y="${py(t) + 4}" font-size="11" text-anchor="end">${logY ? `1e${t}` : t}</text>`),
  ].join('');
  const lines = series
    .map((s, i) => {
      const color = PALETTE[i % PALETTE.length] as string;
      const pts = s.points
        .map(([x, y]) => [transformX(x), transform(y)] as const)
        .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
        .map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`)
        .join(' ');
      const legendY = top + 16 * i;
      return `<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts}"><title>${escape(s.name)}</title></polyline>` +
        `<line x1="${width - right + 12}" x2="${width - right + 32}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="3"/>` +
        `<text x="${width - right + 38}" y="${legendY + 4}" font-size="12">${escape(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/><text x="${left}" y="20" font-size="14" font-weight="600">${escape(title)}</text>${grid}` +
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="#999"/>${lines}` +
    `<text x="${(left + width - right) / 2}" y="${height - 12}" font-size="12" text-anchor="middle">${escape(xLabel)}</text>` +
    `<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escape(yLabel)}</text></svg>`;
}
