/**
 * lineChart: several series of y against x, as a Vega-Lite spec.
 *
 * One line per series, coloured by series (or by `group`, with `variant` as the dash pattern when
 * several lines share a colour, e.g. one estimator over seeds); the legend keeps the series order.
 * Log axes drop the points they cannot place (x ≤ 0 or y ≤ 0); non-finite points are dropped
 * always. In the page: tooltips on the points, drag to pan, wheel to zoom.
 */
import type { ChartSpec, Point } from './chart-spec';
import { CONFIG, SCHEMA, check, checkOptions, titleOf } from './internal/common';

export interface LineSeries {
  name: string;
  points: readonly Point[];
  /** lines with the same group share a colour (default: the name) */
  group?: string;
  /** lines of one group told apart by their dash (e.g. "seed 2") */
  variant?: string;
}

export interface LineChartOptions {
  title: string;
  subtitle?: string;
  xTitle: string;
  yTitle: string;
  series: readonly LineSeries[];
  logX?: boolean;
  logY?: boolean;
  /** keep only points whose y lies in [min, max] (data units), e.g. exact zeros on a log scale */
  yRange?: readonly [number, number];
  /** the y axis spans exactly [min, max]; lines outside are clipped */
  yDomain?: readonly [number, number];
  /** 'linear' (default) or 'step-after' for piecewise-constant curves */
  interpolate?: 'linear' | 'step-after';
  width?: number;
  height?: number;
}

/** At most this many points get a (hoverable) dot; longer charts show lines only. */
const MAX_DOTS = 400;

/**
 * @example
 * const spec = lineChart({ title: 'loss', xTitle: 'step', yTitle: 'loss', logY: true,
 *   series: [{ name: 'DisARM', points: [[0, 1], [100, 0.1]] }] });
 * const svg = await renderSvg(spec);
 */
export function lineChart(options: LineChartOptions): ChartSpec {
  checkOptions('lineChart', options, {
    title: 'string', subtitle: 'string', xTitle: 'string', yTitle: 'string', series: 'array', logX: 'boolean', logY: 'boolean', yRange: 'array', yDomain: 'array', interpolate: 'string', width: 'number', height: 'number',
  });
  const { title, subtitle, xTitle, yTitle, series, logX = false, logY = false, yRange, yDomain, interpolate = 'linear', width = 520, height = 320 } = options;
  check(series.length > 0, 'lineChart needs at least one series');
  const keep = ([x, y]: Point) =>
    Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0) && (!yRange || (y >= yRange[0] && y <= yRange[1]));
  const values = series.flatMap((s, order) =>
    s.points.filter(keep).map(([x, y]) => ({ series: s.name, group: s.group ?? s.name, variant: s.variant ?? '', order, x, y })),
  );
  const groups = [...new Set(series.map((s) => s.group ?? s.name))];
  const variants = [...new Set(series.map((s) => s.variant ?? ''))];
  const dashed = variants.length > 1;
  // dots would turn the dash legend into circles: dashed charts are lines only
  const dots = values.length <= MAX_DOTS && !dashed;
  const mark = {
    type: 'line',
    interpolate,
    strokeWidth: 1.6,
    clip: true,
    tooltip: true,
    ...(dots ? { point: { size: 14, filled: true } } : {}),
  } as const;
  return {
    $schema: SCHEMA,
    title: titleOf(title, subtitle),
    width,
    height,
    config: CONFIG,
    data: { values },
    params: [{ name: 'zoom', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' }],
    mark,
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: logX ? { type: 'log' } : { zero: false } },
      y: {
        field: 'y',
        type: 'quantitative',
        title: yTitle,
        scale: { ...(logY ? { type: 'log' } : { zero: false }), ...(yDomain ? { domain: [yDomain[0], yDomain[1]], nice: false } : {}) },
      },
      color: { field: 'group', type: 'nominal', title: null, scale: { domain: groups }, legend: { symbolType: 'stroke' } },
      ...(dashed ? { strokeDash: { field: 'variant', type: 'nominal', title: null, scale: { domain: variants } } } : {}),
      detail: { field: 'series', type: 'nominal' },
      order: { field: 'x', type: 'quantitative' },
      tooltip: [
        { field: 'series', type: 'nominal', title: 'series' },
        { field: 'x', type: 'quantitative', title: xTitle, format: '.4~g' },
        { field: 'y', type: 'quantitative', title: yTitle, format: '.4~g' },
      ],
    },
  } as ChartSpec;
}
