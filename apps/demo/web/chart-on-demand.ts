/**
 * What: a chart drawn as SVG by a worker, inserted at once, and made interactive (tooltips; line
 * charts pan and zoom: @stochgrad/plots' renderInto) when the pointer first enters it.
 * Properties: inserting the worker's SVG costs the page almost nothing; Vega's parse and render
 * (70–300 ms on the page's thread) run only when someone reaches for the chart. Each new SVG
 * finalizes the interactive view before it. A chart wider than its element scrolls inside it.
 */
import { type ChartSpec, type RenderedChart, renderInto } from '@stochgrad/plots';

export function chartOnDemand(element: HTMLElement): (svg: string, spec: () => ChartSpec) => void {
  element.classList.add('chart-scroll');
  let live: Promise<RenderedChart | undefined> = Promise.resolve(undefined);
  let armed: (() => void) | undefined;
  let drawn = 0;
  return (svg, spec) => {
    const generation = (drawn += 1);
    if (armed) element.removeEventListener('pointerenter', armed);
    void live.then((chart) => chart?.finalize());
    live = Promise.resolve(undefined);
    element.innerHTML = svg;
    armed = () => {
      armed = undefined;
      // drawn off-page, then swapped in: the static chart stays until the live one is ready
      const holder = document.createElement('div');
      live = renderInto(holder, spec()).then(
        (chart) => {
          if (generation !== drawn) {
            // a newer static chart came meanwhile: it stays
            chart.finalize();
            return undefined;
          }
          holder.dataset.live = 'true';
          element.replaceChildren(holder);
          return chart;
        },
        (error: unknown) => {
          console.warn('the chart stays static:', error);
          return undefined;
        },
      );
    };
    element.addEventListener('pointerenter', armed, { once: true });
  };
}
