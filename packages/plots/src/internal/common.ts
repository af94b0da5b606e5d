/** Shared pieces of the spec builders (not exported from the package). */

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Vega's default categorical palette (tableau10), spelled out so builders can pin a colour per name. */
export const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'] as const;

export const FONT = 'system-ui, sans-serif';

/** The config every builder uses: white background, one font, a light grid. */
export const CONFIG = {
  background: 'white',
  font: FONT,
  title: { anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  // without a canvas (Node), Vega estimates text at 0.8 × font size per character: room for ~50
  legend: { labelFontSize: 11, labelLimit: 480 },
  view: { stroke: '#999' },
} as const;

/** A title block, with an optional subtitle (Vega-Lite draws it under the title). */
export function titleOf(title: string, subtitle?: string): { text: string; subtitle?: string } {
  return subtitle ? { text: title, subtitle } : { text: title };
}

/** Checks a builder option and says what was wrong and what is allowed. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`@stochgrad/plots: ${message}`);
}
