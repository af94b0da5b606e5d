/**
 * renderSvg: a chart spec drawn as a self-contained SVG string, in Node (no DOM, no canvas).
 *
 * Vega-Lite compiles the spec to Vega; a headless Vega View (renderer 'none') renders it with
 * `toSVG`. Text is measured by Vega's estimate when no canvas package is installed.
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
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
