/**
 * Loads Vega and Vega-Lite on first use. Both are ESM-only and Vega has top-level await, so a
 * CommonJS `require` of them fails; a dynamic import works from ESM, CJS and bundlers (where it
 * also keeps them out of the first chunk).
 */
type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let loading: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

export function loadVega(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return loading;
}
