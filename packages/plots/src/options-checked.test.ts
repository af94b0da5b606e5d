/**
 * Every builder of @stochgrad/plots rejects an unknown option naming it, the closest known name and
 * the allowed set, and a value of the wrong kind ("2" is not a number) with `got string "2"`.
 * Issue #15 item 1.
 */
import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart';
import { histogram } from './histogram';
import { lineChart } from './line-chart';
import { renderInto } from './render-into';
import { sideBySide } from './side-by-side';
import { vectorField } from './vector-field';

const series = [{ name: 'a', points: [[1, 1], [2, 2]] as [number, number][] }];
const bars = [{ label: 'a', value: 1 }];

// [function, call with a bad option, expected message fragment]
const cases: [string, () => unknown, RegExp][] = [
  ['lineChart', () => lineChart({ title: 't', xTitle: 'x', yTitle: 'y', series, logx: true } as never), /lineChart options: unknown option "logx" \(did you mean "logX"\?\); allowed: "title"/],
  ['lineChart (width "2")', () => lineChart({ title: 't', xTitle: 'x', yTitle: 'y', series, width: '2' } as never), /lineChart: width: got string "2"; allowed: a number/],
  ['barChart', () => barChart({ title: 't', xTitle: 'x', bars, rowHight: 20 } as never), /barChart options: unknown option "rowHight" \(did you mean "rowHeight"\?\)/],
  ['barChart (logX "yes")', () => barChart({ title: 't', xTitle: 'x', bars, logX: 'yes' } as never), /logX: got string "yes"; allowed: a boolean/],
  ['histogram', () => histogram({ title: 't', xTitle: 'x', series: [{ name: 'a', values: [1, 2] }], normalise: true } as never), /histogram options: unknown option "normalise" \(did you mean "normalize"\?\)/],
  ['histogram (maxLabels "2")', () => histogram({ title: 't', xTitle: 'x', series: [{ name: 'a', values: [1, 2] }], maxLabels: '2' } as never), /maxLabels: got string "2"/],
  ['vectorField', () => vectorField({ title: 't', box: [-1, 1], sizes: 200 } as never), /vectorField options: unknown option "sizes" \(did you mean "size"\?\)/],
  ['vectorField (size "2")', () => vectorField({ title: 't', box: [-1, 1], size: '2' } as never), /size: got string "2"/],
  ['sideBySide', () => sideBySide({ title: 't', charts: [], chart: [] } as never), /sideBySide options: unknown option "chart" \(did you mean "charts"\?\)/],
];

describe('options are checked in every builder of plots', () => {
  it.each(cases)('%s', (_name, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('renderInto rejects an unknown option before loading Vega', async () => {
    await expect(renderInto({} as HTMLElement, {} as never, { render: 'canvas' } as never)).rejects.toThrow(/renderInto options: unknown option "render" \(did you mean "renderer"\?\)/);
  });
});
