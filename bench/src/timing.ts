/**
 * Timing and printing helpers. Every kernel on the wasm and cpu backends runs synchronously in
 * Node, so wall-clock time around a loop of calls is the time of those calls.
 */

import { logLine } from './progress';

export interface Timing {
  iterations: number;
  seconds: number;
  perSecond: number;
}

/** Runs `body` until both `minSeconds` have passed and `minIterations` calls were made. */
export function timeLoop(body: () => void, options: { minSeconds: number; minIterations?: number }): Timing {
  const { minSeconds, minIterations = 1 } = options;
  const start = performance.now();
  let iterations = 0;
  let elapsed = 0;
  while (iterations < minIterations || elapsed < minSeconds * 1000) {
    body();
    iterations += 1;
    elapsed = performance.now() - start;
  }
  const seconds = elapsed / 1000;
  return { iterations, seconds, perSecond: iterations / seconds };
}

export interface BlockTiming extends Timing {
  /** calls per second of each block */
  blocks: number[];
  /** the median block's calls per second: robust to a block slowed by other work or a GC pause */
  medianPerSecond: number;
}

/** `timeLoop` repeated `blocks` times; reports the total and the median block. */
export function timeBlocks(body: () => void, options: { blocks: number; secondsPerBlock: number; minIterations?: number }): BlockTiming {
  const timings = Array.from({ length: options.blocks }, () =>
    timeLoop(body, { minSeconds: options.secondsPerBlock, minIterations: options.minIterations ?? 1 }),
  );
  const iterations = timings.reduce((n, t) => n + t.iterations, 0);
  const seconds = timings.reduce((n, t) => n + t.seconds, 0);
  const rates = timings.map((t) => t.perSecond);
  return { iterations, seconds, perSecond: iterations / seconds, blocks: rates, medianPerSecond: median(rates) };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Three significant digits, with thousands written out: 59.3, 0.871, 12345. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3);
}

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  if (Math.abs(bytes) < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
}

/** A plain text table: left-aligned first column, right-aligned numbers. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Progress lines go to stderr (above a live progress bar, if any), so that stdout carries the results only. */
export function progress(message: string): void {
  logLine(`  · ${message}`);
}
