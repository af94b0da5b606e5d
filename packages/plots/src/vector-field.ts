/**
 * vectorField: arrows on a square box (e.g. a learned and an exact score field), over scattered
 * points and an optional density heat map, as a Vega-Lite spec.
 *
 * Each arrow set is a layer of rules (x, y) → (x + dx, y + dy) with a triangle head turned along
 * the arrow; dx, dy are in data units, already scaled by the caller. The heat map shades
 * exp(log q − max log q) on a `cells × cells` grid (row 0 at the top); cells below 1% are left white.
 * Points outside the box are clipped, not dropped (one mark per point).
 */
import type { ChartSpec, Point } from './chart-spec';
import { CONFIG, SCHEMA, check, checkOptions, titleOf } from './internal/common';

/** An arrow: [x₁, x₂, d₁, d₂]. */
export type Arrow = readonly [number, number, number, number];

export interface ArrowSet {
  name: string;
  arrows: readonly Arrow[];
  color?: string;
}

export interface VectorFieldOptions {
  title: string;
  subtitle?: string;
  /** the square [low, high]² drawn */
  box: readonly [number, number];
  arrows?: readonly ArrowSet[];
  points?: readonly Point[];
  pointColor?: string;
  /** log density (up to a constant) on a cells × cells grid over the box, row 0 at the top (largest x₂) */
  density?: { cells: number; logDensity: ArrayLike<number> };
  /** side of the square plot in pixels (default 320) */
  size?: number;
}

const ARROW_COLORS = ['#2c5fb8', '#9a9a9a', '#d9534f', '#54a24b'];

/**
 * @example
 * const spec = vectorField({ title: 'score', box: [-3, 3],
 *   arrows: [{ name: 'exact', arrows: [[0, 0, 0.5, 0]] }], points: [[0.1, -0.2]] });
 */
export function vectorField(options: VectorFieldOptions): ChartSpec {
  checkOptions('vectorField', options, { title: 'string', subtitle: 'string', box: 'array', arrows: 'array', points: 'array', pointColor: 'string', density: 'object', size: 'number' });
  const { title, subtitle, box, arrows = [], points = [], pointColor = '#e0a040', density, size = 320 } = options;
  const [low, high] = box;
  check(Number.isFinite(low) && Number.isFinite(high) && high > low, `vectorField: box must be [low, high] with low < high, got [${low}, ${high}]`);
  const inside = (v: number) => v >= low && v <= high;
  const scale = { domain: [low, high], nice: false, zero: false };
  const x = { type: 'quantitative', scale, title: 'x₁' } as const;
  const y = { type: 'quantitative', scale, title: 'x₂' } as const;
  const layers: object[] = [];
  if (density) {
    const { cells, logDensity } = density;
    check(Number.isInteger(cells) && cells > 0 && logDensity.length === cells * cells, `vectorField: density needs cells² = ${cells * cells} values, got ${logDensity.length}`);
    let max = -Infinity;
    for (let i = 0; i < logDensity.length; i++) if (Number.isFinite(logDensity[i])) max = Math.max(max, logDensity[i] as number);
    const h = (high - low) / cells;
    const values: { x: number; x2: number; y: number; y2: number; q: number }[] = [];
    for (let r = 0; r < cells; r++) {
      for (let c = 0; c < cells; c++) {
        const v = logDensity[r * cells + c] as number;
        const q = Number.isFinite(v) ? Math.exp(v - max) : 0;
        if (q >= 0.01) values.push({ x: low + c * h, x2: low + (c + 1) * h, y: high - (r + 1) * h, y2: high - r * h, q });
      }
    }
    layers.push({
      name: 'density',
      data: { values },
      mark: { type: 'rect', stroke: null },
      encoding: {
        x: { field: 'x', ...x },
        x2: { field: 'x2' },
        y: { field: 'y', ...y },
        y2: { field: 'y2' },
        color: { field: 'q', type: 'quantitative', scale: { domain: [0, 1], range: ['#fbfbff', '#6969ff'] }, legend: null },
      },
    });
  }
  arrows.forEach((set, i) => {
    const color = set.color ?? ARROW_COLORS[i % ARROW_COLORS.length];
    const values = set.arrows
      .filter((a) => a.every(Number.isFinite) && inside(a[0]) && inside(a[1]))
      .map(([a, b, da, db]) => ({ set: set.name, x: a, y: b, x2: a + da, y2: b + db, angle: (Math.atan2(da, db) * 180) / Math.PI }));
    const layer = `arrows-${i}`;
    layers.push({
      name: layer,
      data: { values },
      layer: [
        {
          name: `${layer}-shafts`,
          mark: { type: 'rule', color, strokeWidth: 1.2, clip: true },
          encoding: { x: { field: 'x', ...x }, y: { field: 'y', ...y }, x2: { field: 'x2' }, y2: { field: 'y2' } },
        },
        {
          name: `${layer}-heads`,
          mark: { type: 'point', shape: 'triangle', filled: true, size: 16, color, opacity: 1, clip: true, tooltip: true },
          encoding: {
            x: { field: 'x2', ...x },
            y: { field: 'y2', ...y },
            angle: { field: 'angle', type: 'quantitative', scale: null },
            tooltip: [{ field: 'set', type: 'nominal', title: 'field' }, { field: 'x', format: '.3~g' }, { field: 'y', format: '.3~g' }],
          },
        },
      ],
    });
  });
  if (points.length > 0) {
    layers.push({
      name: 'points',
      data: { values: points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).map(([a, b]) => ({ x: a, y: b })) },
      mark: { type: 'circle', size: 6, color: pointColor, opacity: 0.6, clip: true },
      encoding: { x: { field: 'x', ...x }, y: { field: 'y', ...y } },
    });
  }
  check(layers.length > 0, 'vectorField needs arrows, points or a density');
  const legend = arrows.length > 1
    ? { subtitle: [subtitle, arrows.map((s, i) => `${s.name}: ${colorName(s.color ?? ARROW_COLORS[i % ARROW_COLORS.length] as string)}`).join(', ')].filter(Boolean).join(' · ') }
    : {};
  return {
    $schema: SCHEMA,
    title: { ...titleOf(title, subtitle), ...legend },
    width: size,
    height: size,
    config: CONFIG,
    layer: layers,
  } as ChartSpec;
}

const NAMES: Record<string, string> = { '#2c5fb8': 'blue', '#9a9a9a': 'grey', '#d9534f': 'red', '#54a24b': 'green', '#999999': 'grey' };
const colorName = (color: string) => NAMES[color.toLowerCase()] ?? color;
