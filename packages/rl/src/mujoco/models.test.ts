import { beforeAll, describe, expect, it } from 'vitest';
import { type MujocoModule, loadMujoco } from './loader';
import { mujocoModels } from './models';

// The compiled MJCF against the published Gymnasium v5 model facts (REFERENCES-RL §3.6 and the
// Gymnasium asset files): integrator, timestep, gravity, gears, control ranges, joint parameters.
let mujoco: MujocoModule;
beforeAll(async () => {
  mujoco = await loadMujoco();
  mujoco.FS.mkdir('/models-test');
});

function compiled(id: string) {
  const model = mujocoModels[id];
  if (!model) throw new Error(`no model ${id}`);
  mujoco.FS.writeFile('/models-test/m.xml', model.xml);
  const m = mujoco.MjModel.loadFromXML('/models-test/m.xml');
  const options = m.opt;
  const facts = {
    frameSkip: model.frameSkip,
    timestep: options.timestep,
    integrator: options.integrator as unknown as number,
    gravity: Array.from(options.gravity as Float64Array),
    nq: m.nq,
    nv: m.nv,
    nu: m.nu,
    gear: Array.from({ length: m.nu }, (_, i) => (m.actuator_gear as Float64Array)[6 * i]),
    ctrlrange: Array.from(m.actuator_ctrlrange as Float64Array),
    jointRange: Array.from(m.jnt_range as Float64Array),
    damping: Array.from(m.dof_damping as Float64Array),
    armature: Array.from(m.dof_armature as Float64Array),
    stiffness: Array.from(m.jnt_stiffness as Float64Array),
    qpos0: Array.from(m.qpos0 as Float64Array),
    totalMass: (m.body_mass as Float64Array).reduce((a, b) => a + b, 0),
  };
  options.delete();
  m.delete();
  return facts;
}

// mjtIntegrator: 0 Euler, 1 RK4
const EULER = 0;
const RK4 = 1;

describe('MJCF models', () => {
  it('InvertedPendulum: RK4 at 0.02 s, gear 100, ctrl ±3, slider ±1, hinge ±90°, damping 1', () => {
    const f = compiled('InvertedPendulum-v5');
    expect(f).toMatchObject({ frameSkip: 2, timestep: 0.02, integrator: RK4, gravity: [0, 0, -9.81], nq: 2, nv: 2, nu: 1, gear: [100], ctrlrange: [-3, 3] });
    expect(f.jointRange[0]).toBe(-1);
    expect(f.jointRange[1]).toBe(1);
    expect(f.jointRange[2]).toBeCloseTo(-Math.PI / 2, 12);
    expect(f.jointRange[3]).toBeCloseTo(Math.PI / 2, 12);
    expect(f.damping).toEqual([1, 1]);
    expect(f.armature).toEqual([0, 0]);
  });

  it('HalfCheetah: Euler at 0.01 s, total mass 14, gears 120/90/60/120/60/30, per-joint stiffness and damping', () => {
    const f = compiled('HalfCheetah-v5');
    expect(f).toMatchObject({ frameSkip: 5, timestep: 0.01, integrator: EULER, nq: 9, nv: 9, nu: 6, gear: [120, 90, 60, 120, 60, 30] });
    expect(f.ctrlrange).toEqual([-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1]);
    expect(f.totalMass).toBeCloseTo(14, 12);
    expect(f.armature).toEqual([0, 0, 0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(f.damping).toEqual([0, 0, 0, 6, 4.5, 3, 4.5, 3, 1.5]);
    expect(f.stiffness).toEqual([0, 0, 0, 240, 180, 120, 180, 120, 60]);
    expect(f.jointRange.slice(6)).toEqual([-0.52, 1.05, -0.785, 0.785, -0.4, 0.785, -1, 0.7, -1.2, 0.87, -0.5, 0.5]);
    expect(f.qpos0).toEqual(new Array(9).fill(0));
  });

  it('Hopper: RK4 at 0.002 s, gear 200, armature and damping 1, rootz reference 1.25', () => {
    const f = compiled('Hopper-v5');
    expect(f).toMatchObject({ frameSkip: 4, timestep: 0.002, integrator: RK4, nq: 6, nv: 6, nu: 3, gear: [200, 200, 200], ctrlrange: [-1, 1, -1, 1, -1, 1] });
    expect(f.armature).toEqual([0, 0, 0, 1, 1, 1]);
    expect(f.damping).toEqual([0, 0, 0, 1, 1, 1]);
    expect(f.qpos0).toEqual([0, 1.25, 0, 0, 0, 0]);
    const deg = Math.PI / 180;
    [-150 * deg, 0, -150 * deg, 0, -45 * deg, 45 * deg].forEach((v, i) => expect(f.jointRange[6 + i]).toBeCloseTo(v, 12));
  });

  it('Walker2d: RK4 at 0.002 s, gear 100 on six joints, armature 0.01, damping 0.1', () => {
    const f = compiled('Walker2d-v5');
    expect(f).toMatchObject({ frameSkip: 4, timestep: 0.002, integrator: RK4, nq: 9, nv: 9, nu: 6, gear: [100, 100, 100, 100, 100, 100] });
    expect(f.armature).toEqual([0, 0, 0, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
    expect(f.damping).toEqual([0, 0, 0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(f.qpos0).toEqual([0, 1.25, 0, 0, 0, 0, 0, 0, 0]);
  });
});
