/**
 * The one way every bench script reads its options: a commander program (`--help` lists each option
 * with its default and exits 0; an unknown option or a bad value ends the script with "error: ..."
 * and exit code 1 before any backend starts), with these value checks. The demo has its own copy of
 * the checks (apps/demo/src/cli-options.ts): the demo never imports bench.
 */
import { Command, InvalidArgumentError } from 'commander';

/** A parser for an integer ≥ `min` written in decimal digits (rejects 1.5, 1e3, abc, ''). */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}.`);
    }
    return n;
  };
}

/** A parser for a finite number > 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}

/** A parser for a number in [min, max). */
export function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n >= max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}).`);
    return n;
  };
}

/** A parser for a comma-separated list of integers ≥ `min` (at least one). */
export function integerList(min: number): (value: string) => number[] {
  const one = integerAtLeast(min);
  return (value) => {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.some((p) => p === '')) throw new InvalidArgumentError(`expected comma-separated integers ≥ ${min}.`);
    return parts.map(one);
  };
}

/** A parser for a comma-separated, non-empty subset of `choices` (in the order given). */
export function subsetOf<T extends string>(choices: readonly T[]): (value: string) => T[] {
  return (value) => {
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = names.filter((n) => !choices.includes(n as T));
    if (names.length === 0 || unknown.length > 0) {
      throw new InvalidArgumentError(`${unknown.length > 0 ? `unknown: ${unknown.join(', ')}` : 'empty list'}; choose from ${choices.join(', ')}.`);
    }
    return names as T[];
  };
}

/**
 * process.argv without the literal `--` that `pnpm run <script> -- --flag` passes on (commander would
 * read everything after it as positional arguments).
 */
export function userArgv(argv: readonly string[] = process.argv): string[] {
  const [node = 'node', script = 'script', ...rest] = argv;
  while (rest[0] === '--') rest.shift();
  return [node, script, ...rest];
}

/** A commander program with the bench's conventions: a usage name, and a hint after an error. */
export function benchProgram(name: string, description: string): Command {
  return new Command(name).description(description).showHelpAfterError('(run with --help for the options and their defaults)');
}
