/**
 * The bad-input conformance table (issue #15 item 7): every runtime export of a package has a row,
 * either a list of bad inputs with the error class (and message) each must raise, or a reason why it
 * takes no input that could be bad. The suite fails when an export has no row, when a row names
 * something that is not exported, when a bad input is accepted or raises the wrong error, and when
 * a failing call leaves a tensor behind. `describeBeforeReady` is the same check for calls made
 * before `ready()`, in a test file that never starts the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, BackendError, type GradientEstimator, KeyError, NonFiniteError, ShapeError, StochgradError, checkOptions, describeValue, key } from '@stochgrad/core';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Marks a tensor (or anything holding tensors) the case made as an input: the table disposes it
 * after the call, so that only tensors the failing call itself left behind count as a leak.
 */
export type Own = <T extends tf.TensorContainer>(input: T) => T;

/** An error class: StochgradError, ArgumentError, ShapeError, KeyError, ... */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * [label, the call, the error class it must raise, a pattern its message must match]. Categories
 * used in labels: unknown option, wrong type, out of range, NaN, wrong rank / shape, disposed
 * tensor. A call returning a promise must reject.
 */
export type BadInputCase = readonly [label: string, call: (own: Own) => unknown, errorClass: ErrorClass, message?: RegExp];

/** A row: bad inputs of the export, or why it has none (shown in the test's name). */
export type BadInputRow = { readonly cases: readonly BadInputCase[] } | { readonly none: string };

export interface BadInputTableOptions {
  /** shown in the test names: '@stochgrad/discrete' */
  packageName: string;
  /** the package's runtime module namespace: `import * as api from '../src/index'` */
  api: object;
  /** one row per runtime export */
  rows: Readonly<Record<string, BadInputRow>>;
}

/** The number of rows and bad inputs of one table, filled in as the table is declared. */
export interface BadInputCount {
  packageName: string;
  rows: number;
  rowsWithoutInput: number;
  cases: number;
}

const counts: BadInputCount[] = [];

/** The tables declared in this test file so far (one per describeBadInputTable call). */
export function badInputCounts(): readonly BadInputCount[] {
  return counts;
}

function assertShape(shape: unknown, argument: string): asserts shape is number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(argument, `got ${describeValue(shape)}`, 'an array of non-negative integers');
  }
}

function checkTableOptions(options: unknown): asserts options is BadInputTableOptions {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('describeBadInputTable options', `got ${describeValue(options)}`, '{ packageName, api, rows }');
  checkOptions('describeBadInputTable', options, ['packageName', 'api', 'rows']);
  const { packageName, api, rows } = options as Record<string, unknown>;
  if (typeof packageName !== 'string' || packageName === '') throw new ArgumentError('packageName', `got ${describeValue(packageName)}`, "the package's name, e.g. '@stochgrad/discrete'");
  if (typeof api !== 'object' || api === null) throw new ArgumentError('api', `got ${describeValue(api)}`, "the package's module namespace: import * as api from '../src/index'");
  if (typeof rows !== 'object' || rows === null || Array.isArray(rows)) throw new ArgumentError('rows', `got ${describeValue(rows)}`, 'an object with one row per runtime export');
  for (const [name, row] of Object.entries(rows)) {
    const r = row as { cases?: unknown; none?: unknown } | null;
    if (typeof r !== 'object' || r === null) throw new ArgumentError(`rows.${name}`, `got ${describeValue(row)}`, "{ cases: [...] } or { none: 'reason' }");
    checkOptions(`rows.${name}`, r, ['cases', 'none']);
    if ('none' in r) {
      if ('cases' in r) throw new ArgumentError(`rows.${name}`, 'has both cases and none', "{ cases: [...] } or { none: 'reason' }");
      if (typeof r.none !== 'string' || r.none === '') throw new ArgumentError(`rows.${name}.none`, `got ${describeValue(r.none)}`, 'the reason the export takes no bad input');
      continue;
    }
    if (!Array.isArray(r.cases) || r.cases.length === 0) throw new ArgumentError(`rows.${name}.cases`, `got ${describeValue(r.cases)}`, "a non-empty array of [label, call, errorClass, message?] (or { none: 'reason' } instead)");
    r.cases.forEach((c: unknown, i: number) => {
      const [label, call, errorClass, message] = Array.isArray(c) ? c : [];
      if (!Array.isArray(c) || c.length < 3 || c.length > 4 || typeof label !== 'string' || typeof call !== 'function' || typeof errorClass !== 'function' || (message !== undefined && !(message instanceof RegExp))) {
        throw new ArgumentError(`rows.${name}.cases[${i}]`, `got ${describeValue(c)}`, '[label: string, call: (own) => unknown, errorClass, message?: RegExp]');
      }
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs one bad input; returns what it threw (synchronously or by rejecting), or undefined. */
async function attempt(call: (own: Own) => unknown): Promise<{ thrown: unknown; leaked: number }> {
  const owned: tf.TensorContainer[] = [];
  const own: Own = (input) => {
    owned.push(input);
    return input;
  };
  const before = tf.memory().numTensors;
  let thrown: unknown;
  let threw = false;
  try {
    const result = call(own);
    if (isThenable(result)) await result;
  } catch (error) {
    thrown = error;
    threw = true;
  }
  tf.dispose(owned);
  const leaked = tf.memory().numTensors - before;
  return { thrown: threw ? thrown : undefined, leaked };
}

function describeThrown(thrown: unknown): string {
  if (thrown === undefined) return 'nothing was thrown';
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return `a non-Error: ${String(thrown)}`;
}

/** A tensor that was disposed: the input of every "disposed tensor" case. */
export function disposedTensor(shape: number[] = [2]): tf.Tensor {
  assertShape(shape, 'disposedTensor: shape');
  const t = tf.zeros(shape);
  t.dispose();
  return t;
}

/**
 * The bad inputs every GradientEstimator's estimate() shares (prefixed 'estimate: '): an unknown
 * argument with its did-you-mean, a seed for a key, logits that are an array, int32 or disposed, an
 * objective that is not a function, returns NaN or keeps the event axis, allowNonFinite not a
 * boolean. `make` builds the estimator; `logitsShape` is a valid shape of its logits; `eventRank`
 * the number of trailing axes of a sample that one objective value reduces (1 for Bernoulli logits
 * [D] and normal parameters [D, 2]; 2 for categorical logits [D, C] and spanning trees [n, n]).
 * @example
 * disarm: { cases: [...myCases, ...estimatorBadInputs(() => disarm(), [3])] }
 */
export function estimatorBadInputs(make: () => GradientEstimator, logitsShape: number[] = [2], eventRank = 1): BadInputCase[] {
  if (typeof make !== 'function') throw new ArgumentError('estimatorBadInputs: make', `got ${describeValue(make)}`, 'a function () => GradientEstimator');
  assertShape(logitsShape, 'estimatorBadInputs: logitsShape');
  if (!Number.isInteger(eventRank) || eventRank < 1 || eventRank > logitsShape.length) {
    throw new ArgumentError('estimatorBadInputs: eventRank', `got ${describeValue(eventRank)} for logits of shape [${logitsShape.join(', ')}]`, `an integer in [1, ${logitsShape.length}]`);
  }
  const objective = (b: tf.Tensor) => tf.sum(b, Array.from({ length: eventRank }, (_, i) => b.rank - 1 - i));
  // a fresh estimator per case, disposed after the call: what it holds (a learned network, its
  // temperature) is its own, not a leak of the failing call
  const estimate = (args: unknown): unknown => {
    const estimator = make();
    try {
      return estimator.estimate(args as never);
    } finally {
      estimator.dispose?.();
    }
  };
  return [
    ['estimate: unknown option (did you mean)', (own) => estimate({ key: key(0), logits: own(tf.zeros(logitsShape)), objective, allowNonFinit: true } as never), ArgumentError, /estimate options: unknown option "allowNonFinit" \(did you mean "allowNonFinite"\?\)/],
    ['estimate: wrong type (key a number)', (own) => estimate({ key: 0, logits: own(tf.zeros(logitsShape)), objective } as never), KeyError, /key: got number 0 \(a number is a seed/],
    ['estimate: wrong type (logits an array)', () => estimate({ key: key(0), logits: [0, 0], objective } as never), ArgumentError, /logits: got array/],
    ['estimate: wrong type (int32 logits)', (own) => estimate({ key: key(0), logits: own(tf.zeros(logitsShape, 'int32')), objective }), ArgumentError, /logits: got dtype int32/],
    ['estimate: wrong type (objective not a function)', (own) => estimate({ key: key(0), logits: own(tf.zeros(logitsShape)), objective: 3 } as never), ArgumentError, /objective: got number 3/],
    ['estimate: wrong type (allowNonFinite "yes")', (own) => estimate({ key: key(0), logits: own(tf.zeros(logitsShape)), objective, allowNonFinite: 'yes' } as never), ArgumentError, /allowNonFinite: got string "yes"/],
    ['estimate: NaN objective value', (own) => estimate({ key: key(0), logits: own(tf.zeros(logitsShape)), objective: (b: tf.Tensor) => tf.mul(objective(b), NaN) }), NonFiniteError, /NaN/],
    ['estimate: wrong shape (objective keeps the event axis)', (own) => estimate({ key: key(0), logits: own(tf.zeros(logitsShape)), objective: (b: tf.Tensor) => tf.mul(b, 1) }), ShapeError, /objective: returned shape/],
    ['estimate: disposed logits', () => estimate({ key: key(0), logits: disposedTensor(logitsShape), objective }), ArgumentError, /logits: the tensor was disposed/],
  ];
}

/**
 * Registers `describe('<packageName>: bad inputs', ...)` with one test per bad input, one test per
 * export without inputs, and the coverage tests: every runtime export has a row and every row is
 * an export. After the file, prints the number of rows and bad inputs.
 * @example
 * import * as api from '../src/index';
 * describeBadInputTable({ packageName: '@stochgrad/discrete', api, rows: {
 *   disarm: { cases: [['unknown option numPair', () => api.disarm({ numPair: 4 } as never), ArgumentError, /did you mean "numPairs"/]] },
 * } });
 */
export function describeBadInputTable(options: BadInputTableOptions): void {
  checkTableOptions(options);
  const { packageName, api, rows } = options;
  const exported = Object.keys(api).filter((name) => name !== 'default' && name !== '__esModule').sort();
  const rowNames = Object.keys(rows).sort();
  const count: BadInputCount = { packageName, rows: rowNames.length, rowsWithoutInput: 0, cases: 0 };
  for (const name of rowNames) {
    const row = rows[name] as BadInputRow;
    if ('none' in row) count.rowsWithoutInput++;
    else count.cases += row.cases.length;
  }
  counts.push(count);

  describe(`${packageName}: bad inputs`, () => {
    it(`every runtime export of ${packageName} has a row`, () => {
      expect(exported.filter((name) => !(name in rows)), 'exports without a row').toEqual([]);
    });

    it(`every row of the ${packageName} table is a runtime export`, () => {
      expect(rowNames.filter((name) => !exported.includes(name)), 'rows that are not exported').toEqual([]);
    });

    for (const name of rowNames) {
      const row = rows[name] as BadInputRow;
      if ('none' in row) {
        it(`${name}: no bad input (${row.none})`, () => {
          expect(exported).toContain(name);
        });
        continue;
      }
      describe(name, () => {
        it('has at least one bad input', () => {
          expect(row.cases.length).toBeGreaterThan(0);
        });
        for (const [label, call, errorClass, message] of row.cases) {
          it(`${label}: ${errorClass.name}`, async () => {
            const { thrown, leaked } = await attempt(call);
            expect(thrown, `${name} (${label}) must throw ${errorClass.name}; ${describeThrown(thrown)}`).toBeInstanceOf(errorClass);
            if (message !== undefined) expect((thrown as Error).message, `${name} (${label})`).toMatch(message);
            expect(leaked, `${name} (${label}) left tensors behind`).toBe(0);
          });
        }
      });
    }
  });

  afterAll(() => {
    console.log(
      `bad-input table ${packageName}: ${count.rows} rows (${count.rows - count.rowsWithoutInput} with bad inputs, ${count.rowsWithoutInput} without input), ${count.cases} bad inputs`,
    );
  });
}

/** [label, a call made before the backend started]. */
export type BeforeReadyCall = readonly [label: string, call: () => unknown];

const notReady = /^.+ was called before the backend started: call `await ready\(\)` from '@stochgrad\/core' first/;

export interface BeforeReadyOptions {
  packageName: string;
  calls: readonly BeforeReadyCall[];
  /** starts the backend for the last check (pass `ready` from @stochgrad/core) */
  ready: () => Promise<unknown>;
}

/**
 * For a test file that never calls `ready()` before these tests (vitest runs each file in its own
 * worker, so no backend has started there): each call throws a BackendError (a StochgradError)
 * saying to `await ready()` from @stochgrad/core, not tfjs's plain Error about `tf.ready()`; then,
 * after `ready()`, none of them throws a BackendError any more (the error was about the backend).
 */
export function describeBeforeReady(options: BeforeReadyOptions): void {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('describeBeforeReady options', `got ${describeValue(options)}`, '{ packageName, calls, ready }');
  checkOptions('describeBeforeReady', options, ['packageName', 'calls', 'ready']);
  const { packageName, calls } = options;
  if (typeof packageName !== 'string' || packageName === '') throw new ArgumentError('packageName', `got ${describeValue(packageName)}`, "the package's name, e.g. '@stochgrad/core'");
  if (typeof options.ready !== 'function') throw new ArgumentError('ready', `got ${describeValue(options.ready)}`, "ready from '@stochgrad/core'");
  if (!Array.isArray(calls) || calls.length === 0) throw new ArgumentError('calls', `got ${describeValue(calls)}`, 'a non-empty array of [label, call]');
  calls.forEach((c: unknown, i: number) => {
    if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || typeof c[1] !== 'function') throw new ArgumentError(`calls[${i}]`, `got ${describeValue(c)}`, '[label: string, call: () => unknown]');
  });
  counts.push({ packageName: `${packageName} (before ready)`, rows: 0, rowsWithoutInput: 0, cases: calls.length });
  describe(`${packageName}: called before ready()`, () => {
    for (const [label, call] of calls) {
      it(`${label}: BackendError saying to await ready() from @stochgrad/core`, async () => {
        let thrown: unknown;
        try {
          const result = call();
          if (isThenable(result)) await result;
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${label}: ${describeThrown(thrown)}`).toBeInstanceOf(StochgradError);
        expect(thrown, label).toBeInstanceOf(BackendError);
        expect((thrown as Error).message, label).toMatch(notReady);
        expect((thrown as Error).message, label).not.toMatch(/tf\.ready/);
      });
    }

    it('after ready() none of these calls throws a BackendError', async () => {
      await options.ready();
      for (const [label, call] of calls) {
        let thrown: unknown;
        tf.engine().startScope();
        try {
          const result = call();
          if (isThenable(result)) await result;
        } catch (error) {
          thrown = error;
        } finally {
          tf.engine().endScope();
        }
        expect(thrown, `${label} after ready(): ${describeThrown(thrown)}`).not.toBeInstanceOf(BackendError);
      }
    });
  });

  afterAll(() => {
    console.log(`before-ready table ${packageName}: ${calls.length} calls`);
  });
}
