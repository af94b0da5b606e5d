/**
 * The one chart type of @stochgrad/plots: a Vega-Lite top-level spec (plain JSON).
 *
 * A builder returns one; `renderSvg` draws it in Node and `renderInto` in a page, so the same spec
 * is the same figure in a CLI report, a bench report and the web page. Any Vega-Lite spec written
 * by hand is also a ChartSpec.
 * Reference: Satyanarayan, Moritz, Wongsuphasawat, Heer, "Vega-Lite: A Grammar of Interactive
 * Graphics", IEEE TVCG 2017.
 */
import type { TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** A point of a series: [x, y]. */
export type Point = readonly [number, number];
