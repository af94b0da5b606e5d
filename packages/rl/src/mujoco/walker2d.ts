/**
 * Walker2d (Gymnasium Walker2d-v5) on MuJoCo: a planar biped (right and left thigh, leg, foot
 * torques in [−1, 1]⁶, gear 100) walks forward without falling.
 * Dynamics: MuJoCo, RK4 at 0.002 s, 4 mj_step per action (dt = 0.008 s).
 * Reward = healthy·1 + (x_after − x_before)/dt − 10⁻³·‖a‖² (healthy reward only while healthy, v5).
 * Observation (float64, 17) = qpos[1:] (z, torso angle, 6 joint angles) then clip(qvel, −10, 10).
 * Healthy ⇔ 0.8 < z < 2 and −1 < torso angle < 1 (strict); terminated when unhealthy.
 * Reset: qpos = (0, 1.25, 0, …) + U(±0.005), qvel = U(±0.005).
 * Reference: Gymnasium `envs/mujoco/walker2d_v5.py` and `assets/walker2d_v5.xml` (Farama
 * Foundation, MIT); T. Erez, Y. Tassa, E. Todorov, "Infinite-Horizon Model Predictive Control for
 * Periodic Tasks with Contacts", RSS 2011.
 */
import type { Env } from '../env';
import { walker2dXml } from './models/walker2d-xml';
import { planarWalker } from './planar-walker';
import type { MujocoExtra } from './simulation';

export interface Walker2dOptions {
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
  /** Open interval for the torso height z (default [0.8, 2]). */
  healthyZRange?: readonly [number, number];
  /** Open interval for the torso angle (default [−1, 1]). */
  healthyAngleRange?: readonly [number, number];
  /** Half-width of the uniform start noise on qpos and qvel (default 0.005). */
  resetNoiseScale?: number;
  /** Leave the root x out of the observation (default true). */
  excludeCurrentPositionsFromObservation?: boolean;
}

/**
 * The raw Walker2d environment (no time limit; `make('Walker2d-v5')` adds 1000 steps). Needs
 * `await loadMujoco()` first. `info`: x_position, z_distance_from_origin, x_velocity,
 * reward_forward, reward_ctrl, reward_survive.
 * @example
 * await loadMujoco();
 * const env = walker2d();
 * env.reset({ seed: 0 });
 * env.step(new Float64Array(6));
 */
export function walker2d(options: Walker2dOptions = {}): Env<Float64Array, ArrayLike<number>> & MujocoExtra {
  return planarWalker(
    {
      name: 'walker2d',
      xml: walker2dXml,
      frameSkip: 4,
      ctrlCostWeight: 1e-3,
      resetNoiseScale: 5e-3,
      healthyZRange: [0.8, 2],
      healthyAngleRange: [-1, 1],
      healthyStateRange: undefined,
      view: { halfWidth: 1.6, yMin: -0.2, yMax: 1.9, follow: true },
    },
    options as Record<string, unknown>,
  );
}
