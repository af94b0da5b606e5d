/**
 * Hopper (Gymnasium Hopper-v5) on MuJoCo: a planar one-legged robot (thigh, leg, foot torques in
 * [−1, 1]³, gear 200) hops forward without falling.
 * Dynamics: MuJoCo, RK4 at 0.002 s, 4 mj_step per action (dt = 0.008 s).
 * Reward = healthy·1 + (x_after − x_before)/dt − 10⁻³·‖a‖² (healthy reward only while healthy, v5).
 * Observation (float64, 11) = qpos[1:] (z, torso angle, 3 joint angles) then clip(qvel, −10, 10).
 * Healthy ⇔ z > 0.7, |torso angle| < 0.2 and every element of (qpos, qvel)[2:] in (−100, 100)
 * (strict); terminated when unhealthy.
 * Reset: qpos = (0, 1.25, 0, 0, 0, 0) + U(±0.005), qvel = U(±0.005).
 * Reference: Gymnasium `envs/mujoco/hopper_v5.py` and `assets/hopper.xml` (Farama Foundation, MIT);
 * T. Erez, Y. Tassa, E. Todorov, "Infinite-Horizon Model Predictive Control for Periodic Tasks
 * with Contacts", RSS 2011.
 */
import type { Env } from '../env';
import { hopperXml } from './models/hopper-xml';
import { planarWalker } from './planar-walker';
import type { MujocoExtra } from './simulation';

export interface HopperOptions {
  /** mj_step calls per action (Gymnasium `frame_skip`, default 4). */
  frameSkip?: number;
  /** Weight of the forward velocity reward (default 1). */
  forwardRewardWeight?: number;
  /** Weight of the control cost ‖a‖² (default 0.001). */
  ctrlCostWeight?: number;
  /** Reward per healthy step (default 1). */
  healthyReward?: number;
  /** End the episode when unhealthy (default true). */
  terminateWhenUnhealthy?: boolean;
  /** Open interval for (qpos, qvel)[2:] (default [−100, 100]). */
  healthyStateRange?: readonly [number, number];
  /** Open interval for the torso height z (default [0.7, Infinity]). */
  healthyZRange?: readonly [number, number];
  /** Open interval for the torso angle (default [−0.2, 0.2]). */
  healthyAngleRange?: readonly [number, number];
  /** Half-width of the uniform start noise on qpos and qvel (default 0.005). */
  resetNoiseScale?: number;
  /** Leave the root x out of the observation (default true). */
  excludeCurrentPositionsFromObservation?: boolean;
}

/**
 * The raw Hopper environment (no time limit; `make('Hopper-v5')` adds 1000 steps). Needs
 * `await loadMujoco()` first. `info`: x_position, z_distance_from_origin, x_velocity,
 * reward_forward, reward_ctrl, reward_survive.
 * @example
 * await loadMujoco();
 * const env = hopper();
 * env.reset({ seed: 0 });
 * const { terminated } = env.step([0, 0, 0]);
 */
export function hopper(options: HopperOptions = {}): Env<Float64Array, ArrayLike<number>> & MujocoExtra {
  return planarWalker(
    {
      name: 'hopper',
      xml: hopperXml,
      frameSkip: 4,
      ctrlCostWeight: 1e-3,
      resetNoiseScale: 5e-3,
      healthyZRange: [0.7, Infinity],
      healthyAngleRange: [-0.2, 0.2],
      healthyStateRange: [-100, 100],
      view: { halfWidth: 1.6, yMin: -0.2, yMax: 1.9, follow: true },
    },
    options as Record<string, unknown>,
  );
}
