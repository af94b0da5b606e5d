import { key, random } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { describeClassicControlBasics, expectClose, expectObservation, expectUniformMoments, isClose, uniformMomentZ, Z } from '../../test/helpers/classic-control';
import { ActionError, EnvStateError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { type PendulumExtra, pendulum } from './pendulum';

// The pendulum written here independently: a uniform rod of mass m and length l about its end has
// I = m l²/3, so θ̈ = (m g l/2 · sin θ + u) / I = 3g/(2l)·sin θ + 3u/(m l²); semi-implicit Euler.
// The angle in the cost is taken through atan2 (the representative of θ in (−π, π]).
const dt = 0.05;

function model(state: readonly number[], u: number, g = 10, integrator: 'semi-implicit' | 'euler' = 'semi-implicit') {
  const [theta, thetaDot] = state as [number, number];
  const inertia = (1 * 1 ** 2) / 3;
  const thetaAcc = ((1 * g * 1) / 2 * Math.sin(theta) + u) / inertia;
  const newThetaDot = Math.max(-8, Math.min(8, thetaDot + dt * thetaAcc));
  const newTheta = theta + dt * (integrator === 'semi-implicit' ? newThetaDot : thetaDot);
  const wrapped = Math.atan2(Math.sin(theta), Math.cos(theta));
  const cost = wrapped * wrapped + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
  return { state: [newTheta, newThetaDot], reward: -cost };
}

const unwrapped = (env: { unwrapped: unknown }) => env.unwrapped as PendulumExtra;

describe('pendulum', () => {
  for (const g of [10, 9.81]) {
    it(`each step follows the equations and the cost (g = ${g}) over random states and torques`, () => {
      const env = g === 10 ? pendulum() : pendulum({ g });
      env.reset({ seed: 0 });
      const n = 3000;
      const u = random.uniformArray(key(21), 3 * n);
      let explicitMatches = 0;
      for (let i = 0; i < n; i++) {
        // θ far outside [−π, π] too (the env does not wrap θ), θ̇ over its whole range, u with its ends
        const before = [-12 + 24 * u[3 * i]!, -8 + 16 * u[3 * i + 1]!];
        const torque = i % 50 === 0 ? 2 : i % 50 === 1 ? -2 : -2 + 4 * u[3 * i + 2]!;
        env.state = before;
        const r = env.step([torque]);
        const expected = model(before, torque, g);
        expectClose(env.state as number[], expected.state, 1e-12, `step ${i} state`);
        if (!(Math.abs(r.reward - expected.reward) <= 1e-12 * (1 + Math.abs(expected.reward)))) expect.fail(`step ${i}: reward ${r.reward}, expected ${expected.reward}`);
        if (r.terminated || r.truncated || !(r.reward <= 0 && r.reward >= -16.2736044)) expect.fail(`step ${i}: ${JSON.stringify(r)}`);
        const [theta, thetaDot] = env.state as [number, number];
        expectObservation(r.observation, [Math.cos(theta), Math.sin(theta), thetaDot]);
        expect(env.lastTorque).toBe(torque);
        if (isClose(env.state as number[], model(before, torque, g, 'euler').state, 1e-12)) explicitMatches++;
      }
      // power: explicit Euler (θ′ = θ + θ̇·dt with the old θ̇) is told apart
      expect(explicitMatches).toBeLessThan(n / 100);
    });
  }

  it('reward is −16.2736044 at the worst state and 0 upright at rest; the speed is clipped to ±8', () => {
    const env = pendulum();
    env.reset({ seed: 0 });
    env.state = [Math.PI, 8];
    expect(env.step([2]).reward).toBeCloseTo(-(Math.PI ** 2 + 0.1 * 64 + 0.001 * 4), 12);
    expect(-(Math.PI ** 2 + 0.1 * 64 + 0.001 * 4)).toBeCloseTo(-16.2736044, 7);
    env.state = [2 * Math.PI, 0];
    expect(env.step([0]).reward).toBeCloseTo(0, 12);
    env.state = [0.3, 7.99];
    env.step([2]);
    expect(env.state[1]).toBe(8);
    expect(env.state[0]).toBe(0.3 + 8 * dt);
    env.state = [-Math.PI / 2, -7.9];
    env.step([-2]);
    expect(env.state[1]).toBe(-8);
    expect(env.state[0]).toBe(-Math.PI / 2 - 8 * dt);
  });

  it('the action is a Box of one number in [−2, 2]; anything else is an ActionError', () => {
    const env = pendulum();
    env.reset({ seed: 0 });
    expect(() => env.step([2.0001])).toThrow(ActionError);
    expect(() => env.step([-2.5])).toThrow(/outside \[-2, 2\]/);
    expect(() => env.step(Float64Array.of(2))).not.toThrow();
  });

  it('Pendulum-v1 never terminates and is truncated at step 200', () => {
    const env = make('Pendulum-v1');
    expect(env.spec?.maxEpisodeSteps).toBe(200);
    expect(env.spec?.rewardThreshold).toBeUndefined();
    env.reset({ seed: 2 });
    for (let t = 1; t <= 200; t++) {
      const r = env.step([t % 3 === 0 ? 2 : -1.5]);
      expect(r.terminated).toBe(false);
      expect(r.truncated, `step ${t}`).toBe(t === 200);
    }
    expect(() => env.step([0])).toThrow(EnvStateError);
    expect(make('Pendulum-v1', { g: 9.81 }).spec?.options).toEqual({ g: 9.81 });
  });

  it('make passes g on; the assigned state reaches the env through env.unwrapped', () => {
    const env = make('Pendulum-v1', { g: 9.81 });
    env.reset({ seed: 0 });
    unwrapped(env).state = [1, 0];
    env.step([0]);
    expectClose(unwrapped(env).state as number[], model([1, 0], 0, 9.81).state, 1e-12);
  });

  it('reset draws θ ~ U(−π, π) and θ̇ ~ U(−1, 1) (moments of 3000 resets)', () => {
    const env = pendulum();
    env.reset({ seed: 9 });
    const n = 3000;
    const theta = new Float64Array(n);
    const thetaDot = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const { observation } = env.reset();
      [theta[i], thetaDot[i]] = env.state as [number, number];
      expectObservation(observation, [Math.cos(theta[i]!), Math.sin(theta[i]!), thetaDot[i]!]);
      expect(env.lastTorque).toBeUndefined();
    }
    expectUniformMoments(theta, -Math.PI, Math.PI);
    expectUniformMoments(thetaDot, -1, 1);
    expect(Math.abs(uniformMomentZ(thetaDot, -1.1, 1.1).variance)).toBeGreaterThan(Z);
  });

  it('reset options xInit and yInit set the half-widths; 0 fixes the value; bad values are typed errors', () => {
    const env = pendulum();
    env.reset({ seed: 0 });
    const theta: number[] = [];
    for (let i = 0; i < 2000; i++) {
      env.reset({ options: { xInit: 0.5, yInit: 0 } });
      theta.push(env.state[0]!);
      expect(env.state[1]).toBe(0);
    }
    expectUniformMoments(theta, -0.5, 0.5);
    env.reset({ options: { yInit: 3 } }); // xInit keeps its default π
    expect(Math.abs(env.state[0]!)).toBeLessThanOrEqual(Math.PI);
    expect(() => env.reset({ options: { xInit: -1 } })).toThrow(/pendulum reset options xInit: got -1; allowed: a finite number >= 0/);
    expect(() => env.reset({ options: { yInit: Number.POSITIVE_INFINITY } })).toThrow(/yInit: got Infinity/);
    expect(() => env.reset({ options: { x_init: 1 } })).toThrow(/unknown option "x_init" \(did you mean "xInit"\?\)/);
  });

  it('options are checked', () => {
    expect(() => pendulum({ g: Number.NaN })).toThrow(/pendulum g: got NaN/);
    expect(() => pendulum({ gravity: 9.8 } as never)).toThrow(/unknown option "gravity"/);
  });

  it('render draws the rod from the axle to (−sin θ, cos θ) and an arrow for the last torque', () => {
    const env = pendulum();
    env.reset({ seed: 0 });
    env.state = [0.4, 0];
    expect(env.render().shapes.filter((s) => s.type === 'polygon')).toHaveLength(0);
    env.step([1.5]);
    const frame = env.render();
    const rod = frame.shapes[0];
    if (rod?.type !== 'capsule') throw new Error('no rod');
    expect(rod.x2).toBeCloseTo(-Math.sin(env.state[0]!), 12);
    expect(rod.y2).toBeCloseTo(Math.cos(env.state[0]!), 12);
    expect(frame.shapes.filter((s) => s.type === 'polygon')).toHaveLength(1);
  });

  describeClassicControlBasics(() => pendulum());
  describe('through make', () => describeClassicControlBasics(() => make('Pendulum-v1')));
});
