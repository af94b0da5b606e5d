/**
 * Shared checks of the MuJoCo environment tests: reset-noise moments with a stated false-alarm
 * rate, float64 neighbours for boundary tests, and seeded rollouts compared bit for bit.
 */
import { type Key, fold, key } from '@stochgrad/core';
import { expect } from 'vitest';
import type { Env } from '../../src/env';

/** Two-sided z for the moment checks: false alarm ≈ 7·10⁻⁶ per check under the null. */
export const Z = 4.5;

/** Sample mean and variance of values from U(−s, s) are within Z standard errors of 0 and s²/3. */
export function expectUniformNoise(values: ArrayLike<number>, s: number): void {
  const n = values.length;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    expect(Math.abs(v)).toBeLessThanOrEqual(s);
    sum += v;
    squares += v * v;
  }
  const variance = s ** 2 / 3;
  expect(Math.abs(sum / n)).toBeLessThan(Z * Math.sqrt(variance / n));
  // Var(u²) = E u⁴ − (E u²)² = s⁴/5 − s⁴/9
  expect(Math.abs(squares / n - variance)).toBeLessThan(Z * Math.sqrt((s ** 4 / 5 - s ** 4 / 9) / n));
}

/** Sample mean and second moment of values from N(0, sd²) are within Z standard errors. */
export function expectNormalNoise(values: ArrayLike<number>, sd: number): void {
  const n = values.length;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i] as number;
    squares += (values[i] as number) ** 2;
  }
  expect(Math.abs(sum / n)).toBeLessThan((Z * sd) / Math.sqrt(n));
  expect(Math.abs(squares / n - sd ** 2)).toBeLessThan(Z * sd ** 2 * Math.sqrt(2 / n));
}

const view = new DataView(new ArrayBuffer(8));
/** The next float64 above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

/** Seeded random actions; the observations, rewards and flags of every step, in order. */
export function rollout(env: Env, seed: number, steps: number, actionKey: Key = key(7)): number[] {
  const out: number[] = [...env.reset({ seed }).observation];
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(fold(actionKey, t)) as Float32Array);
    out.push(...r.observation, r.reward, Number(r.terminated));
    if (r.terminated) out.push(...env.reset().observation);
  }
  return out;
}

/** Bitwise equality of two number lists (NaN equal to NaN, −0 distinct from 0). */
export function expectBitwiseEqual(a: readonly number[], b: readonly number[]): void {
  expect(a.length).toBe(b.length);
  const mismatch = a.findIndex((v, i) => !Object.is(v, b[i]));
  expect(mismatch).toBe(-1);
}

/** The next float64 below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

export interface PhysicsSnapshot {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
  readonly dt: number;
}

/**
 * Hopper/Walker2d step, recomputed from the physics before and after (Gymnasium v5): observation
 * qpos[1:] then clip(qvel, ±10), reward healthy·h + Δx/dt − w_c‖a‖², terminated = not healthy.
 * Returns whether any velocity was clipped.
 */
export function expectWalkerStep(
  before: PhysicsSnapshot,
  after: PhysicsSnapshot,
  action: ArrayLike<number>,
  result: { observation: Float64Array; reward: number; terminated: boolean; info: Record<string, unknown> },
  healthy: (qpos: Float64Array, qvel: Float64Array) => boolean,
  ctrlCostWeight = 1e-3,
): boolean {
  const clipped = Array.from(after.qvel, (v) => Math.min(10, Math.max(-10, v)));
  expect([...result.observation]).toEqual([...after.qpos.subarray(1), ...clipped]);
  const xVelocity = ((after.qpos[0] as number) - (before.qpos[0] as number)) / after.dt;
  let squares = 0;
  for (let i = 0; i < action.length; i++) squares += (action[i] as number) ** 2;
  const isHealthy = healthy(after.qpos, after.qvel);
  const survive = isHealthy ? 1 : 0;
  expect(result.info).toEqual({
    x_position: after.qpos[0],
    z_distance_from_origin: (after.qpos[1] as number) - 1.25,
    x_velocity: xVelocity,
    reward_forward: xVelocity,
    reward_ctrl: -ctrlCostWeight * squares,
    reward_survive: survive,
  });
  expect(result.reward).toBeCloseTo(survive + xVelocity - ctrlCostWeight * squares, 10);
  expect(result.terminated).toBe(!isHealthy);
  return after.qvel.some((v) => Math.abs(v) > 10);
}

/**
 * The reset noise of a MuJoCo env over `resets` further resets (after one seeded one): each qpos
 * minus the initial qpos `center`, and each qvel.
 */
export function resetOffsets(env: Env & { physics: { qpos: Float64Array; qvel: Float64Array } }, seed: number, resets: number, center: ArrayLike<number>): { qpos: number[]; qvel: number[] } {
  env.reset({ seed });
  const qpos: number[] = [];
  const qvel: number[] = [];
  for (let i = 0; i < resets; i++) {
    env.reset();
    const p = env.physics;
    p.qpos.forEach((v, j) => qpos.push(v - (center[j] ?? 0)));
    qvel.push(...p.qvel);
  }
  return { qpos, qvel };
}
