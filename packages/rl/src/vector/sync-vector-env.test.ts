import { ArgumentError, key } from '@stochgrad/core';
import { describe, expect, test } from 'vitest';
import type { Env } from '../env';
import { ActionError, EnvStateError, UnknownEnvironmentError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { recordEpisodeStatistics } from '../wrappers/record-episode-statistics';
import { playback } from '../../test/helpers/toy-envs';
import { randomActions } from '../../test/helpers/vector';
import { syncVectorEnv } from './sync-vector-env';

const f32 = (x: ArrayLike<number>) => Array.from(Float32Array.from(x));

describe('syncVectorEnv', () => {
  test('reset({ seed }) seeds copy i with seed + i; the first reset without a seed uses i', () => {
    const vec = syncVectorEnv({ id: 'CartPole-v1', n: 3 });
    const { observations, infos } = vec.reset({ seed: 41 });
    expect(observations).toBeInstanceOf(Float32Array);
    expect(observations.length).toBe(12);
    expect(infos).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(Array.from(observations.subarray(4 * i, 4 * i + 4))).toEqual(f32(make('CartPole-v1').reset({ seed: 41 + i }).observation));
    const fresh = syncVectorEnv({ id: 'CartPole-v1', n: 2 });
    const first = fresh.reset().observations;
    for (let i = 0; i < 2; i++) expect(Array.from(first.subarray(4 * i, 4 * i + 4))).toEqual(f32(make('CartPole-v1').reset({ seed: i }).observation));
    // a later reset without a seed goes on with each copy's stream
    const again = fresh.reset().observations;
    const reference = make('CartPole-v1');
    reference.reset({ seed: 1 });
    expect(Array.from(again.subarray(4, 8))).toEqual(f32(reference.reset().observation));
  });

  test('NEXT_STEP autoreset, step by step against single envs: the step after an end returns the reset observation, reward 0, flags 0, autoreset 1', () => {
    const n = 3;
    const vec = syncVectorEnv({ id: 'CartPole-v1', n, options: { maxEpisodeSteps: 12 } });
    const refs = Array.from({ length: n }, () => make('CartPole-v1', { maxEpisodeSteps: 12 }));
    vec.reset({ seed: 10 });
    refs.forEach((r, i) => r.reset({ seed: 10 + i }));
    const ended = new Array<boolean>(n).fill(false);
    const k = key(4);
    let terminations = 0;
    let truncations = 0;
    let autoresets = 0;
    for (let t = 0; t < 60; t++) {
      const actions = randomActions(vec.singleActionSpace, n, k, t);
      actions[0] = 1; // copy 0 always pushes right: it falls (terminates) before the limit
      const r = vec.step(actions);
      for (let i = 0; i < n; i++) {
        const row = Array.from(r.observations.subarray(4 * i, 4 * i + 4));
        if (ended[i]) {
          expect(row).toEqual(f32(refs[i]!.reset().observation));
          expect([r.rewards[i], r.terminations[i], r.truncations[i], r.autoreset[i]]).toEqual([0, 0, 0, 1]);
          ended[i] = false;
          autoresets += 1;
          continue;
        }
        const s = refs[i]!.step(actions[i]!);
        expect(row).toEqual(f32(s.observation));
        expect([r.rewards[i], r.terminations[i], r.truncations[i], r.autoreset[i]]).toEqual([s.reward, +s.terminated, +s.truncated, 0]);
        ended[i] = s.terminated || s.truncated;
        terminations += +s.terminated;
        truncations += +s.truncated;
      }
    }
    expect(terminations).toBeGreaterThan(0);
    expect(truncations).toBeGreaterThan(0);
    expect(autoresets).toBeGreaterThan(terminations);
  });

  test('the action of an autoreset copy is ignored', () => {
    const a = syncVectorEnv({ id: 'CartPole-v1', n: 2, options: { maxEpisodeSteps: 4 } });
    const b = syncVectorEnv({ id: 'CartPole-v1', n: 2, options: { maxEpisodeSteps: 4 } });
    a.reset({ seed: 0 });
    b.reset({ seed: 0 });
    let pending = new Uint8Array(2);
    let flipped = 0;
    for (let t = 0; t < 20; t++) {
      const actions = Int32Array.of(t % 2, (t + 1) % 2);
      const other = actions.map((x, i) => (pending[i] ? 1 - x : x));
      flipped += pending.reduce((s, x) => s + x, 0);
      const x = a.step(actions);
      const y = b.step(other);
      expect(y).toEqual(x);
      pending = x.terminations.map((v, i) => v | x.truncations[i]!);
    }
    expect(flipped).toBeGreaterThan(0);
  });

  test('determinism: same seed and actions, same results bitwise (Pendulum-v1, Box actions as Float32Array)', () => {
    const run = () => {
      const vec = syncVectorEnv({ id: 'Pendulum-v1', n: 4 });
      const out = [vec.reset({ seed: 5 })] as unknown[];
      for (let t = 0; t < 30; t++) out.push(vec.step(randomActions(vec.singleActionSpace, 4, key(1), t)));
      return out;
    };
    expect(run()).toEqual(run());
  });

  test('Box actions: each copy gets its row, the numbers as given', () => {
    const vec = syncVectorEnv({ id: 'Pendulum-v1', n: 2 });
    const refs = [make('Pendulum-v1'), make('Pendulum-v1')];
    vec.reset({ seed: 3 });
    refs.forEach((r, i) => r.reset({ seed: 3 + i }));
    for (let t = 0; t < 10; t++) {
      const actions = randomActions(vec.singleActionSpace, 2, key(2), t);
      const r = vec.step(actions);
      refs.forEach((ref, i) => {
        const s = ref.step(Float64Array.of(actions[i]!));
        expect(Array.from(r.observations.subarray(3 * i, 3 * i + 3))).toEqual(f32(s.observation));
        expect(r.rewards[i]).toBe(s.reward);
      });
    }
    // number[] rows work too
    expect(() => vec.step([0.5, -1.25])).not.toThrow();
  });

  test('float64 observations are rounded to float32 in the batch', () => {
    const values = [
      [0.1, 1 / 3],
      [Math.PI, -1e-40],
    ];
    const vec = syncVectorEnv({ make: () => playback(values), n: 2 });
    const { observations } = vec.reset();
    expect(Array.from(observations)).toEqual([Math.fround(0.1), Math.fround(1 / 3), Math.fround(0.1), Math.fround(1 / 3)]);
    expect(observations[0]).not.toBe(0.1);
    expect(Array.from(vec.step([0, 0]).observations.subarray(0, 2))).toEqual([Math.fround(Math.PI), Math.fround(-1e-40)]);
  });

  test('a make function with wrappers: infos of the copies, episode statistics on the ending step', () => {
    const vec = syncVectorEnv({ make: () => recordEpisodeStatistics(make('CartPole-v1', { maxEpisodeSteps: 5 })), n: 2 });
    vec.reset({ seed: 0 });
    for (let t = 0; t < 5; t++) {
      const r = vec.step([1, 0]);
      for (let i = 0; i < 2; i++) {
        const ended = r.terminations[i]! | r.truncations[i]!;
        expect(r.infos[i]!.episode !== undefined).toBe(ended === 1);
      }
    }
  });

  test('typed errors: wrong batch length, invalid action, bad n, unknown id, step before reset, use after close', () => {
    expect(() => syncVectorEnv({ id: 'CartPole-v1', n: 0 })).toThrow(ArgumentError);
    expect(() => syncVectorEnv({ id: 'CartPole-v1', n: 2.5 })).toThrow(/integer >= 1/);
    expect(() => syncVectorEnv({ id: 'CartPol-v1', n: 2 })).toThrow(UnknownEnvironmentError);
    expect(() => syncVectorEnv({ n: 2 } as never)).toThrow(/exactly one of id/);
    expect(() => syncVectorEnv({ id: 'CartPole-v1', make: () => make('CartPole-v1'), n: 2 })).toThrow(ArgumentError);
    expect(() => syncVectorEnv({ id: 'CartPole-v1', n: 2, seed: 1 } as never)).toThrow(/unknown option "seed"/);
    expect(() => syncVectorEnv({ make: (i) => (i === 0 ? make('CartPole-v1') : (make('Pendulum-v1') as Env)), n: 2 })).toThrow(/same observation and action spaces/);
    const vec = syncVectorEnv({ id: 'CartPole-v1', n: 2 });
    expect(() => vec.step([0, 1])).toThrow(EnvStateError);
    vec.reset({ seed: 0 });
    expect(() => vec.step([0, 1, 1])).toThrow(ActionError);
    expect(() => vec.step([0, 1, 1])).toThrow(/length 3; allowed: 2 integers/);
    expect(() => vec.step([0, 2])).toThrow(/actions \(copy 1\): got 2/);
    expect(() => vec.step(1 as never)).toThrow(ActionError);
    expect(() => vec.reset({ seed: -1 })).toThrow(ArgumentError);
    const box = syncVectorEnv({ id: 'Pendulum-v1', n: 2 });
    box.reset();
    expect(() => box.step(new Float32Array(3))).toThrow(/2 × 1 = 2 numbers/);
    expect(() => box.step([0, NaN])).toThrow(/copy 1/);
    expect(() => box.step([0, 3])).toThrow(ActionError);
    vec.close();
    vec.close();
    expect(() => vec.step([0, 1])).toThrow(/closed/);
    expect(() => vec.reset()).toThrow(EnvStateError);
  });
});
