import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describe } from '../errors';
import { checkOptions } from '../options';
import { assertRankSupported } from './rank';
import {
  assertFinite,
  assertPositive,
  assertTensorLike,
  broadcastShapes,
  shapeOf,
  shapeString,
  type TensorLike,
} from './validate';

/** A number or tensor parameter as a tensor; numbers make scalars that the enclosing tidy frees. */
export function asTensor(value: TensorLike): tf.Tensor {
  return typeof value === 'number' ? tf.scalar(value) : value;
}

export function finiteParameter(value: unknown, argument: string): TensorLike {
  assertTensorLike(value, argument);
  assertFinite(value, argument);
  return value;
}

export function positiveParameter(value: unknown, argument: string): TensorLike {
  assertTensorLike(value, argument);
  assertPositive(value, argument);
  return value;
}

export function batchShapeOf(parameters: Record<string, TensorLike>): number[] {
  const entries = Object.entries(parameters);
  let shape: number[] = [];
  for (const [name, value] of entries) {
    shape = broadcastShapes(shape, shapeOf(value), entries.map(([n]) => n).join(', ') || name);
  }
  // the parameters are computed with at this rank (checks, sampling, logProb)
  assertRankSupported('the distribution', () => entries.map(([n]) => n).join(', '), shape, 0);
  return shape;
}

/** Throws unless `value` ends in `batchShape + eventShape` (up to broadcasting). */
export function checkValueShape(value: unknown, batchShape: readonly number[], eventShape: readonly number[], argument = 'value', innerAxes = 0): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new ArgumentError(argument, `got ${describe(value)}`, 'a tf.Tensor');
  const tail = [...batchShape, ...eventShape];
  const eventRank = eventShape.length;
  if (value.rank < eventRank) {
    throw new ShapeError(argument, `got shape ${shapeString(value.shape)}`, `a shape ending in the event shape ${shapeString(eventShape)}`);
  }
  assertRankSupported('logProb()', argument, value, Math.max(0, tail.length - value.rank) + innerAxes, 'axes');
  for (let i = 1; i <= Math.min(value.rank, tail.length); i++) {
    const v = value.shape[value.rank - i] as number;
    const t = tail[tail.length - i] as number;
    const inEvent = i <= eventRank;
    if (inEvent ? v !== t : v !== t && v !== 1 && t !== 1) {
      throw new ShapeError(
        argument,
        `got shape ${shapeString(value.shape)}`,
        `[...sampleShape, ...${shapeString(batchShape)}, ...${shapeString(eventShape)}] (batch axes may broadcast)`,
      );
    }
  }
}

/**
 * The shape of draws [...sampleShape, ...batchShape, ...eventShape]; `innerAxes` more axes are used
 * while drawing (a class axis for categorical draws), checked with the result against the wasm
 * backend's rank limit.
 */
export function sampleShapeFor(sampleShape: readonly number[] | undefined, batchShape: readonly number[], eventShape: readonly number[] = [], innerAxes = 0): number[] {
  const lead = sampleShape ?? [];
  if (!Array.isArray(lead) || !lead.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError('sampleShape', `got ${describe(sampleShape)}`, 'an array of non-negative integers');
  }
  const shape = [...lead, ...batchShape, ...eventShape];
  assertRankSupported('sample()', 'sampleShape', lead, batchShape.length + eventShape.length + innerAxes, () => `the batch${eventShape.length ? ', event' : ''}${innerAxes ? ' and class' : ''} axes (${batchShape.length + eventShape.length + innerAxes})`);
  return shape;
}

/** Throws unless `parameters` is an object with every one of `names`. */
export function checkParameters(parameters: unknown, names: readonly string[], allowed: string, where = 'parameters'): asserts parameters is Record<string, unknown> {
  if (typeof parameters !== 'object' || parameters === null || names.some((n) => !(n in parameters))) {
    throw new ArgumentError('parameters', `got ${describe(parameters)}`, allowed);
  }
  checkOptions(where, parameters, names);
}
