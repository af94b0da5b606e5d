// Run by scripts/pack-check.mjs inside a fresh project with only this package (and core and tfjs,
// which it does not use). From ESM and from CJS: the builders give Vega-Lite specs and renderSvg
// draws them with the installed vega and vega-lite (ESM-only, loaded by dynamic import).
export default async function smoke({ pkg, label }) {
  const started = Date.now();
  const line = pkg.lineChart({
    title: 'smoke', xTitle: 'step', yTitle: 'loss', logY: true,
    series: [{ name: 'a', points: Array.from({ length: 200 }, (_, i) => [i, Math.exp(-i / 50)]) }, { name: 'b', points: [[0, 1], [199, 0.5]] }],
  });
  const svg = await pkg.renderSvg(line);
  const lines = (svg.match(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/g) ?? []).join('').match(/<path/g)?.length;
  if (!svg.startsWith('<svg') || lines !== 2) throw new Error(`${label}: expected an SVG with 2 lines, got ${lines} (${svg.slice(0, 80)})`);
  const bars = await pkg.renderSvg(pkg.barChart({ title: 'bars', xTitle: 'v', logX: true, bars: [{ label: 'x', value: 0.3 }, { label: 'y', value: 0.004 }] }));
  const hist = await pkg.renderSvg(pkg.histogram({ title: 'hist', xTitle: 'τ', series: [{ name: 'c', counts: { 1: 4, 3: 1 } }] }));
  const field = await pkg.renderSvg(pkg.vectorField({ title: 'field', box: [-1, 1], arrows: [{ name: 'f', arrows: [[0, 0, 0.3, 0.2]] }] }));
  for (const [name, out] of [['bars', bars], ['histogram', hist], ['vectorField', field]]) {
    if (!out.includes('role-mark')) throw new Error(`${label}: ${name} drew no marks`);
  }
  return `4 charts rendered to SVG in ${Date.now() - started} ms`;
}
