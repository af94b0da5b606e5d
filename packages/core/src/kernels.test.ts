import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { key } from './key';
import * as random from './random';
import { ArgumentError } from './errors';
import { kernelFixes } from './kernels';

const batchMatMulFix = (on?: boolean) => (on === undefined ? kernelFixes() : kernelFixes({ batchMatMul: on })).batchMatMul;

/** op(x)[batch] as rows × cols, in float64, from x's data (last two axes; op = transpose if t). */
function reference(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): { shape: number[]; values: Float64Array } {
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const rank = Math.max(outerA.length, outerB.length);
  const padA = [...new Array<number>(rank - outerA.length).fill(1), ...outerA];
  const padB = [...new Array<number>(rank - outerB.length).fill(1), ...outerB];
  const outer = padA.map((d, i) => Math.max(d, padB[i] as number));
  const [ra, ca] = a.shape.slice(-2) as [number, number];
  const [rb, cb] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? ca : ra;
  const k = transposeA ? ra : ca;
  const n = transposeB ? rb : cb;
  const av = a.dataSync();
  const bv = b.dataSync();
  const batch = outer.reduce((p, d) => p * d, 1);
  const values = new Float64Array(batch * m * n);
  const flatIndex = (index: number[], dims: number[]) => index.reduce((f, i, axis) => f * (dims[axis] as number) + ((dims[axis] as number) === 1 ? 0 : i), 0);
  for (let t = 0; t < batch; t++) {
    const index: number[] = [];
    for (let axis = rank - 1, rest = t; axis >= 0; axis--) {
      index.unshift(rest % (outer[axis] as number));
      rest = Math.floor(rest / (outer[axis] as number));
    }
    const ia = flatIndex(index, padA) * ra * ca;
    const ib = flatIndex(index, padB) * rb * cb;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < k; l++) {
          const x = av[ia + (transposeA ? l * ca + i : i * ca + l)] as number;
          const y = bv[ib + (transposeB ? j * cb + l : l * cb + j)] as number;
          s += x * y;
        }
        values[(t * m + i) * n + j] = s;
      }
    }
  }
  return { shape: [...outer.slice(rank - Math.max(outerA.length, outerB.length)), m, n], values };
}

function expectClose(actual: tf.Tensor, expected: { shape: number[]; values: Float64Array }) {
  expect(actual.shape).toEqual(expected.shape);
  const got = actual.dataSync();
  let worst = 0;
  expected.values.forEach((e, i) => {
    worst = Math.max(worst, Math.abs((got[i] as number) - e) / (1 + Math.abs(e)));
  });
  expect(worst).toBeLessThan(1e-5);
}

/**
 * Fastest of 3 calls of `op` with a kernel fix off and on, two alternating rounds each (the
 * ratio off / on is what the speed tests check).
 */
function offOnTimes(fix: 'batchMatMul' | 'softplus', op: () => tf.Tensor): { off: number; on: number } {
  const fastest = (on: boolean) => {
    kernelFixes({ [fix]: on });
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      op().dispose();
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const times = { off: Infinity, on: Infinity };
  for (let round = 0; round < 2; round++) {
    times.off = Math.min(times.off, fastest(false));
    times.on = Math.min(times.on, fastest(true));
  }
  kernelFixes({ [fix]: true });
  return times;
}

const wasmDataIds = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();

describe('the wasm BatchMatMul fix (installed on import)', () => {
  beforeAll(async () => {
    await ready();
  });
  afterEach(() => {
    batchMatMulFix(true);
  });

  // [a shape, b shape, transposeA, transposeB]: every path of the replacement
  const cases: [number[], number[], boolean, boolean][] = [
    [[2, 64, 48], [2, 48, 40], false, false], // per matrix
    [[2, 48, 64], [2, 48, 40], true, false],
    [[2, 64, 48], [2, 40, 48], false, true],
    [[2, 48, 64], [2, 40, 48], true, true],
    [[3, 40, 24], [1, 24, 32], false, false], // b without batch: one tall product
    [[3, 40, 24], [24, 32], false, false], // b of rank 2
    [[3, 24, 40], [1, 24, 32], true, false], // b without batch, a transposed: per matrix
    [[1, 32, 24], [3, 24, 20], false, false], // a without batch
    [[2, 3, 20, 16], [2, 3, 16, 24], false, false], // two batch axes
    [[2, 3, 20, 16], [16, 24], false, false],
    [[4, 8, 16], [4, 16, 8], false, false], // few rows: tfjs's own kernel
    [[5, 2, 256], [5, 256, 64], false, false],
    [[1, 30, 20], [1, 20, 10], false, false], // no batch at all
  ];

  it.each(cases)('%j × %j (transposeA %s, transposeB %s) equals the float64 product; no tensor or wasm buffer left', (sa, sb, ta, tb) => {
    const a = random.normal(key(1), sa);
    const b = random.normal(key(2), sb);
    const tensors = tf.memory().numTensors;
    const ids = wasmDataIds();
    const y = tf.matMul(a, b, ta, tb);
    expectClose(y, reference(a, b, ta, tb));
    y.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasmDataIds()).toBe(ids);
    tf.dispose([a, b]);
  });

  it('gradients through a batched product equal the float64 ones', () => {
    const a = random.normal(key(3), [2, 32, 24]);
    const b = random.normal(key(4), [2, 24, 16]);
    const w = random.normal(key(5), [2, 32, 16]);
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), w)))([a, b]) as [tf.Tensor, tf.Tensor];
    // d/da = w bᵀ, d/db = aᵀ w
    expectClose(da, reference(w, b, false, true));
    expectClose(db, reference(a, w, true, false));
    tf.dispose([a, b, w, da, db]);
  });

  it("turned off, tfjs's kernel gives the same numbers to float rounding, and the fix is several times faster on [2, 256, 256]²", () => {
    expect(batchMatMulFix()).toBe(true);
    const a = random.normal(key(6), [2, 256, 256]);
    const b = random.normal(key(7), [2, 256, 256]);
    const times = offOnTimes('batchMatMul', () => tf.matMul(a, b));
    expect(batchMatMulFix(false)).toBe(false);
    const slow = tf.matMul(a, b);
    expect(batchMatMulFix(true)).toBe(true);
    const fast = tf.matMul(a, b);
    expect(tf.max(tf.abs(tf.sub(slow, fast))).dataSync()[0]).toBeLessThan(1e-3);
    // measured 7–8× on an idle machine; 3× leaves room for a loaded one
    expect(times.off / times.on).toBeGreaterThan(3);
    tf.dispose([a, b, slow, fast]);
  });

  it('kernelFixes takes booleans for the fixes it knows', () => {
    expect(kernelFixes()).toEqual({ batchMatMul: true, softplus: true });
    expect(() => kernelFixes({ batchMatMul: 'yes' } as never)).toThrow(ArgumentError);
    expect(() => kernelFixes({ softplus: 1 } as never)).toThrow(/kernelFixes softplus: got number 1/);
    expect(() => kernelFixes({ softPlus: false } as never)).toThrow(/did you mean "softplus"/);
    expect(() => kernelFixes(null as never)).toThrow(ArgumentError);
    expect(kernelFixes()).toEqual({ batchMatMul: true, softplus: true });
  });
});

/** softplus in float64 */
const softplus64 = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

describe('the wasm Softplus fix (installed on import)', () => {
  beforeAll(async () => {
    await ready();
  });
  afterEach(() => {
    kernelFixes({ softplus: true });
  });

  it('is within a few float32 ulps of the exact softplus over the whole range, ±Infinity and NaN included, with no buffer left', () => {
    const n = 1 << 14;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = -100 + (200 * i) / (n - 1); // −100 … 100, through 0
    values.set([0, -0, 1e-30, -1e-30, 88, -88, 90, -90, 17, -17, Infinity, -Infinity, Number.NaN], 0);
    const x = tf.tensor1d(values);
    const tensors = tf.memory().numTensors;
    const ids = wasmDataIds();
    const y = tf.softplus(x);
    const got = y.dataSync();
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const exact = softplus64(values[i] as number);
      if (Number.isNaN(exact)) {
        expect(got[i]).toBeNaN();
        continue;
      }
      if (!Number.isFinite(exact)) {
        expect(got[i]).toBe(exact);
        continue;
      }
      // relative to the value, or to the smallest normal float32 for values that underflow
      worst = Math.max(worst, Math.abs((got[i] as number) - exact) / Math.max(Math.abs(exact), 1.2e-38));
    }
    expect(worst).toBeLessThan(3e-7); // float32 ulp: 6e-8 to 1.2e-7 relative (tfjs's own kernel: 4.4e-7)
    y.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasmDataIds()).toBe(ids);
    x.dispose();
  });

  it("agrees with tfjs's kernel, keeps tfjs's gradient, and is faster on [8192, 128]", () => {
    const x = random.normal(key(8), [8192, 128], { stddev: 4 });
    const times = offOnTimes('softplus', () => tf.softplus(x));
    kernelFixes({ softplus: false });
    const theirs = tf.softplus(x);
    const theirGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.softplus(t)))(x);
    kernelFixes({ softplus: true });
    const ours = tf.softplus(x);
    const ourGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.softplus(t)))(x);
    // both within a few ulps of the exact value (tfjs's own kernel is off by up to 4.4e-7 near x = −10)
    expect(tf.max(tf.div(tf.abs(tf.sub(ours, theirs)), tf.add(tf.abs(theirs), 1e-30))).dataSync()[0]).toBeLessThan(1e-6);
    expect(Array.from(ourGrad.dataSync())).toEqual(Array.from(theirGrad.dataSync()));
    // measured ≈ 4× on an idle machine; 1.5× leaves room for a loaded one
    expect(times.off / times.on).toBeGreaterThan(1.5);
    tf.dispose([x, theirs, ours, theirGrad, ourGrad]);
  });

  it("small tensors keep tfjs's kernel (the same bits)", () => {
    const x = random.normal(key(9), [100, 100], { stddev: 4 }); // 10,000 elements, under SOFTPLUS_MIN_SIZE
    kernelFixes({ softplus: false });
    const theirs = Array.from(tf.softplus(x).dataSync());
    kernelFixes({ softplus: true });
    expect(Array.from(tf.softplus(x).dataSync())).toEqual(theirs);
    x.dispose();
  });
});
