import { describe, expect, it } from 'vitest';
import { ArgumentError } from './errors';
import { checkOptions, closestName } from './options';

describe('checkOptions', () => {
  it('accepts undefined, an empty object and known keys', () => {
    expect(() => checkOptions('f', undefined, ['a'])).not.toThrow();
    expect(() => checkOptions('f', {}, ['a'])).not.toThrow();
    expect(() => checkOptions('f', { a: 1, b: undefined }, ['a', 'b'])).not.toThrow();
  });
  it('names the unknown key, the closest known one and the allowed set', () => {
    expect(() => checkOptions('disarm', { numPair: 4 }, ['numPairs'])).toThrow(ArgumentError);
    expect(() => checkOptions('disarm', { numPair: 4 }, ['numPairs'])).toThrow(/unknown option "numPair" \(did you mean "numPairs"\?\).*"numPairs"/);
    expect(() => checkOptions('make', { gravitee: 1, x: 2 }, ['gravity', 'maxEpisodeSteps'])).toThrow(/"gravitee".*"gravity"/);
  });
  it('guesses from a prefix and from snake_case', () => {
    expect(closestName('suttonBarto', ['suttonBartoReward', 'maxEpisodeSteps'])).toBe('suttonBartoReward');
    expect(closestName('max_episode_steps', ['suttonBartoReward', 'maxEpisodeSteps'])).toBe('maxEpisodeSteps');
  });
  it('guesses an abbreviation', () => {
    expect(closestName('evalBudget', ['replicates', 'evaluationBudget'])).toBe('evaluationBudget');
    expect(closestName('xyzw', ['evaluationBudget'])).toBeUndefined();
    expect(closestName('maxTry', ['p', 'q', 'maxTries'])).toBe('maxTries');
  });
  it('gives no guess when nothing is close', () => {
    expect(closestName('zzzzzzzz', ['numPairs'])).toBeUndefined();
    expect(() => checkOptions('f', { zzzzzzzz: 1 }, ['numPairs'])).toThrow(/unknown option "zzzzzzzz"; allowed/);
  });
  it('rejects options that are not an object', () => {
    expect(() => checkOptions('f', 3, ['a'])).toThrow(/f options: got number 3/);
    expect(() => checkOptions('f', null, ['a'])).toThrow(ArgumentError);
    expect(() => checkOptions('f', [1], ['a'])).toThrow(ArgumentError);
  });
});
