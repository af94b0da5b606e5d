/**
 * Kernel fixes for the wasm backend, installed on import (as the gradient fixes are):
 *
 * BatchMatMul with a batch (rank ≥ 3, more than one matrix): tfjs-backend-wasm 4.22 runs it
 * through a plain loop that is 10–25× slower per matrix than its batch-1 path (XNNPACK): a
 * [2, 256, 256] × [2, 256, 256] product took 33 ms, two [256, 256] products 2.6 ms. Such
 * products are what twin critics, ensembles and per-sample matrices give, and the BatchMatMul
 * gradient turns every batched product into two more. The replacement kernel keeps the batch-1
 * path for every matrix:
 * - b without a batch (one matrix for all) and a not transposed: a is read as one tall matrix
 *   [batch · m, k], one call, no copy;
 * - otherwise each matrix of the batch is copied out of the heap (TypedArray.set) and multiplied
 *   by the batch-1 path, the results copied into one output;
 * - products with few rows in a or little work per matrix (where a call per matrix costs more
 *   than the loop; see PER_MATRIX_MIN_ROWS) and broadcasts other than "same batch shape" or "one
 *   side without batch" go to tfjs's kernel.
 * The numbers are those of the batch-1 kernel, which may differ from the looped kernel's in the
 * last bits (a different summation order); kernels.test.ts checks against the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
// the backend's kernels must be registered before they are replaced
import '@tensorflow/tfjs-backend-wasm';
import { ArgumentError, describe } from './errors';

/** What the replacement uses of tfjs-backend-wasm's BackendWasm (public methods of the class). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): void;
}

type BatchMatMulArgs = { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: WasmBackend; attrs: { transposeA: boolean; transposeB: boolean } };

const PER_BATCH = Symbol.for('stochgrad.batchMatMulPerMatrix');

/**
 * Where the per-matrix calls pay (measured, tfjs-backend-wasm 4.22): the batch-1 path packs the
 * right-hand matrix on every call (a fresh copy has a fresh id), which costs about as much as the
 * loop's own product when a has few rows; and below ~16k multiply-adds per matrix the calls'
 * overhead wins. [2, 1, 256] × [2, 256, 256] is 3× slower per matrix, [2, 256, 256] × [2, 256, 1]
 * the same, [8, 32, 32] × [8, 32, 32] 2× faster, [2, 256, 256]² 7.6× faster.
 */
const PER_MATRIX_MIN_ROWS = 16;
const PER_MATRIX_MIN_WORK = 16_384;

const product = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);
const sameDims = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((d, i) => d === y[i]);

/** @internal The replacement BatchMatMul kernel function around the backend's own. */
export function perMatrixBatchMatMul(original: tf.KernelFunc): tf.KernelFunc {
  const kernel = (args: BatchMatMulArgs): tf.TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const { transposeA, transposeB } = attrs;
    const run = original as unknown as (x: BatchMatMulArgs) => tf.TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return run(args);
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    if (batchA <= 1 && batchB <= 1) return run(args);
    if (!(sameDims(outerA, outerB) || batchA === 1 || batchB === 1)) return run(args);
    const [ra, ca] = a.shape.slice(-2) as [number, number];
    const [rb, cb] = b.shape.slice(-2) as [number, number];
    const m = transposeA ? ca : ra;
    const k = transposeA ? ra : ca;
    const n = transposeB ? rb : cb;
    if ((transposeB ? cb : rb) !== k) return run(args); // let tfjs say what is wrong
    const outShape = [...tf.backend_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
    if (batchB === 1 && !transposeA) {
      // one tall product: a as [batch · m, k] (same data), b as its one matrix
      const out = run({ inputs: { a: { dataId: a.dataId, shape: [1, batchA * ra, ca], dtype: a.dtype }, b }, backend, attrs });
      out.shape = outShape;
      return out;
    }
    if (m < PER_MATRIX_MIN_ROWS || m * k * n < PER_MATRIX_MIN_WORK) return run(args);
    const batch = Math.max(batchA, batchB);
    const out = backend.makeOutput([batch, m, n], 'float32');
    const matrixOf = (x: tf.TensorInfo, count: number, rows: number, cols: number, i: number): { info: tf.TensorInfo; owned: boolean } => {
      if (count === 1) return { info: { dataId: x.dataId, shape: [1, rows, cols], dtype: x.dtype }, owned: false };
      const info = backend.makeOutput([1, rows, cols], 'float32');
      const size = rows * cols;
      backend.typedArrayFromHeap(info).set(backend.typedArrayFromHeap(x).subarray(i * size, (i + 1) * size));
      return { info, owned: true };
    };
    for (let i = 0; i < batch; i++) {
      const ai = matrixOf(a, batchA, ra, ca, i);
      const bi = matrixOf(b, batchB, rb, cb, i);
      const oi = run({ inputs: { a: ai.info, b: bi.info }, backend, attrs });
      // views are taken after every allocation (the heap may have grown)
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(oi), i * m * n);
      backend.disposeData(oi.dataId);
      if (ai.owned) backend.disposeData(ai.info.dataId);
      if (bi.owned) backend.disposeData(bi.info.dataId);
    }
    out.shape = outShape;
    return out;
  };
  return Object.assign(kernel as unknown as tf.KernelFunc, { [PER_BATCH]: true, original });
}

/**
 * Whether core's faster wasm BatchMatMul (installed on import; see the module comment) is in
 * place; `batchMatMulFix(false)` puts tfjs's own kernel back and `batchMatMulFix(true)` the fix
 * again (to compare, or to rule it out when a result looks wrong). Affects the wasm backend only.
 * @example
 * batchMatMulFix();       // true
 * batchMatMulFix(false);  // tfjs's kernel from here on
 */
export function batchMatMulFix(on?: boolean): boolean {
  if (on !== undefined && typeof on !== 'boolean') throw new ArgumentError('batchMatMulFix: on', `got ${describe(on)}`, 'true, false or nothing (to ask)');
  const config = tf.getKernel('BatchMatMul', 'wasm');
  if (config === undefined) return false;
  const current = config.kernelFunc as tf.KernelFunc & { [PER_BATCH]?: boolean; original?: tf.KernelFunc };
  const installed = current[PER_BATCH] === true;
  if (on === undefined || installed === on) return installed;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...config, kernelFunc: on ? perMatrixBatchMatMul(current) : (current.original as tf.KernelFunc) });
  return on;
}

/** @internal Installs the kernel fixes above (once; a second copy of core finds them installed). */
export function registerKernelFixes(): void {
  const config = tf.getKernel('BatchMatMul', 'wasm');
  if (config === undefined || (config.kernelFunc as { [PER_BATCH]?: boolean })[PER_BATCH] === true) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...config, kernelFunc: perMatrixBatchMatMul(config.kernelFunc) });
}

registerKernelFixes();
