/**
 * @internal One MuJoCo model and its data, as the MuJoCo environments use them: compiled from an
 * MJCF string, stepped `frameSkip` times per action, reset as Gymnasium's `MujocoEnv` does
 * (mj_resetData, then qpos/qvel, then mj_forward), drawn in side view, freed by `close()`.
 * Contacts are never read (mujoco-js leaks on per-step contact access, google-deepmind/mujoco#3068).
 * mj_rnePostConstraint, which Gymnasium calls after every step, is left out: it only fills
 * cacc/cfrc_int/cfrc_ext (Ant and Humanoid observe those); these tasks observe qpos and qvel, and
 * with or without it 1000 steps of each task gave bitwise-identical qpos and qvel.
 */
import { ArgumentError } from '@stochgrad/core';
import { EnvStateError } from '../errors';
import type { RenderFrame, Shape } from '../render';
import { type MujocoModule, mujocoModule } from './loader';

/** What a MuJoCo environment exposes besides the Env contract (copies, safe to keep). */
export interface MujocoPhysics {
  /** Generalized positions, a copy. */
  readonly qpos: Float64Array;
  /** Generalized velocities, a copy. */
  readonly qvel: Float64Array;
  /** Simulated time in seconds since the last reset. */
  readonly time: number;
  /** The model's integration step (`model.opt.timestep`). */
  readonly timestep: number;
  /** mj_step calls per env step. */
  readonly frameSkip: number;
  /** Seconds per env step: timestep × frameSkip. */
  readonly dt: number;
  /** Bytes of the MuJoCo WebAssembly heap (shared by every MuJoCo environment), for leak checks. */
  readonly wasmHeapBytes: number;
}

/** The `physics` getter every MuJoCo environment has. */
export interface MujocoExtra {
  readonly physics: MujocoPhysics;
}

/** How `render()` frames the model: fixed bounds, or a window that follows the first body. */
export interface SideView {
  readonly halfWidth: number;
  readonly yMin: number;
  readonly yMax: number;
  /** Center the window on the first body's x (runners); otherwise on x = 0. */
  readonly follow: boolean;
}

export interface Simulation {
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly timestep: number;
  /** The model's reference configuration (`qpos0`), a copy. */
  readonly initQpos: Float64Array;
  /** The actuators' control ranges (ctrlrange), low and high. */
  readonly ctrlLow: Float64Array;
  readonly ctrlHigh: Float64Array;
  qposAt(index: number): number;
  /** qpos then qvel copied into a new array, from qpos offset `skip`. */
  state(skip: number): Float64Array;
  physics(frameSkip: number): MujocoPhysics;
  step(ctrl: ArrayLike<number>, frameSkip: number): void;
  reset(qpos: Float64Array, qvel: Float64Array): void;
  render(view: SideView): RenderFrame;
  close(): void;
}

let files = 0;

function compile(mujoco: MujocoModule, xml: string): ReturnType<MujocoModule['MjModel']['loadFromXML']> {
  const dir = '/stochgrad-mjcf';
  if (!mujoco.FS.analyzePath(dir, false).exists) mujoco.FS.mkdir(dir);
  const path = `${dir}/model-${files++}.xml`;
  mujoco.FS.writeFile(path, xml);
  try {
    return mujoco.MjModel.loadFromXML(path);
  } finally {
    mujoco.FS.unlink(path);
  }
}

const css = (rgba: Float32Array, i: number) =>
  `rgba(${Math.round(255 * (rgba[4 * i] as number))}, ${Math.round(255 * (rgba[4 * i + 1] as number))}, ${Math.round(255 * (rgba[4 * i + 2] as number))}, ${rgba[4 * i + 3] as number})`;

// MuJoCo's mjtGeom codes
const PLANE = 0;
const SPHERE = 2;
const CAPSULE = 3;
const ELLIPSOID = 4;
const CYLINDER = 5;
const BOX = 6;

/** @internal Compiles `xml` with the loaded MuJoCo (EnvStateError before loadMujoco()). */
export function createSimulation(xml: string): Simulation {
  const mujoco = mujocoModule();
  const model = compile(mujoco, xml);
  const data = new mujoco.MjData(model);
  const { nq, nv, nu } = model;
  const options = model.opt;
  const timestep = options.timestep;
  options.delete();
  const initQpos = Float64Array.from(model.qpos0 as Float64Array);
  const ctrlRange = model.actuator_ctrlrange as Float64Array;
  const ctrlLow = Float64Array.from({ length: nu }, (_, i) => ctrlRange[2 * i] as number);
  const ctrlHigh = Float64Array.from({ length: nu }, (_, i) => ctrlRange[2 * i + 1] as number);
  const geomType = Int32Array.from(model.geom_type as Int32Array);
  const geomSize = Float64Array.from(model.geom_size as Float64Array);
  const geomRgba = Float32Array.from(model.geom_rgba as Float32Array);
  const colors = Array.from(geomType, (_, i) => css(geomRgba, i));
  let closed = false;
  const live = () => {
    if (closed) throw new EnvStateError('MuJoCo physics: the environment was closed; make a new one');
  };
  const sim: Simulation = {
    nq,
    nv,
    nu,
    timestep,
    initQpos,
    ctrlLow,
    ctrlHigh,
    qposAt: (index) => (data.qpos as Float64Array)[index] as number,
    state(skip) {
      const out = new Float64Array(nq - skip + nv);
      out.set((data.qpos as Float64Array).subarray(skip));
      out.set(data.qvel as Float64Array, nq - skip);
      return out;
    },
    physics(frameSkip) {
      live();
      const qpos = data.qpos as Float64Array;
      return Object.freeze({
        qpos: Float64Array.from(qpos),
        qvel: Float64Array.from(data.qvel as Float64Array),
        time: data.time,
        timestep,
        frameSkip,
        dt: timestep * frameSkip,
        wasmHeapBytes: qpos.buffer.byteLength,
      });
    },
    step(ctrl, frameSkip) {
      (data.ctrl as Float64Array).set(ctrl);
      for (let i = 0; i < frameSkip; i++) mujoco.mj_step(model, data);
    },
    reset(qpos, qvel) {
      mujoco.mj_resetData(model, data);
      (data.qpos as Float64Array).set(qpos);
      (data.qvel as Float64Array).set(qvel);
      mujoco.mj_forward(model, data);
    },
    render(view) {
      // positions after the last mj_step's integration (mj_step computes them before it)
      mujoco.mj_kinematics(model, data);
      const xpos = data.geom_xpos as Float64Array;
      const xmat = data.geom_xmat as Float64Array;
      const center = view.follow ? ((data.xpos as Float64Array)[3] as number) : 0;
      const bounds = { xMin: center - view.halfWidth, xMax: center + view.halfWidth, yMin: view.yMin, yMax: view.yMax };
      const floor: Shape[] = [];
      const bodies: Shape[] = [];
      for (let g = 0; g < geomType.length; g++) {
        const x = xpos[3 * g] as number;
        const z = xpos[3 * g + 2] as number;
        const r = geomSize[3 * g] as number;
        // local x and z axes in world coordinates: columns 0 and 2 of the row-major rotation
        const ax = xmat[9 * g] as number;
        const axZ = xmat[9 * g + 6] as number;
        const az = xmat[9 * g + 2] as number;
        const azZ = xmat[9 * g + 8] as number;
        const type = geomType[g];
        const fill = colors[g] as string;
        if (type === PLANE) {
          floor.push({ type: 'polygon', points: [bounds.xMin, z, bounds.xMax, z, bounds.xMax, view.yMin, bounds.xMin, view.yMin], fill: '#e6efe6' });
          const ticks: number[] = [];
          for (let t = Math.ceil(bounds.xMin * 2) / 2; t <= bounds.xMax; t += 0.5) ticks.push(t, z, t, z - 0.05, t, z);
          floor.push({ type: 'polyline', points: [bounds.xMin, z, ...ticks, bounds.xMax, z], stroke: '#557755', lineWidth: 0.01 });
        } else if (type === CAPSULE) {
          const h = geomSize[3 * g + 1] as number;
          bodies.push({ type: 'capsule', x1: x - h * az, y1: z - h * azZ, x2: x + h * az, y2: z + h * azZ, radius: r, fill });
        } else if (type === BOX || type === CYLINDER) {
          const hx = r;
          const hz = geomSize[3 * g + (type === BOX ? 2 : 1)] as number;
          const corner = (sx: number, sz: number) => [x + sx * hx * ax + sz * hz * az, z + sx * hx * axZ + sz * hz * azZ];
          bodies.push({ type: 'polygon', points: [...corner(-1, -1), ...corner(1, -1), ...corner(1, 1), ...corner(-1, 1)], fill });
        } else if (type === SPHERE || type === ELLIPSOID) {
          bodies.push({ type: 'circle', x, y: z, radius: r, fill });
        }
      }
      return { bounds, shapes: [...floor, ...bodies], background: '#ffffff' };
    },
    close() {
      if (closed) return;
      closed = true;
      data.delete();
      model.delete();
    },
  };
  return Object.freeze(sim);
}

/** @internal A finite number option (>= 0 when `nonNegative`). */
export function numberOption(where: string, value: unknown, fallback: number, nonNegative = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || (nonNegative && value < 0)) {
    throw new ArgumentError(where, `got ${typeof value === 'number' ? value : typeof value}`, nonNegative ? 'a finite number >= 0' : 'a finite number');
  }
  return value;
}

/** @internal A boolean option. */
export function booleanOption(where: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ArgumentError(where, `got ${typeof value}`, 'true or false');
  return value;
}

/** @internal A positive integer option (frame skip). */
export function integerOption(where: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ArgumentError(where, `got ${typeof value === 'number' ? value : typeof value}`, 'an integer >= 1');
  }
  return value;
}

/** @internal An open interval [low, high] with low < high (±Infinity allowed). */
export function rangeOption(where: string, value: unknown, fallback: readonly [number, number]): readonly [number, number] {
  if (value === undefined) return fallback;
  const ok =
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    (value as ArrayLike<number>).length === 2 &&
    typeof (value as ArrayLike<number>)[0] === 'number' &&
    typeof (value as ArrayLike<number>)[1] === 'number' &&
    ((value as ArrayLike<number>)[0] as number) < ((value as ArrayLike<number>)[1] as number);
  if (!ok) throw new ArgumentError(where, `got ${JSON.stringify(value)}`, 'two numbers [low, high] with low < high (±Infinity allowed)');
  return [(value as ArrayLike<number>)[0] as number, (value as ArrayLike<number>)[1] as number];
}
