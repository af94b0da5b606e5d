import { fold, key } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwiseEqual, expectUniformNoise, expectWalkerStep, nextDown, resetOffsets, rollout } from '../../test/helpers/mujoco';
import { envSpec, loadMujoco, make, walker2d } from '../index';

beforeAll(async () => {
  await loadMujoco();
});

// Gymnasium v5's Walker2d health: 0.8 < z < 2 and −1 < torso angle < 1 (no state range)
const healthy = (qpos: Float64Array) => (qpos[1] as number) > 0.8 && (qpos[1] as number) < 2 && Math.abs(qpos[2] as number) < 1;

describe('Walker2d-v5', () => {
  it('spaces, dt from the model (0.002 s × 4), registration without a reward threshold', () => {
    const env = walker2d();
    const { observation } = env.reset({ seed: 0 });
    const p = env.physics;
    expect([p.timestep, p.frameSkip, p.dt]).toEqual([0.002, 4, 0.002 * 4]);
    expect(env.observationSpace.shape).toEqual([17]);
    expect(env.actionSpace.toString()).toBe('Box(-1, 1, [6], float32)');
    expect([...observation]).toEqual([...p.qpos.subarray(1), ...p.qvel]);
    const spec = envSpec('Walker2d-v5');
    expect([spec.maxEpisodeSteps, spec.rewardThreshold]).toEqual([1000, undefined]);
    expect(() => walker2d({ healthyStateRange: [-1, 1] } as never)).toThrow('healthyStateRange');
    env.close();
  });

  it('observation, reward terms and termination recomputed from the physics until the walker falls', () => {
    const env = walker2d();
    env.reset({ seed: 6 });
    let p = env.physics;
    let ended = false;
    let steps = 0;
    for (; steps < 1000 && !ended; steps++) {
      const action = env.actionSpace.sample(fold(key(31), steps)) as Float32Array;
      const before = p;
      const r = env.step(action);
      p = env.physics;
      expectWalkerStep(before, p, action, r, healthy);
      ended = r.terminated;
    }
    expect(ended).toBe(true);
    env.close();
  });

  it('the z bound is strict: a bound equal to z after the step (upper or lower) terminates, a lower bound one float below does not', () => {
    const action = [0.2, 0.1, 0, -0.1, 0.3, 0];
    const first = (options: Record<string, unknown>) => {
      const env = make('Walker2d-v5', options);
      env.reset({ seed: 2 });
      const r = env.step(action);
      env.close();
      return r;
    };
    const reference = walker2d();
    reference.reset({ seed: 2 });
    reference.step(action);
    const z = reference.physics.qpos[1] as number;
    reference.close();
    expect(first({}).terminated).toBe(false);
    expect(first({ healthyZRange: [0.8, z] }).terminated).toBe(true);
    expect(first({ healthyZRange: [z, 2] }).terminated).toBe(true);
    expect(first({ healthyZRange: [nextDown(z), 2] }).terminated).toBe(false);
  });

  it('reset noise U(±0.005) on qpos (around z = 1.25) and qvel', () => {
    const env = walker2d();
    const { qpos, qvel } = resetOffsets(env, 9, 300, [0, 1.25]);
    expectUniformNoise(qpos, 0.005 + 1e-15);
    expectUniformNoise(qvel, 0.005);
    env.close();
  });

  it('the same seed gives a bitwise-identical trajectory; render follows the walker (6 limb capsules + torso)', () => {
    const a = walker2d();
    const b = walker2d();
    expectBitwiseEqual(rollout(a, 23, 300), rollout(b, 23, 300));
    const frame = a.render();
    expect(frame.shapes.filter((s) => s.type === 'capsule')).toHaveLength(7);
    expect((frame.bounds.xMin + frame.bounds.xMax) / 2).toBeCloseTo(a.physics.qpos[0] as number, 12);
    a.close();
    b.close();
  });
});
