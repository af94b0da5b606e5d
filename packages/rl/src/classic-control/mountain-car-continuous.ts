/**
 * Continuous Mountain Car (Gymnasium MountainCarContinuous-v0): an underpowered car in a valley,
 * hill height sin(3x)·0.45 + 0.55, must rock back and forth to reach the flag on the right hill.
 * Dynamics (force = clip(a, −1, 1), power 0.0015):
 *   v′ = clip(v + (0.0015·force − 0.0025·cos 3x), −0.07, 0.07),  x′ = clip(x + v′, −1.2, 0.6),
 *   v′ = 0 when x′ = −1.2 and v′ < 0 (an inelastic wall on the left).
 * Terminated when x′ ≥ 0.45 and v′ ≥ goalVelocity (default 0). Reward −0.1·a² every step with the
 * action as given (the env is strict, so a ∈ [−1, 1]; behind clipAction it is the clipped one),
 * plus 100 on the terminating step. Observation [x, v] as float32.
 * Reset x ~ U(−0.6, −0.4) (reset options `low`, `high`), v = 0. As in Gymnasium the state is kept
 * in float32 after every step; the step itself is computed in float64 (Gymnasium's NumPy 2 rounds
 * some intermediate sums to float32), so trajectories agree to float32 rounding, not bitwise.
 * Reference: Gymnasium `envs/classic_control/continuous_mountain_car.py` (Farama Foundation, MIT);
 * A. Moore, "Efficient Memory-based Learning for Robot Control", PhD thesis, Cambridge, 1990.
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { describeValue } from '../internal/describe-value';
import { checkState, resetBounds, uniformIn } from '../internal/classic-control';
import { box } from '../spaces';

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const POWER = 0.0015;

export interface MountainCarContinuousOptions {
  /** The velocity the car must have (at least) at the flag, default 0 (Gymnasium's `goal_velocity`). */
  goalVelocity?: number;
}

/** The Mountain Car state, for tests and renderers. */
export interface MountainCarContinuousExtra {
  /**
   * [x, v]. Assign it (on `env.unwrapped`, as Gymnasium's `env.unwrapped.state = ...`) to put the
   * car in a chosen state; the next step starts from exactly these numbers.
   */
  state: readonly number[];
}

const height = (x: number) => Math.sin(3 * x) * 0.45 + 0.55;

/**
 * The raw MountainCarContinuous environment (no time limit; `make('MountainCarContinuous-v0')`
 * adds 999 steps). Reset options: `low`, `high` (default −0.6, −0.4) for the start position.
 * @example const env = mountainCarContinuous(); env.reset({ seed: 1 }); env.step([1]);
 */
export function mountainCarContinuous(options: MountainCarContinuousOptions = {}): Env<Float32Array, ArrayLike<number>> & MountainCarContinuousExtra {
  checkOptions('mountainCarContinuous', options, ['goalVelocity']);
  const { goalVelocity = 0 } = options;
  if (typeof goalVelocity !== 'number' || !Number.isFinite(goalVelocity)) {
    throw new ArgumentError('mountainCarContinuous goalVelocity', `got ${describeValue(goalVelocity)}`, 'a finite number (default 0)');
  }
  let position = 0;
  let velocity = 0;
  const observation = () => Float32Array.of(position, velocity);
  return defineEnv<Float32Array, ArrayLike<number>, MountainCarContinuousExtra>(
    {
      // float32 bounds, as Gymnasium's Box casts them, so that every float32 observation is inside
      observationSpace: box({ low: [Math.fround(MIN_POSITION), Math.fround(-MAX_SPEED)], high: [Math.fround(MAX_POSITION), Math.fround(MAX_SPEED)] }),
      actionSpace: box({ low: -1, high: 1, shape: [1] }),
      metadata: { renderFps: 30 },
      resetOptionNames: ['low', 'high'],
      reset(rng, resetOptions) {
        const { low, high } = resetBounds('mountainCarContinuous', resetOptions, -0.6, -0.4);
        position = uniformIn(rng, [low], [high])[0] as number;
        velocity = 0;
        return { observation: observation() };
      },
      step(action) {
        const a = action[0] as number;
        const force = Math.min(Math.max(a, -1), 1);
        let v = velocity + (force * POWER - 0.0025 * Math.cos(3 * position));
        v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
        let x = Math.min(Math.max(position + v, MIN_POSITION), MAX_POSITION);
        if (x === MIN_POSITION && v < 0) v = 0;
        const terminated = x >= GOAL_POSITION && v >= goalVelocity;
        const reward = (terminated ? 100 : 0) - a ** 2 * 0.1;
        x = Math.fround(x);
        position = x;
        velocity = Math.fround(v);
        return { observation: observation(), reward, terminated };
      },
      render() {
        // Gymnasium's picture in world units (600 px = 1.8): the hill, a black car tilted by
        // cos(3x) rad standing 0.03 above the curve on two grey wheels, and the yellow flag at 0.45.
        const hill: number[] = [];
        for (let i = 0; i < 100; i++) {
          const x = MIN_POSITION + ((MAX_POSITION - MIN_POSITION) * i) / 99;
          hill.push(x, height(x));
        }
        const px = (MAX_POSITION - MIN_POSITION) / 600;
        const carWidth = 40 * px;
        const carHeight = 20 * px;
        const clearance = 10 * px;
        const angle = Math.cos(3 * position);
        const cos = Math.cos(angle);
        const sin = Math.sin(angle);
        const baseX = position;
        const baseY = height(position) + clearance;
        const at = (u: number, w: number): [number, number] => [baseX + u * cos - w * sin, baseY + u * sin + w * cos];
        const corners = [at(-carWidth / 2, 0), at(-carWidth / 2, carHeight), at(carWidth / 2, carHeight), at(carWidth / 2, 0)].flat();
        const wheels = [at(carWidth / 4, 0), at(-carWidth / 4, 0)];
        const flagBottom = height(GOAL_POSITION);
        const flagTop = flagBottom + 50 * px;
        return {
          bounds: { xMin: MIN_POSITION, xMax: MAX_POSITION, yMin: 0, yMax: 400 * px },
          shapes: [
            { type: 'polyline', points: hill, stroke: '#000000', lineWidth: 2 * px },
            { type: 'polygon', points: corners, fill: '#000000' },
            ...wheels.map(([x, y]) => ({ type: 'circle' as const, x, y, radius: (carHeight / 2.5), fill: '#808080' })),
            { type: 'polyline', points: [GOAL_POSITION, flagBottom, GOAL_POSITION, flagTop], stroke: '#000000', lineWidth: 1.5 * px },
            { type: 'polygon', points: [GOAL_POSITION, flagTop, GOAL_POSITION, flagTop - 10 * px, GOAL_POSITION + 25 * px, flagTop - 5 * px], fill: '#cccc00' },
          ],
        };
      },
    },
    {
      get state() {
        return [position, velocity];
      },
      set state(value: readonly number[]) {
        [position, velocity] = checkState('mountainCarContinuous', value, ['x', 'v']) as [number, number];
      },
    },
  );
}
