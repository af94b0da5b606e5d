import { fold, key } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwiseEqual, expectNormalNoise, expectUniformNoise, rollout } from '../../test/helpers/mujoco';
import { EnvStateError, envSpec, frameToSvg, halfCheetah, loadMujoco, make } from '../index';

beforeAll(async () => {
  await loadMujoco();
});

describe('HalfCheetah-v5', () => {
  it('spaces, dt from the model (0.01 s × 5), registration', () => {
    const env = halfCheetah();
    env.reset({ seed: 0 });
    const p = env.physics;
    expect(p.timestep).toBe(0.01);
    expect(p.frameSkip).toBe(5);
    expect(p.dt).toBe(0.01 * 5);
    expect(env.metadata.renderFps).toBe(20);
    expect(env.observationSpace.kind === 'box' && env.observationSpace.dtype).toBe('float64');
    expect(env.observationSpace.shape).toEqual([17]);
    expect(env.actionSpace.toString()).toBe('Box(-1, 1, [6], float32)');
    const spec = envSpec('HalfCheetah-v5');
    expect([spec.maxEpisodeSteps, spec.rewardThreshold]).toEqual([1000, 4800]);
    env.close();
    // make's wrappers pass the physics getter through
    const made = make('HalfCheetah-v5') as ReturnType<typeof make> & { physics: typeof p };
    made.reset({ seed: 0 });
    expect(made.physics.dt).toBe(0.05);
    made.close();
  });

  it('observation = qpos[1:] then qvel; every reward term recomputed from qpos before and after', () => {
    const env = halfCheetah();
    const { observation, info } = env.reset({ seed: 3 });
    let p = env.physics;
    expect([...observation]).toEqual([...p.qpos.subarray(1), ...p.qvel]);
    expect(info).toEqual({ x_position: p.qpos[0] });
    for (let t = 0; t < 60; t++) {
      const action = env.actionSpace.sample(fold(key(11), t)) as Float32Array;
      const before = p;
      const r = env.step(action);
      p = env.physics;
      expect(p.time).toBeCloseTo(before.time + 0.05, 12);
      expect(r.observation).toBeInstanceOf(Float64Array);
      expect([...r.observation]).toEqual([...p.qpos.subarray(1), ...p.qvel]);
      const xVelocity = ((p.qpos[0] as number) - (before.qpos[0] as number)) / p.dt;
      const ctrl = 0.1 * action.reduce((s, a) => s + a * a, 0);
      expect(r.info).toEqual({ x_position: p.qpos[0], x_velocity: xVelocity, reward_forward: xVelocity, reward_ctrl: -ctrl });
      expect(r.reward).toBeCloseTo(xVelocity - ctrl, 12);
      expect(r.terminated).toBe(false);
    }
    env.close();
  });

  it('options: weights, frame skip, root x in the observation', () => {
    const env = halfCheetah({ forwardRewardWeight: 2, ctrlCostWeight: 0.5, frameSkip: 2, excludeCurrentPositionsFromObservation: false });
    expect(env.observationSpace.shape).toEqual([18]);
    env.reset({ seed: 1 });
    const before = env.physics;
    const action = [0.5, -0.5, 0.25, 1, -1, 0];
    const r = env.step(action);
    const p = env.physics;
    expect(p.dt).toBe(0.02);
    expect(p.time).toBeCloseTo(before.time + 0.02, 12);
    expect([...r.observation]).toEqual([...p.qpos, ...p.qvel]);
    const xVelocity = ((p.qpos[0] as number) - (before.qpos[0] as number)) / 0.02;
    expect(r.reward).toBeCloseTo(2 * xVelocity - 0.5 * (0.25 + 0.25 + 0.0625 + 1 + 1), 12);
    env.close();
    expect(() => halfCheetah({ ctrlCostWeight: Number.NaN })).toThrow('ctrlCostWeight');
    expect(() => halfCheetah({ frameSkip: 0 })).toThrow('frameSkip');
    expect(() => make('HalfCheetah-v5', { ctrlCost: 1 })).toThrow('unknown option "ctrlCost"');
  });

  it('reset noise: qpos U(±0.1) around the reference, qvel 0.1·N(0, 1)', () => {
    const env = halfCheetah();
    const qpos: number[] = [];
    const qvel: number[] = [];
    env.reset({ seed: 5 });
    for (let i = 0; i < 300; i++) {
      env.reset();
      const p = env.physics;
      expect(p.time).toBe(0);
      qpos.push(...p.qpos);
      qvel.push(...p.qvel);
    }
    expectUniformNoise(qpos, 0.1);
    expectNormalNoise(qvel, 0.1);
    env.close();
  });

  it('the same seed gives a bitwise-identical trajectory; another seed does not', () => {
    const a = halfCheetah();
    const b = halfCheetah();
    const ta = rollout(a, 42, 300);
    expectBitwiseEqual(ta, rollout(b, 42, 300));
    expectBitwiseEqual(ta, rollout(a, 42, 300));
    expect(rollout(b, 43, 5)[0]).not.toBe(ta[0]);
    a.close();
    b.close();
  });

  it('renders the side view from the geoms: the torso capsule spans x ± 0.5 rotated by the root angle; the window follows', () => {
    const env = halfCheetah();
    env.reset({ seed: 2 });
    for (let t = 0; t < 40; t++) env.step([1, -1, 1, -1, 1, -1]);
    const p = env.physics;
    const frame = env.render();
    const [x, z, angle] = [p.qpos[0] as number, 0.7 + (p.qpos[1] as number), p.qpos[2] as number];
    expect((frame.bounds.xMin + frame.bounds.xMax) / 2).toBeCloseTo(x, 12);
    const capsules = frame.shapes.filter((s) => s.type === 'capsule');
    expect(capsules).toHaveLength(8);
    const torso = capsules[0]!;
    if (torso.type !== 'capsule') throw new Error('unreachable');
    // rotation about +y by φ maps (±0.5, 0, 0) to (±0.5 cos φ, ∓0.5 sin φ)
    const ends = [
      [torso.x1, torso.y1],
      [torso.x2, torso.y2],
    ].sort((u, v) => u[0]! - v[0]!);
    const expected = [
      [x + 0.5 * Math.cos(angle), z - 0.5 * Math.sin(angle)],
      [x - 0.5 * Math.cos(angle), z + 0.5 * Math.sin(angle)],
    ].sort((u, v) => u[0]! - v[0]!);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(ends[i]![j]).toBeCloseTo(expected[i]![j]!, 9);
    expect(torso.radius).toBeCloseTo(0.046, 12);
    expect(frameToSvg(frame)).toContain('<line');
    env.close();
  });

  it('close frees the model and data: step, render and physics are EnvStateErrors after it', () => {
    const env = halfCheetah();
    env.reset({ seed: 0 });
    env.close();
    env.close();
    expect(() => env.step(new Float64Array(6))).toThrow(EnvStateError);
    expect(() => env.render()).toThrow(EnvStateError);
    expect(() => env.physics).toThrow(EnvStateError);
  });

  it('wasm heap: 10⁵ steps leave it where it was after 10³', () => {
    const env = halfCheetah();
    env.reset({ seed: 0 });
    const action = new Float64Array(6);
    let heapAt1000 = 0;
    for (let t = 1; t <= 100_000; t++) {
      for (let i = 0; i < 6; i++) action[i] = Math.sin(0.1 * t + i);
      env.step(action);
      if (t === 1000) heapAt1000 = env.physics.wasmHeapBytes;
    }
    expect(env.physics.wasmHeapBytes).toBe(heapAt1000);
    env.close();
  });

  it('wasm heap: 200 make/close cycles do not grow it (and 20 unclosed environments do)', () => {
    const env = halfCheetah();
    env.reset({ seed: 0 });
    const action = new Float64Array(6).fill(0.5);
    const probeHeap = () => env.physics.wasmHeapBytes;
    // Each MjData holds a 6 MB arena; the allocator's high-water mark settles over the first
    // few models, so the cycles are measured after a warm-up.
    const cycle = (c: number) => {
      const e = c % 2 ? halfCheetah() : make('HalfCheetah-v5');
      e.reset({ seed: c });
      e.step(action);
      e.render();
      e.close();
    };
    for (let c = 0; c < 30; c++) cycle(c);
    const heapBefore = probeHeap();
    for (let c = 0; c < 200; c++) cycle(c);
    expect(probeHeap()).toBe(heapBefore);
    // power: the same check sees environments that are not closed
    const open = Array.from({ length: 20 }, () => halfCheetah());
    expect(probeHeap()).toBeGreaterThan(heapBefore);
    for (const e of open) e.close();
    env.close();
  });
});
