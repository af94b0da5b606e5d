/**
 * Typed errors. Every error names the argument that was wrong, what it was, and what is allowed,
 * so that `catch (e) { if (e instanceof ShapeError) ... }` and the message both tell the story.
 */

/** Base class of every error thrown by stochgrad. */
export class StochgradError extends Error {
  override name = 'StochgradError';
}

/** An argument had a value that is not allowed (NaN, out of range, wrong type). */
export class ArgumentError extends StochgradError {
  override name = 'ArgumentError';
  readonly argument: string;
  readonly allowed: string;
  constructor(argument: string, problem: string, allowed: string) {
    super(`${argument}: ${problem}; allowed: ${allowed}`);
    this.argument = argument;
    this.allowed = allowed;
  }
}

/**
 * A value that must be finite was NaN or ±Infinity: an objective's value (by default; see
 * `allowNonFinite` in the estimate arguments) or an estimate passed to the statistical checks.
 */
export class NonFiniteError extends ArgumentError {
  override name = 'NonFiniteError';
  /** where the first non-finite value is (its index in the tensor or the table of estimates) */
  readonly index: readonly number[];
  /** that value: NaN, Infinity or -Infinity */
  readonly value: number;
  constructor(argument: string, problem: string, allowed: string, index: readonly number[], value: number) {
    super(argument, problem, allowed);
    this.index = Object.freeze([...index]);
    this.value = value;
  }
}

/** A tensor had a shape that does not fit the others. */
export class ShapeError extends ArgumentError {
  override name = 'ShapeError';
}

/** Something that is not a key was used as a key (a number, a reused plain object, ...). */
export class KeyError extends ArgumentError {
  override name = 'KeyError';
}

/** The requested tfjs backend could not be started. */
export class BackendError extends StochgradError {
  override name = 'BackendError';
}

/**
 * Describes a value briefly for an error message: its type as well as its value, so that the
 * string "2" reads `string "2"` and not `2`; tensors by shape, arrays by their first elements.
 * @example describeValue('2'); // 'string "2"'
 */
export function describeValue(value: unknown): string {
  return describe(value);
}

/** @internal Describes a value briefly for an error message (public as describeValue). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array [${value.slice(0, 6).join(', ')}${value.length > 6 ? ', ...' : ''}]`;
  if (typeof value === 'object') {
    const shape = (value as { shape?: unknown }).shape;
    if (Array.isArray(shape)) return `tensor of shape [${shape.join(', ')}]`;
    return 'object';
  }
  if (typeof value === 'string') return `string "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  return `${typeof value} ${String(value)}`;
}
