import { describe, expect, it } from 'vitest';
import { renderSvg } from './render-svg';
import { sideBySide } from './side-by-side';
import { vectorField } from './vector-field';

type Layer = { name: string; data: { values: Record<string, number | string>[] } };

describe('vectorField', () => {
  it('turns each head along its arrow (0° up, 90° right) and puts it at the tip', () => {
    const spec = vectorField({ title: 't', box: [-1, 1], arrows: [{ name: 'f', arrows: [[0, 0, 0, 0.5], [0, 0, 0.5, 0], [0, 0, -0.5, -0.5]] }] }) as unknown as { layer: Layer[] };
    const rows = spec.layer[0]?.data.values ?? [];
    expect(rows.map((r) => r.angle)).toEqual([0, 90, -135]);
    expect(rows.map((r) => [r.x2, r.y2])).toEqual([[0, 0.5], [0.5, 0], [-0.5, -0.5]]);
  });

  it('shades the density relative to its maximum and leaves cells under 1% out', () => {
    const logDensity = [0, Math.log(0.5), Math.log(0.005), -Infinity];
    const spec = vectorField({ title: 't', box: [0, 2], density: { cells: 2, logDensity } }) as unknown as { layer: Layer[] };
    const cells = spec.layer[0]?.data.values ?? [];
    // row 0 is the top: the first cell spans x ∈ [0, 1], y ∈ [1, 2]
    expect(cells).toEqual([{ x: 0, x2: 1, y: 1, y2: 2, q: 1 }, { x: 1, x2: 2, y: 1, y2: 2, q: expect.closeTo(0.5, 12) }]);
    expect(() => vectorField({ title: 't', box: [0, 2], density: { cells: 3, logDensity } })).toThrow(/cells² = 9/);
  });

  it('renders one shaft and one head per arrow, and one dot per point (clipped at the box, not dropped), side by side', async () => {
    const arrows = Array.from({ length: 9 }, (_, i) => [i % 3 - 1, Math.floor(i / 3) - 1, 0.2, 0.1] as const);
    const field = vectorField({ title: 'field', box: [-2, 2], arrows: [{ name: 'learned', arrows }, { name: 'exact', arrows }], points: [[0, 0], [0.5, 0.5], [5, 5]] });
    const svg = await renderSvg(sideBySide({ title: 'two', charts: [field, field] }));
    const count = (mark: string) => (svg.match(new RegExp(`<g class="mark-${mark} role-mark ([^"]*)"[^>]*>(.*?)</g>`, 'g')) ?? []).join('').match(/<(line|path)/g)?.length;
    expect(count('rule')).toBe(2 * 2 * 9);
    expect(count('symbol')).toBe(2 * (2 * 9 + 3));
  });

  it('side by side, each panel keeps its own points (equal layer names do not merge)', async () => {
    const a = vectorField({ title: 'a', box: [-1, 1], points: [[0.5, 0.5]] });
    const b = vectorField({ title: 'b', box: [-1, 1], points: [[-0.5, -0.5], [-0.25, -0.25]] });
    const svg = await renderSvg(sideBySide({ title: 's', charts: [a, b] }));
    const groups = svg.match(/<g class="mark-symbol role-mark [^"]*"[^>]*>(.*?)<\/g>/g) ?? [];
    expect(groups.map((g) => g.match(/<path/g)?.length)).toEqual([1, 2]);
  });
});
