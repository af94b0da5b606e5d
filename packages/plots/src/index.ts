/**
 * @stochgrad/plots: the charts of stochgrad's demo and bench. Builders return Vega-Lite specs;
 * renderSvg draws one in Node, renderInto in a page. One spec, the same figure everywhere.
 */
export type { ChartSpec, Point } from './chart-spec';
export { type LineChartOptions, type LineSeries, lineChart } from './line-chart';
export { type Bar, type BarChartOptions, barChart, formatValue } from './bar-chart';
export { type HistogramOptions, type HistogramSeries, histogram } from './histogram';
export { type Arrow, type ArrowSet, type VectorFieldOptions, vectorField } from './vector-field';
export { type SideBySideOptions, sideBySide } from './side-by-side';
export { renderSvg } from './render-svg';
export { type RenderIntoOptions, type RenderedChart, renderInto } from './render-into';
