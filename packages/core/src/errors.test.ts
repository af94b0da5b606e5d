import { describe as suite, expect, it } from 'vitest';
import { describe } from './errors';
import { split } from './key';
import { scoreFunction } from './score-function';

suite('describe: values in error messages read well', () => {
  it('says undefined once, quotes strings, names functions without their source', () => {
    expect(describe(undefined)).toBe('undefined');
    expect(describe(null)).toBe('null');
    expect(describe('2')).toBe('string "2"');
    expect(describe(2)).toBe('number 2');
    expect(describe(Number.NaN)).toBe('number NaN');
    expect(describe(true)).toBe('boolean true');
    expect(describe(function objective() {})).toBe('function objective');
    expect(describe(() => 1)).toBe('function (anonymous)');
    expect(describe(Symbol('s'))).toBe('Symbol(s)');
    expect(describe('x'.repeat(100))).toBe(`string "${'x'.repeat(40)}..."`);
  });

  it('in the messages users see: a missing key, a count passed as a string', () => {
    expect(() => split(undefined as never)).toThrow(/^key: got undefined; allowed: a Key/);
    expect(() => scoreFunction({ numSamples: '2' as never })).toThrow(/^numSamples: got string "2"; allowed: an integer >= 1$/);
  });
});
