import { key, random } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { describeClassicControlBasics, expectObservation, expectUniformMoments, nextDown, nextUp, uniformMomentZ, Z } from '../../test/helpers/classic-control';
import { EnvStateError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { type MountainCarContinuousExtra, mountainCarContinuous } from './mountain-car-continuous';

// The car written here independently: the acceleration is the engine minus the slope of the hill
// h(x) = 0.45 sin 3x + 0.55 scaled so that 0.0025·cos 3x is gravity's share; velocity first, then
// position (semi-implicit), each clipped, and the left wall stops the car.
function model(x: number, v: number, a: number, goalVelocity = 0) {
  const engine = 0.0015 * Math.max(-1, Math.min(1, a));
  const gravity = 0.0025 * Math.cos(3 * x);
  let newV = Math.max(-0.07, Math.min(0.07, v + engine - gravity));
  const newX = Math.max(-1.2, Math.min(0.6, x + newV));
  if (newX === -1.2 && newV < 0) newV = 0;
  const terminated = newX >= 0.45 && newV >= goalVelocity;
  return { x: newX, v: newV, terminated, reward: (terminated ? 100 : 0) - 0.1 * a * a };
}

/** Within a float32 rounding (the env keeps its state in float32). */
const closeFloat32 = (actual: number, expected: number) => Math.abs(actual - expected) <= 2 ** -23 * Math.abs(expected) + 1e-15;

const unwrapped = (env: { unwrapped: unknown }) => env.unwrapped as MountainCarContinuousExtra;

describe('mountainCarContinuous', () => {
  it('each step follows the equations over random states and forces; the state is stored in float32', () => {
    const env = mountainCarContinuous();
    env.reset({ seed: 0 });
    const n = 4000;
    const u = random.uniformArray(key(31), 3 * n);
    let terminations = 0;
    let wrongGravitySign = 0;
    for (let i = 0; i < n; i++) {
      const x = -1.2 + 1.8 * u[3 * i]!;
      const v = -0.07 + 0.14 * u[3 * i + 1]!;
      const a = i % 40 === 0 ? 1 : i % 40 === 1 ? -1 : -1 + 2 * u[3 * i + 2]!;
      env.state = [x, v];
      const r = env.step([a]);
      const e = model(x, v, a);
      const [x1, v1] = env.state as [number, number];
      if (!closeFloat32(x1, e.x) || !closeFloat32(v1, e.v)) expect.fail(`step ${i} from [${x}, ${v}] with ${a}: got [${x1}, ${v1}], expected [${e.x}, ${e.v}]`);
      if (Math.fround(x1) !== x1 || Math.fround(v1) !== v1) expect.fail(`step ${i}: state [${x1}, ${v1}] is not float32`);
      // the flag and the wall can be decided differently only within a rounding of the boundary
      const nearBoundary = Math.abs(e.x - 0.45) < 1e-12 || Math.abs(e.v) < 1e-15;
      if (!nearBoundary && (r.terminated !== e.terminated || Math.abs(r.reward - e.reward) > 1e-13)) expect.fail(`step ${i}: ${JSON.stringify(r)} vs ${JSON.stringify(e)}`);
      expectObservation(r.observation, [x1, v1]);
      if (r.terminated) terminations++;
      if (closeFloat32(x1, model(x, v + 2 * 0.0025 * Math.cos(3 * x), a).x) && closeFloat32(v1, model(x, v + 2 * 0.0025 * Math.cos(3 * x), a).v)) wrongGravitySign++;
      if (r.terminated) env.reset();
    }
    expect(terminations).toBeGreaterThan(100);
    // power: gravity with the wrong sign is told apart
    expect(wrongGravitySign).toBeLessThan(n / 10);
  });

  it('terminates exactly from x′ = 0.45 and from v′ = 0 (inclusive), with reward 100 − 0.1·a²', () => {
    const env = mountainCarContinuous();
    env.reset({ seed: 0 });
    // find a start x whose step lands exactly on x′ = 0.45 (a = 0, v chosen so that v′ = 0.01 up to rounding)
    let landed = 0;
    let x = 0.44;
    for (let tries = 0; tries < 200 && landed < 2; tries++, x = nextUp(x)) {
      const v = 0.01 + 0.0025 * Math.cos(3 * x);
      const e = model(x, v, 0);
      if (e.x !== 0.45 && nextUp(e.x) !== 0.45) continue;
      env.state = [x, v];
      const r = env.step([0]);
      expect(r.terminated, `x′ = ${e.x}`).toBe(e.x === 0.45);
      landed += e.x === 0.45 ? 1 : 0;
      if (r.terminated) env.reset();
    }
    expect(landed).toBeGreaterThan(0);

    // v′ = v − 0.0025·cos 3x is exactly 0 when v = 0.0025·cos 3x and a = 0
    const c = 0.0025 * Math.cos(3 * 0.5);
    env.reset();
    env.state = [0.5, c];
    let r = env.step([0]);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(100);
    expect(() => env.step([0])).toThrow(EnvStateError);
    env.reset();
    env.state = [0.5, nextDown(c)];
    r = env.step([0]);
    expect(r.terminated).toBe(false);
    expect(r.reward).toBe(0);

    // the penalty on the terminating step uses the action as given
    env.reset();
    env.state = [0.55, 0.03];
    r = env.step([0.7]);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(100 - 0.1 * 0.7 * 0.7);
  });

  it('goalVelocity raises the speed needed at the flag', () => {
    const env = mountainCarContinuous({ goalVelocity: 0.02 });
    env.reset({ seed: 0 });
    const vFor = (target: number) => target + 0.0025 * Math.cos(3 * 0.5);
    env.state = [0.5, vFor(0.015)];
    expect(env.step([0]).terminated).toBe(false);
    env.state = [0.5, vFor(0.025)];
    expect(env.step([0]).terminated).toBe(true);
    expect(() => mountainCarContinuous({ goalVelocity: Number.NaN })).toThrow(/goalVelocity: got NaN/);
  });

  it('the left wall stops the car; speeds are clipped to ±0.07 and positions to [−1.2, 0.6]', () => {
    const env = mountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [-1.19, -0.06];
    env.step([-1]);
    expect(env.state).toEqual([Math.fround(-1.2), 0]);
    env.state = [-0.5, 0.0695];
    env.step([1]);
    expect(env.state[1]).toBe(Math.fround(0.07));
    env.state = [0.3, -0.07];
    env.step([-1]);
    expect(env.state[1]).toBe(Math.fround(-0.07));
  });

  it('MountainCarContinuous-v0 is truncated at step 999 (spec threshold 90)', () => {
    const env = make('MountainCarContinuous-v0');
    expect(env.spec?.maxEpisodeSteps).toBe(999);
    expect(env.spec?.rewardThreshold).toBe(90);
    env.reset({ seed: 4 });
    let total = 0;
    for (let t = 1; t <= 999; t++) {
      const r = env.step([0.1]); // too weak to climb out
      total += r.reward;
      expect(r.terminated).toBe(false);
      if (r.truncated !== (t === 999)) expect.fail(`step ${t}: truncated ${r.truncated}`);
    }
    expect(total).toBeCloseTo(-999 * 0.1 * 0.01, 9);
    expect(() => env.step([0])).toThrow(EnvStateError);
  });

  it('a bang-bang policy that pushes along the velocity reaches the flag', () => {
    const env = make('MountainCarContinuous-v0');
    env.reset({ seed: 0 });
    let steps = 0;
    let r;
    do {
      const v = unwrapped(env).state[1]!;
      r = env.step([v >= 0 ? 1 : -1]);
      steps++;
    } while (!r.terminated && !r.truncated);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBeCloseTo(99.9, 12);
    expect(steps).toBeLessThan(200);
  });

  it('reset draws x ~ U(−0.6, −0.4) with v = 0 (moments of 3000 resets); low and high change the range', () => {
    const env = mountainCarContinuous();
    env.reset({ seed: 5 });
    const n = 3000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const { observation } = env.reset();
      [xs[i]] = env.state as [number];
      expect(env.state[1]).toBe(0);
      expectObservation(observation, [xs[i]!, 0]);
    }
    expectUniformMoments(xs, -0.6, -0.4);
    expect(Math.abs(uniformMomentZ(xs, -0.61, -0.39).variance)).toBeGreaterThan(Z);
    const ys: number[] = [];
    for (let i = 0; i < 1000; i++) {
      env.reset({ options: { low: -1, high: 0.2 } });
      ys.push(env.state[0]!);
    }
    expectUniformMoments(ys, -1, 0.2);
    env.reset({ options: { low: -0.5, high: -0.5 } });
    expect(env.state).toEqual([-0.5, 0]);
    expect(() => env.reset({ options: { low: 0, high: -1 } })).toThrow(/mountainCarContinuous reset options low, high/);
  });

  it('render draws the hill, the car on it and the flag at 0.45', () => {
    const env = mountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [-0.5, 0];
    const [hill, car, , , pole, flag] = env.render().shapes;
    if (hill?.type !== 'polyline' || car?.type !== 'polygon' || pole?.type !== 'polyline' || flag?.type !== 'polygon') throw new Error('unexpected shapes');
    expect(hill.points).toHaveLength(200);
    for (let i = 0; i < 200; i += 2) expect(hill.points[i + 1]).toBeCloseTo(0.45 * Math.sin(3 * hill.points[i]!) + 0.55, 12);
    const cx = (car.points[0]! + car.points[4]!) / 2;
    expect(cx).toBeCloseTo(-0.5, 1);
    expect(pole.points[0]).toBe(0.45);
    expect(flag.fill).toBe('#cccc00');
  });

  describeClassicControlBasics(() => mountainCarContinuous(), 600);
  describe('through make', () => describeClassicControlBasics(() => make('MountainCarContinuous-v0'), 600));
});
