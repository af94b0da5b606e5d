// Issue #9, item 5: every bad input gets a typed error that names what was wrong and what is
// allowed, one test each, on CartPole (Discrete actions) and Pendulum (Box actions), made with `make`.
import { ArgumentError, StochgradError } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { ActionError, EnvStateError, UnknownEnvironmentError, make, registeredEnvironments } from '../src/index';
import { cartPole } from '../src/classic-control/cart-pole';
import { pendulum } from '../src/classic-control/pendulum';

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  return expect.fail('expected a throw');
}

function expectError(fn: () => unknown, type: new (...args: never[]) => Error, message: RegExp): void {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(type);
  expect(e).toBeInstanceOf(StochgradError);
  expect(e.name).toBe(type.name);
  expect(e.message).toMatch(message);
}

const running = (id: 'CartPole-v1' | 'Pendulum-v1') => {
  const env = make(id);
  env.reset({ seed: 0 });
  return env;
};

describe('bad input (issue #9 item 5)', () => {
  it('an action outside the space: 2 for Discrete(2)', () => {
    expectError(() => running('CartPole-v1').step(2), ActionError, /^action: got 2; allowed: an integer in \{0, …, 1\} \(Discrete\(2\)\)$/);
    expectError(() => running('CartPole-v1').step(-1), ActionError, /got -1; allowed: an integer in \{0, …, 1\}/);
    expectError(() => running('CartPole-v1').step(0.5), ActionError, /got 0.5; allowed: an integer/);
  });

  it('an action outside the Box bounds', () => {
    expectError(() => running('Pendulum-v1').step([2.5]), ActionError, /^action: got 2.5 at index 0, outside \[-2, 2\]; allowed: numbers in Box\(-2, 2, \[1\], float32\) \(wrap the env in clipAction or rescaleAction/);
  });

  it('a Box action of the wrong length', () => {
    expectError(() => running('Pendulum-v1').step([0.1, 0.2]), ActionError, /^action: got an array of length 2; allowed: an array of 1 numbers in Box\(-2, 2, \[1\], float32\)$/);
    expectError(() => running('Pendulum-v1').step([]), ActionError, /got an array of length 0/);
  });

  it('a plain number (or another non-array) for a Box action, and an array for a Discrete one', () => {
    expectError(() => running('Pendulum-v1').step(1 as never), ActionError, /^action: got the number 1; allowed: an array of 1 numbers in Box\(-2, 2, \[1\], float32\)$/);
    expectError(() => running('Pendulum-v1').step('1' as never), ActionError, /got string "1"; allowed: an array of 1 numbers/);
    expectError(() => running('Pendulum-v1').step(['1'] as never), ActionError, /got string "1" at index 0; allowed: finite numbers/);
    expectError(() => running('CartPole-v1').step([1] as never), ActionError, /^action: got an array of length 1; allowed: an integer in \{0, …, 1\}/);
    expectError(() => running('CartPole-v1').step(undefined as never), ActionError, /got undefined; allowed: an integer/);
  });

  it('NaN and ±Infinity actions', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      expectError(() => running('CartPole-v1').step(bad), ActionError, new RegExp(`^action: got ${bad}; allowed: an integer in`));
      expectError(() => running('Pendulum-v1').step([bad]), ActionError, new RegExp(`^action: got ${bad} at index 0; allowed: finite numbers in Box`));
    }
  });

  it('step before reset', () => {
    for (const id of ['CartPole-v1', 'Pendulum-v1']) {
      expectError(() => make(id).step(id === 'CartPole-v1' ? 0 : [0]), EnvStateError, /^step: called before reset\(\); call env.reset\(\) first$/);
    }
    expectError(() => cartPole().step(0), EnvStateError, /called before reset/);
  });

  it('step after terminated without reset', () => {
    const env = make('CartPole-v1');
    env.reset({ seed: 0 });
    let r;
    do r = env.step(1);
    while (!r.terminated);
    expectError(() => env.step(1), EnvStateError, /^step: the episode ended \(terminated\); call env.reset\(\) before stepping again$/);
    env.reset();
    expect(() => env.step(1)).not.toThrow();
  });

  it('step after truncated without reset', () => {
    const env = make('Pendulum-v1', { maxEpisodeSteps: 3 });
    env.reset({ seed: 0 });
    for (let t = 0; t < 3; t++) env.step([0]);
    expectError(() => env.step([0]), EnvStateError, /^step: the episode ended \(truncated at the time limit of 3 steps\); call env.reset\(\) before stepping again$/);
    env.reset();
    expect(() => env.step([0])).not.toThrow();
  });

  it('a wrong option name in make()', () => {
    // Gymnasium's spelling of an option
    expectError(() => make('CartPole-v1', { sutton_barto_reward: true }), ArgumentError, /^make\('CartPole-v1'\) options: unknown option "sutton_barto_reward" \(did you mean "suttonBartoReward"\?\); allowed: "maxEpisodeSteps", "suttonBartoReward"$/);
    expectError(() => make('Pendulum-v1', { gravity: 1 }), ArgumentError, /unknown option "gravity"; allowed: "maxEpisodeSteps", "g"$/);
    expectError(() => make('Pendulum-v1', { maxEpisodeStep: 10 }), ArgumentError, /unknown option "maxEpisodeStep" \(did you mean "maxEpisodeSteps"\?\)/);
    expectError(() => make('Pendulum-v1', { maxEpisodeSteps: 0 }), ArgumentError, /maxEpisodeSteps: got 0; allowed: an integer >= 1, or null/);
    expectError(() => make('Pendulum-v1', { g: 'ten' }), ArgumentError, /pendulum g: got string "ten"; allowed: a finite number/);
  });

  it('a wrong option name in reset()', () => {
    expectError(() => cartPole().reset({ seed: 0, options: { hihg: 0.1 } }), ArgumentError, /^reset options: unknown option "hihg" \(did you mean "high"\?\); allowed: "low", "high"$/);
    expectError(() => pendulum().reset({ options: { x_init: 1 } }), ArgumentError, /unknown option "x_init" \(did you mean "xInit"\?\); allowed: "xInit", "yInit"$/);
    expectError(() => make('CartPole-v1').reset({ sead: 1 } as never), ArgumentError, /^reset options: unknown option "sead" \(did you mean "seed"\?\); allowed: "seed", "options"$/);
    expectError(() => make('CartPole-v1').reset(3 as never), ArgumentError, /^reset options: got number 3; allowed: an options object/);
  });

  it('a non-integer seed', () => {
    expectError(() => make('CartPole-v1').reset({ seed: 1.5 }), ArgumentError, /^reset seed: got 1.5; allowed: an integer in \[0, 2\^53\) or undefined$/);
    expectError(() => make('Pendulum-v1').reset({ seed: Number.NaN }), ArgumentError, /reset seed: got NaN/);
    expectError(() => make('Pendulum-v1').reset({ seed: 2 ** 53 }), ArgumentError, /reset seed: got 9007199254740992/);
  });

  it('a negative seed', () => {
    expectError(() => make('CartPole-v1').reset({ seed: -1 }), ArgumentError, /^reset seed: got -1; allowed: an integer in \[0, 2\^53\) or undefined$/);
  });

  it('a string seed', () => {
    expectError(() => make('Pendulum-v1').reset({ seed: '42' as never }), ArgumentError, /^reset seed: got string "42"; allowed: an integer in \[0, 2\^53\) or undefined$/);
    expectError(() => make('Pendulum-v1').reset({ seed: null as never }), ArgumentError, /reset seed: got null/);
  });

  it('an unknown env id lists the known ids', () => {
    const e = thrown(() => make('CartPole-v2'));
    expect(e).toBeInstanceOf(UnknownEnvironmentError);
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(/^make id: "CartPole-v2" is not registered \(versions registered: CartPole-v0, CartPole-v1\); allowed: /);
    for (const id of ['CartPole-v0', 'CartPole-v1', 'Pendulum-v1', 'MountainCarContinuous-v0', 'Acrobot-v1']) expect(e.message).toContain(id);
    expect(e.message.endsWith(registeredEnvironments().join(', '))).toBe(true);
    expectError(() => make('Pendulum'), UnknownEnvironmentError, /"Pendulum" is not registered \(versions registered: Pendulum-v1\)/);
    expectError(() => make(7 as never), UnknownEnvironmentError, /^make id: got 7; allowed: /);
  });

  it('render before reset', () => {
    expectError(() => make('CartPole-v1').render(), EnvStateError, /^render: called before reset\(\); call env.reset\(\) first$/);
    expectError(() => pendulum().render(), EnvStateError, /render: called before reset/);
  });

  it('step (and reset, render) after close', () => {
    for (const id of ['CartPole-v1', 'Pendulum-v1'] as const) {
      const env = running(id);
      env.close();
      env.close(); // closing twice is allowed
      expectError(() => env.step(id === 'CartPole-v1' ? 0 : [0]), EnvStateError, /^step: the environment was closed; make a new one$/);
      expectError(() => env.reset(), EnvStateError, /^reset: the environment was closed; make a new one$/);
      expectError(() => env.render(), EnvStateError, /^render: the environment was closed/);
    }
  });

  it('an action error leaves the episode running and the time limit unchanged', () => {
    const env = make('CartPole-v1', { maxEpisodeSteps: 2 });
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(ActionError);
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(true);
  });
});
