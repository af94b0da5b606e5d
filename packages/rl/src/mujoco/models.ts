/**
 * The MJCF models of the MuJoCo tasks, by environment id, with their default frame skip: written
 * for this package from the published model facts of Gymnasium's v5 tasks (sizes, masses, joint
 * ranges, gears, timestep, integrator). Load them into your own MuJoCo code, or time the raw
 * physics against the environments (bench `envs`).
 */
import { halfCheetahXml } from './models/half-cheetah-xml';
import { hopperXml } from './models/hopper-xml';
import { invertedPendulumXml } from './models/inverted-pendulum-xml';
import { walker2dXml } from './models/walker2d-xml';

export interface MujocoModel {
  /** The MJCF document. */
  readonly xml: string;
  /** mj_step calls per environment step, the environment's default. */
  readonly frameSkip: number;
}

export const mujocoModels: Readonly<Record<string, MujocoModel>> = Object.freeze({
  'InvertedPendulum-v5': Object.freeze({ xml: invertedPendulumXml, frameSkip: 2 }),
  'HalfCheetah-v5': Object.freeze({ xml: halfCheetahXml, frameSkip: 5 }),
  'Hopper-v5': Object.freeze({ xml: hopperXml, frameSkip: 4 }),
  'Walker2d-v5': Object.freeze({ xml: walker2dXml, frameSkip: 4 }),
});
