import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart';
import { renderSvg } from './render-svg';

type Row = { series: string; group: string; variant: string; x: number; y: number };
const rowsOf = (spec: object) => (spec as { data: { values: Row[] } }).data.values;

describe('lineChart', () => {
  it('keeps every finite point, in series order, and colours by series in that order', () => {
    const spec = lineChart({ title: 't', xTitle: 'x', yTitle: 'y', series: [{ name: 'b', points: [[0, 1], [1, Number.NaN], [2, -3]] }, { name: 'a', points: [[0, 2]] }] });
    expect(rowsOf(spec).map((r) => [r.series, r.x, r.y])).toEqual([['b', 0, 1], ['b', 2, -3], ['a', 0, 2]]);
    expect((spec as { encoding: { color: { scale: { domain: string[] } } } }).encoding.color.scale.domain).toEqual(['b', 'a']);
  });

  it('on log axes drops the points it cannot place, and yRange drops points outside it', () => {
    const points = [[0, 1], [1, 0], [2, 1e-13], [3, 5]] as const;
    const log = lineChart({ title: 't', xTitle: 'x', yTitle: 'y', logX: true, logY: true, series: [{ name: 's', points }] });
    expect(rowsOf(log).map((r) => r.x)).toEqual([2, 3]);
    const ranged = lineChart({ title: 't', xTitle: 'x', yTitle: 'y', logY: true, yRange: [1e-12, Infinity], series: [{ name: 's', points }] });
    expect(rowsOf(ranged).map((r) => r.x)).toEqual([0, 3]);
  });

  it('groups share a colour and variants get dashes', () => {
    const spec = lineChart({
      title: 't', xTitle: 'x', yTitle: 'y',
      series: [{ name: 'A 1', group: 'A', variant: 'seed 1', points: [[0, 1]] }, { name: 'A 2', group: 'A', variant: 'seed 2', points: [[0, 2]] }],
    }) as { encoding: { color: { scale: { domain: string[] } }; strokeDash?: unknown } };
    expect(spec.encoding.color.scale.domain).toEqual(['A']);
    expect(spec.encoding.strokeDash).toBeDefined();
  });

  it('renders one line per series, with the title and axis titles, in Node', async () => {
    const svg = await renderSvg(lineChart({
      title: 'Bernoulli VAE', xTitle: 'training step', yTitle: 'nats',
      series: [{ name: 'train', points: [[0, -200], [100, -150]] }, { name: 'held-out', points: [[0, -210], [100, -160]] }, { name: 'exact', points: [[0, -100], [100, -100]] }],
    }));
    expect(svg.startsWith('<svg')).toBe(true);
    const lines = svg.match(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/g) ?? [];
    expect(lines.join('').match(/<path/g)?.length).toBe(3);
    for (const text of ['Bernoulli VAE', 'training step', 'nats', 'held-out']) expect(svg).toContain(text);
  });

  it('rejects a chart without series', () => {
    expect(() => lineChart({ title: 't', xTitle: 'x', yTitle: 'y', series: [] })).toThrow(/at least one series/);
  });

  it('gives each rendered chart its own clip-path ids, so charts inlined in one page do not clip each other', async () => {
    const spec = lineChart({ title: 't', xTitle: 'x', yTitle: 'y', series: [{ name: 'a', points: [[0, 1], [1, 2]] }] });
    const [first, second] = [await renderSvg(spec), await renderSvg(spec)];
    const ids = (svg: string) => [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(first).length).toBeGreaterThan(0);
    expect(ids(first).filter((id) => ids(second).includes(id))).toEqual([]);
    for (const svg of [first, second]) {
      for (const [, id] of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids(svg)).toContain(id);
    }
  });
});
