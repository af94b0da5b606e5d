/**
 * Test helpers shared by the classic-control tests: moment checks of reset draws against a
 * uniform law, float neighbours for boundary tests, seeded trajectories for determinism.
 */
import { type Key, fold, key } from '@stochgrad/core';
import { expect, it } from 'vitest';
import type { Env } from '../../src/env';

/**
 * z-scores of the sample mean and the sample variance of `values` against U(low, high):
 * mean (a + b)/2 with SE σ/√n, σ² = (b − a)²/12; variance with SE √((μ₄ − σ⁴)/n), μ₄ = (b − a)⁴/80.
 */
export function uniformMomentZ(values: ArrayLike<number>, low: number, high: number): { mean: number; variance: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  const variance = squares / (n - 1);
  const width = high - low;
  const sigma2 = width ** 2 / 12;
  const mu4 = width ** 4 / 80;
  return { mean: (mean - (low + high) / 2) / Math.sqrt(sigma2 / n), variance: (variance - sigma2) / Math.sqrt((mu4 - sigma2 ** 2) / n) };
}

/**
 * z for the moment checks: |z| < 4.5 has a false-alarm rate of 6.8e-6 per check (two-sided
 * normal tail); the draws come from fixed seeds, so a run is reproducible.
 */
export const Z = 4.5;

export function expectUniformMoments(values: ArrayLike<number>, low: number, high: number): void {
  const z = uniformMomentZ(values, low, high);
  expect(Math.abs(z.mean), `mean z against U(${low}, ${high})`).toBeLessThan(Z);
  expect(Math.abs(z.variance), `variance z against U(${low}, ${high})`).toBeLessThan(Z);
}

const scratch = new Float64Array(1);
const bits = new BigInt64Array(scratch.buffer);
/** The next float64 after x towards +∞ (x finite, not −0). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  scratch[0] = x;
  bits[0] = bits[0]! + (x > 0 ? 1n : -1n);
  return scratch[0];
}
/** The next float64 after x towards −∞. */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** |actual − expected| ≤ tolerance·(1 + |expected|), elementwise, with the index in the message. */
export function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number, what = ''): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const a = actual[i] as number;
    if (!(Math.abs(a - e) <= tolerance * (1 + Math.abs(e)))) expect.fail(`${what}[${i}]: got ${a}, expected ${e} (tolerance ${tolerance})`);
  }
}

/** Whether every element is within the tolerance (for power checks: a wrong model must not pass). */
export function isClose(actual: readonly number[], expected: readonly number[], tolerance: number): boolean {
  return expected.every((e, i) => Math.abs((actual[i] as number) - e) <= tolerance * (1 + Math.abs(e)));
}

export interface Trajectory {
  observations: Float32Array[];
  rewards: number[];
  terminated: boolean[];
  truncated: boolean[];
}

/**
 * Steps an env from `reset(resetArgs)` with actions drawn from its action space under `actionKey`,
 * resetting (without a seed) when an episode ends, for `steps` steps.
 */
export function trajectory(env: Env, resetArgs: { seed?: number }, steps: number, actionKey: Key = key(99)): Trajectory {
  const out: Trajectory = { observations: [env.reset(resetArgs).observation as Float32Array], rewards: [], terminated: [], truncated: [] };
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(fold(actionKey, t)));
    out.observations.push(r.observation as Float32Array);
    out.rewards.push(r.reward);
    out.terminated.push(r.terminated);
    out.truncated.push(r.truncated);
    if (r.terminated || r.truncated) out.observations.push(env.reset().observation as Float32Array);
  }
  return out;
}

const bytes = (a: Float32Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** Bitwise equality of two trajectories (observation bytes, rewards with Object.is, flags). */
export function expectSameTrajectory(a: Trajectory, b: Trajectory): void {
  expect(a.observations.length).toBe(b.observations.length);
  a.observations.forEach((o, i) => expect(bytes(o)).toEqual(bytes(b.observations[i] as Float32Array)));
  expect(a.rewards.every((r, i) => Object.is(r, b.rewards[i]))).toBe(true);
  expect(a.terminated).toEqual(b.terminated);
  expect(a.truncated).toEqual(b.truncated);
}

/**
 * The checks every classic-control env shares: determinism under seeds (bitwise), the stream
 * going on without a seed, float32 observations inside the observation space, render frames.
 */
export function describeClassicControlBasics(makeEnv: () => Env, steps = 400): void {
  it('same seed gives the same trajectory, bitwise', () => {
    expectSameTrajectory(trajectory(makeEnv(), { seed: 7 }, steps), trajectory(makeEnv(), { seed: 7 }, steps));
  });
  it('different seeds give different start states', () => {
    const a = makeEnv().reset({ seed: 1 }).observation;
    const b = makeEnv().reset({ seed: 2 }).observation;
    expect(bytes(a as Float32Array)).not.toEqual(bytes(b as Float32Array));
  });
  it('reset without a seed continues the stream; a never-seeded env draws as if seeded with 0', () => {
    const env = makeEnv();
    const first = env.reset({ seed: 5 }).observation as Float32Array;
    const second = env.reset().observation as Float32Array;
    expect(bytes(second)).not.toEqual(bytes(first));
    const again = makeEnv();
    expect(bytes(again.reset({ seed: 5 }).observation as Float32Array)).toEqual(bytes(first));
    expect(bytes(again.reset().observation as Float32Array)).toEqual(bytes(second));
    // reseeding with the same seed starts the stream over
    expect(bytes(env.reset({ seed: 5 }).observation as Float32Array)).toEqual(bytes(first));
    expect(bytes(makeEnv().reset().observation as Float32Array)).toEqual(bytes(makeEnv().reset({ seed: 0 }).observation as Float32Array));
  });
  it('observations are Float32Arrays inside the observation space', () => {
    const env = makeEnv();
    const t = trajectory(env, { seed: 3 }, steps);
    expect(env.observationSpace.kind).toBe('box');
    for (const o of t.observations) {
      expect(o).toBeInstanceOf(Float32Array);
      if (!env.observationSpace.contains(o)) expect.fail(`observation ${Array.from(o)} is outside ${env.observationSpace.toString()}`);
    }
    expect(t.rewards.every(Number.isFinite)).toBe(true);
  });
  it('render gives a frame with finite coordinates that changes as the env moves', () => {
    const env = makeEnv();
    env.reset({ seed: 4 });
    const before = JSON.stringify(env.render());
    for (let i = 0; i < 5; i++) env.step(env.actionSpace.sample(fold(key(8), i)));
    const frame = env.render();
    expect(JSON.stringify(frame)).not.toBe(before);
    expect(frame.shapes.length).toBeGreaterThan(0);
    const numbers = JSON.stringify(frame).match(/-?\d+(\.\d+)?(e[-+]\d+)?/g) ?? [];
    expect(numbers.every((s) => Number.isFinite(Number(s)))).toBe(true);
    expect(JSON.stringify(frame)).not.toMatch(/null|NaN|Infinity/);
  });
}

/** `observation` is a Float32Array holding exactly the float32 roundings of `values`. */
export function expectObservation(observation: unknown, values: readonly number[], what = 'observation'): void {
  if (!(observation instanceof Float32Array)) expect.fail(`${what} is not a Float32Array`);
  if (observation.length !== values.length || values.some((v, i) => !Object.is(observation[i], Math.fround(v)))) {
    expect.fail(`${what}: got [${Array.from(observation)}], expected float32 of [${values}]`);
  }
}
