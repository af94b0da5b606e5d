/**
 * n copies of a registered environment split over worker threads (node:worker_threads in Node,
 * module Web Workers in the browser), stepped in parallel; Gymnasium's AsyncVectorEnv in spirit,
 * with the semantics and layout of syncVectorEnv (vector-env.ts) and methods that return Promises.
 * Transport: actions, observations, rewards and flags go through SharedArrayBuffers; the workers
 * block in Atomics.wait and the main thread awaits them with Atomics.waitAsync. Infos of numbers
 * under unchanged keys (empty ones, MuJoCo's) go through shared memory too, so a step costs no
 * message unless an info holds something else or its keys change (e.g. on an autoreset). Without SharedArrayBuffer (a page that is not cross-origin
 * isolated) or Atomics.waitAsync, every call is a message with transferred buffers.
 * Properties: the same numbers as syncVectorEnv for the same id, options, seeds and actions, bitwise
 * (each worker runs the same copy code on its slice; seeds are global indices). Each worker makes
 * its copies by id through its own registry (it imports the package, and `options.imports` first):
 * environments registered only in the main thread are not there. MuJoCo envs load the engine in
 * the worker (loadMujoco) when `make` needs it.
 *
 * Where the worker script comes from:
 * - built package (Node ESM, Node CJS, bundlers): dist/vector-worker.js beside the entry, found with
 *   `new URL('./vector-worker.js', import.meta.url)` (tsup shims import.meta.url in the CJS build).
 * - Node from the TypeScript source (vitest): src/vector/vector-worker.ts is bundled once per
 *   process with esbuild (a dev dependency) into node_modules/.cache/stochgrad-rl/, as tsup bundles
 *   it for dist/, resolving @stochgrad/* to source.
 * - Vite page (from source or from dist): `new Worker(new URL('./vector-worker.js',
 *   import.meta.url), { type: 'module' })` is the literal pattern Vite detects and bundles as a
 *   worker (from a .ts importer Vite resolves the .js name to vector-worker.ts). Cross-origin
 *   isolation (COOP/COEP headers, as the demo sets) gives the shared transport; without it the
 *   message transport is used. Checked in headless Chromium with Vite 8 (dev server and build, from
 *   the source with the @stochgrad/source condition, and a build from dist/ imported by path).
 *   Not checked: dist/ through Vite's dependency pre-bundling (optimizeDeps), which may not carry
 *   the relative worker URL; excluding @stochgrad/rl from optimizeDeps avoids it.
 * Reference: Gymnasium `vector/async_vector_env.py` (Farama Foundation, MIT).
 */
import type * as Esbuild from 'esbuild';
import type * as NodeFs from 'node:fs';
import type * as NodeOs from 'node:os';
import type * as NodeUrl from 'node:url';
import type * as NodeWorkerThreads from 'node:worker_threads';
import { ArgumentError, checkOptions } from '@stochgrad/core';
import type { EnvSpec, Info } from '../env';
import { EnvStateError } from '../errors';
import { actionBatch, actionSizeOf, checkVectorSeed, observationSizeOf } from '../internal/vector-copies';
import {
  COMMAND,
  COMMAND_SEQ,
  CONTROL_WORDS,
  DONE_SEQ,
  FAILED,
  type FromWorker,
  INFOS,
  INFO_NUMBERS,
  POSTED,
  STATUS,
  STEP,
  type SpaceDescription,
  type ToWorker,
  YIELD,
  deserializeError,
  numericKeys,
  spaceFrom,
} from '../internal/vector-protocol';
import { type MakeOptions, envSpec } from '../registry';
import type { Space } from '../spaces';
import { checkCopies } from './sync-vector-env';
import type { VectorActions, VectorEnv, VectorResetArgs, VectorResetResult, VectorStepResult } from './vector-env';

export interface ParallelVectorEnvOptions {
  /** A registered id; each worker builds its copies with `make(id, options)`. */
  id: string;
  /** The number of copies, an integer >= 1. */
  n: number;
  /** Worker threads (default min(n, hardware concurrency)); copies are split into contiguous blocks. */
  workers?: number;
  /** Options for `make(id, options)` (structured-cloneable). */
  options?: MakeOptions;
  /** 'shared' (SharedArrayBuffer + Atomics) or 'message'; default 'shared' where available. */
  transport?: 'shared' | 'message';
  /**
   * Module URLs (JavaScript) each worker imports before making its copies; a module's default
   * export, if a function, is called with the worker's @stochgrad/rl module: register your own
   * environments through it (`export default ({ register }) => register({ id: 'Mine-v0', ... })`).
   */
  imports?: string[];
}

export interface ParallelVectorEnv extends VectorEnv {
  readonly kind: 'parallel';
  /** The number of worker threads. */
  readonly numWorkers: number;
  readonly transport: 'shared' | 'message';
  reset(args?: VectorResetArgs): Promise<VectorResetResult>;
  step(actions: VectorActions): Promise<VectorStepResult>;
  /** Closes the copies and terminates the workers; resolves when they have exited. */
  close(): Promise<void>;
}

// specifiers hidden from bundlers: only used in Node
const NODE_WORKER_THREADS = 'node:worker_threads';
const NODE_OS = 'node:os';
const NODE_URL = 'node:url';
const NODE_FS = 'node:fs';
const ESBUILD = 'esbuild';

const isNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';

interface Channel {
  post(message: ToWorker, transfer?: Transferable[]): void;
  /** The next message of this type; rejects on an error message or if the worker dies. */
  next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>>;
  /** Rejects when the worker dies. */
  readonly died: Promise<never>;
  keepAlive(on: boolean): void;
  terminate(): Promise<void>;
}

function channel(send: (m: ToWorker, t?: Transferable[]) => void, terminate: () => Promise<void>, keepAlive: (on: boolean) => void) {
  const inbox: FromWorker[] = [];
  const waiters: { type: string; resolve: (m: FromWorker) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | undefined;
  let pendingError: Error | undefined;
  let die: (e: Error) => void = () => {};
  const died = new Promise<never>((_, reject) => {
    die = reject;
  });
  died.catch(() => {});
  const ch: Channel & { receive(m: FromWorker): void; fail(e: Error): void } = {
    post: send,
    died,
    keepAlive,
    terminate,
    next<T extends FromWorker['type']>(type: T) {
      return new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
        if (pendingError !== undefined) {
          const e = pendingError;
          pendingError = undefined;
          reject(e);
          return;
        }
        if (failure !== undefined) return reject(failure);
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return resolve(inbox.splice(i, 1)[0] as Extract<FromWorker, { type: T }>);
        waiters.push({ type, resolve: resolve as (m: FromWorker) => void, reject });
      });
    },
    receive(m) {
      if (m.type === 'error') {
        const e = deserializeError(m.error);
        const w = waiters.shift();
        if (w) w.reject(e);
        else pendingError = e;
        return;
      }
      const i = waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
      else inbox.push(m);
    },
    fail(e) {
      if (failure !== undefined) return;
      failure = e;
      for (const w of waiters.splice(0)) w.reject(e);
      die(e);
    },
  };
  return ch;
}

let sourceWorker: Promise<URL> | undefined;

// Not `new URL(literal, import.meta.url)`: bundlers (Vite) would take these Node-only files as assets.
const here = (): string => import.meta.url;

/** From the TypeScript source in Node: the worker bundled once per process (see the header). */
function bundledSourceWorker(): Promise<URL> {
  sourceWorker ??= (async () => {
    const { fileURLToPath, pathToFileURL } = (await import(/* @vite-ignore */ NODE_URL)) as typeof NodeUrl;
    const { readFileSync, renameSync, writeFileSync, mkdirSync } = (await import(/* @vite-ignore */ NODE_FS)) as typeof NodeFs;
    const esbuild = (await import(/* @vite-ignore */ ESBUILD)) as typeof Esbuild;
    const path = (relative: string) => fileURLToPath(new URL(relative, here()));
    const pkg = JSON.parse(readFileSync(path('../../package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies }).filter((name) => !name.startsWith('@stochgrad/'));
    const result = await esbuild.build({
      entryPoints: [path('./vector-worker.ts')],
      outfile: path('../../node_modules/.cache/stochgrad-rl/vector-worker.mjs'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@stochgrad/source'],
      logLevel: 'error',
      plugins: [
        {
          name: 'externals',
          setup(b) {
            // the package's own dependencies stay external, except tfjs-core's extensionless ESM files
            b.onResolve({ filter: /^[^./]/ }, (args) => {
              if (args.path.startsWith('node:')) return { external: true };
              if (args.path.startsWith('@tensorflow/tfjs-core/dist/')) return undefined;
              return external.some((name) => args.path === name || args.path.startsWith(`${name}/`)) ? { external: true } : undefined;
            });
          },
        },
      ],
    });
    // one file shared by concurrent test processes: written beside, then renamed (atomic)
    const outfile = path('../../node_modules/.cache/stochgrad-rl/vector-worker.mjs');
    const temporary = `${outfile}.${process.pid}.${Date.now()}.tmp`;
    mkdirSync(path('../../node_modules/.cache/stochgrad-rl/'), { recursive: true });
    writeFileSync(temporary, result.outputFiles[0]!.contents);
    renameSync(temporary, outfile);
    return pathToFileURL(outfile);
  })();
  return sourceWorker;
}

async function spawn(): Promise<ReturnType<typeof channel>> {
  if (isNode()) {
    const { Worker } = (await import(/* @vite-ignore */ NODE_WORKER_THREADS)) as typeof NodeWorkerThreads;
    const fromSource = here().endsWith('.ts');
    const url = fromSource ? await bundledSourceWorker() : new URL('./vector-worker.js', here());
    const worker = new Worker(url);
    let exited = false;
    const exit = new Promise<void>((resolve) => worker.once('exit', () => {
      exited = true;
      resolve();
    }));
    const ch = channel(
      (m, t) => worker.postMessage(m, t as never),
      async () => {
        if (!exited) await worker.terminate();
        await exit;
      },
      (on) => (on ? worker.ref() : worker.unref()),
    );
    worker.on('message', (m: FromWorker) => ch.receive(m));
    worker.on('error', (e) => ch.fail(e));
    worker.once('exit', (code) => ch.fail(new EnvStateError(`parallelVectorEnv: a worker exited (code ${code})`)));
    return ch;
  }
  const worker = new Worker(new URL('./vector-worker.js', import.meta.url), { type: 'module' });
  const ch = channel(
    (m, t) => worker.postMessage(m, t ?? []),
    async () => worker.terminate(),
    () => {},
  );
  worker.onmessage = (e: MessageEvent<FromWorker>) => ch.receive(e.data);
  worker.onerror = (e) => ch.fail(new Error(`parallelVectorEnv: a worker failed: ${e.message}`));
  return ch;
}

async function hardwareConcurrency(): Promise<number> {
  const fromNavigator = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (typeof fromNavigator === 'number' && fromNavigator > 0) return fromNavigator;
  if (isNode()) {
    const os = (await import(/* @vite-ignore */ NODE_OS)) as typeof NodeOs;
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  }
  return 2;
}

/**
 * Promise.all that settles only when every worker has answered: a call that fails in one worker
 * must not return (and let the next call start) while another is still working on it. Rejects with
 * the first worker's error, in worker order.
 */
async function allWorkers<T>(answers: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(answers);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

const sameSpace = (a: SpaceDescription, b: SpaceDescription) => JSON.stringify(a) === JSON.stringify(b);

/**
 * @example
 * const vec = await parallelVectorEnv({ id: 'HalfCheetah-v5', n: 8, workers: 2 });
 * let { observations } = await vec.reset({ seed: 0 }); // Float32Array [8 × 17]
 * const { rewards, autoreset } = await vec.step(actions); // actions: Float32Array [8 × 6]
 * await vec.close();
 */
export async function parallelVectorEnv(options: ParallelVectorEnvOptions): Promise<ParallelVectorEnv> {
  checkOptions('parallelVectorEnv', options, ['id', 'n', 'workers', 'options', 'transport', 'imports']);
  if (options === undefined) throw new ArgumentError('parallelVectorEnv options', 'got undefined', '{ id, n, workers?, options? }');
  const { id, n, options: makeOptions, imports = [] } = options;
  if (typeof id !== 'string') throw new ArgumentError('parallelVectorEnv id', `got ${typeof id}`, 'a registered id (workers make copies by id; use syncVectorEnv for a make function)');
  checkCopies('parallelVectorEnv', n);
  envSpec(id); // an unknown id fails here, with the list of known ones
  const workersOption = options.workers ?? Math.min(n, await hardwareConcurrency());
  if (!Number.isSafeInteger(workersOption) || workersOption < 1) throw new ArgumentError('parallelVectorEnv workers', `got ${String(workersOption)}`, 'an integer >= 1');
  if (!Array.isArray(imports) || imports.some((s) => typeof s !== 'string')) throw new ArgumentError('parallelVectorEnv imports', 'not an array of strings', 'an array of module URLs');
  const numWorkers = Math.min(workersOption, n);
  const canShare = typeof SharedArrayBuffer !== 'undefined' && typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  const transport = options.transport ?? (canShare ? 'shared' : 'message');
  if (transport !== 'shared' && transport !== 'message') throw new ArgumentError('parallelVectorEnv transport', `got ${String(transport)}`, "'shared' or 'message'");
  if (transport === 'shared' && !canShare) throw new ArgumentError('parallelVectorEnv transport', "'shared' is not available here (no SharedArrayBuffer or Atomics.waitAsync; a page must be cross-origin isolated)", "'message'");

  // contiguous blocks: worker w holds copies first[w] … first[w] + counts[w] − 1
  const counts = Array.from({ length: numWorkers }, (_, w) => Math.floor(n / numWorkers) + (w < n % numWorkers ? 1 : 0));
  const firsts = counts.map((_, w) => counts.slice(0, w).reduce((a, b) => a + b, 0));
  const channels: ReturnType<typeof channel>[] = [];
  const terminateAll = () => Promise.all(channels.map((c) => c.terminate().catch(() => {})));
  let observationSpace: Space;
  let actionSpace: Space;
  let spec: EnvSpec | undefined;
  try {
    for (let w = 0; w < numWorkers; w++) channels.push(await spawn());
    channels.forEach((c, w) => c.post({ type: 'init', id, options: makeOptions, first: firsts[w]!, count: counts[w]!, imports }));
    const ready = await Promise.all(channels.map((c) => c.next('ready')));
    const r0 = ready[0]!;
    for (const r of ready) {
      if (!sameSpace(r.observationSpace, r0.observationSpace) || !sameSpace(r.actionSpace, r0.actionSpace)) {
        throw new EnvStateError('parallelVectorEnv: workers made copies with different spaces');
      }
    }
    observationSpace = spaceFrom(r0.observationSpace);
    actionSpace = spaceFrom(r0.actionSpace);
    spec = r0.spec;
  } catch (error) {
    await terminateAll();
    throw error;
  }
  const obsSize = observationSizeOf(observationSpace);
  const actSize = actionSizeOf(actionSpace);

  let sharedState:
    | { control: Int32Array; observations: Float32Array; rewards: Float64Array; flags: Uint8Array; actions: Float64Array; infos: Float64Array }
    | undefined;
  // per copy: the keys of its numeric infos (see numericKeys), as the workers keep them
  const infoKeys: (string[] | undefined)[] = Array.from({ length: n }, () => []);
  if (transport === 'shared') {
    const control = new SharedArrayBuffer(numWorkers * CONTROL_WORDS * 4);
    const observations = new SharedArrayBuffer(n * obsSize * 4);
    const rewards = new SharedArrayBuffer(n * 8);
    const flags = new SharedArrayBuffer(3 * n);
    const actions = new SharedArrayBuffer(n * actSize * 8);
    const infos = new SharedArrayBuffer(n * INFO_NUMBERS * 8);
    channels.forEach((c, slot) => c.post({ type: 'buffers', control, slot, observations, rewards, flags, actions, infos }));
    sharedState = {
      control: new Int32Array(control),
      observations: new Float32Array(observations),
      rewards: new Float64Array(rewards),
      flags: new Uint8Array(flags),
      actions: new Float64Array(actions),
      infos: new Float64Array(infos),
    };
  }
  for (const c of channels) c.keepAlive(false);

  let state: 'new' | 'running' | 'closed' = 'new';
  let busy = false;
  let messageSeq = 0;

  // a worker in its Atomics loop must be told to go back to its event loop before a message
  const yieldToMessages = (w: number) => {
    const s = sharedState!;
    const base = w * CONTROL_WORDS;
    Atomics.add(s.control, base + POSTED, 1);
    Atomics.store(s.control, base + COMMAND, YIELD);
    Atomics.add(s.control, base + COMMAND_SEQ, 1);
    Atomics.notify(s.control, base + COMMAND_SEQ);
  };
  const send = (w: number, message: ToWorker) => {
    channels[w]!.post(message);
    if (sharedState !== undefined) yieldToMessages(w);
  };

  const exclusive = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    if (state === 'closed') throw new EnvStateError(`${what}: the vector env was closed; make a new one`);
    if (busy) throw new EnvStateError(`${what}: another call is still running; await each call before the next`);
    busy = true;
    for (const c of channels) c.keepAlive(true);
    try {
      return await body();
    } finally {
      busy = false;
      for (const c of channels) c.keepAlive(false);
    }
  };

  const waitDone = async (w: number, seq: number) => {
    const { control } = sharedState!;
    const index = w * CONTROL_WORDS + DONE_SEQ;
    for (;;) {
      const value = Atomics.load(control, index);
      if (value === seq) return;
      // a timeout so that a lost wake-up (seen once, under heavy load) costs 50 ms instead of a hang
      const result = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync(control, index, value, 50);
      if (result.async) await Promise.race([result.value, channels[w]!.died]);
    }
  };

  const env: ParallelVectorEnv = {
    kind: 'parallel',
    numEnvs: n,
    numWorkers,
    transport,
    singleObservationSpace: observationSpace,
    singleActionSpace: actionSpace,
    observationSize: obsSize,
    actionSize: actSize,
    spec,
    autoresetMode: 'next-step',
    reset(args: VectorResetArgs = {}) {
      return exclusive('reset', async () => {
        checkOptions('reset', args, ['seed', 'options']);
        checkVectorSeed(args.seed, n);
        channels.forEach((_, w) => send(w, { type: 'reset', seed: args.seed, options: args.options }));
        const done = await allWorkers(channels.map((c) => c.next('reset-done')));
        const observations = new Float32Array(n * obsSize);
        const infos: Info[] = [];
        done.forEach((d, w) => {
          observations.set(d.observations, firsts[w]! * obsSize);
          infos.push(...d.infos);
        });
        state = 'running';
        return { observations, infos };
      });
    },
    step(actions: VectorActions) {
      return exclusive('step', async () => {
        if (state === 'new') throw new EnvStateError('step: called before reset(); call reset() on the vector env first');
        const batch = actionBatch(actionSpace, n, actions);
        if (sharedState === undefined) {
          const seq = ++messageSeq;
          channels.forEach((c, w) => c.post({ type: 'step', seq, actions: batch.slice(firsts[w]! * actSize, (firsts[w]! + counts[w]!) * actSize) }));
          const done = await allWorkers(channels.map((c) => c.next('step-done')));
          const out = { observations: new Float32Array(n * obsSize), rewards: new Float64Array(n), terminations: new Uint8Array(n), truncations: new Uint8Array(n), autoreset: new Uint8Array(n) };
          const infos: Info[] = [];
          done.forEach((d, w) => {
            const row = firsts[w]!;
            out.observations.set(d.observations, row * obsSize);
            out.rewards.set(d.rewards, row);
            out.terminations.set(d.terminations, row);
            out.truncations.set(d.truncations, row);
            out.autoreset.set(d.autoreset, row);
            infos.push(...d.infos);
          });
          return { ...out, infos };
        }
        const s = sharedState;
        s.actions.set(batch);
        const seqs = channels.map((_, w) => {
          const base = w * CONTROL_WORDS;
          Atomics.store(s.control, base + COMMAND, STEP);
          const seq = Atomics.add(s.control, base + COMMAND_SEQ, 1) + 1;
          Atomics.notify(s.control, base + COMMAND_SEQ);
          return seq;
        });
        await Promise.all(channels.map((_, w) => waitDone(w, seqs[w]!)));
        const infos: Info[] = new Array<Info>(n);
        // every worker's infos are taken (and its keys updated) even when another one failed
        await allWorkers(
          channels.map(async (channel, w) => {
            const status = Atomics.load(s.control, w * CONTROL_WORDS + STATUS);
            if (status === FAILED) await channel.next('infos'); // rejects with the worker's error
            if (status === INFOS) {
              const m = await channel.next('infos');
              for (let j = 0; j < counts[w]!; j++) {
                infos[firsts[w]! + j] = m.infos[j]!;
                infoKeys[firsts[w]! + j] = numericKeys(m.infos[j]!);
              }
            } else {
              for (let j = 0; j < counts[w]!; j++) {
                const i = firsts[w]! + j;
                const keys = infoKeys[i]!;
                const info: Info = {};
                for (let k = 0; k < keys.length; k++) info[keys[k]!] = s.infos[i * INFO_NUMBERS + k];
                infos[i] = info;
              }
            }
          }),
        );
        return {
          observations: s.observations.slice(),
          rewards: s.rewards.slice(),
          terminations: s.flags.slice(0, n),
          truncations: s.flags.slice(n, 2 * n),
          autoreset: s.flags.slice(2 * n, 3 * n),
          infos,
        };
      });
    },
    async close() {
      if (state === 'closed') return;
      if (busy) throw new EnvStateError('close: a call is still running; await it first');
      state = 'closed';
      for (const c of channels) c.keepAlive(true);
      try {
        channels.forEach((_, w) => send(w, { type: 'close' }));
        await Promise.all(channels.map((c) => Promise.race([c.next('closed'), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => {})));
      } finally {
        await terminateAll();
      }
    },
  };
  return Object.freeze(env);
}
