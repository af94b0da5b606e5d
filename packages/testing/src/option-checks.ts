/**
 * The shared body of each package's options table (issue #15 item 1): every case is a call that
 * must throw core's ArgumentError with a message matching the pattern; the call runs inside
 * tf.tidy, so a failing call leaks nothing it made.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describeValue } from '@stochgrad/core';
import { expect, it } from 'vitest';

/** [name shown in the report, the call, a pattern its message must match]. */
export type OptionCase = readonly [name: string, call: () => unknown, message: RegExp];

/** One test per case: the call throws an ArgumentError whose message matches. */
export function itRejectsEach(cases: readonly OptionCase[]): void {
  if (!Array.isArray(cases)) throw new ArgumentError('itRejectsEach: cases', `got ${describeValue(cases)}`, 'an array of [name, call, message pattern]');
  cases.forEach((c: unknown, i: number) => {
    if (!Array.isArray(c) || c.length !== 3 || typeof c[0] !== 'string' || typeof c[1] !== 'function' || !(c[2] instanceof RegExp)) {
      throw new ArgumentError(`itRejectsEach: cases[${i}]`, `got ${describeValue(c)}`, '[name: string, call: () => unknown, message: RegExp]');
    }
  });
  it.each(cases as OptionCase[])('%s', (_name, call, message) => {
    let thrown: unknown;
    try {
      tf.tidy(() => {
        call();
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ArgumentError);
    expect((thrown as Error).message).toMatch(message);
  });
}
