/**
 * Loads the MuJoCo WebAssembly module once, on demand: importing @stochgrad/rl does not pull in
 * the 11 MB engine; `await loadMujoco()` does (a dynamic import), after which the MuJoCo
 * environments can be made synchronously.
 *
 * Engine: `mujoco-js@0.0.7` (MuJoCo 3.3.8), chosen over `@mujoco/mujoco@3.14.0` after measuring
 * both in one script run (Node 20, 2 shared cores, Gymnasium's XMLs, two runs in both orders;
 * env step = ctrl write, frame_skip × mj_step, qpos/qvel copies):
 *
 *                       mujoco-js 0.0.7              @mujoco/mujoco 3.14.0
 *   module load         204–206 ms                   151–167 ms
 *   InvertedPendulum    73k–95k mj_step/s, 36k–45k   62k–72k mj_step/s, 26k–30k env steps/s
 *   HalfCheetah         104k–128k, 20k–28k           81k–82k, 18k–19k
 *   Hopper              32k–35k, 9.3k–11k            12k–29k, 3.9k–7.6k
 *   Walker2d            16k–22k, 7.6k–8.2k           20k, 6.2k
 *
 * Why: (1) it is one file with the wasm inlined, so Node and a bundled browser page load it with
 * no `.wasm` to serve, locate or fetch (the successor ships a separate `mujoco.wasm` found through
 * `new URL('mujoco.wasm', import.meta.url)`); (2) it was as fast or faster on every task above;
 * (3) the API we use is small (loadFromXML, MjData, mj_step, mj_forward, mj_resetData,
 * mj_kinematics, typed-array views, delete) and is wrapped here and in `simulation.ts`, so the
 * rename to `mj_loadXML`/`from_xml_string` in the successor is a one-place change. Its known heap
 * leak (google-deepmind/mujoco#3068) is in per-step contact access, which we never do; the tests
 * check the heap over 10⁵ steps and 200 make/close cycles.
 */
import type { MainModule } from 'mujoco-js';
import { EnvStateError } from '../errors';

/** The loaded MuJoCo module (mujoco-js's Emscripten module). */
export type MujocoModule = MainModule;

let loaded: MujocoModule | undefined;
let loading: Promise<MujocoModule> | undefined;

/**
 * Loads MuJoCo (once; later calls return the same module). Await it before making a MuJoCo
 * environment (`make('HalfCheetah-v5')`, `halfCheetah()`, ...).
 * @example
 * await loadMujoco();
 * const env = make('Hopper-v5');
 */
export function loadMujoco(): Promise<MujocoModule> {
  if (loaded !== undefined) return Promise.resolve(loaded);
  loading ??= import('mujoco-js')
    .then((m) => m.default())
    .then(
      (module) => {
        loaded = module;
        return module;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
  return loading;
}

/** True once `loadMujoco()` has resolved. */
export function isMujocoLoaded(): boolean {
  return loaded !== undefined;
}

/** @internal The loaded module, for environment factories; throws EnvStateError before loadMujoco(). */
export function mujocoModule(): MujocoModule {
  if (loaded === undefined) throw new EnvStateError('MuJoCo is not loaded: await loadMujoco() from @stochgrad/rl first');
  return loaded;
}
