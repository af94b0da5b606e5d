/**
 * A page element that shows one chart at a time (@stochgrad/plots' renderInto, interactive): each
 * draw finalizes the chart before it, and draws run in order even when they are not awaited. A chart
 * wider than the element scrolls inside it, so the page itself never scrolls sideways.
 */
import { type ChartSpec, renderInto } from '@stochgrad/plots';

export function chartSlot(element: HTMLElement): (spec: ChartSpec) => Promise<void> {
  element.style.maxWidth = '100%';
  element.style.overflowX = 'auto';
  let last: Promise<{ finalize(): void } | undefined> = Promise.resolve(undefined);
  return (spec) => {
    const next = last.then(async (previous) => {
      previous?.finalize();
      element.replaceChildren();
      return renderInto(element, spec);
    });
    last = next.catch(() => undefined);
    return next.then(() => undefined);
  };
}
