/**
 * HalfCheetah (Gymnasium HalfCheetah-v5) on MuJoCo: a planar cheetah with six torque-driven
 * joints (actions in [−1, 1]⁶) runs forward.
 * Dynamics: MuJoCo, Euler at 0.01 s, 5 mj_step per action (dt = 0.05 s).
 * Reward = w_f·(x_after − x_before)/dt − w_c·‖a‖² (w_f = 1, w_c = 0.1), x the root's x position.
 * Observation (float64, 17) = qpos[1:] (root z, root angle, 6 joint angles) then qvel (9); with
 * excludeCurrentPositionsFromObservation = false it starts with the root x (18). Never terminates.
 * Reset: qpos = reference + U(±s), qvel = s·N(0, 1), s = resetNoiseScale (0.1).
 * Reference: Gymnasium `envs/mujoco/half_cheetah_v5.py` and `assets/half_cheetah.xml`
 * (Farama Foundation, MIT); P. Wawrzyński, "A Cat-Like Robot Real-Time Learning to Run" (2009).
 */
import { checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { box } from '../spaces';
import { halfCheetahXml } from './models/half-cheetah-xml';
import { type MujocoExtra, booleanOption, createSimulation, integerOption, numberOption } from './simulation';

export interface HalfCheetahOptions {
  /** mj_step calls per action (Gymnasium `frame_skip`, default 5). */
  frameSkip?: number;
  /** Weight of the forward velocity reward (default 1). */
  forwardRewardWeight?: number;
  /** Weight of the control cost ‖a‖² (default 0.1). */
  ctrlCostWeight?: number;
  /** Scale of the start noise (default 0.1): U(±scale) on qpos, scale·N(0, 1) on qvel. */
  resetNoiseScale?: number;
  /** Leave the root x out of the observation (default true). */
  excludeCurrentPositionsFromObservation?: boolean;
}

const OPTION_NAMES = ['frameSkip', 'forwardRewardWeight', 'ctrlCostWeight', 'resetNoiseScale', 'excludeCurrentPositionsFromObservation'] as const;

/**
 * The raw HalfCheetah environment (no time limit; `make('HalfCheetah-v5')` adds 1000 steps).
 * Needs `await loadMujoco()` first. `info`: x_position, x_velocity, reward_forward, reward_ctrl.
 * @example
 * await loadMujoco();
 * const env = halfCheetah();
 * env.reset({ seed: 0 });
 * const { reward, info } = env.step(new Float64Array(6));
 */
export function halfCheetah(options: HalfCheetahOptions = {}): Env<Float64Array, ArrayLike<number>> & MujocoExtra {
  checkOptions('halfCheetah', options, OPTION_NAMES);
  const frameSkip = integerOption('halfCheetah frameSkip', options.frameSkip, 5);
  const forwardWeight = numberOption('halfCheetah forwardRewardWeight', options.forwardRewardWeight, 1);
  const ctrlWeight = numberOption('halfCheetah ctrlCostWeight', options.ctrlCostWeight, 0.1);
  const noise = numberOption('halfCheetah resetNoiseScale', options.resetNoiseScale, 0.1, true);
  const skip = booleanOption('halfCheetah excludeCurrentPositionsFromObservation', options.excludeCurrentPositionsFromObservation, true) ? 1 : 0;
  const sim = createSimulation(halfCheetahXml);
  const dt = sim.timestep * frameSkip;
  return defineEnv<Float64Array, ArrayLike<number>, MujocoExtra>(
    {
      observationSpace: box({ low: -Infinity, high: Infinity, shape: [sim.nq + sim.nv - skip], dtype: 'float64' }),
      actionSpace: box({ low: sim.ctrlLow, high: sim.ctrlHigh }),
      metadata: { renderFps: Math.round(1 / dt) },
      reset(rng) {
        const qpos = rng.uniform(sim.nq, -noise, noise);
        const qvel = rng.normal(sim.nv, noise);
        for (let i = 0; i < sim.nq; i++) qpos[i] = (qpos[i] as number) + (sim.initQpos[i] as number);
        sim.reset(qpos, qvel);
        return { observation: sim.state(skip), info: { x_position: sim.qposAt(0) } };
      },
      step(action) {
        const xBefore = sim.qposAt(0);
        sim.step(action, frameSkip);
        const xAfter = sim.qposAt(0);
        const xVelocity = (xAfter - xBefore) / dt;
        let squares = 0;
        for (let i = 0; i < sim.nu; i++) squares += (action[i] as number) ** 2;
        const forward = forwardWeight * xVelocity;
        const ctrlCost = ctrlWeight * squares;
        return {
          observation: sim.state(skip),
          reward: forward - ctrlCost,
          terminated: false,
          info: { x_position: xAfter, x_velocity: xVelocity, reward_forward: forward, reward_ctrl: -ctrlCost },
        };
      },
      render: () => sim.render({ halfWidth: 2.5, yMin: -0.3, yMax: 1.5, follow: true }),
      close: () => sim.close(),
    },
    {
      get physics() {
        return sim.physics(frameSkip);
      },
    },
  );
}
