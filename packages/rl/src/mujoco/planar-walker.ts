/**
 * @internal The shared body of Hopper-v5 and Walker2d-v5 (Gymnasium's two planar walkers differ
 * only in model, health ranges and defaults):
 *   reward = healthy·h + w_f·(x_after − x_before)/dt − w_c·‖a‖², healthy reward only while healthy;
 *   observation = qpos[1:] (or qpos) then clip(qvel, −10, 10);
 *   healthy ⇔ z ∈ (z_low, z_high), angle ∈ (a_low, a_high) and, when a state range is given, every
 *   element of (qpos, qvel)[2:] in (s_low, s_high) — strict inequalities, as in Gymnasium;
 *   terminated = not healthy (when terminateWhenUnhealthy).
 * Reset: qpos = reference + U(±s), qvel = U(±s).
 */
import { checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { box } from '../spaces';
import { type MujocoExtra, type SideView, booleanOption, createSimulation, integerOption, numberOption, rangeOption } from './simulation';

export interface PlanarWalkerDefaults {
  readonly name: string;
  readonly xml: string;
  readonly frameSkip: number;
  readonly ctrlCostWeight: number;
  readonly resetNoiseScale: number;
  readonly healthyZRange: readonly [number, number];
  readonly healthyAngleRange: readonly [number, number];
  /** undefined: the env has no state-range health check (Walker2d). */
  readonly healthyStateRange: readonly [number, number] | undefined;
  readonly view: SideView;
}

const VELOCITY_CLIP = 10;

/** @internal Builds Hopper or Walker2d from its defaults and the user's options. */
export function planarWalker(defaults: PlanarWalkerDefaults, options: Record<string, unknown>): Env<Float64Array, ArrayLike<number>> & MujocoExtra {
  const { name } = defaults;
  const names = ['frameSkip', 'forwardRewardWeight', 'ctrlCostWeight', 'healthyReward', 'terminateWhenUnhealthy', 'healthyZRange', 'healthyAngleRange', 'resetNoiseScale', 'excludeCurrentPositionsFromObservation'];
  if (defaults.healthyStateRange) names.push('healthyStateRange');
  checkOptions(name, options, names);
  const frameSkip = integerOption(`${name} frameSkip`, options.frameSkip, defaults.frameSkip);
  const forwardWeight = numberOption(`${name} forwardRewardWeight`, options.forwardRewardWeight, 1);
  const ctrlWeight = numberOption(`${name} ctrlCostWeight`, options.ctrlCostWeight, defaults.ctrlCostWeight);
  const healthyReward = numberOption(`${name} healthyReward`, options.healthyReward, 1);
  const terminateWhenUnhealthy = booleanOption(`${name} terminateWhenUnhealthy`, options.terminateWhenUnhealthy, true);
  const [zLow, zHigh] = rangeOption(`${name} healthyZRange`, options.healthyZRange, defaults.healthyZRange);
  const [angleLow, angleHigh] = rangeOption(`${name} healthyAngleRange`, options.healthyAngleRange, defaults.healthyAngleRange);
  const stateRange = defaults.healthyStateRange && rangeOption(`${name} healthyStateRange`, options.healthyStateRange, defaults.healthyStateRange);
  const noise = numberOption(`${name} resetNoiseScale`, options.resetNoiseScale, defaults.resetNoiseScale, true);
  const skip = booleanOption(`${name} excludeCurrentPositionsFromObservation`, options.excludeCurrentPositionsFromObservation, true) ? 1 : 0;
  const sim = createSimulation(defaults.xml);
  const { nq, nv, nu } = sim;
  const dt = sim.timestep * frameSkip;
  const z0 = sim.initQpos[1] as number;

  // state = (qpos, qvel) unclipped; observation = state[skip:] with qvel clipped
  const observe = (state: Float64Array) => {
    const out = state.slice(skip);
    for (let i = nq - skip; i < out.length; i++) out[i] = Math.min(VELOCITY_CLIP, Math.max(-VELOCITY_CLIP, out[i] as number));
    return out;
  };
  const isHealthy = (state: Float64Array) => {
    const z = state[1] as number;
    const angle = state[2] as number;
    if (!(zLow < z && z < zHigh && angleLow < angle && angle < angleHigh)) return false;
    if (stateRange) {
      for (let i = 2; i < nq + nv; i++) if (!(stateRange[0] < (state[i] as number) && (state[i] as number) < stateRange[1])) return false;
    }
    return true;
  };
  return defineEnv<Float64Array, ArrayLike<number>, MujocoExtra>(
    {
      observationSpace: box({ low: -Infinity, high: Infinity, shape: [nq + nv - skip], dtype: 'float64' }),
      actionSpace: box({ low: sim.ctrlLow, high: sim.ctrlHigh }),
      metadata: { renderFps: Math.round(1 / dt) },
      reset(rng) {
        const qpos = rng.uniform(nq, -noise, noise);
        const qvel = rng.uniform(nv, -noise, noise);
        for (let i = 0; i < nq; i++) qpos[i] = (qpos[i] as number) + (sim.initQpos[i] as number);
        sim.reset(qpos, qvel);
        const state = sim.state(0);
        return { observation: observe(state), info: { x_position: state[0], z_distance_from_origin: (state[1] as number) - z0 } };
      },
      step(action) {
        const xBefore = sim.qposAt(0);
        sim.step(action, frameSkip);
        const state = sim.state(0);
        const xAfter = state[0] as number;
        const xVelocity = (xAfter - xBefore) / dt;
        let squares = 0;
        for (let i = 0; i < nu; i++) squares += (action[i] as number) ** 2;
        const healthy = isHealthy(state);
        const forward = forwardWeight * xVelocity;
        const survive = healthy ? healthyReward : 0;
        const ctrlCost = ctrlWeight * squares;
        return {
          observation: observe(state),
          reward: forward + survive - ctrlCost,
          terminated: !healthy && terminateWhenUnhealthy,
          info: {
            x_position: xAfter,
            z_distance_from_origin: (state[1] as number) - z0,
            x_velocity: xVelocity,
            reward_forward: forward,
            reward_ctrl: -ctrlCost,
            reward_survive: survive,
          },
        };
      },
      render: () => sim.render(defaults.view),
      close: () => sim.close(),
    },
    {
      get physics() {
        return sim.physics(frameSkip);
      },
    },
  );
}
