/**
 * Pendulum (Gymnasium Pendulum-v1): swing a pendulum up from a random angle and keep it upright
 * with a torque u ∈ [−2, 2] at the pivot. θ = 0 is upright, θ grows counter-clockwise.
 * Dynamics (m = l = 1, g = 10, dt = 0.05 s, semi-implicit Euler):
 *   θ̇′ = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, −8, 8),  θ′ = θ + θ̇′·dt.
 * Reward −(norm(θ)² + 0.1·θ̇² + 0.001·u²) on the state before the step, norm(θ) = ((θ + π) mod 2π) − π,
 * so every reward is in [−16.2736044, 0]. Never terminates (`make` adds the 200-step limit; no
 * reward threshold). Observation [cos θ, sin θ, θ̇] as float32; θ itself is not wrapped.
 * Reset θ ~ U(−π, π), θ̇ ~ U(−1, 1) (reset options `xInit`, `yInit` change the half-widths).
 * The action is used as given: the env is strict, so it is already in [−2, 2] (see clipAction).
 * Reference: Gymnasium `envs/classic_control/pendulum.py` (Farama Foundation, MIT).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { describeValue } from '../internal/describe-value';
import { checkState, resetHalfWidth, uniformIn } from '../internal/classic-control';
import type { Shape } from '../render';
import { box } from '../spaces';

const MAX_SPEED = 8;
const MAX_TORQUE = 2;
const DT = 0.05;
const MASS = 1;
const LENGTH = 1;

export interface PendulumOptions {
  /** Gravity, default 10 (Gymnasium's `g`). */
  g?: number;
}

/** The Pendulum state, for tests and renderers. */
export interface PendulumExtra {
  /**
   * [θ, θ̇] in float64. Assign it (on `env.unwrapped`, as Gymnasium's `env.unwrapped.state = ...`)
   * to put the pendulum in a chosen state.
   */
  state: readonly number[];
  /** The torque of the last step (undefined after reset), drawn as an arrow by `render()`. */
  readonly lastTorque: number | undefined;
}

/** ((x + π) mod 2π) − π with a floored modulo, as Python's `%`. */
const angleNormalize = (x: number) => {
  const period = 2 * Math.PI;
  const r = (x + Math.PI) % period;
  return (r < 0 ? r + period : r) - Math.PI;
};

/**
 * The raw Pendulum environment (no time limit; `make('Pendulum-v1')` adds 200 steps).
 * Reset options: `xInit` (default π) and `yInit` (default 1), θ ~ U(−xInit, xInit), θ̇ ~ U(−yInit, yInit).
 * @example const env = pendulum(); env.reset({ seed: 1 }); env.step([0.5]);
 */
export function pendulum(options: PendulumOptions = {}): Env<Float32Array, ArrayLike<number>> & PendulumExtra {
  checkOptions('pendulum', options, ['g']);
  const { g = 10 } = options;
  if (typeof g !== 'number' || !Number.isFinite(g)) throw new ArgumentError('pendulum g', `got ${describeValue(g)}`, 'a finite number (default 10)');
  let theta = 0;
  let thetaDot = 0;
  let lastTorque: number | undefined;
  const observation = () => Float32Array.of(Math.cos(theta), Math.sin(theta), thetaDot);
  return defineEnv<Float32Array, ArrayLike<number>, PendulumExtra>(
    {
      observationSpace: box({ low: [-1, -1, -MAX_SPEED], high: [1, 1, MAX_SPEED] }),
      actionSpace: box({ low: -MAX_TORQUE, high: MAX_TORQUE, shape: [1] }),
      metadata: { renderFps: 30 },
      resetOptionNames: ['xInit', 'yInit'],
      reset(rng, resetOptions) {
        const x = resetHalfWidth('pendulum', 'xInit', resetOptions?.xInit, Math.PI);
        const y = resetHalfWidth('pendulum', 'yInit', resetOptions?.yInit, 1);
        const u = uniformIn(rng, [-x, -y], [x, y]);
        theta = u[0] as number;
        thetaDot = u[1] as number;
        lastTorque = undefined;
        return { observation: observation() };
      },
      step(action) {
        const u = Math.min(Math.max(action[0] as number, -MAX_TORQUE), MAX_TORQUE);
        lastTorque = u;
        const cost = angleNormalize(theta) ** 2 + 0.1 * thetaDot ** 2 + 0.001 * u ** 2;
        const accel = ((3 * g) / (2 * LENGTH)) * Math.sin(theta) + (3 / (MASS * LENGTH ** 2)) * u;
        thetaDot = Math.min(Math.max(thetaDot + accel * DT, -MAX_SPEED), MAX_SPEED);
        theta = theta + thetaDot * DT;
        return { observation: observation(), reward: -cost, terminated: false };
      },
      render() {
        // Gymnasium's picture: a red rod of length 1 and width 0.2 with round ends, a black axle,
        // and an arrow around the axle whose size and direction show the last torque.
        const tipX = -LENGTH * Math.sin(theta);
        const tipY = LENGTH * Math.cos(theta);
        const shapes: Shape[] = [{ type: 'capsule', x1: 0, y1: 0, x2: tipX, y2: tipY, radius: 0.1, fill: '#cc4d4d' }];
        if (lastTorque !== undefined && lastTorque !== 0) {
          const radius = Math.abs(lastTorque) / 4;
          const sign = Math.sign(lastTorque);
          const arc: number[] = [];
          const start = -Math.PI / 2 - sign * 0.75 * Math.PI;
          for (let i = 0; i <= 24; i++) {
            const a = start + sign * (1.5 * Math.PI * i) / 24;
            arc.push(radius * Math.cos(a), radius * Math.sin(a));
          }
          const end = start + sign * 1.5 * Math.PI;
          const ex = radius * Math.cos(end);
          const ey = radius * Math.sin(end);
          // tangent of travel at the end of the arc, and the arrow head around it
          const tx = -sign * Math.sin(end);
          const ty = sign * Math.cos(end);
          const head = Math.max(0.04, radius * 0.35);
          shapes.push(
            { type: 'polyline', points: arc, stroke: '#000000', lineWidth: 0.03 },
            {
              type: 'polygon',
              points: [ex + tx * head, ey + ty * head, ex - ty * head * 0.6, ey + tx * head * 0.6, ex + ty * head * 0.6, ey - tx * head * 0.6],
              fill: '#000000',
            },
          );
        }
        shapes.push({ type: 'circle', x: 0, y: 0, radius: 0.05, fill: '#000000' });
        return { bounds: { xMin: -2.2, xMax: 2.2, yMin: -2.2, yMax: 2.2 }, shapes };
      },
    },
    {
      get state() {
        return [theta, thetaDot];
      },
      set state(value: readonly number[]) {
        [theta, thetaDot] = checkState('pendulum', value, ['θ', 'θ̇']) as [number, number];
      },
      get lastTorque() {
        return lastTorque;
      },
    },
  );
}
