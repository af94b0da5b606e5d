import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, NonFiniteError, ShapeError, describe } from '../errors';
import type { Objective } from '../estimator';
import { assertKey } from '../key';
import type { Key } from '../key';
import { assertRankSupported } from './rank';
import { assertReady } from './ready';
import { checkOptions } from '../options';
import { assertTensor, sameShape, shapeString } from './validate';

/** Marks an objective whose NaN and ±Infinity values may pass (EstimateArgs.allowNonFinite). */
const NON_FINITE_ALLOWED = Symbol('stochgrad.allowNonFinite');

function allowsNonFinite(objective: Objective): boolean {
  return (objective as Objective & { [NON_FINITE_ALLOWED]?: boolean })[NON_FINITE_ALLOWED] === true;
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1, rest = flat; axis >= 0; axis--) {
    const size = shape[axis] as number;
    index[axis] = rest % size;
    rest = Math.floor(rest / size);
  }
  return index;
}

/** Throws a NonFiniteError naming the first NaN or ±Infinity value and the sample it came from. */
function assertFiniteValues(values: tf.Tensor, samples: tf.Tensor): void {
  const data = values.dataSync();
  let first = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return;
  const value = data[first] as number;
  const index = indexOf(first, values.shape);
  const eventSize = samples.size / values.size;
  let sample = '';
  if (Number.isInteger(eventSize) && eventSize <= 8) {
    const s = Array.from(samples.dataSync().subarray(first * eventSize, (first + 1) * eventSize), (v) => Number(v.toPrecision(4)));
    sample = ` = ${eventSize === 1 && samples.rank === values.rank ? s[0] : `[${s.join(', ')}]`}`;
  }
  throw new NonFiniteError(
    'objective',
    `returned ${value} for the sample at index [${index.join(', ')}] (samples${index.map((i) => `[${i}]`).join('')}${sample}; ` +
      `values of shape ${shapeString(values.shape)} for samples of shape ${shapeString(samples.shape)})` +
      (count > 1 ? `, and ${count - 1} more non-finite value${count > 2 ? 's' : ''}` : ''),
    'finite values; to let NaN and ±Infinity through (an objective that masks them on purpose), pass allowNonFinite: true to estimate()',
    index,
    value,
  );
}

/**
 * Calls f on samples and checks it returned float values of the expected shape, all finite (a NaN
 * or ±Infinity value throws a NonFiniteError naming the sample, unless the estimate was asked to
 * let them through: `allowNonFinite`, carried by the objective checkEstimateArgs returns).
 */
export function callObjective(objective: Objective, samples: tf.Tensor, expected: readonly number[]): tf.Tensor {
  const values = objective(samples);
  if (!(values instanceof tf.Tensor)) {
    throw new ArgumentError('objective', `returned ${describe(values)} for samples of shape ${shapeString(samples.shape)}`, `a tf.Tensor of shape ${shapeString(expected)}`);
  }
  if (!sameShape(values.shape, expected)) {
    throw new ShapeError(
      'objective',
      `returned shape ${shapeString(values.shape)} for samples of shape ${shapeString(samples.shape)}`,
      `values of shape ${shapeString(expected)}: one value per sample, the event axes reduced`,
    );
  }
  if (values.dtype === 'float32' && !allowsNonFinite(objective)) assertFiniteValues(values, samples);
  return values.dtype === 'float32' ? values : tf.cast(values, 'float32');
}

/**
 * Validates the common arguments of GradientEstimator.estimate. `sampleAxes`: the axes the
 * estimator puts in front of the logits' shape for its samples (1 for all of ours), checked against
 * the wasm backend's rank limit.
 */
export function checkEstimateArgs(args: unknown, sampleAxes = 1): { key: Key; logits: tf.Tensor; objective: Objective } {
  assertReady('estimate()');
  if (typeof args !== 'object' || args === null) {
    throw new ArgumentError('args', `got ${describe(args)}`, '{ key, logits, objective }');
  }
  checkOptions('estimate', args, ['key', 'logits', 'objective', 'allowNonFinite']);
  const { key, logits, objective, allowNonFinite } = args as { key: unknown; logits: unknown; objective: unknown; allowNonFinite?: unknown };
  assertKey(key, 'key');
  assertTensor(logits, 'logits');
  if (logits.dtype !== 'float32') throw new ArgumentError('logits', `got dtype ${logits.dtype}`, 'a float32 tensor');
  assertRankSupported('the estimator', 'logits', logits, sampleAxes);
  if (typeof objective !== 'function') {
    throw new ArgumentError('objective', `got ${describe(objective)}`, 'a function from samples to values');
  }
  if (allowNonFinite !== undefined && typeof allowNonFinite !== 'boolean') {
    throw new ArgumentError('allowNonFinite', `got ${describe(allowNonFinite)}`, 'true or false (default false)');
  }
  if (allowNonFinite === true) {
    const f = objective as Objective;
    return { key, logits, objective: Object.assign((sample: tf.Tensor) => f(sample), { [NON_FINITE_ALLOWED]: true }) };
  }
  return { key, logits, objective: objective as Objective };
}

/**
 * Runs `build(x)` under tf.valueAndGrad w.r.t. x so that one forward pass gives both the
 * surrogate (still on the caller's tape) and its gradient. The `extra` tensors `build` returns
 * come back owned by the caller, tracked by the caller's tidy scope like any other result.
 */
export function surrogateAndGradient<TExtra extends Record<string, tf.Tensor>>(
  x: tf.Tensor,
  build: (x: tf.Tensor) => { surrogate: tf.Scalar; extra: TExtra },
): { surrogate: tf.Scalar; gradient: tf.Tensor; extra: TExtra } {
  assertTensor(x, 'surrogateAndGradient: x');
  if (typeof build !== 'function') throw new ArgumentError('surrogateAndGradient: build', `got ${describe(build)}`, 'a function (x) => ({ surrogate, extra })');
  let kept: TExtra | undefined;
  let result: { value: tf.Tensor; grad: tf.Tensor };
  try {
    result = tf.valueAndGrad((input: tf.Tensor) => {
      const built = build(input);
      for (const t of Object.values(built.extra)) tf.keep(t);
      kept = built.extra;
      return built.surrogate;
    })(x);
  } catch (error) {
    if (kept) tf.dispose(Object.values(kept));
    releaseAbandonedTape();
    throw error;
  }
  const extra = {} as Record<string, tf.Tensor>;
  for (const [name, t] of Object.entries(kept as TExtra)) {
    extra[name] = tf.clone(t);
    t.dispose();
  }
  return { surrogate: result.value as tf.Scalar, gradient: result.grad, extra: extra as TExtra };
}

interface EngineState {
  gradientDepth: number;
  activeTape: { saved: tf.Tensor[] }[] | null;
}

/**
 * When f throws inside tf.grad, tfjs leaves the tape behind with the tensors it saved for the
 * backward pass. Free them, as a completed backward pass would, when no outer gradient is running.
 */
function releaseAbandonedTape(): void {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved) t.dispose();
  state.activeTape = null;
}
