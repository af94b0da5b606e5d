/**
 * Acrobot (Gymnasium Acrobot-v1): two links hang from a fixed pivot, with a torque τ ∈ {−1, 0, +1}
 * (actions 0, 1, 2) on the joint between them; swing the free end above the line one link length
 * over the pivot. θ1 = 0 hangs down, θ2 is the angle of link 2 relative to link 1.
 * Dynamics (Sutton & Barto's book, as Gymnasium writes them; m = l1 = 1, lc = 0.5, I = 1, g = 9.8):
 *   d1 = m1·lc1² + m2·(l1² + lc2² + 2·l1·lc2·cos θ2) + I1 + I2,  d2 = m2·(lc2² + l1·lc2·cos θ2) + I2,
 *   φ2 = m2·lc2·g·cos(θ1 + θ2 − π/2),
 *   φ1 = −m2·l1·lc2·θ̇2²·sin θ2 − 2·m2·l1·lc2·θ̇2·θ̇1·sin θ2 + (m1·lc1 + m2·l1)·g·cos(θ1 − π/2) + φ2,
 *   θ̈2 = (τ + d2/d1·φ1 − m2·l1·lc2·θ̇1²·sin θ2 − φ2) / (m2·lc2² + I2 − d2²/d1),  θ̈1 = −(d2·θ̈2 + φ1)/d1;
 * one classic Runge–Kutta (RK4) step of dt = 0.2 s with τ held, then θ1, θ2 wrapped into [−π, π]
 * and θ̇1, θ̇2 clipped to ±4π, ±9π. Terminated when −cos θ1 − cos(θ1 + θ2) > 1; reward −1 per
 * step and 0 on the terminating step. Observation [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2] as
 * float32. Reset: all four state values ~ U(−0.1, 0.1) (reset options `low`, `high`), rounded to
 * float32 as Gymnasium does; after that the state is float64.
 * Reference: Gymnasium `envs/classic_control/acrobot.py` (Farama Foundation, MIT; from RLPy, BSD-3);
 * R. S. Sutton, "Generalization in Reinforcement Learning: Successful Examples Using Sparse Coarse
 * Coding", NeurIPS 1995; R. S. Sutton and A. G. Barto, "Reinforcement Learning: An Introduction", 2nd ed., 2018.
 */
import { checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { checkState, resetBounds, uniformIn } from '../internal/classic-control';
import { box, discrete } from '../spaces';

const DT = 0.2;
const LINK_LENGTH_1 = 1;
const LINK_LENGTH_2 = 1;
const LINK_MASS_1 = 1;
const LINK_MASS_2 = 1;
const LINK_COM_1 = 0.5;
const LINK_COM_2 = 0.5;
const LINK_MOMENT_OF_INERTIA = 1;
const GRAVITY = 9.8;
const MAX_VELOCITY_1 = 4 * Math.PI;
const MAX_VELOCITY_2 = 9 * Math.PI;
const TORQUES = [-1, 0, 1] as const;

/** Acrobot has no construction options (as in Gymnasium); the object is accepted for uniformity. */
export type AcrobotOptions = Record<string, never>;

/** The Acrobot state, for tests and renderers. */
export interface AcrobotExtra {
  /**
   * [θ1, θ2, θ̇1, θ̇2] in float64. Assign it (on `env.unwrapped`, as Gymnasium's
   * `env.unwrapped.state = ...`) to put the links in a chosen state.
   */
  state: readonly number[];
}

/** The time derivative of [θ1, θ2, θ̇1, θ̇2] under torque τ (the "book" equations). */
function derivative(s: readonly number[], torque: number): [number, number, number, number] {
  const [theta1, theta2, dtheta1, dtheta2] = s as [number, number, number, number];
  const m1 = LINK_MASS_1;
  const m2 = LINK_MASS_2;
  const l1 = LINK_LENGTH_1;
  const lc1 = LINK_COM_1;
  const lc2 = LINK_COM_2;
  const i1 = LINK_MOMENT_OF_INERTIA;
  const i2 = LINK_MOMENT_OF_INERTIA;
  const g = GRAVITY;
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + i2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) + phi2;
  const ddtheta2 = (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (m2 * lc2 ** 2 + i2 - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  return [dtheta1, dtheta2, ddtheta1, ddtheta2];
}

/** One RK4 step of length dt from y under a constant torque. */
function rungeKutta4(y: readonly number[], torque: number, dt: number): number[] {
  const half = dt / 2;
  const shifted = (k: readonly number[], h: number) => y.map((v, i) => v + h * (k[i] as number));
  const k1 = derivative(y, torque);
  const k2 = derivative(shifted(k1, half), torque);
  const k3 = derivative(shifted(k2, half), torque);
  const k4 = derivative(shifted(k3, dt), torque);
  return y.map((v, i) => v + (dt / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number)));
}

/** x moved by whole periods into [low, high] (Gymnasium's `wrap`). */
function wrap(x: number, low: number, high: number): number {
  const period = high - low;
  while (x > high) x -= period;
  while (x < low) x += period;
  return x;
}

/**
 * The raw Acrobot environment (no time limit; `make('Acrobot-v1')` adds 500 steps).
 * Reset options: `low`, `high` (default ∓0.1) for the uniform start state.
 * @example const env = acrobot(); env.reset({ seed: 1 }); env.step(2);
 */
export function acrobot(options: AcrobotOptions = {}): Env<Float32Array, number> & AcrobotExtra {
  checkOptions('acrobot', options, []);
  let s = [0, 0, 0, 0];
  const observation = () => {
    const [theta1, theta2, dtheta1, dtheta2] = s as [number, number, number, number];
    return Float32Array.of(Math.cos(theta1), Math.sin(theta1), Math.cos(theta2), Math.sin(theta2), dtheta1, dtheta2);
  };
  const high = [1, 1, 1, 1, Math.fround(MAX_VELOCITY_1), Math.fround(MAX_VELOCITY_2)];
  return defineEnv<Float32Array, number, AcrobotExtra>(
    {
      // float32 bounds, as Gymnasium's Box casts them, so that the clipped velocities are inside
      observationSpace: box({ low: high.map((h) => -h), high }),
      actionSpace: discrete(3),
      metadata: { renderFps: 15 },
      resetOptionNames: ['low', 'high'],
      reset(rng, resetOptions) {
        const { low, high: up } = resetBounds('acrobot', resetOptions, -0.1, 0.1);
        s = Array.from(uniformIn(rng, [low, low, low, low], [up, up, up, up]), Math.fround);
        return { observation: observation() };
      },
      step(action) {
        const next = rungeKutta4(s, TORQUES[action] as number, DT);
        next[0] = wrap(next[0] as number, -Math.PI, Math.PI);
        next[1] = wrap(next[1] as number, -Math.PI, Math.PI);
        next[2] = Math.min(Math.max(next[2] as number, -MAX_VELOCITY_1), MAX_VELOCITY_1);
        next[3] = Math.min(Math.max(next[3] as number, -MAX_VELOCITY_2), MAX_VELOCITY_2);
        s = next;
        const terminated = -Math.cos(s[0] as number) - Math.cos((s[1] as number) + (s[0] as number)) > 1;
        return { observation: observation(), reward: terminated ? 0 : -1, terminated };
      },
      render() {
        // Gymnasium's picture: the target line at height 1, two cyan links 0.2 wide drawn from
        // their joints, and a yellow disc on each of the two joints.
        const [theta1, theta2] = s as [number, number];
        const p1: [number, number] = [LINK_LENGTH_1 * Math.sin(theta1), -LINK_LENGTH_1 * Math.cos(theta1)];
        const link = ([x, y]: [number, number], angle: number, length: number) => {
          // the link points along (sin angle, −cos angle); its half-width is 0.1 across that
          const ux = Math.sin(angle);
          const uy = -Math.cos(angle);
          const nx = -uy * 0.1;
          const ny = ux * 0.1;
          return { type: 'polygon' as const, points: [x - nx, y - ny, x + nx, y + ny, x + length * ux + nx, y + length * uy + ny, x + length * ux - nx, y + length * uy - ny], fill: '#00cccc' };
        };
        const bound = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2;
        return {
          bounds: { xMin: -bound, xMax: bound, yMin: -bound, yMax: bound },
          shapes: [
            { type: 'polyline', points: [-bound, 1, bound, 1], stroke: '#000000', lineWidth: 0.01 },
            link([0, 0], theta1, LINK_LENGTH_1),
            { type: 'circle', x: 0, y: 0, radius: 0.1, fill: '#cccc00' },
            link(p1, theta1 + theta2, LINK_LENGTH_2),
            { type: 'circle', x: p1[0], y: p1[1], radius: 0.1, fill: '#cccc00' },
          ],
        };
      },
    },
    {
      get state() {
        return s.slice();
      },
      set state(value: readonly number[]) {
        s = checkState('acrobot', value, ['θ1', 'θ2', 'θ̇1', 'θ̇2']);
      },
    },
  );
}
