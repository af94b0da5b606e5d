import { fold, key, random } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { describeClassicControlBasics, expectClose, expectObservation, expectUniformMoments, isClose, nextDown, nextUp, uniformMomentZ, Z } from '../../test/helpers/classic-control';
import { EnvStateError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { type CartPoleExtra, cartPole } from './cart-pole';

// Barto, Sutton & Anderson's equations, written here independently in their multiplied-out form:
//   θ̈ = (M g sin θ − cos θ (F + m l θ̇² sin θ)) / (l (4M/3 − m cos² θ)),  ẍ = (F + m l (θ̇² sin θ − θ̈ cos θ)) / M
const g = 9.8;
const m = 0.1;
const M = 1.1;
const l = 0.5;
const tau = 0.02;
const thetaLimit = (12 * 2 * Math.PI) / 360;

function model(state: readonly number[], action: number, integrator: 'euler' | 'semi-implicit' = 'euler'): number[] {
  const [x, xDot, theta, thetaDot] = state as [number, number, number, number];
  const F = action === 1 ? 10 : -10;
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const thetaAcc = (M * g * s - c * (F + m * l * thetaDot ** 2 * s)) / (l * ((4 * M) / 3 - m * c ** 2));
  const xAcc = (F + m * l * (thetaDot ** 2 * s - thetaAcc * c)) / M;
  if (integrator === 'euler') return [x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc];
  return [x + tau * (xDot + tau * xAcc), xDot + tau * xAcc, theta + tau * (thetaDot + tau * thetaAcc), thetaDot + tau * thetaAcc];
}

const unwrapped = (env: { unwrapped: unknown }) => env.unwrapped as CartPoleExtra;

describe('cartPole', () => {
  it('each step follows the equations (explicit Euler, τ = 0.02) over random states and actions', () => {
    const env = cartPole();
    env.reset({ seed: 0 });
    const n = 2000;
    const u = random.uniformArray(key(11), 5 * n);
    let semiImplicitMatches = 0;
    for (let i = 0; i < n; i++) {
      const before = [-2.4 + 4.8 * u[5 * i]!, -3 + 6 * u[5 * i + 1]!, -thetaLimit + 2 * thetaLimit * u[5 * i + 2]!, -3 + 6 * u[5 * i + 3]!];
      const action = u[5 * i + 4]! < 0.5 ? 0 : 1;
      env.state = before;
      const r = env.step(action);
      const expected = model(before, action);
      expectClose(env.state as number[], expected, 1e-12, `step ${i} state`);
      expectObservation(r.observation, env.state);
      const [x, , theta] = env.state as [number, number, number];
      if (r.terminated !== (x < -2.4 || x > 2.4 || theta < -thetaLimit || theta > thetaLimit) || r.truncated || r.reward !== 1) {
        expect.fail(`step ${i}: terminated ${r.terminated}, truncated ${r.truncated}, reward ${r.reward} at x ${x}, θ ${theta}`);
      }
      if (isClose(env.state as number[], model(before, action, 'semi-implicit'), 1e-12)) semiImplicitMatches++;
      if (r.terminated) env.reset();
    }
    // power: the comparison tells the semi-implicit variant apart
    expect(semiImplicitMatches).toBe(0);
  });

  it('terminates strictly beyond |x| = 2.4 and |θ| = 12°, with reward +1 on the terminating step', () => {
    const env = cartPole();
    const cases: [number[], boolean][] = [
      [[2.4, 0, 0, 0], false],
      [[nextUp(2.4), 0, 0, 0], true],
      [[-2.4, 0, 0, 0], false],
      [[nextDown(-2.4), 0, 0, 0], true],
      [[0, 0, thetaLimit, 0], false],
      [[0, 0, nextUp(thetaLimit), 0], true],
      [[0, 0, -thetaLimit, 0], false],
      [[0, 0, nextDown(-thetaLimit), 0], true],
      // reached by moving: x + τ·ẋ just inside / beyond
      [[2.3, 5, 0, 0], false],
      [[2.3, 5.5, 0, 0], true],
    ];
    for (const [state, terminated] of cases) {
      env.reset({ seed: 0 });
      env.state = state;
      const r = env.step(1);
      expect(r.terminated, `state ${state}`).toBe(terminated);
      expect(r.reward).toBe(1);
      if (terminated) expect(() => env.step(1)).toThrow(EnvStateError);
    }
    // the step moves x and θ by τ times the old velocities, so these really sat on the limit
    env.reset({ seed: 0 });
    env.state = [2.4, 0, thetaLimit, 0];
    env.step(0);
    expect(env.state[0]).toBe(2.4);
    expect(env.state[2]).toBe(thetaLimit);
  });

  it('suttonBartoReward gives 0 per step and −1 on termination', () => {
    const env = cartPole({ suttonBartoReward: true });
    env.reset({ seed: 0 });
    expect(env.step(1).reward).toBe(0);
    env.state = [nextUp(2.4), 0, 0, 0];
    const r = env.step(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(-1);
  });

  for (const [id, limit] of [['CartPole-v1', 500], ['CartPole-v0', 200]] as const) {
    it(`${id} is truncated at step ${limit}, not before, and both flags are set when the limit and a terminal state coincide`, () => {
      const env = make(id);
      expect(env.spec?.maxEpisodeSteps).toBe(limit);
      expect(env.spec?.rewardThreshold).toBe(id === 'CartPole-v1' ? 475 : 195);
      for (const endTerminal of [false, true]) {
        env.reset({ seed: 1 });
        for (let t = 1; t <= limit; t++) {
          // hold the pole up so that only the time limit can end the episode
          unwrapped(env).state = t === limit && endTerminal ? [nextUp(2.4), 0, 0, 0] : [0, 0, 0, 0];
          const r = env.step(t % 2);
          expect(r.truncated, `step ${t}`).toBe(t === limit);
          expect(r.terminated, `step ${t}`).toBe(t === limit && endTerminal);
          expect(r.reward).toBe(1);
        }
        expect(() => env.step(0)).toThrow(EnvStateError);
      }
    });
  }

  it('reset draws the four state values from U(−0.05, 0.05) (moments of 2000 resets)', () => {
    const env = cartPole();
    env.reset({ seed: 3 });
    const n = 2000;
    const columns = [0, 1, 2, 3].map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const { observation } = env.reset();
      env.state.forEach((v, j) => (columns[j]![i] = v));
      expectObservation(observation, env.state);
    }
    for (const c of columns) {
      expectUniformMoments(c, -0.05, 0.05);
      // power: a 10% wider interval is rejected
      expect(Math.abs(uniformMomentZ(c, -0.055, 0.055).variance)).toBeGreaterThan(Z);
    }
  });

  it('reset options low and high set the uniform range; low = high is allowed; bad values are typed errors', () => {
    const env = cartPole();
    env.reset({ seed: 0 });
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) {
      env.reset({ options: { low: -0.2, high: 0.3 } });
      values.push(...env.state);
    }
    expectUniformMoments(values, -0.2, 0.3);
    env.reset({ options: { low: 0.01, high: 0.01 } });
    expect(env.state).toEqual([0.01, 0.01, 0.01, 0.01]);
    env.reset({ options: { high: 0.01 } }); // low keeps its default
    expect(env.state.every((v) => v >= -0.05 && v <= 0.01)).toBe(true);
    expect(() => env.reset({ options: { low: 0.1, high: -0.1 } })).toThrow(/low, high.*got low 0.1, high -0.1.*low <= high/);
    expect(() => env.reset({ options: { low: Number.NaN } })).toThrow(/finite numbers/);
    expect(() => env.reset({ options: { low: '0' } })).toThrow(/got low string "0"/);
  });

  it('an assigned state is checked', () => {
    const env = cartPole();
    expect(() => (env.state = [0, 0, 0])).toThrow(/cartPole state: got an array of length 3/);
    expect(() => (env.state = [0, 0, Number.NaN, 0])).toThrow(/got NaN for θ \(index 2\)/);
  });

  it('render draws the cart at x and the pole at θ', () => {
    const env = cartPole();
    env.reset({ seed: 0 });
    env.state = [1, 0, 0.1, 0];
    const shapes = env.render().shapes;
    const pole = shapes.find((s) => s.type === 'capsule');
    expect(pole).toMatchObject({ x1: 1 });
    if (pole?.type !== 'capsule') throw new Error('no pole');
    expect(Math.atan2(pole.x2 - pole.x1, pole.y2 - pole.y1)).toBeCloseTo(0.1, 12);
  });

  describeClassicControlBasics(() => cartPole());
  describe('through make', () => describeClassicControlBasics(() => make('CartPole-v1')));

  it('a fixed seed gives a fixed start state (a regression guard on the seeding)', () => {
    const { observation } = cartPole().reset({ seed: 42 });
    const draws = random.uniformArray(fold(key(42), 0), 4, { low: -0.05, high: 0.05 });
    expect(observation).toEqual(Float32Array.from(draws));
  });
});
