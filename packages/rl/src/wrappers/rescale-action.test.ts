import { ArgumentError } from '@stochgrad/core';
import { describe, expect, test } from 'vitest';
import { ActionError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { recorder, unboundedActions } from '../../test/helpers/toy-envs';
import { clipAction } from './clip-action';
import { rescaleAction } from './rescale-action';

describe('rescaleAction', () => {
  test('maps [min, max] affinely onto [low, high] = [0, 10] × [−1, 1]', () => {
    const { env, received } = recorder();
    const scaled = rescaleAction(env, { min: -1, max: 1 });
    scaled.reset();
    for (const a of [[-1, -1], [1, 1], [0, 0], [0.5, -0.5], [-0.8, 0.3]]) scaled.step(a);
    // low + (high − low)(a − min)/(max − min), by hand
    const expected = [[0, -1], [10, 1], [5, 0], [7.5, -0.5], [1, 0.3]];
    received.forEach((r, i) => {
      expect(r[0]).toBeCloseTo(expected[i]![0]!, 14);
      expect(r[1]).toBeCloseTo(expected[i]![1]!, 14);
    });
  });

  test('per-element bounds; the wrapped space is Box(min, max)', () => {
    const { env, received } = recorder();
    const scaled = rescaleAction(env, { min: [0, 2], max: [1, 4] });
    expect(scaled.actionSpace.toString()).toBe('Box([0, 2], [1, 4], [2], float32)');
    scaled.reset();
    scaled.step([0.25, 3.5]);
    expect(received[0]![0]).toBeCloseTo(2.5, 14);
    expect(received[0]![1]).toBeCloseTo(0.5, 14);
  });

  test('Pendulum-v1 in [−1, 1]: action 0.5 is torque 1, bitwise', () => {
    const a = rescaleAction(make('Pendulum-v1') as never, { min: -1, max: 1 });
    const b = make('Pendulum-v1');
    a.reset({ seed: 9 });
    b.reset({ seed: 9 });
    for (let t = 0; t < 10; t++) {
      const x = a.step([0.5]);
      const y = b.step([1]);
      expect(Array.from(x.observation)).toEqual(Array.from(y.observation));
      expect(x.reward).toBe(y.reward);
    }
  });

  test('outside [min, max] is an ActionError; clipAction outside accepts it', () => {
    const { env, received } = recorder();
    const scaled = rescaleAction(env, { min: -1, max: 1 });
    scaled.reset();
    expect(() => scaled.step([1.5, 0])).toThrow(ActionError);
    expect(received).toEqual([]);
    const second = recorder();
    const both = clipAction(rescaleAction(second.env, { min: -1, max: 1 }));
    both.reset();
    both.step([1.5, 0]); // clipped to [1, 0], then mapped to [10, 0]
    expect(second.received[0]![0]).toBeCloseTo(10, 14);
    expect(second.received[0]![1]).toBeCloseTo(0, 14);
  });

  test('bad options and spaces are typed errors', () => {
    const { env } = recorder();
    expect(() => rescaleAction(env, { min: 1, max: 1 })).toThrow(/min < max/);
    expect(() => rescaleAction(env, { min: [0], max: [1] })).toThrow(ArgumentError);
    expect(() => rescaleAction(env, { min: -Infinity, max: 1 })).toThrow(ArgumentError);
    expect(() => rescaleAction(env, { min: -1, max: 1, scale: 2 } as never)).toThrow(/unknown option "scale"/);
    expect(() => rescaleAction(make('CartPole-v1') as never, { min: -1, max: 1 })).toThrow(/box action space/);
    expect(() => rescaleAction(unboundedActions(), { min: -1, max: 1 })).toThrow(/unbounded/);
  });
});
