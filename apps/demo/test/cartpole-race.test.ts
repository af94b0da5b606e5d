// The CartPole race of the CLI and the web page (src/cartpole-race.ts): its agents learn exactly
// as a2c({ env: 'CartPole-v1', n: 1 }) with the same settings, the recorded episode is the one
// played, and a short race gives the CLI's table and the report's section for both methods,
// with every tensor freed.
import * as tf from '@tensorflow/tfjs-core';
import { key, ready } from '@stochgrad/core';
import { a2c, cartPole } from '@stochgrad/rl';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARTPOLE_COLUMNS, CARTPOLE_SETTINGS, cartpoleChartSpec, cartpoleRace, cartpoleRacer, cartpoleReplay, cartpoleTextTable, runningMean } from '../src/cartpole-race';
import { htmlReport } from '../src/report';
import { parseDemoOptions } from '../src/cli-options';

beforeAll(async () => {
  await ready({ backend: 'cpu' });
});

describe('the CartPole race', () => {
  it.each([
    ['a2c', 'value'],
    ['relax', 'relax'],
  ] as const)('%s learns as a2c on the env id would, bit for bit, and records the episode it played', async (method, controlVariate) => {
    const k = key(11);
    const racer = cartpoleRacer({ key: k, method });
    const reference = a2c({ key: k, env: 'CartPole-v1', n: 1, ...CARTPOLE_SETTINGS, controlVariate });
    try {
      const expected: number[] = [];
      for (let e = 0; e < 6; e++) {
        await racer.episode();
        expected.push(...(await reference.learn({ totalTimesteps: 1 })).episodeReturns);
        const last = racer.lastEpisode();
        expect(last?.episode).toBe(e + 1);
        // +1 per step, the terminating one included: return = steps; a state after the reset and after each step
        expect(last?.states.length).toBe(2 * ((last?.return ?? 0) + 1));
        const states = last?.states ?? new Float64Array();
        expect(Math.abs(states[0] as number)).toBeLessThanOrEqual(0.05);
        expect(Math.abs(states[1] as number)).toBeLessThanOrEqual(0.05);
        const [x, theta] = [states.at(-2) as number, states.at(-1) as number];
        // it ended by falling (|θ| > 12°) or leaving the track (|x| > 2.4), or at the 500-step limit
        if (last?.return !== 500) expect(Math.abs(x) > 2.4 || Math.abs(theta) > (12 * Math.PI) / 180).toBe(true);
      }
      expect(racer.returns).toEqual(expected);
      const save = (w: { values: number[] }[]) => w.map((t) => t.values);
      expect(save(racer.agent.save().weights.policy)).toEqual(save(reference.save().weights.policy));
      const summary = racer.summary();
      expect(summary.episodes).toBe(6);
      expect(summary.timesteps).toBe(expected.reduce((s, g) => s + g, 0));
      expect(summary.bestReturn).toBe(Math.max(...expected));
      expect(summary.meanReturn).toBeCloseTo(expected.reduce((s, g) => s + g, 0) / 6, 10);
    } finally {
      racer.dispose();
      reference.dispose();
    }
  });

  it('runs both methods in lockstep from one key, gives the table and the report section, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const pairs: number[] = [];
    const result = await cartpoleRace({ key: key(3), episodes: 8, onEpisode: (done, racers) => pairs.push(done, ...racers.map((r) => r.returns.length)) });
    expect(tf.memory().numTensors).toBe(before);
    expect(pairs).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8]);
    expect(result.summaries.map((s) => s.label)).toEqual(['A2C', 'RELAX']);
    // the same key: the same networks and the same first episode (its update is where they differ)
    expect(result.curves[0]?.returns[0]).toBe(result.curves[1]?.returns[0]);
    for (const s of result.summaries) {
      expect(s.episodes).toBe(8);
      expect(s.meanOf).toBe(8);
      expect(s.seconds).toBeGreaterThan(0);
      expect(s.bestReturn).toBeGreaterThanOrEqual(8); // CartPole episodes last at least 8 steps
    }
    const text = cartpoleTextTable(result.summaries);
    const lines = text.split('\n');
    for (const column of CARTPOLE_COLUMNS) expect(lines[1]).toContain(column);
    for (const s of result.summaries) {
      expect(lines.slice(3).find((l) => l.startsWith(`${s.label} `))).toMatch(new RegExp(`^${s.label} +8 +${s.timesteps} +${s.meanReturn.toFixed(1)} \\(8\\) +${s.bestReturn} +${s.seconds.toFixed(1)}$`));
    }
    const html = await htmlReport([], { backend: 'cpu', date: '2026-01-01', seconds: 1, cartpole: result });
    expect(html).toContain('<h2>A2C vs RELAX on CartPole-v1</h2>');
    expect(html).toContain(`<td>RELAX</td><td>8</td><td>${result.summaries[1]?.timesteps}</td>`);
    // one panel per method, each with two lines (every episode, and the running mean)
    expect(html.match(/class="mark-line role-mark concat_\d_layer_0_marks"/g)).toHaveLength(4);
    expect(html).not.toContain('NaN');
  });

  it('draws one panel per method with its 20-episode running mean', () => {
    expect(runningMean([1, 2, 3, 4], 2)).toEqual([1, 1.5, 2.5, 3.5]);
    const spec = cartpoleChartSpec([
      { label: 'A2C', returns: [10, 20, 30] },
      { label: 'RELAX', returns: [15, 25] },
    ]) as { hconcat: { title: unknown; data: { values: { series: string; x: number; y: number }[] } }[] };
    expect(spec.hconcat).toHaveLength(2);
    const a2cMean = spec.hconcat[0]?.data.values.filter((v) => v.series === 'mean of the last 20').map((v) => v.y);
    expect(a2cMean).toEqual([10, 15, 20]);
  });

  it('the CLI takes --cartpole-episodes (default 100; 0 skips the race)', () => {
    expect(parseDemoOptions(['node', 'main.ts']).cartpoleEpisodes).toBe(100);
    expect(parseDemoOptions(['node', 'main.ts', '--cartpole-episodes', '0']).cartpoleEpisodes).toBe(0);
    expect(parseDemoOptions(['node', 'main.ts', '--', '--cartpole-episodes', '25']).cartpoleEpisodes).toBe(25);
  });

  it('replays a recorded episode with the environment\'s own frames', () => {
    const replay = cartpoleReplay();
    const env = cartPole();
    try {
      const states = Float64Array.from([0.01, -0.02, 1.5, 0.1]);
      env.reset({ seed: 0 });
      for (const [t, i] of [[0, 0], [1, 1], [7, 1], [-1, 0]] as const) {
        env.state = [states[2 * i] as number, 0, states[2 * i + 1] as number, 0];
        expect(replay.frame(states, t)).toEqual(env.render());
      }
      expect(replay.frame(states, 1)).not.toEqual(replay.frame(states, 0));
    } finally {
      replay.close();
      env.close();
    }
  });
});
