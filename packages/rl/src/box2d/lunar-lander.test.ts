import { ArgumentError, key, random } from '@stochgrad/core';
import type { Body, Contact, RevoluteJoint } from 'planck';
import { describe, expect, it } from 'vitest';
import { EnvStateError, ActionError } from '../errors';
import { createRng } from '../internal/rng';
import { make } from '../registry';
import '../registrations';
import { frameToSvg } from '../render';
import { lunarLander } from './lunar-lander';

// Gymnasium's constants, restated here so the checks do not read them from the implementation
const W = 600 / 30;
const H = 400 / 30;
const PAD_Y = H / 4;
const LEG_DOWN = 18 / 30;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

type Obs = [number, number, number, number, number, number, number, number];

/**
 * A pilot written from the physics: lean the thrust axis toward the pad (a positive angle tilts
 * the main engine's push toward −x), hold the lean with a PD law on angle and angular speed
 * (side engines), and cap the fall speed with a target that shrinks with height (main engine).
 * After touchdown it only brakes the fall.
 */
function pilot(observation: ArrayLike<number>, continuous: boolean, xOffset = 0): number | number[] {
  const [x0, y, vx, vy, angle, omega, leg1, leg2] = Array.from(observation) as Obs;
  const x = x0 - xOffset;
  const touching = leg1 > 0 || leg2 > 0;
  const lean = clamp(0.6 * x + 1.2 * vx, -0.35, 0.35);
  const torque = touching ? 0 : 0.6 * (lean - angle) - 1.2 * omega;
  const descent = -0.08 - 0.35 * Math.max(y - 0.5 * Math.abs(x), 0);
  const lift = touching ? -0.5 * vy : 0.8 * (descent - vy);
  if (continuous) return [clamp(15 * lift - 0.5, -1, 1), clamp(-20 * torque, -1, 1)];
  if (lift > 0.05 && lift > Math.abs(torque)) return 2;
  if (torque > 0.04) return 1;
  if (torque < -0.04) return 3;
  return 0;
}

/** Gymnasium's shaping, from an observation. */
const shaping = (o: Float32Array) => {
  const [x, y, vx, vy, angle, , leg1, leg2] = Array.from(o) as Obs;
  return -100 * Math.hypot(x, y) - 100 * Math.hypot(vx, vy) - 100 * Math.abs(angle) + 10 * leg1 + 10 * leg2;
};

/** Main and side engine powers of an action, from Gymnasium's rules. */
function powers(action: number | number[]): { main: number; side: number } {
  if (typeof action === 'number') return { main: action === 2 ? 1 : 0, side: action === 1 || action === 3 ? 1 : 0 };
  const [a0, a1] = action as [number, number];
  return { main: a0 > 0 ? (a0 + 1) / 2 : 0, side: Math.abs(a1) > 0.5 ? Math.abs(a1) : 0 };
}

/** Whether a touching contact joins `body` to another body, from planck's contact list. */
function touches(body: Body): boolean {
  const world = body.getWorld();
  for (let c: Contact | null = world.getContactList(); c; c = c.getNext()) {
    if (!c.isTouching()) continue;
    if (c.getFixtureA().getBody() === body || c.getFixtureB().getBody() === body) return true;
  }
  return false;
}

function randomActions(seed: number, n: number, continuous: boolean): (number | number[])[] {
  if (!continuous) return Array.from(random.integerArray(key(seed), n, 4));
  const u = random.uniformArray(key(seed), 2 * n, { low: -1, high: 1 });
  return Array.from({ length: n }, (_, i) => [u[2 * i] as number, u[2 * i + 1] as number]);
}

function expectClose(actual: number, expected: number, what: string) {
  const tol = 1e-6 * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${what}: got ${actual}, expected ${expected}`);
}

describe('lunarLander spaces and registrations', () => {
  it('has v3 observation bounds and the two action spaces', () => {
    const env = lunarLander();
    const f = Math.fround;
    expect(Array.from(env.observationSpace.kind === 'box' ? env.observationSpace.low : [])).toEqual([-2.5, -2.5, -10, -10, f(-2 * Math.PI), -10, -0, -0]);
    expect(Array.from(env.observationSpace.kind === 'box' ? env.observationSpace.high : [])).toEqual([2.5, 2.5, 10, 10, f(2 * Math.PI), 10, 1, 1]);
    expect(env.actionSpace.toString()).toBe('Discrete(4)');
    expect(lunarLander({ continuous: true }).actionSpace.toString()).toBe('Box(-1, 1, [2], float32)');
    expect(env.metadata.renderFps).toBe(50);
  });

  it('is registered as LunarLander-v3 and LunarLanderContinuous-v3 (1000 steps, threshold 200)', () => {
    for (const [id, space] of [
      ['LunarLander-v3', 'Discrete(4)'],
      ['LunarLanderContinuous-v3', 'Box(-1, 1, [2], float32)'],
    ] as const) {
      const env = make(id, { gravity: -9, enableWind: true, windPower: 10, turbulencePower: 1 });
      expect(env.spec?.maxEpisodeSteps).toBe(1000);
      expect(env.spec?.rewardThreshold).toBe(200);
      expect(env.actionSpace.toString()).toBe(space);
      const { observation } = env.reset({ seed: 1 });
      expect(observation).toBeInstanceOf(Float32Array);
      expect(observation.length).toBe(8);
      env.close();
    }
  });

  it('throws typed errors for bad options and actions', () => {
    for (const gravity of [0, -12, 1, -20, Number.NaN]) expect(() => lunarLander({ gravity })).toThrow(ArgumentError);
    expect(() => lunarLander({ gravity: 0 })).toThrow(/gravity.*\(−12, 0\)/);
    expect(() => lunarLander({ gravity: '-10' as unknown as number })).toThrow(/a finite number/);
    expect(() => lunarLander({ gravitee: -10 } as never)).toThrow(/unknown option "gravitee".*"gravity"/);
    expect(() => lunarLander({ continuous: 1 as unknown as boolean })).toThrow(/true or false/);
    expect(() => lunarLander({ windPower: Number.POSITIVE_INFINITY })).toThrow(ArgumentError);
    expect(() => make('LunarLander-v3', { enableWinds: true })).toThrow(/"enableWinds".*"enableWind"/);
    expect(() => make('LunarLanderContinuous-v3', { gravity: -13 })).toThrow(ArgumentError);
    const discreteEnv = lunarLander();
    discreteEnv.reset({ seed: 0 });
    expect(() => discreteEnv.step(4)).toThrow(ActionError);
    expect(() => discreteEnv.step([0, 0])).toThrow(ActionError);
    const continuousEnv = lunarLander({ continuous: true });
    continuousEnv.reset({ seed: 0 });
    expect(() => continuousEnv.step([1.5, 0])).toThrow(ActionError);
    expect(() => continuousEnv.step(2)).toThrow(ActionError);
  });
});

describe('lunarLander observation and reward', () => {
  it('lays out the observation from the bodies (position, velocity, angle, angular velocity, leg contacts)', () => {
    let legSteps = 0;
    for (const continuous of [false, true]) {
      const env = lunarLander({ continuous });
      for (const seed of [1, 2]) {
        let { observation } = env.reset({ seed });
        // Gymnasium's contact flags, from planck's own events: set when a contact with the leg
        // begins, cleared when any contact with it ends
        const flags = [0, 0];
        const { world, legs } = env.physics!;
        const legOf = (c: Contact) => legs.findIndex((leg) => c.getFixtureA().getBody() === leg || c.getFixtureB().getBody() === leg);
        world.on('begin-contact', (c) => {
          if (legOf(c) >= 0) flags[legOf(c)] = 1;
        });
        world.on('end-contact', (c) => {
          if (legOf(c) >= 0) flags[legOf(c)] = 0;
        });
        const flight = randomActions(seed + 50, 1000, continuous);
        for (let t = 0; t < 1000; t++) {
          // the first half of each episode flies randomly, the rest lands
          const action = t < 40 ? (flight[t] as number | number[]) : pilot(observation, continuous);
          const step = env.step(action as never);
          observation = step.observation;
          const physics = env.physics!;
          const p = physics.lander.getPosition();
          const v = physics.lander.getLinearVelocity();
          const o = Array.from(observation) as Obs;
          expectClose(o[0], (p.x - W / 2) / (W / 2), 'x');
          expectClose(o[1], (p.y - (PAD_Y + LEG_DOWN)) / (H / 2), 'y');
          expectClose(o[2], (v.x * (W / 2)) / 50, 'vx');
          expectClose(o[3], (v.y * (H / 2)) / 50, 'vy');
          expectClose(o[4], physics.lander.getAngle(), 'angle');
          expectClose(o[5], (20 * physics.lander.getAngularVelocity()) / 50, 'angular velocity');
          if (o[6] !== flags[0] || o[7] !== flags[1]) expect.fail(`step ${t}: leg flags ${o[6]}, ${o[7]}; events say ${flags.join(', ')}`);
          // a set flag means a touching contact (a leg across two edges may touch with a cleared flag)
          if ((o[6] && !touches(physics.legs[0])) || (o[7] && !touches(physics.legs[1]))) expect.fail(`step ${t}: a leg flag is set with no touching contact`);
          if (o[6] || o[7]) legSteps++;
          if (step.terminated) break;
        }
      }
      env.close();
    }
    expect(legSteps).toBeGreaterThan(20);
  });

  it('builds Gymnasium\u2019s bodies and joints: masses, leg sides, limits, motors, reference angles', () => {
    const env = lunarLander();
    env.reset({ seed: 3 });
    const { lander, legs } = env.physics!;
    expect(legs[0].getPosition().x).toBeGreaterThan(lander.getPosition().x);
    expect(legs[1].getPosition().x).toBeLessThan(lander.getPosition().x);
    expect(lander.getMass()).toBeCloseTo(5 * ((34 * 27 - 3 * 17) / 900), 10); // hull area: 34×27 minus two 3×17/2 corners
    for (const leg of legs) expect(leg.getMass()).toBeCloseTo(1 * (4 / 30) * (16 / 30), 12);
    // Gymnasium's joints: leg 1 (i = −1) may swing in [0.4, 0.9], leg 2 (i = +1) in [−0.9, −0.4],
    // motors at ∓0.3 rad/s with torque 40, reference angles from the legs' initial ∓0.05
    const joints = [] as RevoluteJoint[];
    for (let j = lander.getWorld().getJointList(); j; j = j.getNext()) joints.push(j as RevoluteJoint);
    expect(joints.length).toBe(2);
    for (const [k, i] of [
      [0, -1],
      [1, 1],
    ] as const) {
      const joint = joints.find((j) => j.getBodyB() === legs[k])!;
      expect(joint.getBodyA()).toBe(lander);
      expect(joint.getReferenceAngle()).toBeCloseTo(i * 0.05, 15);
      expect([joint.getLowerLimit(), joint.getUpperLimit()]).toEqual(i === -1 ? [0.9 - 0.5, 0.9] : [-0.9, -0.9 + 0.5]);
      expect(joint.getMotorSpeed()).toBeCloseTo(0.3 * i, 15);
      expect(joint.getMaxMotorTorque()).toBe(40);
      expect(joint.isMotorEnabled() && joint.isLimitEnabled()).toBe(true);
      expect(joint.getLocalAnchorA()).toEqual({ x: 0, y: 0 });
      expect(joint.getLocalAnchorB().x).toBeCloseTo((i * 20) / 30, 15);
      expect(joint.getLocalAnchorB().y).toBeCloseTo(18 / 30, 15);
    }
  });

  it('gives shaping_t − shaping_{t−1} − 0.30·m_power − 0.03·s_power on every non-terminal step', () => {
    let checked = 0;
    const run = (continuous: boolean, seed: number, choose: (t: number, o: Float32Array) => number | number[], steps: number) => {
      const env = lunarLander({ continuous });
      let { observation } = env.reset({ seed });
      for (let t = 0; t < steps; t++) {
        const action = choose(t, observation);
        const before = shaping(observation);
        const step = env.step(action as never);
        if (step.terminated) break;
        const { main, side } = powers(action);
        const expected = shaping(step.observation) - before - 0.3 * main - 0.03 * side;
        if (!(Math.abs(step.reward - expected) < 2e-4)) expect.fail(`step ${t}, action ${JSON.stringify(action)}: reward ${step.reward}, expected ${expected}`);
        checked++;
        observation = step.observation;
      }
      env.close();
    };
    for (const a of [0, 1, 2, 3]) run(false, 10 + a, () => a, 120);
    const discrete = randomActions(7, 400, false);
    run(false, 7, (t) => discrete[t] as number, 400);
    for (const a of [
      [0.3, 0],
      [-0.5, -0.8],
      [1, 0.6],
      [0.9, 1],
    ])
      run(true, 20, () => a, 120);
    const continuous = randomActions(8, 400, true);
    run(true, 8, (t) => continuous[t] as number[], 400);
    run(true, 9, (_, o) => pilot(o, true), 1000);
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('lunarLander forces', () => {
  /** Σ m·v over the hull and legs: joints only pass momentum between them. */
  const momentum = (bodies: readonly Body[]) => {
    let x = 0;
    let y = 0;
    for (const b of bodies) {
      x += b.getMass() * b.getLinearVelocity().x;
      y += b.getMass() * b.getLinearVelocity().y;
    }
    return { x, y };
  };
  const anyTouching = (world: Body['getWorld'] extends () => infer TWorld ? TWorld : never) => {
    for (let c: Contact | null = world.getContactList(); c; c = c.getNext()) if (c.isTouching()) return true;
    return false;
  };

  it('changes the momentum by the initial force, gravity, wind and Gymnasium\u2019s engine impulses', () => {
    const h = 1 / 50;
    const cases = [
      { continuous: false, enableWind: false, seed: 21 },
      { continuous: true, enableWind: false, seed: 22 },
      { continuous: true, enableWind: true, seed: 23 },
      { continuous: false, enableWind: true, seed: 24 },
    ];
    let checked = 0;
    for (const { continuous, enableWind, seed } of cases) {
      const gravity = -8;
      const windPower = 17;
      const env = lunarLander({ continuous, enableWind, windPower, gravity });
      env.reset({ seed });
      const { world, lander, legs } = env.physics!;
      const bodies = [lander, ...legs];
      const mass = bodies.reduce((m, b) => m + b.getMass(), 0);
      // the seed's stream, drawn in Gymnasium's order: terrain, initial force, wind phases, dispersions
      const stream = createRng(seed);
      stream.uniform(12, 0, H / 2);
      const force = stream.uniform(2, -1000, 1000);
      let windIndex = enableWind ? stream.integer(19998) - 9999 : 0;
      if (enableWind) stream.integer(19998);
      stream.uniform(2, -1, 1); // the reset's no-op step
      // the reset's step: the initial force (and the first wind) over one step, from rest
      const first = momentum(bodies);
      const wind0 = enableWind ? windPower * Math.tanh(Math.sin(0.02 * windIndex) + Math.sin(0.01 * Math.PI * windIndex)) : 0;
      if (enableWind) windIndex++;
      expect(first.x).toBeCloseTo(h * ((force[0] as number) + wind0), 9);
      expect(first.y).toBeCloseTo(h * ((force[1] as number) + mass * gravity), 9);

      const actions = randomActions(seed, 200, continuous);
      for (let t = 0; t < 200; t++) {
        const action = actions[t] as number | number[];
        const before = momentum(bodies);
        const angle = lander.getAngle();
        const [u0, u1] = stream.uniform(2, -1, 1) as unknown as [number, number];
        const d0 = u0 / 30;
        const d1 = u1 / 30;
        const tip = [Math.sin(angle), Math.cos(angle)] as const;
        const side = [-tip[1], tip[0]] as const;
        const { main, side: sidePower } = powers(action);
        let jx = 0;
        let jy = 0;
        if (main > 0) {
          const ox = tip[0] * (4 / 30 + 2 * d0) + side[0] * d1;
          const oy = -tip[1] * (4 / 30 + 2 * d0) - side[1] * d1;
          jx -= ox * 13 * main;
          jy -= oy * 13 * main;
        }
        if (sidePower > 0) {
          const direction = typeof action === 'number' ? action - 2 : Math.sign(action[1] as number);
          const ox = tip[0] * d0 + side[0] * (3 * d1 + (direction * 12) / 30);
          const oy = -tip[1] * d0 - side[1] * (3 * d1 + (direction * 12) / 30);
          jx -= ox * 0.6 * sidePower;
          jy -= oy * 0.6 * sidePower;
        }
        const wind = enableWind ? windPower * Math.tanh(Math.sin(0.02 * windIndex) + Math.sin(0.01 * Math.PI * windIndex)) : 0;
        if (enableWind) windIndex++;
        const step = env.step(action as never);
        if (step.terminated || anyTouching(world)) break;
        const after = momentum(bodies);
        expect(after.x - before.x).toBeCloseTo(jx + h * wind, 9);
        expect(after.y - before.y).toBeCloseTo(jy + h * mass * gravity, 9);
        checked++;
      }
      env.close();
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('lunarLander torques', () => {
  const cross = (ax: number, ay: number, bx: number, by: number) => ax * by - ay * bx;
  /** Angular momentum of hull and legs about the world origin: Σ I_c ω + c × m v. */
  const angularMomentum = (bodies: readonly Body[]) => {
    let total = 0;
    for (const b of bodies) {
      const c = b.getWorldCenter();
      const v = b.getLinearVelocity();
      const local = b.getLocalCenter();
      const inertiaAtCenter = b.getInertia() - b.getMass() * (local.x * local.x + local.y * local.y);
      total += inertiaAtCenter * b.getAngularVelocity() + b.getMass() * cross(c.x, c.y, v.x, v.y);
    }
    return total;
  };

  it('turns the lander by the engine impulses at Gymnasium\u2019s nozzle points (the side engine\u2019s 17/30 lever included) and by the turbulence', () => {
    const h = 1 / 50;
    const gravity = -10;
    // the position solver moves the bodies' centres a little without touching their momenta
    const tolerance = 1.5e-4;
    let checked = 0;
    let tilted = 0;
    let wouldMiss = 0;
    const windPower = 18;
    const turbulencePower = 1.8;
    const profile = (i: number) => Math.tanh(Math.sin(0.02 * i) + Math.sin(0.01 * Math.PI * i));
    for (const [continuous, seed, enableWind] of [
      [false, 31, false],
      [true, 32, false],
      [false, 33, false],
      [true, 34, true],
    ] as const) {
      const env = lunarLander({ continuous, enableWind, windPower, turbulencePower });
      env.reset({ seed });
      const { world, lander, legs } = env.physics!;
      const bodies = [lander, ...legs];
      const stream = createRng(seed);
      stream.uniform(12, 0, H / 2);
      stream.uniform(2, -1000, 1000);
      // the reset's step used the first wind and turbulence indices
      const windIndex = enableWind ? stream.integer(19998) - 9999 + 1 : 0;
      const torqueIndex = enableWind ? stream.integer(19998) - 9999 + 1 : 0;
      stream.uniform(2, -1, 1);
      const actions = randomActions(seed, 300, continuous);
      for (let t = 0; t < 300; t++) {
        const action = actions[t] as number | number[];
        const before = angularMomentum(bodies);
        let gravityImpulse = 0;
        for (const b of bodies) gravityImpulse += b.getWorldCenter().x * b.getMass() * gravity * h;
        const angle = lander.getAngle();
        const p = lander.getPosition();
        const [u0, u1] = stream.uniform(2, -1, 1) as unknown as [number, number];
        const d0 = u0 / 30;
        const d1 = u1 / 30;
        const tip = [Math.sin(angle), Math.cos(angle)] as const;
        const side = [-tip[1], tip[0]] as const;
        const { main, side: sidePower } = powers(action);
        let angularImpulse = gravityImpulse;
        if (enableWind) {
          // wind: a force at the hull's centre; turbulence: a torque
          const c = lander.getWorldCenter();
          angularImpulse += h * (cross(c.x, c.y, windPower * profile(windIndex + t), 0) + turbulencePower * profile(torqueIndex + t));
        }
        if (main > 0) {
          const ox = tip[0] * (4 / 30 + 2 * d0) + side[0] * d1;
          const oy = -tip[1] * (4 / 30 + 2 * d0) - side[1] * d1;
          angularImpulse += cross(p.x + ox, p.y + oy, -ox * 13 * main, -oy * 13 * main);
        }
        if (sidePower > 0) {
          const direction = typeof action === 'number' ? action - 2 : Math.sign(action[1] as number);
          const ox = tip[0] * d0 + side[0] * (3 * d1 + (direction * 12) / 30);
          const oy = -tip[1] * d0 - side[1] * (3 * d1 + (direction * 12) / 30);
          angularImpulse += cross(p.x + ox - (tip[0] * 17) / 30, p.y + oy + (tip[1] * 14) / 30, -ox * 0.6 * sidePower, -oy * 0.6 * sidePower);
          // a 14/30 lever along x (SIDE_ENGINE_HEIGHT) would turn the lander by this much more
          if (Math.abs(cross((tip[0] * 3) / 30, 0, -ox * 0.6 * sidePower, -oy * 0.6 * sidePower)) > 2 * tolerance) wouldMiss++;
        }
        const anchors: [number, number][] = [];
        for (let j = world.getJointList(); j; j = j.getNext()) anchors.push([j.getAnchorB().x - j.getAnchorA().x, j.getAnchorB().y - j.getAnchorA().y]);
        const step = env.step(action as never);
        // the legs' joints pass angular momentum exactly only when their anchors coincide: add
        // (anchor B − anchor A) × (the joint's impulse this step)
        let k = 0;
        for (let j = world.getJointList(); j; j = j.getNext(), k++) {
          const impulse = j.getReactionForce(1);
          angularImpulse += cross(anchors[k]![0], anchors[k]![1], impulse.x, impulse.y);
        }
        let touching = false;
        for (let c: Contact | null = world.getContactList(); c; c = c.getNext()) touching ||= c.isTouching();
        if (step.terminated || touching) break;
        expect(Math.abs(angularMomentum(bodies) - before - angularImpulse)).toBeLessThan(tolerance);
        checked++;
        if (Math.abs(angle) > 0.1) tilted++;
      }
      env.close();
    }
    expect(checked).toBeGreaterThan(100);
    expect(tilted).toBeGreaterThan(30);
    expect(wouldMiss).toBeGreaterThan(20);
  });
});

describe('lunarLander termination', () => {
  it('ends with −100 when the hull hits the moon', () => {
    for (const seed of [0, 1, 2]) {
      const env = lunarLander();
      env.reset({ seed });
      let last;
      for (let t = 0; t < 1000; t++) {
        last = env.step(0);
        if (last.terminated) break;
      }
      expect(last?.terminated).toBe(true);
      expect(last?.reward).toBe(-100);
      expect(env.physics?.gameOver).toBe(true);
      expect(touches(env.physics!.lander)).toBe(true);
      expect(() => env.step(0)).toThrow(EnvStateError);
    }
  });

  it('ends with −100 when the lander leaves the screen (|x| ≥ 1)', () => {
    for (const [continuous, side] of [
      [false, 1.6],
      [true, -1.6],
    ] as const) {
      const env = lunarLander({ continuous });
      let { observation } = env.reset({ seed: 4 });
      let last;
      for (let t = 0; t < 1000; t++) {
        last = env.step(pilot(observation, continuous, side) as never);
        observation = last.observation;
        if (last.terminated) break;
      }
      expect(last?.terminated).toBe(true);
      expect(last?.reward).toBe(-100);
      expect(Math.abs(observation[0] as number)).toBeGreaterThanOrEqual(1);
      expect(Math.sign(observation[0] as number)).toBe(Math.sign(side));
      expect(env.physics?.gameOver).toBe(false);
    }
  });

  it('ends with +100 when the lander comes to rest, and a pilot from the physics scores over 200', () => {
    for (const continuous of [false, true]) {
      const env = make(continuous ? 'LunarLanderContinuous-v3' : 'LunarLander-v3');
      const returns: number[] = [];
      for (const seed of [0, 1, 2, 3, 4]) {
        let { observation } = env.reset({ seed });
        let total = 0;
        let last;
        for (;;) {
          last = env.step(pilot(observation, continuous) as never);
          total += last.reward;
          observation = last.observation;
          if (last.terminated || last.truncated) break;
        }
        expect(last.terminated).toBe(true);
        expect(last.reward).toBe(100);
        const lander = (env.unwrapped as ReturnType<typeof lunarLander>).physics!.lander;
        expect(lander.isAwake()).toBe(false);
        // at rest on the pad: between the flags, legs down
        expect(Math.abs(observation[0] as number)).toBeLessThan(0.2);
        expect((observation[6] as number) + (observation[7] as number)).toBeGreaterThanOrEqual(1);
        returns.push(total);
      }
      const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
      expect(mean, `returns ${returns.map((r) => r.toFixed(1)).join(', ')}`).toBeGreaterThan(200);
      env.close();
    }
  });
});

describe('lunarLander randomness', () => {
  const episode = (continuous: boolean, seed: number, options: Parameters<typeof lunarLander>[0] = {}, env = lunarLander({ ...options, continuous })) => {
    const actions = randomActions(seed + 1000, 1000, continuous);
    const { observation } = env.reset({ seed });
    const observations = [Array.from(observation)];
    const rewards: number[] = [];
    for (let t = 0; t < 1000; t++) {
      const step = env.step(actions[t] as never);
      observations.push(Array.from(step.observation));
      rewards.push(step.reward);
      if (step.terminated) break;
    }
    return { observations, rewards };
  };

  it('replays an episode bit for bit from the same seed (discrete, continuous, wind), also on a reused env', () => {
    for (const continuous of [false, true]) {
      for (const options of [{}, { enableWind: true }]) {
        const a = episode(continuous, 5, options);
        const b = episode(continuous, 5, options);
        expect(a.rewards.length).toBeGreaterThan(30);
        expect(b.observations).toEqual(a.observations);
        expect(b.rewards.every((r, i) => Object.is(r, a.rewards[i]))).toBe(true);
        // a new world each reset: an env that ran another episode replays the same one
        const reused = lunarLander({ ...options, continuous });
        episode(continuous, 6, options, reused);
        const c = episode(continuous, 5, options, reused);
        expect(c.observations).toEqual(a.observations);
        expect(c.rewards).toEqual(a.rewards);
      }
    }
  });

  it('draws the wind and turbulence from the seed: wind changes the flight', () => {
    const calm = episode(false, 11);
    const windy = episode(false, 11, { enableWind: true, windPower: 20, turbulencePower: 2 });
    expect(windy.observations[1]).not.toEqual(calm.observations[1]);
  });

  it('builds Gymnasium terrain from the seed: smoothed random chunks, a flat pad, different per seed', () => {
    const env = lunarLander();
    const terrains: number[][] = [];
    for (const seed of [0, 1, 2]) {
      env.reset({ seed });
      const { terrain, helipad } = env.physics!;
      // the stream's first draw: 12 heights on (0, H/2)
      const h = Array.from(createRng(seed).uniform(12, 0, H / 2));
      for (let i = 3; i <= 7; i++) h[i] = H / 4;
      for (let i = 0; i < 11; i++) {
        expect(terrain[2 * i]).toBeCloseTo((i * W) / 10, 12);
        expect(terrain[2 * i + 1]).toBeCloseTo(0.33 * (h.at(i - 1)! + h[i]! + h[i + 1]!), 12);
      }
      expect(helipad).toEqual({ x1: 8, x2: 12, y: H / 4 });
      terrains.push(terrain.slice());
    }
    expect(terrains[1]).not.toEqual(terrains[0]);
    expect(terrains[2]).not.toEqual(terrains[1]);
    env.reset({ seed: 1 });
    expect(env.physics!.terrain).toEqual(terrains[1]);
  });

  it('falls faster under stronger gravity', () => {
    const vy = (gravity: number) => {
      const env = lunarLander({ gravity });
      env.reset({ seed: 2 });
      let speed = 0;
      for (let t = 0; t < 30; t++) speed = env.step(0).observation[3] as number;
      return speed;
    };
    expect(vy(-11)).toBeLessThan(vy(-2));
  });
});

describe('lunarLander render and close', () => {
  it('renders the terrain, the flags and the bodies\u2019 fixtures in world units', () => {
    const env = lunarLander();
    env.reset({ seed: 3 });
    for (let t = 0; t < 10; t++) env.step(2);
    const frame = env.render();
    expect(frame.bounds).toEqual({ xMin: 0, xMax: W, yMin: 0, yMax: H });
    const polygons = frame.shapes.filter((s) => s.type === 'polygon');
    expect(polygons.length).toBe(1 + 2 + 3); // terrain, two flags, hull and two legs
    const hull = polygons.find((s) => s.points.length === 12)!;
    const { lander } = env.physics!;
    const p = lander.getPosition();
    const a = lander.getAngle();
    // every LANDER_POLY vertex, rotated and moved, is a vertex of the drawn hull
    for (const [vx, vy] of [
      [-14, 17],
      [-17, 0],
      [-17, -10],
      [17, -10],
      [17, 0],
      [14, 17],
    ] as const) {
      const x = p.x + Math.cos(a) * (vx / 30) - Math.sin(a) * (vy / 30);
      const y = p.y + Math.sin(a) * (vx / 30) + Math.cos(a) * (vy / 30);
      const found = [0, 2, 4, 6, 8, 10].some((i) => Math.abs(hull.points[i]! - x) < 1e-9 && Math.abs(hull.points[i + 1]! - y) < 1e-9);
      expect(found, `vertex (${vx}, ${vy})`).toBe(true);
    }
    const legs = polygons.filter((s) => s.points.length === 8);
    expect(legs.length).toBe(2);
    expect(frameToSvg(frame)).toContain('<polygon');
  });

  it('frees the world on close', () => {
    const env = lunarLander();
    env.reset({ seed: 0 });
    const world = env.physics!.world;
    expect(world.getBodyCount()).toBe(4);
    env.close();
    expect(world.getBodyCount()).toBe(0);
    expect(env.physics).toBeUndefined();
    expect(() => env.step(0)).toThrow(EnvStateError);
  });

  it('steps fast enough with random actions (measured)', () => {
    const env = lunarLander();
    const actions = randomActions(99, 3000, false);
    env.reset({ seed: 0 });
    const start = performance.now();
    let episodes = 0;
    for (const a of actions) {
      if (env.step(a as number).terminated) {
        env.reset();
        episodes++;
      }
    }
    const perSecond = actions.length / ((performance.now() - start) / 1000);
    console.log(`LunarLander-v3 random actions: ${perSecond.toFixed(0)} steps/s (${episodes} episodes, resets included)`);
    expect(perSecond).toBeGreaterThan(300);
  });
});
