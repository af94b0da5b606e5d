import { ArgumentError } from '@stochgrad/core';
import { describe, expect, test } from 'vitest';
import { make } from '../registry';
import '../registrations';
import { counter } from '../../test/helpers/toy-envs';
import { recordEpisodeStatistics } from './record-episode-statistics';
import { timeLimit } from './time-limit';

describe('recordEpisodeStatistics', () => {
  test('info.episode on the terminating step only: return Σ t·(a+1), length', () => {
    const env = recordEpisodeStatistics(counter(4));
    env.reset({ seed: 0 });
    const actions = [0, 1, 0, 1];
    const results = actions.map((a) => env.step(a));
    for (const r of results.slice(0, 3)) expect(r.info.episode).toBeUndefined();
    const last = results[3]!;
    expect(last.terminated).toBe(true);
    // 1·1 + 2·2 + 3·1 + 4·2 = 16
    expect(last.info).toMatchObject({ inner: 4, episode: { return: 16, length: 4 } });
    const { time } = last.info.episode as { time: number };
    expect(time).toBeGreaterThanOrEqual(0);
    expect(time).toBeLessThan(5);
    expect(env.returnQueue).toEqual([16]);
    expect(env.lengthQueue).toEqual([4]);
    expect(env.timeQueue).toHaveLength(1);
    expect(env.episodeCount).toBe(1);
  });

  test('truncation by a time limit ends the episode too; running lists keep the last bufferLength', () => {
    const env = recordEpisodeStatistics(timeLimit(counter(100), { maxEpisodeSteps: 3 }), { bufferLength: 2 });
    const returns: number[] = [];
    for (let episode = 0; episode < 3; episode++) {
      env.reset();
      let r;
      for (let k = 0; k < 3; k++) r = env.step(episode % 2);
      expect(r!.truncated).toBe(true);
      returns.push((r!.info.episode as { return: number }).return);
    }
    // (1 + 2 + 3)·(a + 1) for a = 0, 1, 0
    expect(returns).toEqual([6, 12, 6]);
    expect(env.returnQueue).toEqual([12, 6]);
    expect(env.lengthQueue).toEqual([3, 3]);
    expect(env.episodeCount).toBe(3);
  });

  test('a reset mid-episode restarts the counts; observations and rewards pass through', () => {
    const env = recordEpisodeStatistics(counter(3));
    env.reset();
    env.step(1);
    expect(env.episodeReturn).toBe(2);
    expect(env.episodeLength).toBe(1);
    const { observation, info } = env.reset();
    expect(Array.from(observation)).toEqual([0]);
    expect(info).toEqual({ from: 'reset' });
    expect(env.episodeReturn).toBe(0);
    const r = env.step(1);
    expect(r.reward).toBe(2);
    expect(Array.from(r.observation)).toEqual([1]);
  });

  test('CartPole-v1 always pushed right: the return is the length, as counted by hand', () => {
    const env = recordEpisodeStatistics(make('CartPole-v1'));
    const plain = make('CartPole-v1');
    env.reset({ seed: 5 });
    plain.reset({ seed: 5 });
    let steps = 0;
    let done = false;
    while (!done) {
      const r = plain.step(1);
      steps += 1;
      done = r.terminated || r.truncated;
    }
    let r;
    for (let k = 0; k < steps; k++) r = env.step(1);
    expect(r!.info.episode).toMatchObject({ return: steps, length: steps });
  });

  test('bad options are typed errors', () => {
    expect(() => recordEpisodeStatistics(counter(2), { bufferLength: 0 })).toThrow(ArgumentError);
    expect(() => recordEpisodeStatistics(counter(2), { bufferLenght: 3 } as never)).toThrow(/unknown option "bufferLenght"/);
  });
});
