/**
 * Support checks for logProb of the discrete distributions (on by default, as TFP's
 * `validate_args` but the other way round): a value outside the support has no probability, and
 * the log-probability formulas would otherwise return a number for it. Turned off per
 * distribution with `checkSupport: false` (a hot loop whose values are known to be in the support).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describe } from '../errors';

export type Support = { kind: 'binary' } | { kind: 'index'; classes: number } | { kind: 'one-hot'; classes: number };

const HOW_TO_SKIP = 'make the distribution with checkSupport: false to skip this check in a hot loop';

/** float32 values as written (0.3, not 0.30000001192092896) */
function show(v: number): string {
  return String(Number(v.toPrecision(7)));
}

function indexString(flat: number, shape: readonly number[]): string {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1, rest = flat; axis >= 0; axis--) {
    index[axis] = rest % (shape[axis] as number);
    rest = Math.floor(rest / (shape[axis] as number));
  }
  return `[${index.join(', ')}]`;
}

/** Throws an ArgumentError naming the first value outside the support (where it is, what it is). */
export function assertInSupport(value: tf.Tensor, support: Support, where: string): void {
  const data = value.dataSync();
  if (support.kind === 'binary') {
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (v !== 0 && v !== 1) {
        throw new ArgumentError(`${where} value`, `got ${show(v)} at index ${indexString(i, value.shape)}`, `values in {0, 1} (the Bernoulli support); ${HOW_TO_SKIP}`);
      }
    }
  } else if (support.kind === 'index') {
    const { classes } = support;
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
        throw new ArgumentError(`${where} value`, `got ${show(v)} at index ${indexString(i, value.shape)}`, `class indices: integers in [0, ${classes - 1}]; ${HOW_TO_SKIP}`);
      }
    }
  } else {
    const { classes } = support;
    for (let row = 0; row * classes < data.length; row++) {
      let ones = 0;
      let bad = false;
      for (let c = 0; c < classes; c++) {
        const v = data[row * classes + c] as number;
        if (v === 1) ones++;
        else if (v !== 0) bad = true;
      }
      if (bad || ones !== 1) {
        const shown = Array.from(data.subarray(row * classes, Math.min((row + 1) * classes, row * classes + 8)), (v) => show(v));
        throw new ArgumentError(
          `${where} value`,
          `got the row [${shown.join(', ')}${classes > 8 ? ', ...' : ''}] at index ${indexString(row, value.shape.slice(0, -1))}`,
          `one-hot rows (one 1, the rest 0, over the last axis of ${classes} classes); ${HOW_TO_SKIP}`,
        );
      }
    }
  }
}

/** Reads the checkSupport option (default true). */
export function checkSupportOption(parameters: unknown): boolean {
  const option = (parameters as { checkSupport?: unknown }).checkSupport;
  if (option === undefined) return true;
  if (typeof option !== 'boolean') throw new ArgumentError('checkSupport', `got ${describe(option)}`, 'true (default) or false');
  return option;
}
