import { ArgumentError } from '@stochgrad/core';
import { describe, expect, test } from 'vitest';
import { ActionError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { recorder } from '../../test/helpers/toy-envs';
import { clipAction } from './clip-action';

describe('clipAction', () => {
  test('clips each element into [low, high]; in-box actions pass unchanged', () => {
    const { env, received } = recorder();
    const clipped = clipAction(env);
    clipped.reset();
    clipped.step([15, -3]);
    clipped.step([-0.5, 0.25]);
    clipped.step([2.5, 1e300]);
    expect(received).toEqual([
      [10, -1],
      [0, 0.25],
      [2.5, 1],
    ]);
  });

  test('the wrapped action space is unbounded, same shape and dtype', () => {
    const space = clipAction(recorder().env).actionSpace;
    expect(space.kind).toBe('box');
    if (space.kind !== 'box') return;
    expect(Array.from(space.low)).toEqual([-Infinity, -Infinity]);
    expect(Array.from(space.high)).toEqual([Infinity, Infinity]);
    expect(space.shape).toEqual([2]);
    expect(space.dtype).toBe('float32');
  });

  test('Pendulum-v1: a torque of 5 gives the trajectory of torque 2, bitwise', () => {
    const a = clipAction(make('Pendulum-v1') as never);
    const b = make('Pendulum-v1');
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    for (let t = 0; t < 20; t++) {
      const x = a.step([t % 2 ? 5 : -7]);
      const y = b.step([t % 2 ? 2 : -2]);
      expect(Array.from(x.observation)).toEqual(Array.from(y.observation));
      expect(x.reward).toBe(y.reward);
    }
  });

  test('NaN, Infinity, a wrong length and a discrete env are typed errors', () => {
    const env = clipAction(recorder().env);
    env.reset();
    expect(() => env.step([NaN, 0])).toThrow(ActionError);
    expect(() => env.step([Infinity, 0])).toThrow(ActionError);
    expect(() => env.step([1])).toThrow(/length 1/);
    expect(() => clipAction(make('CartPole-v1') as never)).toThrow(ArgumentError);
  });
});
