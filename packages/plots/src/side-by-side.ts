/**
 * sideBySide: several charts in one row under a common title, as one Vega-Lite spec (hconcat),
 * e.g. a density and its fitted samplers.
 */
import type { ChartSpec } from './chart-spec';
import { CONFIG, SCHEMA, check, titleOf } from './internal/common';

export interface SideBySideOptions {
  title: string;
  subtitle?: string;
  charts: readonly ChartSpec[];
}

/**
 * @example
 * const spec = sideBySide({ title: 'fits', charts: [vectorField(a), vectorField(b)] });
 */
export function sideBySide(options: SideBySideOptions): ChartSpec {
  const { title, subtitle, charts } = options;
  check(charts.length > 0, 'sideBySide needs at least one chart');
  // config and $schema belong to the top level only
  const inner = charts.map((chart) => {
    const { $schema: _schema, config: _config, ...rest } = chart as ChartSpec & { config?: unknown };
    return rest;
  });
  return { $schema: SCHEMA, title: titleOf(title, subtitle), config: CONFIG, hconcat: inner } as ChartSpec;
}
