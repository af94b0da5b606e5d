/**
 * sideBySide: several charts in one row under a common title, as one Vega-Lite spec (hconcat),
 * e.g. a density and its fitted samplers.
 */
import type { ChartSpec } from './chart-spec';
import { CONFIG, SCHEMA, check, checkOptions, titleOf } from './internal/common';

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
  checkOptions('sideBySide', options, { title: 'string', subtitle: 'string', charts: 'array' });
  const { title, subtitle, charts } = options;
  check(charts.length > 0, 'sideBySide needs at least one chart');
  // config and $schema belong to the top level only; layer and parameter names get the panel's
  // number, since Vega-Lite joins equal names across panels (and one panel's data would show in all)
  const inner = charts.map((chart, i) => {
    const { $schema: _schema, config: _config, ...rest } = chart as ChartSpec & { config?: unknown };
    return renamed(rest, `panel${i + 1}_`);
  });
  return { $schema: SCHEMA, title: titleOf(title, subtitle), config: CONFIG, hconcat: inner } as ChartSpec;
}

function renamed<T>(node: T, prefix: string): T {
  if (Array.isArray(node)) return node.map((child) => renamed(child, prefix)) as T;
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>).map(([key, value]) => {
    if (key === 'data') return [key, value]; // inline values are data, not spec
    return [key, renamed(value, prefix)];
  });
  const out = Object.fromEntries(entries) as Record<string, unknown>;
  if (typeof out.name === 'string' && ('mark' in out || 'layer' in out || 'select' in out)) out.name = `${prefix}${out.name}`;
  return out as T;
}
