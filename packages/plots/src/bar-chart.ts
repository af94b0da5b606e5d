/**
 * barChart: horizontal bars, one row per label, as a Vega-Lite spec.
 *
 * Several bars per label (one per `series`, side by side, coloured by series) make a grouped
 * chart; `logX` puts the values on a log axis (bars start a decade below the smallest value's
 * decade; bars ≤ 0 are left out, their label stays). Each
 * bar carries its value as text at its end, and a tooltip in the page.
 */
import type { ChartSpec } from './chart-spec';
import { CONFIG, PALETTE, SCHEMA, check, checkOptions, titleOf } from './internal/common';

export interface Bar {
  /** the row */
  label: string;
  value: number;
  /** bars of one series share a colour; several series per label are drawn side by side */
  series?: string;
  /** the text at the bar's end (default: the value, 3 significant digits) */
  text?: string;
  /** extra tooltip line */
  note?: string;
}

export interface BarChartOptions {
  title: string;
  subtitle?: string;
  xTitle: string;
  bars: readonly Bar[];
  logX?: boolean;
  /** colour per series name (default: Vega's palette in the order the series first appear) */
  colors?: Readonly<Record<string, string>>;
  /** show the series legend (default: when there is more than one series) */
  legend?: boolean;
  width?: number;
  /** height of one row (default 22) */
  rowHeight?: number;
}

const DEFAULT_SERIES = 'value';

/**
 * @example
 * const spec = barChart({ title: 'steps/s', xTitle: 'steps per second',
 *   bars: [{ label: 'with fix', value: 59 }, { label: 'without', value: 24 }] });
 */
export function barChart(options: BarChartOptions): ChartSpec {
  checkOptions('barChart', options, { title: 'string', subtitle: 'string', xTitle: 'string', bars: 'array', logX: 'boolean', colors: 'object', legend: 'boolean', width: 'number', rowHeight: 'number' });
  const { title, subtitle, xTitle, bars, logX = false, colors, width = 420, rowHeight = 22 } = options;
  check(bars.length > 0, 'barChart needs at least one bar');
  const labels = [...new Set(bars.map((b) => b.label))];
  const series = [...new Set(bars.map((b) => b.series ?? DEFAULT_SERIES))];
  const grouped = labels.some((l) => bars.filter((b) => b.label === l).length > 1);
  const legend = options.legend ?? series.length > 1;
  const values = bars
    .filter((b) => Number.isFinite(b.value) && (!logX || b.value > 0))
    .map((b) => ({ label: b.label, value: b.value, series: b.series ?? DEFAULT_SERIES, text: b.text ?? formatValue(b.value), note: b.note ?? '' }));
  const range = series.map((s, i) => colors?.[s] ?? PALETTE[i % PALETTE.length]);
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, scale: { domain: labels }, axis: { labelLimit: 260 } } as const;
  // on a log axis a bar starts a decade below the smallest value's decade (there is no zero to start
  // from), so the shortest bar is at least one decade long
  const positive = values.map((v) => v.value).filter((v) => v > 0);
  const top = Math.max(Number.MIN_VALUE, ...values.map((v) => v.value));
  const base = logX && positive.length > 0 ? 10 ** (Math.floor(Math.log10(Math.min(...positive))) - 1) : 0;
  const x = {
    field: 'value',
    type: 'quantitative',
    title: xTitle,
    // room for the value text at the end of the longest bar
    scale: logX ? { type: 'log', domainMin: base, domainMax: top * (top / base) ** 0.15 } : { zero: true, domainMax: top * 1.12 },
  } as const;
  const rows = grouped ? labels.length * series.length : labels.length;
  return {
    $schema: SCHEMA,
    title: titleOf(title, subtitle),
    width,
    height: { step: grouped ? Math.max(8, rowHeight / Math.max(1, series.length)) : rowHeight },
    config: CONFIG,
    data: { values },
    encoding: {
      y,
      ...(grouped ? { yOffset: { field: 'series', type: 'nominal', scale: { domain: series } } } : {}),
      x,
    },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          ...(logX ? { x2: { datum: base } } : {}),
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range }, legend: legend ? {} : null },
          tooltip: [
            { field: 'label', type: 'nominal', title: 'label' },
            ...(series.length > 1 ? [{ field: 'series', type: 'nominal', title: 'series' }] : []),
            { field: 'text', type: 'nominal', title: xTitle },
            ...(bars.some((b) => b.note) ? [{ field: 'note', type: 'nominal', title: 'note' }] : []),
          ],
        },
      },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: 10, color: '#333' }, encoding: { text: { field: 'text' } } },
    ],
    ...(rows > 60 ? { autosize: { type: 'pad' } } : {}),
  } as ChartSpec;
}

/** 3 significant digits; exponent form outside [1e-3, 1e4). */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= 1e-3 && magnitude < 1e4) ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}
