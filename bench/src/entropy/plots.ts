/**
 * SVG pictures for the entropy benchmark: samples scattered over a 2-D density (a heat map of
 * exp(log q) on a grid), and a score field drawn as arrows. No dependencies.
 */

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface Panel {
  title: string;
  /** log density (up to a constant) on a `cells × cells` grid, row 0 at the top (largest x₂) */
  logDensity: Float32Array | Float64Array | number[];
  /** points [x₁, x₂] to scatter */
  points?: readonly (readonly [number, number])[];
  /** arrows: [x₁, x₂, d₁, d₂] with d already scaled to plot units */
  arrows?: readonly (readonly [number, number, number, number])[];
  /** a second set of arrows (drawn in another colour) */
  referenceArrows?: readonly (readonly [number, number, number, number])[];
}

/** Side-by-side square panels over the box [low, high]². */
export function densityPanelsSvg(options: { title: string; box: readonly [number, number]; cells: number; panels: readonly Panel[]; size?: number; caption?: string }): string {
  const { title, box, cells, panels, size = 320, caption } = options;
  const [low, high] = box;
  const margin = 12;
  const top = 46;
  const width = panels.length * (size + margin) + margin;
  const height = top + size + (caption ? 40 : 14);
  const cell = size / cells;
  const body = panels
    .map((panel, p) => {
      const x0 = margin + p * (size + margin);
      const px = (x: number) => x0 + ((x - low) / (high - low)) * size;
      const py = (y: number) => top + (1 - (y - low) / (high - low)) * size;
      let max = -Infinity;
      for (const v of panel.logDensity) if (Number.isFinite(v)) max = Math.max(max, v);
      const rects: string[] = [];
      for (let r = 0; r < cells; r++) {
        for (let c = 0; c < cells; c++) {
          const v = panel.logDensity[r * cells + c] as number;
          const intensity = Number.isFinite(v) ? Math.exp(v - max) : 0;
          if (intensity < 0.01) continue;
          const shade = Math.round(255 - 150 * intensity);
          rects.push(`<rect x="${(x0 + c * cell).toFixed(1)}" y="${(top + r * cell).toFixed(1)}" width="${(cell + 0.3).toFixed(2)}" height="${(cell + 0.3).toFixed(2)}" fill="rgb(${shade},${shade},255)"/>`);
        }
      }
      const dots = (panel.points ?? [])
        .filter(([a, b]) => a >= low && a <= high && b >= low && b <= high)
        .map(([a, b]) => `<circle cx="${px(a).toFixed(1)}" cy="${py(b).toFixed(1)}" r="1.4" fill="#d9534f" fill-opacity="0.7"/>`);
      const arrow = (color: string) => ([a, b, da, db]: readonly [number, number, number, number]) =>
        `<line x1="${px(a).toFixed(1)}" y1="${py(b).toFixed(1)}" x2="${(px(a) + (da / (high - low)) * size).toFixed(1)}" y2="${(py(b) - (db / (high - low)) * size).toFixed(1)}" stroke="${color}" stroke-width="1.1" marker-end="url(#head-${color.slice(1)})"/>`;
      const reference = (panel.referenceArrows ?? []).map(arrow('#999999'));
      const arrows = (panel.arrows ?? []).map(arrow('#d9534f'));
      return `<text x="${x0}" y="${top - 8}" font-size="12">${escape(panel.title)}</text>` +
        `<rect x="${x0}" y="${top}" width="${size}" height="${size}" fill="white" stroke="#999"/>` +
        rects.join('') + reference.join('') + arrows.join('') + dots.join('');
    })
    .join('');
  const markers = ['d9534f', '999999']
    .map((c) => `<marker id="head-${c}" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#${c}"/></marker>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<defs>${markers}</defs><rect width="100%" height="100%" fill="white"/>` +
    `<text x="${margin}" y="20" font-size="14" font-weight="600">${escape(title)}</text>${body}` +
    (caption ? `<text x="${margin}" y="${height - 14}" font-size="11" fill="#555">${escape(caption)}</text>` : '') +
    '</svg>';
}
