import { fold, key } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwiseEqual, expectUniformNoise, rollout } from '../../test/helpers/mujoco';
import { ActionError, EnvStateError, envSpec, invertedPendulum, loadMujoco, make } from '../index';

beforeAll(async () => {
  await loadMujoco();
});

describe('InvertedPendulum-v5', () => {
  it('spaces, dt from the model (0.02 s × 2), registration, actions checked against ctrlrange ±3', () => {
    const env = invertedPendulum();
    const { observation, info } = env.reset({ seed: 0 });
    const p = env.physics;
    expect([p.timestep, p.frameSkip, p.dt]).toEqual([0.02, 2, 0.02 * 2]);
    expect(env.metadata.renderFps).toBe(25);
    expect(env.actionSpace.toString()).toBe('Box(-3, 3, [1], float32)');
    expect(env.observationSpace.toString()).toBe('Box(-Infinity, Infinity, [4], float64)');
    expect(observation).toBeInstanceOf(Float64Array);
    expect([...observation]).toEqual([...p.qpos, ...p.qvel]);
    expect(info).toEqual({});
    expect(() => env.step([3.5])).toThrow(ActionError);
    const spec = envSpec('InvertedPendulum-v5');
    expect([spec.maxEpisodeSteps, spec.rewardThreshold]).toEqual([1000, 950]);
    env.close();
  });

  it('observation = (qpos, qvel); reward 1 while |θ| ≤ 0.2; the step that passes 0.2 terminates with reward 0', () => {
    for (const push of [3, -3]) {
      const env = invertedPendulum();
      env.reset({ seed: 1 });
      let time = env.physics.time;
      let ended = false;
      let steps = 0;
      while (!ended) {
        const r = env.step([push]);
        const p = env.physics;
        expect(p.time).toBeCloseTo(time + 0.04, 12);
        time = p.time;
        expect([...r.observation]).toEqual([...p.qpos, ...p.qvel]);
        const out = Math.abs(p.qpos[1] as number) > 0.2;
        expect(r).toMatchObject({ reward: out ? 0 : 1, terminated: out, info: { reward_survive: out ? 0 : 1 } });
        ended = r.terminated;
        steps++;
      }
      // the cart pushed one way tips the pole the other way
      expect(Math.sign(env.physics.qpos[1] as number)).toBe(-Math.sign(push));
      expect(steps).toBeGreaterThan(1);
      expect(() => env.step([0])).toThrow(EnvStateError);
      env.close();
    }
  });

  it('a balancing controller keeps the pole up for the whole 1000-step limit (return 1000 > threshold 950)', () => {
    const env = make('InvertedPendulum-v5');
    let { observation } = env.reset({ seed: 2 });
    let total = 0;
    for (;;) {
      const [x, theta, xDot, thetaDot] = observation as Float64Array;
      const u = Math.max(-3, Math.min(3, 1 * x! + 10 * theta! + 1 * xDot! + 1 * thetaDot!));
      const r = env.step([u]);
      total += r.reward;
      observation = r.observation;
      if (r.terminated || r.truncated) {
        expect(r.truncated).toBe(true);
        break;
      }
    }
    expect(total).toBe(1000);
    env.close();
  });

  it('reset noise: qpos and qvel U(±0.01) from the seeded stream; resetNoiseScale changes it', () => {
    const env = invertedPendulum();
    env.reset({ seed: 3 });
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) {
      env.reset();
      const p = env.physics;
      values.push(...p.qpos, ...p.qvel);
    }
    expectUniformNoise(values, 0.01);
    const wide = invertedPendulum({ resetNoiseScale: 0.1 });
    wide.reset({ seed: 3 });
    expect(Math.max(...wide.physics.qpos.map(Math.abs), ...wide.physics.qvel.map(Math.abs))).toBeGreaterThan(0.01);
    env.close();
    wide.close();
  });

  it('the same seed gives a bitwise-identical trajectory', () => {
    const a = invertedPendulum();
    const b = invertedPendulum();
    expectBitwiseEqual(rollout(a, 5, 300, key(1)), rollout(b, 5, 300, key(1)));
    a.close();
    b.close();
  });

  it('render draws the rail, cart and pole; the pole capsule leans by θ', () => {
    const env = invertedPendulum();
    env.reset({ seed: 0 });
    env.step(env.actionSpace.sample(fold(key(4), 0)) as Float32Array);
    const frame = env.render();
    const capsules = frame.shapes.filter((s) => s.type === 'capsule');
    expect(capsules).toHaveLength(3);
    const pole = capsules[2]!;
    if (pole.type !== 'capsule') throw new Error('unreachable');
    const [x, theta] = env.physics.qpos as unknown as [number, number];
    // fromto (0,0,0)→(0.001,0,0.6) about the hinge at the cart, rotated by θ about +y
    const lean = Math.atan2(0.001, 0.6);
    const top = pole.y1 > pole.y2 ? [pole.x1, pole.y1] : [pole.x2, pole.y2];
    const bottom = pole.y1 > pole.y2 ? [pole.x2, pole.y2] : [pole.x1, pole.y1];
    expect(Math.atan2(top[0]! - bottom[0]!, top[1]! - bottom[1]!)).toBeCloseTo(theta + lean, 9);
    expect((top[0]! + bottom[0]!) / 2).toBeCloseTo(x + (Math.hypot(0.001, 0.6) / 2) * Math.sin(theta + lean), 9);
    env.close();
  });
});
