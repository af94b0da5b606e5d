import { describe, expect, it } from 'vitest';
import { barChart, formatValue } from './bar-chart';
import { renderSvg } from './render-svg';

type Spec = { data: { values: { label: string; value: number; text: string }[] }; encoding: { yOffset?: unknown; x: { scale: { domainMin?: number } } }; layer: { encoding: { x2?: { datum: number } } }[] };

describe('barChart', () => {
  it('on a log axis starts the bars a decade below the smallest value\'s decade and leaves out bars ≤ 0', () => {
    const spec = barChart({ title: 't', xTitle: 'v', logX: true, bars: [{ label: 'a', value: 0.3 }, { label: 'b', value: 0.0042 }, { label: 'c', value: 0 }] }) as unknown as Spec;
    expect(spec.data.values.map((v) => v.label)).toEqual(['a', 'b']);
    expect(spec.encoding.x.scale.domainMin).toBeCloseTo(1e-4, 15);
    expect(spec.layer[0]?.encoding.x2?.datum).toBeCloseTo(1e-4, 15);
  });

  it('puts several series of one label side by side', () => {
    const single = barChart({ title: 't', xTitle: 'v', bars: [{ label: 'a', value: 1 }, { label: 'b', value: 2 }] }) as unknown as Spec;
    const grouped = barChart({ title: 't', xTitle: 'v', bars: [{ label: 'a', value: 1, series: 'wasm' }, { label: 'a', value: 2, series: 'cpu' }] }) as unknown as Spec;
    expect(single.encoding.yOffset).toBeUndefined();
    expect(grouped.encoding.yOffset).toBeDefined();
  });

  it('prints values as numbers, never as 1e-0.53', async () => {
    expect([formatValue(0.29512), formatValue(3.35e-4), formatValue(12345), formatValue(0)]).toEqual(['0.295', '3.35e-4', '1.23e+4', '0']);
    const svg = await renderSvg(barChart({ title: 't', xTitle: 'v', logX: true, bars: [{ label: 'reinforce', value: 0.29512 }, { label: 'disarm', value: 0.0042 }] }));
    expect(svg).toContain('>0.295<');
    expect(svg).not.toMatch(/1e-0\.\d/);
    expect((svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/)?.[1] ?? '').match(/<path/g)?.length).toBe(2);
  });
});
