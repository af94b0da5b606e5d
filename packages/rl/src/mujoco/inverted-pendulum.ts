/**
 * InvertedPendulum (Gymnasium InvertedPendulum-v5) on MuJoCo: push a cart (motor gear 100,
 * action in [−3, 3]) to keep a hinged pole upright.
 * Dynamics: MuJoCo, RK4 at 0.02 s, 2 mj_step per action (dt = 0.04 s).
 * Observation (float64, 4) = [cart x, pole θ, ẋ, θ̇]; reward 1 while |θ| ≤ 0.2, and 0 on the step
 * that ends the episode (v5); terminated when |θ| > 0.2 or an observation is not finite.
 * Reset: qpos and qvel = reference + U(±resetNoiseScale) (0.01) from the env's random stream.
 * Reference: Gymnasium `envs/mujoco/inverted_pendulum_v5.py` and `assets/inverted_pendulum.xml`
 * (Farama Foundation, MIT).
 */
import { checkOptions } from '@stochgrad/core';
import { type Env, defineEnv } from '../env';
import { box } from '../spaces';
import { invertedPendulumXml } from './models/inverted-pendulum-xml';
import { type MujocoExtra, createSimulation, integerOption, numberOption } from './simulation';

export interface InvertedPendulumOptions {
  /** mj_step calls per action (Gymnasium `frame_skip`, default 2). */
  frameSkip?: number;
  /** Half-width of the uniform start noise on qpos and qvel (default 0.01). */
  resetNoiseScale?: number;
}

const OPTION_NAMES = ['frameSkip', 'resetNoiseScale'] as const;

/**
 * The raw InvertedPendulum environment (no time limit; `make('InvertedPendulum-v5')` adds 1000
 * steps). Needs `await loadMujoco()` first.
 * @example
 * await loadMujoco();
 * const env = invertedPendulum();
 * env.reset({ seed: 0 });
 * env.step([0.5]);
 */
export function invertedPendulum(options: InvertedPendulumOptions = {}): Env<Float64Array, ArrayLike<number>> & MujocoExtra {
  checkOptions('invertedPendulum', options, OPTION_NAMES);
  const frameSkip = integerOption('invertedPendulum frameSkip', options.frameSkip, 2);
  const noise = numberOption('invertedPendulum resetNoiseScale', options.resetNoiseScale, 0.01, true);
  const sim = createSimulation(invertedPendulumXml);
  const dt = sim.timestep * frameSkip;
  return defineEnv<Float64Array, ArrayLike<number>, MujocoExtra>(
    {
      observationSpace: box({ low: -Infinity, high: Infinity, shape: [sim.nq + sim.nv], dtype: 'float64' }),
      actionSpace: box({ low: sim.ctrlLow, high: sim.ctrlHigh }),
      metadata: { renderFps: Math.round(1 / dt) },
      reset(rng) {
        const qpos = rng.uniform(sim.nq, -noise, noise);
        const qvel = rng.uniform(sim.nv, -noise, noise);
        for (let i = 0; i < sim.nq; i++) qpos[i] = (qpos[i] as number) + (sim.initQpos[i] as number);
        sim.reset(qpos, qvel);
        return { observation: sim.state(0), info: {} };
      },
      step(action) {
        sim.step(action, frameSkip);
        const observation = sim.state(0);
        const terminated = !observation.every(Number.isFinite) || Math.abs(observation[1] as number) > 0.2;
        const reward = terminated ? 0 : 1;
        return { observation, reward, terminated, info: { reward_survive: reward } };
      },
      render: () => sim.render({ halfWidth: 1.5, yMin: -0.4, yMax: 0.9, follow: false }),
      close: () => sim.close(),
    },
    {
      get physics() {
        return sim.physics(frameSkip);
      },
    },
  );
}
