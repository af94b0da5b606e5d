/**
 * renderInto: a chart spec drawn into a page element, interactive (tooltips on hover; line charts
 * pan and zoom). Returns the live chart; call `finalize()` before drawing another chart into the
 * same element, or when the element goes away, to release the view's listeners and timers.
 */
import type { View } from 'vega';
import { checkOptions } from './internal/common';
import type { ChartSpec } from './chart-spec';
import { loadVega } from './internal/load-vega';

export interface RenderedChart {
  /** the Vega view (its data, signals and `toSVG` are there for tests and exports) */
  readonly view: View;
  finalize(): void;
}

export interface RenderIntoOptions {
  /** 'svg' (default: inspectable, crisp when zoomed) or 'canvas' (faster for many marks) */
  renderer?: 'svg' | 'canvas';
}

/**
 * @example
 * let chart = await renderInto(document.getElementById('chart')!, lineChart({ ... }));
 * chart.finalize();
 */
export async function renderInto(element: HTMLElement, spec: ChartSpec, options: RenderIntoOptions = {}): Promise<RenderedChart> {
  checkOptions('renderInto', options, { renderer: 'string' });
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: options.renderer ?? 'svg',
    container: element,
    hover: true,
  });
  await view.runAsync();
  let finalized = false;
  return Object.freeze({
    view,
    finalize: () => {
      if (finalized) return;
      finalized = true;
      view.finalize();
    },
  });
}
