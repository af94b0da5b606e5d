/**
 * Kernel fixes for the wasm backend, installed on import (as the gradient fixes are); each is
 * reported and switched by `kernelFixes()`.
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
import { checkOptions } from './options';

/** What the replacement uses of tfjs-backend-wasm's BackendWasm (public methods of the class). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): void;
}

type BatchMatMulArgs = { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: WasmBackend; attrs: { transposeA: boolean; transposeB: boolean } };

const FIXED = Symbol.for('stochgrad.kernelFix');

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
  return Object.assign(kernel as unknown as tf.KernelFunc, { [FIXED]: true, original });
}

/**
 * Softplus on the wasm backend: tfjs-backend-wasm computes it element by element with libm's exp
 * and log1p (≈ 20 ns per element: 22 ms for [8192, 128]), where its sigmoid is vectorised
 * (≈ 1 ns per element). softplus(x) = max(x, 0) + log1p(e^−|x|), and with s = σ(−|x|) ∈ [0, ½]
 * and u = s / (2 − s) = e^−|x| / (2 + e^−|x|) ∈ [0, ⅓]: log1p(e^−|x|) = 2 atanh(u) =
 * 2u (1 + u²/3 + u⁴/5 + … + u¹⁴/15), whose truncation error is below 2·10⁻⁹ relative. So: −|x| and
 * σ(−|x|) with the backend's vectorised Abs, Neg and Sigmoid, then the series in one JS pass over
 * the heap (float64 arithmetic, one rounding to float32 at the end): ≈ 2–3× faster on large tensors, within a few
 * float32 ulps of the exact value (kernels.test.ts checks against float64). Tensors smaller than
 * SOFTPLUS_MIN_SIZE keep tfjs's kernel (where the three steps cost more than they save).
 */
const SOFTPLUS_MIN_SIZE = 16_384;
const [C1, C2, C3, C4, C5, C6, C7] = [1 / 3, 1 / 5, 1 / 7, 1 / 9, 1 / 11, 1 / 13, 1 / 15];

/**
 * os[i] = softplus(xs[i]) from ss[i] = σ(−|xs[i]|) (see seriesSoftplus). A function of its own: V8
 * optimises this loop about 2× better than the same loop inside the kernel's closure.
 */
function softplusFromSigmoid(xs: Float32Array, ss: Float32Array, os: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const si = ss[i] as number;
    const xi = xs[i] as number;
    // max(x, 0) without a branch (random signs would mispredict half the time: 2× slower)
    if (si < 1e-30) {
      // |x| > 69 (and ±∞): log1p(e^−|x|) = e^−|x| to float precision; the sigmoid flushes it to 0
      // below float32's normal range, exp keeps the subnormal results of x < −87
      os[i] = (xi > 0 ? xi : 0) + Math.exp(-Math.abs(xi));
      continue;
    }
    const relu = 0.5 * (xi + Math.abs(xi));
    const u = si / (2 - si);
    const w = u * u;
    const w2 = w * w;
    // 1 + w/3 + w²/5 + … + w⁷/15 by Estrin's scheme (a shorter dependency chain than Horner's)
    const series = 1 + C1 * w + w2 * (C2 + C3 * w) + w2 * w2 * (C4 + C5 * w + w2 * (C6 + C7 * w));
    os[i] = relu + 2 * u * series;
  }
}

/** @internal The replacement Softplus kernel function around the backend's own. */
export function seriesSoftplus(original: tf.KernelFunc): tf.KernelFunc {
  const kernel = (args: { inputs: { x: tf.TensorInfo }; backend: WasmBackend; attrs: object }): tf.TensorInfo => {
    const { inputs, backend } = args;
    const { x } = inputs;
    const n = product(x.shape);
    const run = (name: string, input: tf.TensorInfo): tf.TensorInfo =>
      (tf.getKernel(name, 'wasm')?.kernelFunc as unknown as (a: { inputs: { x: tf.TensorInfo }; backend: WasmBackend; attrs: object }) => tf.TensorInfo)({ inputs: { x: input }, backend, attrs: {} });
    if (x.dtype !== 'float32' || n < SOFTPLUS_MIN_SIZE || ['Abs', 'Neg', 'Sigmoid'].some((name) => tf.getKernel(name, 'wasm') === undefined)) {
      return (original as unknown as (a: typeof args) => tf.TensorInfo)(args);
    }
    // s = σ(−|x|) with the backend's vectorised kernels
    const abs = run('Abs', x);
    const negAbs = run('Neg', abs);
    backend.disposeData(abs.dataId);
    const s = run('Sigmoid', negAbs);
    backend.disposeData(negAbs.dataId);
    const out = backend.makeOutput(x.shape.slice(), 'float32');
    // views after the last allocation (the heap may have grown)
    const xs = backend.typedArrayFromHeap(x);
    const ss = backend.typedArrayFromHeap(s);
    const os = backend.typedArrayFromHeap(out);
    softplusFromSigmoid(xs, ss, os, n);
    backend.disposeData(s.dataId);
    return out;
  };
  return Object.assign(kernel as unknown as tf.KernelFunc, { [FIXED]: true, original });
}

/** The kernels core replaces on the wasm backend, and how it makes each replacement. */
const FIXES = {
  batchMatMul: { kernelName: 'BatchMatMul', replacement: perMatrixBatchMatMul },
  softplus: { kernelName: 'Softplus', replacement: seriesSoftplus },
} as const;

export type KernelFixName = keyof typeof FIXES;

function installed(name: KernelFixName): boolean {
  const config = tf.getKernel(FIXES[name].kernelName, 'wasm');
  return config !== undefined && (config.kernelFunc as { [FIXED]?: boolean })[FIXED] === true;
}

function setFix(name: KernelFixName, on: boolean): void {
  const config = tf.getKernel(FIXES[name].kernelName, 'wasm');
  if (config === undefined || installed(name) === on) return;
  const current = config.kernelFunc as tf.KernelFunc & { original?: tf.KernelFunc };
  tf.unregisterKernel(FIXES[name].kernelName, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: on ? FIXES[name].replacement(current) : (current.original as tf.KernelFunc) });
}

/**
 * Which of core's wasm kernel replacements (installed on import; see the module comment) are in
 * place, after applying `changes`: `false` puts tfjs's own kernel back, `true` the replacement
 * again (to compare, or to rule one out when a result looks wrong). Affects the wasm backend only.
 * @example
 * kernelFixes();                         // { batchMatMul: true, softplus: true }
 * kernelFixes({ softplus: false });      // tfjs's Softplus from here on
 */
export function kernelFixes(changes: Partial<Record<KernelFixName, boolean>> = {}): Record<KernelFixName, boolean> {
  if (typeof changes !== 'object' || changes === null) throw new ArgumentError('kernelFixes changes', `got ${describe(changes)}`, '{ batchMatMul?: boolean, softplus?: boolean }');
  checkOptions('kernelFixes', changes, Object.keys(FIXES));
  for (const [name, on] of Object.entries(changes)) {
    if (on !== undefined && typeof on !== 'boolean') throw new ArgumentError(`kernelFixes ${name}`, `got ${describe(on)}`, 'true or false');
  }
  for (const [name, on] of Object.entries(changes)) if (on !== undefined) setFix(name as KernelFixName, on);
  return { batchMatMul: installed('batchMatMul'), softplus: installed('softplus') };
}

/** @internal Installs every fix (once; a second copy of core finds them installed). */
export function registerKernelFixes(): void {
  for (const name of Object.keys(FIXES) as KernelFixName[]) setFix(name, true);
}

registerKernelFixes();
