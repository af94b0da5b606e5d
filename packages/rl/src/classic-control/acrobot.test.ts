import { key, random } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { describeClassicControlBasics, expectObservation, expectUniformMoments, nextDown, nextUp, uniformMomentZ, Z } from '../../test/helpers/classic-control';
import { EnvStateError } from '../errors';
import { make } from '../registry';
import '../registrations';
import { type AcrobotExtra, acrobot } from './acrobot';

// The acrobot written here independently, as the 2×2 linear system of the book's equations
//   [d1  d2 ] [θ̈1]   [ −φ1                               ]
//   [d2  d22] [θ̈2] = [ τ − m2 l1 lc2 θ̇1² sin θ2 − φ2      ],  d22 = m2 lc2² + I2,
// solved by Cramer's rule, with cos(θ − π/2) written as sin θ; a generic RK4 integrates it.
const m1 = 1;
const m2 = 1;
const l1 = 1;
const lc1 = 0.5;
const lc2 = 0.5;
const I1 = 1;
const I2 = 1;
const g = 9.8;

function derivative(y: readonly number[], torque: number, variant: 'book' | 'nips' = 'book'): number[] {
  const [q1, q2, w1, w2] = y as [number, number, number, number];
  const d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(q2)) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(q2)) + I2;
  const d22 = m2 * lc2 * lc2 + I2;
  const phi2 = m2 * lc2 * g * Math.sin(q1 + q2);
  const phi1 = -m2 * l1 * lc2 * Math.sin(q2) * (w2 * w2 + 2 * w1 * w2) + (m1 * lc1 + m2 * l1) * g * Math.sin(q1) + phi2;
  const right1 = -phi1;
  const right2 = torque - (variant === 'book' ? m2 * l1 * lc2 * w1 * w1 * Math.sin(q2) : 0) - phi2;
  const det = d1 * d22 - d2 * d2;
  return [w1, w2, (right1 * d22 - d2 * right2) / det, (d1 * right2 - d2 * right1) / det];
}

function rk4(f: (y: readonly number[]) => number[], y: readonly number[], h: number): number[] {
  const add = (a: readonly number[], b: readonly number[], s: number) => a.map((v, i) => v + s * (b[i] as number));
  const k1 = f(y);
  const k2 = f(add(y, k1, h / 2));
  const k3 = f(add(y, k2, h / 2));
  const k4 = f(add(y, k3, h));
  return y.map((v, i) => v + (h / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number)));
}

function model(state: readonly number[], action: number, variant: 'book' | 'nips' = 'book'): number[] {
  const torque = action - 1;
  const [q1, q2, w1, w2] = rk4((y) => derivative(y, torque, variant), state, 0.2) as [number, number, number, number];
  const wrapAngle = (q: number) => q - 2 * Math.PI * Math.round(q / (2 * Math.PI));
  const clip = (w: number, limit: number) => Math.max(-limit, Math.min(limit, w));
  return [wrapAngle(q1), wrapAngle(q2), clip(w1, 4 * Math.PI), clip(w2, 9 * Math.PI)];
}

/** Angles compared on the circle, velocities directly. */
function stateDistance(a: readonly number[], b: readonly number[]): number {
  const angle = (x: number, y: number) => Math.abs(Math.atan2(Math.sin(x - y), Math.cos(x - y)));
  return Math.max(angle(a[0]!, b[0]!), angle(a[1]!, b[1]!), Math.abs(a[2]! - b[2]!), Math.abs(a[3]! - b[3]!));
}

const tipHeight = (s: readonly number[]) => -Math.cos(s[0]!) - Math.cos(s[0]! + s[1]!);
const unwrapped = (env: { unwrapped: unknown }) => env.unwrapped as AcrobotExtra;

describe('acrobot', () => {
  it('each step is one RK4 step of the book equations (then wrap and clip) over random states and torques', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    const n = 1500;
    const u = random.uniformArray(key(41), 5 * n);
    let nipsMatches = 0;
    let terminations = 0;
    let clipped = 0;
    for (let i = 0; i < n; i++) {
      const before = [-Math.PI + 2 * Math.PI * u[5 * i]!, -Math.PI + 2 * Math.PI * u[5 * i + 1]!, -4 * Math.PI + 8 * Math.PI * u[5 * i + 2]!, -9 * Math.PI + 18 * Math.PI * u[5 * i + 3]!];
      const action = Math.floor(3 * u[5 * i + 4]!);
      env.state = before;
      const r = env.step(action);
      const after = env.state;
      const expected = model(before, action);
      if (!(stateDistance(after, expected) < 1e-9)) expect.fail(`step ${i} from [${before}] with ${action}: got [${after}], expected [${expected}]`);
      if (Math.abs(after[0]!) > Math.PI || Math.abs(after[1]!) > Math.PI || Math.abs(after[2]!) > 4 * Math.PI || Math.abs(after[3]!) > 9 * Math.PI) expect.fail(`step ${i}: [${after}] not wrapped/clipped`);
      if (Math.abs(after[2]!) === 4 * Math.PI || Math.abs(after[3]!) === 9 * Math.PI) clipped++;
      const terminated = tipHeight(after) > 1;
      if (r.terminated !== terminated || r.reward !== (terminated ? 0 : -1) || r.truncated) expect.fail(`step ${i}: ${JSON.stringify(r)}, tip ${tipHeight(after)}`);
      expectObservation(r.observation, [Math.cos(after[0]!), Math.sin(after[0]!), Math.cos(after[1]!), Math.sin(after[1]!), after[2]!, after[3]!]);
      if (stateDistance(after, model(before, action, 'nips')) < 1e-9) nipsMatches++;
      if (r.terminated) {
        terminations++;
        env.reset();
      }
    }
    expect(terminations).toBeGreaterThan(50);
    expect(clipped).toBeGreaterThan(20);
    // power: the NeurIPS-paper equations (without the θ̇1² term) are told apart
    expect(nipsMatches).toBeLessThan(n / 20);
  });

  it('the torques of actions 0, 1, 2 are −1, 0, +1', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    for (const action of [0, 1, 2]) {
      env.state = [0.3, -0.2, 0.1, 0.4];
      env.step(action);
      const best = [-1, 0, 1].map((torque) => stateDistance(env.state, model([0.3, -0.2, 0.1, 0.4], torque + 1)));
      expect(best.indexOf(Math.min(...best))).toBe(action);
    }
  });

  it('terminates with reward 0 when the tip ends above height 1, −1 otherwise', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    env.state = [Math.PI, 0, 0, 0]; // balanced upside down: the tip at height 2
    let r = env.step(1);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
    expect(() => env.step(1)).toThrow(EnvStateError);
    env.reset();
    env.state = [Math.PI / 2, 0, 0, 0]; // first link horizontal: the tip near height 0, falling
    r = env.step(1);
    expect(r.terminated).toBe(false);
    expect(r.reward).toBe(-1);
    // the line is strict: scan states whose step lands near height 1 and check the rule on both sides
    let above = 0;
    let below = 0;
    for (let i = 0; i < 400; i++) {
      env.reset();
      env.state = [1.2 + i * 0.003, 0.9, 0, 0];
      r = env.step(1);
      const h = tipHeight(env.state);
      if (Math.abs(h - 1) < 0.05) {
        if (h > 1) above++;
        else below++;
      }
      expect(r.terminated).toBe(h > 1);
    }
    expect(above).toBeGreaterThan(0);
    expect(below).toBeGreaterThan(0);
  });

  it('a step that ends with the tip exactly at height 1 does not terminate (the rule is strict)', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    const landing = (theta1: number, theta2: number) => {
      env.reset();
      env.state = [theta1, theta2, 0, 0];
      const r = env.step(1);
      return { h: tipHeight(env.state), terminated: r.terminated };
    };
    // for several θ2, bisect on θ1 for a start at rest whose step lands on the line, then scan
    // the neighbouring floats (the landing height moves by about one ulp per ulp of θ1)
    let exact = 0;
    for (let k = 0; k < 20; k++) {
      const theta2 = 0.5 + 0.05 * k;
      let lo = 1.0;
      let hi = 2.6;
      expect(landing(lo, theta2).h).toBeLessThan(1);
      expect(landing(hi, theta2).h).toBeGreaterThan(1);
      for (let i = 0; i < 200 && nextUp(lo) < hi; i++) {
        const mid = (lo + hi) / 2;
        if (landing(mid, theta2).h > 1) hi = mid;
        else lo = mid;
      }
      let theta1 = lo;
      for (let i = 0; i < 100; i++) theta1 = nextDown(theta1);
      for (let i = 0; i < 200; i++, theta1 = nextUp(theta1)) {
        const { h, terminated } = landing(theta1, theta2);
        if (terminated !== h > 1) expect.fail(`θ = [${theta1}, ${theta2}]: tip at ${h}, terminated ${terminated}`);
        if (h === 1) exact++;
      }
    }
    expect(exact).toBeGreaterThan(3);
  });

  it('Acrobot-v1 is truncated at step 500 (threshold −100); hanging without torque never terminates', () => {
    const env = make('Acrobot-v1');
    expect(env.spec?.maxEpisodeSteps).toBe(500);
    expect(env.spec?.rewardThreshold).toBe(-100);
    env.reset({ seed: 6 });
    for (let t = 1; t <= 500; t++) {
      const r = env.step(1);
      if (r.terminated || r.truncated !== (t === 500) || r.reward !== -1) expect.fail(`step ${t}: ${JSON.stringify(r)}`);
    }
    expect(() => env.step(1)).toThrow(EnvStateError);
  });

  it('an energy-pumping policy (torque along θ̇2) swings the tip up with a return above the threshold −100', () => {
    const env = make('Acrobot-v1');
    env.reset({ seed: 0 });
    for (let episode = 0; episode < 5; episode++) {
      let total = 0;
      let r;
      do {
        r = env.step(unwrapped(env).state[3]! > 0 ? 2 : 0);
        total += r.reward;
      } while (!r.terminated && !r.truncated);
      expect(r.terminated).toBe(true);
      expect(r.reward).toBe(0);
      expect(total).toBeGreaterThan(-100);
      env.reset();
    }
  });

  it('reset draws the four state values from U(−0.1, 0.1), rounded to float32 (moments of 2000 resets)', () => {
    const env = acrobot();
    env.reset({ seed: 8 });
    const n = 2000;
    const columns = [0, 1, 2, 3].map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const { observation } = env.reset();
      const s = env.state;
      s.forEach((v, j) => {
        columns[j]![i] = v;
        if (Math.fround(v) !== v) expect.fail(`reset state ${v} is not float32`);
      });
      expectObservation(observation, [Math.cos(s[0]!), Math.sin(s[0]!), Math.cos(s[1]!), Math.sin(s[1]!), s[2]!, s[3]!]);
    }
    for (const c of columns) {
      expectUniformMoments(c, -0.1, 0.1);
      expect(Math.abs(uniformMomentZ(c, -0.11, 0.11).variance)).toBeGreaterThan(Z);
    }
  });

  it('reset options low and high change the range; bad ones are typed errors', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) {
      env.reset({ options: { low: -1, high: 2 } });
      values.push(...env.state);
    }
    expectUniformMoments(values, -1, 2);
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow(/acrobot reset options low, high: got low 1, high 0/);
    expect(() => env.reset({ options: { lo: 1 } })).toThrow(/unknown option "lo" \(did you mean "low"\?\)/);
    expect(() => acrobot({ bookOrNips: 'nips' } as never)).toThrow(/acrobot options: unknown option "bookOrNips"; allowed: no options/);
  });

  it('render draws the line at height 1 and two links from the pivot to the joints', () => {
    const env = acrobot();
    env.reset({ seed: 0 });
    env.state = [0.7, -0.4, 0, 0];
    const [line, link1, , link2, joint] = env.render().shapes;
    if (line?.type !== 'polyline' || link1?.type !== 'polygon' || link2?.type !== 'polygon' || joint?.type !== 'circle') throw new Error('unexpected shapes');
    expect(line.points[1]).toBe(1);
    expect(joint.x).toBeCloseTo(Math.sin(0.7), 12);
    expect(joint.y).toBeCloseTo(-Math.cos(0.7), 12);
    // the far end of link 2 (midpoint of its last two corners) is the tip
    const tipX = (link2.points[4]! + link2.points[6]!) / 2;
    const tipY = (link2.points[5]! + link2.points[7]!) / 2;
    expect(tipX).toBeCloseTo(Math.sin(0.7) + Math.sin(0.3), 12);
    expect(tipY).toBeCloseTo(tipHeight([0.7, -0.4]), 12);
  });

  describeClassicControlBasics(() => acrobot());
  describe('through make', () => describeClassicControlBasics(() => make('Acrobot-v1')));
});
