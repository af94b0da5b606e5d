/**
 * histogram: counts over integer values (e.g. meeting times), one bar per value, as a Vega-Lite
 * spec.
 *
 * Every integer between the smallest and the largest value gets a slot (empty slots stay visible);
 * several series are drawn side by side in each slot. `normalize` shows each series as fractions
 * of its own total, so series of different sizes compare.
 */
import type { ChartSpec } from './chart-spec';
import { CONFIG, SCHEMA, check, checkOptions, titleOf } from './internal/common';

export interface HistogramSeries {
  name: string;
  /** count per integer value: { value: count } or [{ value, count }] */
  counts: Readonly<Record<string, number>> | readonly { value: number; count: number }[];
}

export interface HistogramOptions {
  title: string;
  subtitle?: string;
  xTitle: string;
  /** default: 'count', or 'fraction' when normalized */
  yTitle?: string;
  series: readonly HistogramSeries[];
  normalize?: boolean;
  /** at most this many x labels (default 20) */
  maxLabels?: number;
  width?: number;
  height?: number;
}

/**
 * @example
 * const spec = histogram({ title: 'meeting times', xTitle: 'τ',
 *   series: [{ name: 'chains', counts: { 1: 40, 2: 12, 5: 1 } }] });
 */
export function histogram(options: HistogramOptions): ChartSpec {
  checkOptions('histogram', options, { title: 'string', subtitle: 'string', xTitle: 'string', yTitle: 'string', series: 'array', normalize: 'boolean', maxLabels: 'number', width: 'number', height: 'number' });
  const { title, subtitle, xTitle, series, normalize = false, maxLabels = 20, width = 520, height = 260 } = options;
  check(series.length > 0, 'histogram needs at least one series');
  const rows = series.flatMap((s) => {
    const entries = Array.isArray(s.counts)
      ? (s.counts as readonly { value: number; count: number }[]).map((c) => [c.value, c.count] as const)
      : Object.entries(s.counts as Record<string, number>).map(([k, v]) => [Number(k), v] as const);
    for (const [value, count] of entries) {
      check(Number.isInteger(value) && Number.isFinite(count) && count >= 0, `histogram "${s.name}": values must be integers and counts finite and ≥ 0, got ${value}: ${count}`);
    }
    const total = entries.reduce((sum, [, count]) => sum + count, 0);
    return entries.map(([value, count]) => ({ series: s.name, value, count, y: normalize ? (total > 0 ? count / total : 0) : count }));
  });
  check(rows.length > 0, 'histogram: every series is empty');
  const low = Math.min(...rows.map((r) => r.value));
  const high = Math.max(...rows.map((r) => r.value));
  const domain = Array.from({ length: high - low + 1 }, (_, i) => low + i);
  const every = Math.max(1, Math.ceil(domain.length / maxLabels));
  const names = series.map((s) => s.name);
  const yTitle = options.yTitle ?? (normalize ? 'fraction' : 'count');
  return {
    $schema: SCHEMA,
    title: titleOf(title, subtitle),
    width,
    height,
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'value',
        type: 'ordinal',
        title: xTitle,
        scale: { domain, paddingInner: 0.15 },
        axis: { values: domain.filter((v) => (v - low) % every === 0), labelAngle: 0 },
      },
      ...(series.length > 1 ? { xOffset: { field: 'series', type: 'nominal', scale: { domain: names } } } : {}),
      y: { field: 'y', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: names }, legend: series.length > 1 ? { orient: 'top-right' } : null },
      tooltip: [
        { field: 'series', type: 'nominal', title: 'series' },
        { field: 'value', type: 'ordinal', title: xTitle },
        { field: 'count', type: 'quantitative', title: 'count' },
        ...(normalize ? [{ field: 'y', type: 'quantitative', title: 'fraction', format: '.2%' }] : []),
      ],
    },
  } as ChartSpec;
}
