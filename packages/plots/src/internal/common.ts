/** Shared pieces of the spec builders (not exported from the package). */

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Vega's default categorical palette (tableau10), spelled out so builders can pin a colour per name. */
export const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'] as const;

export const FONT = 'system-ui, sans-serif';

/** The config every builder uses: white background, one font, a light grid. */
export const CONFIG = {
  background: 'white',
  font: FONT,
  title: { anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  // without a canvas (Node), Vega estimates text at 0.8 × font size per character: room for ~50
  legend: { labelFontSize: 11, labelLimit: 480 },
  view: { stroke: '#999' },
} as const;

/** A title block, with an optional subtitle (Vega-Lite draws it under the title). */
export function titleOf(title: string, subtitle?: string): { text: string; subtitle?: string } {
  return subtitle ? { text: title, subtitle } : { text: title };
}

/** Checks a builder option and says what was wrong and what is allowed. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`@stochgrad/plots: ${message}`);
}

/** What a builder option must be: checked at run time, since TypeScript checks only object literals. */
export type OptionKind = 'string' | 'number' | 'boolean' | 'array' | 'object';

/** Describes a value briefly for an error message: its type as well as its value (`string "2"`). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (typeof value === 'string') return `string "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The allowed name closest to `name` (a prefix of it, or within a few edits), if any is close. */
function closestName(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const prefixed = allowed.find((a) => Math.min(lower.length, a.length) >= 3 && (a.toLowerCase().startsWith(lower) || lower.startsWith(a.toLowerCase())));
  if (prefixed !== undefined) return prefixed;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Checks a builder's options object: a TypeError for an unknown name (with the closest allowed one
 * and the allowed set) or a value of the wrong kind (`width: got string "2"`). undefined values
 * pass (required options are checked by the builder). The same rule as @stochgrad/core's
 * checkOptions, which plots may not import: it sits beside the stack and depends on no package of
 * it (docs/architecture.md).
 */
export function checkOptions(where: string, options: unknown, kinds: Readonly<Record<string, OptionKind>>): void {
  const allowed = Object.keys(kinds);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`@stochgrad/plots: ${where} options: got ${describeValue(options)}; allowed: an options object with keys among ${allowed.join(', ')}`);
  }
  for (const [name, value] of Object.entries(options)) {
    const kind = kinds[name];
    if (kind === undefined) {
      const guess = closestName(name, allowed);
      throw new TypeError(
        `@stochgrad/plots: ${where} options: unknown option "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${allowed.map((a) => `"${a}"`).join(', ')}`,
      );
    }
    if (value === undefined) continue;
    const fits = kind === 'array' ? Array.isArray(value) : kind === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === kind;
    if (!fits) throw new TypeError(`@stochgrad/plots: ${where}: ${name}: got ${describeValue(value)}; allowed: ${kind === 'array' || kind === 'object' ? `an ${kind}` : `a ${kind}`}`);
  }
}
