/**
 * The worker of parallelVectorEnv (a node:worker_threads worker in Node, a module Web Worker in
 * the browser): it makes its copies by id through the registry, then steps them on command (see
 * internal/vector-protocol.ts for the protocol). Built as its own entry (dist/vector-worker.js);
 * not part of the public API.
 */
import type * as NodeWorkerThreads from 'node:worker_threads';
import * as rl from '../index';
import type { Env, Info } from '../env';
import { EnvStateError } from '../errors';
import { type Copies, type CopiesOutput, createCopies } from '../internal/vector-copies';
import {
  COMMAND,
  COMMAND_SEQ,
  CONTROL_WORDS,
  DONE_SEQ,
  FAILED,
  type FromWorker,
  INFOS,
  INFO_NUMBERS,
  type InitMessage,
  NUMERIC_INFOS,
  POSTED,
  STATUS,
  type SharedBuffersMessage,
  type ToWorker,
  YIELD,
  describeSpace,
  numericKeys,
  serializeError,
} from '../internal/vector-protocol';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

// hidden from bundlers so that a browser build does not try to resolve it
const NODE_WORKER_THREADS = 'node:worker_threads';

/** True when `info` has exactly `keys`, in order, all with number values. */
const hasNumericKeys = (info: Info, keys: readonly string[] | undefined) => {
  if (keys === undefined) return false;
  let i = 0;
  for (const k in info) {
    if (k !== keys[i] || typeof info[k] !== 'number') return false;
    i += 1;
  }
  return i === keys.length;
};

async function makeCopy(id: string, options: Record<string, unknown> | undefined): Promise<Env> {
  try {
    return rl.make(id, options);
  } catch (error) {
    // environments on an engine that loads asynchronously (MuJoCo) need it loaded first: the
    // factory says so with an EnvStateError naming loadMujoco
    if (!(error instanceof EnvStateError) || !/loadMujoco/.test(error.message) || rl.isMujocoLoaded()) throw error;
    await rl.loadMujoco();
    return rl.make(id, options);
  }
}

async function start(): Promise<void> {
  let post: Post;
  let listen: (handler: (message: ToWorker) => void) => void;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined' && typeof (globalThis as { importScripts?: unknown }).importScripts === 'undefined';
  if (isNode) {
    const { parentPort } = (await import(/* @vite-ignore */ NODE_WORKER_THREADS)) as typeof NodeWorkerThreads;
    if (parentPort === null) throw new Error('vector-worker: not started as a worker thread');
    post = (message, transfer) => parentPort.postMessage(message, transfer as never);
    listen = (handler) => parentPort.on('message', handler);
  } else {
    const scope = globalThis as unknown as { postMessage(m: unknown, t: Transferable[]): void; onmessage: ((e: { data: ToWorker }) => void) | null };
    post = (message, transfer) => scope.postMessage(message, transfer ?? []);
    listen = (handler) => {
      scope.onmessage = (event) => handler(event.data);
    };
  }

  let copies: Copies | undefined;
  let init: InitMessage | undefined;
  let shared: { control: Int32Array; base: number; actions: Float64Array; infos: Float64Array; out: CopiesOutput } | undefined;
  let keys: (string[] | undefined)[] = [];
  let seen = 0;
  // messages of the shared transport (reset, close) handled so far; compared with POSTED
  let handled = 0;

  // The hot loop of the shared transport: block until the main thread bumps COMMAND_SEQ; return to
  // the event loop while messages are waiting.
  const loop = () => {
    const s = shared!;
    const { control, base } = s;
    for (;;) {
      if (Atomics.load(control, base + POSTED) !== handled) return;
      Atomics.wait(control, base + COMMAND_SEQ, seen);
      const seq = Atomics.load(control, base + COMMAND_SEQ);
      if (seq === seen) continue;
      seen = seq;
      if (Atomics.load(control, base + COMMAND) === YIELD) continue; // POSTED has moved: see the top
      let status = NUMERIC_INFOS;
      try {
        const infos = copies!.step(s.actions, s.out);
        if (infos.every((info, j) => hasNumericKeys(info, keys[j]))) {
          infos.forEach((info, j) => {
            const k = keys[j]!;
            for (let i = 0; i < k.length; i++) s.infos[j * INFO_NUMBERS + i] = info[k[i]!] as number;
          });
        } else {
          post({ type: 'infos', seq, infos });
          keys = infos.map(numericKeys);
          status = INFOS;
        }
      } catch (error) {
        post({ type: 'error', error: serializeError(error) });
        status = FAILED;
      }
      Atomics.store(control, base + STATUS, status);
      Atomics.store(control, base + DONE_SEQ, seq);
      Atomics.notify(control, base + DONE_SEQ);
    }
  };

  const localOutput = (count: number, obsSize: number): CopiesOutput => ({
    observations: new Float32Array(count * obsSize),
    rewards: new Float64Array(count),
    terminations: new Uint8Array(count),
    truncations: new Uint8Array(count),
    autoreset: new Uint8Array(count),
    row: 0,
  });

  const handle = async (message: ToWorker) => {
    if (shared !== undefined && (message.type === 'reset' || message.type === 'close')) handled += 1;
    switch (message.type) {
      case 'init': {
        init = message;
        for (const specifier of message.imports) {
          // a module's default export, if a function, gets this worker's package (to register envs)
          const module = (await import(/* @vite-ignore */ specifier)) as { default?: unknown };
          if (typeof module.default === 'function') await (module.default as (package_: typeof rl) => unknown)(rl);
        }
        const envs: Env[] = [];
        try {
          for (let j = 0; j < message.count; j++) envs.push(await makeCopy(message.id, message.options));
        } catch (error) {
          for (const env of envs) env.close();
          throw error;
        }
        copies = createCopies(envs, message.first);
        const first = envs[0]!;
        post({ type: 'ready', observationSpace: describeSpace(first.observationSpace), actionSpace: describeSpace(first.actionSpace), spec: first.spec });
        return;
      }
      case 'buffers': {
        const m: SharedBuffersMessage = message;
        const { first, count } = init!;
        const n = m.rewards.byteLength / 8;
        const obsSize = m.observations.byteLength / 4 / n;
        const actSize = m.actions.byteLength / 8 / n;
        shared = {
          control: new Int32Array(m.control),
          base: m.slot * CONTROL_WORDS,
          actions: new Float64Array(m.actions, first * actSize * 8, count * actSize),
          infos: new Float64Array(m.infos, first * INFO_NUMBERS * 8, count * INFO_NUMBERS),
          out: {
            observations: new Float32Array(m.observations, 0, n * obsSize),
            rewards: new Float64Array(m.rewards),
            terminations: new Uint8Array(m.flags, 0, n),
            truncations: new Uint8Array(m.flags, n, n),
            autoreset: new Uint8Array(m.flags, 2 * n, n),
            row: first,
          },
        };
        keys = Array.from({ length: count }, () => []);
        seen = 0; // the main thread may already have bumped COMMAND_SEQ (a YIELD for a reset)
        return;
      }
      case 'reset': {
        const { count } = init!;
        const out = localOutput(count, copies!.observationSize);
        const infos = copies!.reset(message.seed, message.options, out);
        post({ type: 'reset-done', observations: out.observations, infos }, [out.observations.buffer]);
        return;
      }
      case 'step': {
        const { count } = init!;
        const out = localOutput(count, copies!.observationSize);
        const infos = copies!.step(message.actions, out);
        post({ type: 'step-done', seq: message.seq, infos, ...out }, [out.observations.buffer, out.rewards.buffer, out.terminations.buffer, out.truncations.buffer, out.autoreset.buffer]);
        return;
      }
      case 'close': {
        copies?.close();
        copies = undefined;
        post({ type: 'closed' });
        return;
      }
    }
  };

  listen((message) => {
    handle(message)
      .catch((error: unknown) => post({ type: 'error', error: serializeError(error) }))
      .finally(() => {
        // after a buffers or reset message the shared transport goes back to waiting on Atomics
        if (shared !== undefined && message.type !== 'close' && message.type !== 'init') loop();
      });
  });
}

void start();
