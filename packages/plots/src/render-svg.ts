/**
 * renderSvg: a chart spec drawn as a self-contained SVG string, in Node (no DOM, no canvas).
 *
 * Vega-Lite compiles the spec to Vega; a headless Vega View (renderer 'none') renders it with
 * `toSVG`. Text is measured by Vega's estimate when no canvas package is installed.
 * Vega numbers the clip paths of every SVG from 1 (`clip1`, ...); the ids are made unique per
 * chart (a hash of the SVG and a counter), so several charts inlined in one HTML page do not clip
 * each other's marks.
 */
import type { ChartSpec } from './chart-spec';
import { loadVega } from './internal/load-vega';

/**
 * @example
 * writeFileSync('loss.svg', await renderSvg(lineChart({ ... })));
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return uniqueIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

let rendered = 0;

/** Prefixes every id (and each `url(#id)` / `href="#id"` pointing at it) with one unique to this SVG. */
export function uniqueIds(svg: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string));
  if (ids.size === 0) return svg;
  let hash = 0x811c9dc5;
  for (let i = 0; i < svg.length; i++) hash = Math.imul(hash ^ svg.charCodeAt(i), 0x01000193);
  const prefix = `c${(hash >>> 0).toString(36)}${(rendered += 1).toString(36)}-`;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (whole, head: string, id: string) => (ids.has(id) ? `${head}${prefix}${id}"` : whole))
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (ids.has(id) ? `url(#${prefix}${id})` : whole))
    .replace(/href="#([^"]+)"/g, (whole, id: string) => (ids.has(id) ? `href="#${prefix}${id}"` : whole));
}
