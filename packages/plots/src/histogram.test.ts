import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';
import { renderSvg } from './render-svg';

type Spec = { data: { values: { series: string; value: number; count: number; y: number }[] }; encoding: { x: { scale: { domain: number[] } } } };

describe('histogram', () => {
  it('gives every integer from the smallest to the largest value a slot, and normalizes per series', () => {
    const spec = histogram({ title: 't', xTitle: 'τ', normalize: true, series: [{ name: 'a', counts: { 1: 30, 2: 10, 5: 10 } }, { name: 'b', counts: [{ value: 3, count: 4 }] }] }) as unknown as Spec;
    expect(spec.encoding.x.scale.domain).toEqual([1, 2, 3, 4, 5]);
    expect(spec.data.values.filter((r) => r.series === 'a').map((r) => r.y)).toEqual([0.6, 0.2, 0.2]);
    expect(spec.data.values.find((r) => r.series === 'b')?.y).toBe(1);
  });

  it('rejects non-integer values and negative counts', () => {
    expect(() => histogram({ title: 't', xTitle: 'τ', series: [{ name: 'a', counts: { 1.5: 3 } }] })).toThrow(/integers/);
    expect(() => histogram({ title: 't', xTitle: 'τ', series: [{ name: 'a', counts: { 1: -1 } }] })).toThrow(/≥ 0/);
  });

  it('renders one bar per non-empty slot', async () => {
    const svg = await renderSvg(histogram({ title: 'Meeting times', xTitle: 'τ', series: [{ name: 'chains', counts: { 1: 40, 2: 12, 7: 1 } }] }));
    expect((svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/)?.[1] ?? '').match(/<path/g)?.length).toBe(3);
    expect(svg).toContain('Meeting times');
  });
});
