// The bench's option value checks: each accepts what its help promises and rejects the rest with
// commander's InvalidArgumentError (which commander turns into "error: ..." and exit code 1).
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { integerAtLeast, integerList, numberIn, positiveNumber, subsetOf, userArgv } from '../src/cli-options';

describe('bench option checks', () => {
  it('integerAtLeast takes decimal integers ≥ min only', () => {
    expect(integerAtLeast(1)('20000')).toBe(20_000);
    expect(integerAtLeast(0)('0')).toBe(0);
    for (const bad of ['1.5', 'abc', '', '1e3', '0x10', '-1']) expect(() => integerAtLeast(0)(bad), bad).toThrow(InvalidArgumentError);
    expect(() => integerAtLeast(1)('0')).toThrow('expected an integer ≥ 1.');
  });

  it('positiveNumber and numberIn', () => {
    expect(positiveNumber('1.5')).toBe(1.5);
    for (const bad of ['0', '-2', 'abc', '', 'Infinity']) expect(() => positiveNumber(bad), bad).toThrow(InvalidArgumentError);
    expect(numberIn(0, 1)('0.9')).toBe(0.9);
    expect(numberIn(0, 1)('0')).toBe(0);
    for (const bad of ['1', '-0.1', 'x']) expect(() => numberIn(0, 1)(bad), bad).toThrow('expected a number in [0, 1).');
  });

  it('integerList and subsetOf', () => {
    expect(integerList(0)('1, 2,3')).toEqual([1, 2, 3]);
    for (const bad of ['1,', '1,x', '1.5']) expect(() => integerList(0)(bad), bad).toThrow(InvalidArgumentError);
    const sections = subsetOf(['vae', 'throughput', 'memory'] as const);
    expect(sections('memory,vae')).toEqual(['memory', 'vae']);
    expect(() => sections('vae,gpu')).toThrow('unknown: gpu; choose from vae, throughput, memory.');
    expect(() => sections(',')).toThrow('empty list');
  });

  it('userArgv drops the literal -- that pnpm passes on, and only leading ones', () => {
    expect(userArgv(['node', 'x.ts', '--', '--seed', '1'])).toEqual(['node', 'x.ts', '--seed', '1']);
    expect(userArgv(['node', 'x.ts', '--', '--', '--quick'])).toEqual(['node', 'x.ts', '--quick']);
    expect(userArgv(['node', 'x.ts', '--only', 'vae'])).toEqual(['node', 'x.ts', '--only', 'vae']);
  });
});
