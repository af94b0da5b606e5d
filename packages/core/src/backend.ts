/**
 * Backend setup: the WASM backend with SIMD (and threads where the page is cross-origin
 * isolated), in Node and in bundled browser pages, failing loudly when it cannot start.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { ArgumentError, BackendError, describe } from './errors';
import { checkOptions } from './options';

export interface ReadyOptions {
  /** which backend to start (default 'wasm') */
  backend?: 'wasm' | 'cpu';
  /** what to do when wasm cannot start: 'none' (default) throws, 'cpu' falls back and says so */
  fallback?: 'none' | 'cpu';
  /**
   * Where the browser finds the .wasm files: a URL prefix ending in '/', or a map from file name
   * ('tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm')
   * to URL. Not needed in Node. With Vite: `import { wasmPaths } from '@stochgrad/core/vite'`.
   */
  wasmPaths?: string | Record<string, string>;
  /** number of wasm threads where threads are available (default: tfjs's choice) */
  threads?: number;
}

export interface BackendInfo {
  backend: 'wasm' | 'cpu';
  simd: boolean;
  /** wasm threads in use (1 without cross-origin isolation and always 1 in Node) */
  threads: number;
  /** true when 'cpu' was used because wasm failed and fallback 'cpu' was asked for */
  fellBack: boolean;
  /** why wasm was not used, when it was not */
  reason?: string;
  environment: 'node' | 'browser' | 'other';
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

let current: Promise<BackendInfo> | undefined;
let currentKey = '';

async function startWasm(options: ReadyOptions): Promise<BackendInfo> {
  if (options.wasmPaths !== undefined) {
    const paths = options.wasmPaths;
    if (typeof paths !== 'string' && (typeof paths !== 'object' || paths === null)) {
      throw new ArgumentError('wasmPaths', `got ${describe(paths)}`, "a URL prefix ending in '/' or a map from .wasm file name to URL");
    }
    wasm.setWasmPaths(paths as Parameters<typeof wasm.setWasmPaths>[0]);
  }
  if (options.threads !== undefined) wasm.setThreadsCount(options.threads);
  let started: boolean;
  try {
    started = await tf.setBackend('wasm');
  } catch (error) {
    throw new BackendError(`the wasm backend failed to start: ${(error as Error).message}`);
  }
  if (!started) {
    const hint = isBrowser && options.wasmPaths === undefined
      ? " In a bundled page the .wasm files must be served: pass ready({ wasmPaths }) (with Vite: import { wasmPaths } from '@stochgrad/core/vite')."
      : '';
    throw new BackendError(`tf.setBackend('wasm') returned false: the WASM backend did not start.${hint}`);
  }
  await tf.ready();
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return {
    backend: 'wasm',
    simd,
    threads: wasm.getThreadsCount(),
    fellBack: false,
    environment: isNode ? 'node' : isBrowser ? 'browser' : 'other',
  };
}

async function startCpu(reason: string | undefined): Promise<BackendInfo> {
  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch (error) {
    throw new BackendError(`the cpu backend is not installed (npm i @tensorflow/tfjs-backend-cpu): ${(error as Error).message}`);
  }
  if (!(await tf.setBackend('cpu'))) throw new BackendError("tf.setBackend('cpu') returned false");
  await tf.ready();
  return {
    backend: 'cpu',
    simd: false,
    threads: 1,
    fellBack: reason !== undefined,
    ...(reason !== undefined ? { reason } : {}),
    environment: isNode ? 'node' : isBrowser ? 'browser' : 'other',
  };
}

/**
 * Starts the WASM backend (SIMD where supported; threads where the page is cross-origin isolated)
 * and reports what it chose. Falls back to the cpu backend only when asked, and says so. Calling it
 * again with the same options returns the same result.
 * @example
 * const info = await ready();                      // Node: finds the .wasm files itself
 * const info = await ready({ fallback: 'cpu' });   // cpu if wasm cannot start (info.fellBack)
 */
export function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describe(options)}`, 'an options object');
  checkOptions('ready', options, ['backend', 'fallback', 'wasmPaths', 'threads']);
  if (options.threads !== undefined && !(typeof options.threads === 'number' && Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new ArgumentError('threads', `got ${describe(options.threads)}`, 'an integer >= 1');
  }
  if (options.wasmPaths !== undefined && typeof options.wasmPaths !== 'string' && (typeof options.wasmPaths !== 'object' || options.wasmPaths === null)) {
    throw new ArgumentError('wasmPaths', `got ${describe(options.wasmPaths)}`, "a URL prefix ending in '/' or a map from .wasm file name to URL");
  }
  const { backend = 'wasm', fallback = 'none' } = options;
  if (backend !== 'wasm' && backend !== 'cpu') throw new ArgumentError('backend', `got ${describe(backend)}`, "'wasm' or 'cpu'");
  if (fallback !== 'none' && fallback !== 'cpu') throw new ArgumentError('fallback', `got ${describe(fallback)}`, "'none' or 'cpu'");
  const requestKey = JSON.stringify({ backend, fallback, threads: options.threads ?? null });
  if (current && currentKey === requestKey && tf.getBackend() === backend) return current;
  currentKey = requestKey;
  current = (async () => {
    if (backend === 'cpu') return startCpu(undefined);
    try {
      return await startWasm(options);
    } catch (error) {
      if (fallback === 'cpu') return startCpu((error as Error).message);
      throw error;
    }
  })();
  current.catch(() => {
    current = undefined;
  });
  return current;
}

/** A one-line description of a BackendInfo, for logs. */
export function describeBackend(info: BackendInfo): string {
  if (typeof info !== 'object' || info === null || (info.backend !== 'wasm' && info.backend !== 'cpu')) {
    throw new ArgumentError('describeBackend: info', `got ${describe(info)}`, 'the BackendInfo that ready() resolves to');
  }
  const base = info.backend === 'wasm' ? `wasm (SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} thread${info.threads === 1 ? '' : 's'})` : 'cpu';
  return info.fellBack ? `${base}, fell back because: ${info.reason}` : base;
}
