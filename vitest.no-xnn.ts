/**
 * Run before every test file of every package (vitest.shared.ts): a test during which tfjs's wasm
 * backend prints an "XNN status … not successful" line fails. Those lines are the only sign that an
 * XNNPACK kernel was set up for a shape it cannot handle (rank ≥ 7) and returned wrong numbers; the
 * library refuses such ranks with a ShapeError, so no test may ever print one. The wasm module
 * binds `console.warn` when the backend starts (after this file ran), so wrapping console here
 * catches its lines; process.stderr is wrapped too for code that writes there directly.
 */
import { afterEach, beforeEach, expect } from 'vitest';

const seen: string[] = [];
const record = (text: string) => {
  if (text.includes('XNN status')) seen.push(text.trim());
};
const write = process.stderr.write;
process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
  record(String(chunk));
  return (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest);
}) as typeof process.stderr.write;
for (const method of ['warn', 'error'] as const) {
  const original = console[method];
  console[method] = (...args: unknown[]) => {
    record(args.map(String).join(' '));
    original.apply(console, args);
  };
}

beforeEach(() => {
  seen.length = 0;
});

afterEach(() => {
  expect(seen, 'tfjs wasm printed XNN error lines during this test (a kernel at an unsupported rank returned wrong numbers)').toEqual([]);
});
