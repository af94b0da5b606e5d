/**
 * Loads Vega and Vega-Lite on first use. Both are ESM-only and Vega has top-level await, so a
 * CommonJS `require` of them fails; a dynamic import works from ESM, CJS and bundlers (where it
 * also keeps them out of the first chunk).
 */
import type * as VegaModule from 'vega';
import type * as VegaLiteModule from 'vega-lite';

type Vega = typeof VegaModule;
type VegaLite = typeof VegaLiteModule;

let loading: Promise<{ vega: Vega; vegaLite: VegaLite }> | undefined;

export function loadVega(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return loading;
}
