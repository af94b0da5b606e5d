import { fold, key } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwiseEqual, expectUniformNoise, expectWalkerStep, nextDown, resetOffsets, nextUp, rollout } from '../../test/helpers/mujoco';
import { EnvStateError, envSpec, hopper, loadMujoco, make } from '../index';

beforeAll(async () => {
  await loadMujoco();
});

// Gymnasium v5's Hopper health, written out: strict inequalities on z, the torso angle and
// every element of (qpos, qvel)[2:]
const healthy = (qpos: Float64Array, qvel: Float64Array) =>
  (qpos[1] as number) > 0.7 && Math.abs(qpos[2] as number) < 0.2 && [...qpos.subarray(2), ...qvel].every((v) => v > -100 && v < 100);

describe('Hopper-v5', () => {
  it('spaces, dt from the model (0.002 s × 4), registration', () => {
    const env = hopper();
    const { observation, info } = env.reset({ seed: 0 });
    const p = env.physics;
    expect([p.timestep, p.frameSkip, p.dt]).toEqual([0.002, 4, 0.002 * 4]);
    expect(env.metadata.renderFps).toBe(125);
    expect(env.observationSpace.shape).toEqual([11]);
    expect(env.actionSpace.toString()).toBe('Box(-1, 1, [3], float32)');
    expect([...observation]).toEqual([...p.qpos.subarray(1), ...p.qvel]);
    expect(info).toEqual({ x_position: p.qpos[0], z_distance_from_origin: (p.qpos[1] as number) - 1.25 });
    const spec = envSpec('Hopper-v5');
    expect([spec.maxEpisodeSteps, spec.rewardThreshold]).toEqual([1000, 3800]);
    env.close();
  });

  it('observation with clipped velocities and every reward term, recomputed from the physics; ends on the first unhealthy step', () => {
    const env = hopper();
    env.reset({ seed: 4 });
    let p = env.physics;
    let sawClip = false;
    let ended = false;
    for (let t = 0; t < 1000 && !ended; t++) {
      const action = env.actionSpace.sample(fold(key(21), t)) as Float32Array;
      const before = p;
      const r = env.step(action);
      p = env.physics;
      expect(p.time).toBeCloseTo(before.time + 0.008, 12);
      sawClip = expectWalkerStep(before, p, action, r, healthy) || sawClip;
      ended = r.terminated;
    }
    expect(ended).toBe(true);
    expect(() => env.step([0, 0, 0])).toThrow(EnvStateError);
    // keep going without termination until a velocity exceeds the clip
    const free = hopper({ terminateWhenUnhealthy: false });
    free.reset({ seed: 4 });
    p = free.physics;
    for (let t = 0; t < 1000 && !sawClip; t++) {
      const action = free.actionSpace.sample(fold(key(22), t)) as Float32Array;
      const before = p;
      const r = free.step(action);
      p = free.physics;
      expect(r.terminated).toBe(false);
      expect(r.info.reward_survive).toBe(healthy(p.qpos, p.qvel) ? 1 : 0);
      expect([...r.observation]).toEqual([...p.qpos.subarray(1), ...Array.from(p.qvel, (v) => Math.min(10, Math.max(-10, v)))]);
      sawClip = p.qvel.some((v) => Math.abs(v) > 10);
      expect(r.reward).toBeCloseTo(Number(r.info.reward_survive) + ((p.qpos[0] as number) - (before.qpos[0] as number)) / 0.008 - 1e-3 * action.reduce((s, a) => s + a * a, 0), 10);
    }
    expect(sawClip).toBe(true);
    env.close();
    free.close();
  });

  it('health bounds are strict: a bound equal to the value after the step terminates, the next float does not', () => {
    const action = [0.3, -0.2, 0.1];
    const after = (options: Record<string, unknown>) => {
      const env = make('Hopper-v5', options);
      env.reset({ seed: 12 });
      const r = env.step(action);
      env.close();
      return r;
    };
    const reference = hopper();
    reference.reset({ seed: 12 });
    reference.step(action);
    const { qpos, qvel } = reference.physics;
    reference.close();
    const z = qpos[1] as number;
    const angle = qpos[2] as number;
    const largest = Math.max(...[...qpos.subarray(2), ...qvel].map(Math.abs));
    expect(after({}).terminated).toBe(false);
    expect(after({ healthyZRange: [z, Infinity] })).toMatchObject({ terminated: true, info: { reward_survive: 0 } });
    expect(after({ healthyZRange: [nextDown(z), Infinity] }).terminated).toBe(false);
    expect(after({ healthyZRange: [0.7, z] }).terminated).toBe(true);
    expect(after({ healthyAngleRange: [-0.2, angle] }).terminated).toBe(true);
    expect(after({ healthyAngleRange: [angle, 0.2] }).terminated).toBe(true);
    expect(after({ healthyAngleRange: [nextDown(angle), nextUp(angle)] }).terminated).toBe(false);
    expect(after({ healthyStateRange: [-largest, largest] }).terminated).toBe(true);
    expect(after({ healthyStateRange: [-nextUp(largest), nextUp(largest)] }).terminated).toBe(false);
    const soft = after({ healthyZRange: [z, Infinity], terminateWhenUnhealthy: false, healthyReward: 5 });
    expect(soft).toMatchObject({ terminated: false, info: { reward_survive: 0 } });
    expect(after({ healthyReward: 5 }).info.reward_survive).toBe(5);
    expect(() => hopper({ healthyZRange: [1, 0] as unknown as [number, number] })).toThrow('healthyZRange');
  });

  it('reset noise: qpos U(±0.005) around (0, 1.25, 0, 0, 0, 0), qvel U(±0.005)', () => {
    const env = hopper();
    const { qpos, qvel } = resetOffsets(env, 8, 400, [0, 1.25]);
    expectUniformNoise(qpos, 0.005 + 1e-15);
    expectUniformNoise(qvel, 0.005);
    const scaled = hopper({ resetNoiseScale: 0.1 });
    scaled.reset({ seed: 1 });
    expect(scaled.physics.qvel.some((v) => Math.abs(v) > 0.005)).toBe(true);
    env.close();
    scaled.close();
  });

  it('the same seed gives a bitwise-identical trajectory (through terminations and resets)', () => {
    const a = hopper();
    const b = hopper();
    expectBitwiseEqual(rollout(a, 17, 400), rollout(b, 17, 400));
    a.close();
    b.close();
  });

  it('render follows the hopper and draws its four capsules over the floor', () => {
    const env = hopper({ terminateWhenUnhealthy: false });
    env.reset({ seed: 0 });
    for (let t = 0; t < 30; t++) env.step([0.5, 0.5, 0.5]);
    const frame = env.render();
    const x = env.physics.qpos[0] as number;
    expect((frame.bounds.xMin + frame.bounds.xMax) / 2).toBeCloseTo(x, 12);
    expect(frame.shapes.filter((s) => s.type === 'capsule')).toHaveLength(4);
    expect(frame.shapes[0]?.type).toBe('polygon');
    env.close();
  });
});
