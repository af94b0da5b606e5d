// The demo's environment table: every registered environment, its spaces, limit and threshold as
// registered, a measured speed, and the text table the CLI prints.
import { key } from '@stochgrad/core';
import { envSpec, registeredEnvironments } from '@stochgrad/rl';
import { describe, expect, it } from 'vitest';
import { ENV_COLUMNS, envTextTable, environmentRows } from '../src/envs';

describe('demo environment table', () => {
  it('lists every registered environment with its spec, a speed and the columns the CLI prints', async () => {
    const rows = await environmentRows({ key: key(0), seconds: 0.01 });
    expect(rows.map((r) => r.id)).toEqual(registeredEnvironments());
    for (const r of rows) {
      const spec = envSpec(r.id);
      expect(r.maxEpisodeSteps).toBe(spec.maxEpisodeSteps);
      expect(r.rewardThreshold).toBe(spec.rewardThreshold);
      expect(r.stepsPerSecond).toBeGreaterThan(0);
    }
    expect(rows.find((r) => r.id === 'CartPole-v1')?.actionSpace).toBe('Discrete(2)');
    expect(rows.find((r) => r.id === 'HalfCheetah-v5')?.observationSpace).toBe('Box(-Infinity, Infinity, [17], float64)');
    const text = envTextTable(rows, 0.01);
    for (const column of ENV_COLUMNS) expect(text).toContain(column);
    expect(text).toMatch(/CartPole-v1 +Box\(\[…\], \[…\], \[4\], float32\) +Discrete\(2\) +500 +475 /);
    expect(text).toMatch(/Pendulum-v1 .* 200 +— /);
  });
});
