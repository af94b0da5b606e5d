/**
 * CartPole (Gymnasium CartPole-v1 / v0): a pole hinged on a cart that is pushed left or right
 * with a force of 10 N; keep the pole up and the cart on the track.
 * Dynamics (Barto, Sutton & Anderson 1983, with Florian's 2007 correction as Gymnasium writes it):
 *   temp = (F + m l θ̇² sin θ) / M,  θ̈ = (g sin θ − cos θ·temp) / (l (4/3 − m cos²θ / M)),
 *   ẍ = temp − m l θ̈ cos θ / M; explicit Euler with τ = 0.02 s (positions use the old velocities).
 * Reward +1 every step, the terminating one included; terminated when |x| > 2.4 or |θ| > 12°.
 * Reference: Gymnasium `envs/classic_control/cartpole.py` (Farama Foundation, MIT).
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { describeValue } from '../internal/describe-value';
import { checkState, resetBounds, uniformIn } from '../internal/classic-control';
import { box, discrete } from '../spaces';

const GRAVITY = 9.8;
const MASS_CART = 1.0;
const MASS_POLE = 0.1;
const TOTAL_MASS = MASS_CART + MASS_POLE;
const HALF_LENGTH = 0.5;
const POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;
const FORCE = 10.0;
const TAU = 0.02;
const THETA_LIMIT = (12 * 2 * Math.PI) / 360;
const X_LIMIT = 2.4;

export interface CartPoleOptions {
  /** Reward 0 per step and −1 on termination instead of +1 per step (Gymnasium's option). */
  suttonBartoReward?: boolean;
}

/** The CartPole state, for tests and renderers. */
export interface CartPoleExtra {
  /**
   * [x, ẋ, θ, θ̇] in float64. Assign it (on `env.unwrapped`, as Gymnasium's
   * `env.unwrapped.state = ...`) to put the cart and pole in a chosen state.
   */
  state: readonly number[];
}

/**
 * The raw CartPole environment (no time limit; `make('CartPole-v1')` adds 500 steps).
 * Reset options: `low`, `high` (default ∓0.05) for the uniform start state.
 * @example const env = cartPole(); env.reset({ seed: 1 }); env.step(0);
 */
export function cartPole(options: CartPoleOptions = {}): Env<Float32Array, number> & CartPoleExtra {
  checkOptions('cartPole', options, ['suttonBartoReward']);
  const { suttonBartoReward = false } = options;
  if (typeof suttonBartoReward !== 'boolean') throw new ArgumentError('cartPole suttonBartoReward', `got ${describeValue(suttonBartoReward)}`, 'true or false');
  let s = [0, 0, 0, 0];
  const high = Math.fround(X_LIMIT * 2);
  const observation = () => Float32Array.from(s);
  return defineEnv<Float32Array, number, CartPoleExtra>(
    {
      observationSpace: box({ low: [-high, -Infinity, -THETA_LIMIT * 2, -Infinity], high: [high, Infinity, THETA_LIMIT * 2, Infinity] }),
      actionSpace: discrete(2),
      metadata: { renderFps: 50 },
      resetOptionNames: ['low', 'high'],
      reset(rng, resetOptions) {
        const { low, high: up } = resetBounds('cartPole', resetOptions, -0.05, 0.05);
        s = Array.from(uniformIn(rng, [low, low, low, low], [up, up, up, up]));
        return { observation: observation() };
      },
      step(action) {
        const [x, xDot, theta, thetaDot] = s as [number, number, number, number];
        const force = action === 1 ? FORCE : -FORCE;
        const cos = Math.cos(theta);
        const sin = Math.sin(theta);
        const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        const thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4 / 3 - (MASS_POLE * cos * cos) / TOTAL_MASS));
        const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
        s[0] = x + TAU * xDot;
        s[1] = xDot + TAU * xAcc;
        s[2] = theta + TAU * thetaDot;
        s[3] = thetaDot + TAU * thetaAcc;
        const terminated = (s[0] as number) < -X_LIMIT || (s[0] as number) > X_LIMIT || (s[2] as number) < -THETA_LIMIT || (s[2] as number) > THETA_LIMIT;
        const reward = suttonBartoReward ? (terminated ? -1 : 0) : 1;
        return { observation: observation(), reward, terminated };
      },
      render() {
        const [x, , theta] = s as [number, number, number, number];
        const cartW = 0.5;
        const cartH = 0.3;
        const poleLen = 2 * HALF_LENGTH;
        const axleY = cartH;
        return {
          bounds: { xMin: -X_LIMIT * 1.25, xMax: X_LIMIT * 1.25, yMin: -0.4, yMax: 1.6 },
          shapes: [
            { type: 'polyline', points: [-X_LIMIT * 1.25, 0.05, X_LIMIT * 1.25, 0.05], stroke: '#333333', lineWidth: 0.01 },
            { type: 'polygon', points: [x - cartW / 2, 0.05, x + cartW / 2, 0.05, x + cartW / 2, 0.05 + cartH, x - cartW / 2, 0.05 + cartH], fill: '#2b2b2b' },
            { type: 'capsule', x1: x, y1: axleY, x2: x + poleLen * Math.sin(theta), y2: axleY + poleLen * Math.cos(theta), radius: 0.04, fill: '#ca9865' },
            { type: 'circle', x, y: axleY, radius: 0.04, fill: '#8184cb' },
          ],
        };
      },
    },
    {
      get state() {
        return s.slice();
      },
      set state(value: readonly number[]) {
        s = checkState('cartPole', value, ['x', 'ẋ', 'θ', 'θ̇']);
      },
    },
  );
}
