/**
 * Makes `tf.grad` work for every user of stochgrad, once, on import (idempotent):
 * 1. registers tfjs-core's own gradients (tfjs-core registers none by itself, and its
 *    registration module cannot be imported by Node directly; the build bundles it);
 * 2. zero gradients for comparison and logical kernels, so that samples such as
 *    cast(less(u, p)) may sit on the tape;
 * 3. a BatchMatMul gradient with explicit transposes: matMul with transpose flags is ~13× slower
 *    on the wasm backend, and tfjs's own gradient uses them;
 * 4. a GatherV2 gradient that works where the backend lacks UnsortedSegmentSum (wasm).
 */
// tfjs-core itself first: its engine and Tensor class must exist before the (bundled) gradient
// module runs, so that every tensor has the methods tfjs's own ops rely on (t.cast in mixed-dtype ops).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

type GradConfig = Parameters<typeof tf.registerGradient>[0];

const COMPARISON_KERNELS = [
  'Less',
  'LessEqual',
  'Greater',
  'GreaterEqual',
  'Equal',
  'NotEqual',
  'LogicalAnd',
  'LogicalOr',
  'LogicalXor',
] as const;

/** @internal Zero gradient for a two-input comparison kernel. */
export function comparisonGradient(kernelName: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
    },
  };
}

const logicalNotGradient: GradConfig = {
  kernelName: 'LogicalNot',
  inputsToSave: ['x'],
  gradFunc: (_dy, saved) => ({ x: () => tf.zerosLike((saved as [tf.Tensor])[0]) }),
};

function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const last = perm.length - 1;
  perm[last] = last - 1;
  perm[last - 1] = last;
  return tf.transpose(t, perm);
}

/** Sums a broadcast gradient back to the shape of the input it came from. */
function reduceToShape(gradient: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (gradient.shape.length === shape.length && gradient.shape.every((d, i) => d === shape[i])) return gradient;
  const lead = gradient.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < gradient.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && gradient.shape[i] !== 1)) axes.push(i);
  }
  return tf.reshape(tf.sum(gradient, axes), shape.slice());
}

/**
 * @internal The BatchMatMul gradient written with explicit transposes: the same numbers as
 * tfjs's, without the transpose flags that the wasm kernel runs ~13× slower.
 */
export const batchMatMulGradient: GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const g = dy as tf.Tensor;
    // With A = op(a), B = op(b): dA = g Bᵀ, dB = Aᵀ g; undo op() on each.
    const opA = () => (transposeA ? swapLastTwo(a) : a);
    const opB = () => (transposeB ? swapLastTwo(b) : b);
    return {
      a: () => {
        const dA = tf.matMul(g, swapLastTwo(opB()));
        return reduceToShape(transposeA ? swapLastTwo(dA) : dA, a.shape);
      },
      b: () => {
        const dB = tf.matMul(swapLastTwo(opA()), g);
        return reduceToShape(transposeB ? swapLastTwo(dB) : dB, b.shape);
      },
    };
  },
};

function gatherParamsGradient(x: tf.Tensor, indices: tf.Tensor, dy: tf.Tensor, axis: number): tf.Tensor {
  const outer = x.shape.slice(0, axis);
  const inner = x.shape.slice(axis + 1);
  const outerSize = outer.reduce((p, d) => p * d, 1);
  const innerSize = inner.reduce((p, d) => p * d, 1);
  const n = x.shape[axis] as number;
  const flatIndices = tf.reshape(indices, [indices.size]) as tf.Tensor1D;
  // dy as [numIndices, outer, inner]
  const values = tf.transpose(tf.reshape(dy, [outerSize, indices.size, innerSize]), [1, 0, 2]);
  let summed: tf.Tensor;
  if (tf.getKernel('UnsortedSegmentSum', tf.getBackend()) !== undefined) {
    summed = tf.unsortedSegmentSum(values, tf.cast(flatIndices, 'int32'), n);
  } else {
    // Σ_j onehot[j, i] · dy[j]: one matmul, no segment-sum kernel needed.
    const selector = tf.transpose(tf.cast(tf.oneHot(tf.cast(flatIndices, 'int32') as tf.Tensor1D, n), 'float32'));
    summed = tf.reshape(tf.matMul(selector, tf.reshape(values, [indices.size, outerSize * innerSize])), [n, outerSize, innerSize]);
  }
  return tf.reshape(tf.transpose(summed, [1, 0, 2]), x.shape);
}

/**
 * @internal GatherV2 gradient for any backend: uses UnsortedSegmentSum where the backend has it
 * and a one-hot matmul where it does not (wasm).
 */
export const gatherGradient: GradConfig = {
  kernelName: 'GatherV2',
  inputsToSave: ['x', 'indices'],
  gradFunc: (dy, saved, attrs) => {
    const [x, indices] = saved as [tf.Tensor, tf.Tensor];
    const { axis, batchDims } = attrs as unknown as { axis: number; batchDims: number };
    const parsedAxis = axis < 0 ? axis + x.rank : axis;
    const g = dy as tf.Tensor;
    if (batchDims === 0) {
      return { x: () => gatherParamsGradient(x, indices, g, parsedAxis), indices: () => tf.zerosLike(indices) };
    }
    return {
      x: () => {
        const batch = x.shape.slice(0, batchDims).reduce((p, d) => p * d, 1);
        const xs = tf.reshape(x, [batch, ...x.shape.slice(batchDims)]);
        const is = tf.reshape(indices, [batch, ...indices.shape.slice(batchDims)]);
        const ds = tf.reshape(g, [batch, ...g.shape.slice(batchDims)]);
        const parts: tf.Tensor[] = [];
        for (let i = 0; i < batch; i++) {
          const xi = tf.squeeze(tf.slice(xs, [i], [1]), [0]);
          const ii = tf.squeeze(tf.slice(is, [i], [1]), [0]);
          const di = tf.squeeze(tf.slice(ds, [i], [1]), [0]);
          parts.push(gatherParamsGradient(xi, ii, di, parsedAxis - batchDims));
        }
        return tf.reshape(tf.stack(parts), x.shape);
      },
      indices: () => tf.zerosLike(indices),
    };
  },
};

/** Above this many reduced entries the Prod gradient uses cumprod (no second-order gradient). */
const MASKED_PRODUCT_LIMIT = 64;

/**
 * The product of the other entries along the last axis [..., n]. Up to n = 64: row i of an n × n
 * copy with x_i replaced by 1, reduced by Prod again, so the result is itself differentiable (RELAX
 * and REBAR differentiate the gradient once more). Beyond: exclusive cumulative products from both
 * ends (tfjs has no Cumprod gradient). Both are exact with zeros.
 */
function productOfOthers(x: tf.Tensor): tf.Tensor {
  const n = x.shape[x.rank - 1] as number;
  if (n > MASKED_PRODUCT_LIMIT) {
    const axis = x.rank - 1;
    return tf.mul(tf.cumprod(x, axis, true, false), tf.cumprod(x, axis, true, true));
  }
  const eye = tf.eye(n);
  const masked = tf.add(tf.mul(tf.expandDims(x, -2), tf.sub(1, eye)), eye);
  return tf.prod(masked, -1);
}

/**
 * @internal Prod gradient that accepts negative axes: tfjs 4.22's own builds a transpose
 * permutation from the raw axis, so `tf.prod(x, -1)` on the tape throws "rank of input must match
 * length of perm". Reduced axes are moved last and flattened; ∂Π/∂x_i = Π_{j≠i} x_j (zeros safe).
 */
export const prodGradient: GradConfig = {
  kernelName: 'Prod',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attrs as unknown as { axis?: number | number[] | null };
    const raw = axis === undefined || axis === null ? x.shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : axis;
    const reduced = [...new Set(raw.map((a) => (a < 0 ? a + x.rank : a)))].sort((a, b) => a - b);
    const kept = x.shape.map((_, i) => i).filter((i) => !reduced.includes(i));
    const perm = [...kept, ...reduced];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return {
      x: () => {
        const moved = perm.every((p, i) => p === i) ? x : tf.transpose(x, perm);
        const keptShape = kept.map((i) => x.shape[i] as number);
        const flat = tf.reshape(moved, [...keptShape, reduced.reduce((n, i) => n * (x.shape[i] as number), 1)]);
        const g = tf.mul(productOfOthers(flat), tf.reshape(dy as tf.Tensor, [...keptShape, 1]));
        const back = tf.reshape(g, moved.shape);
        return perm.every((p, i) => p === i) ? back : tf.transpose(back, inverse);
      },
    };
  },
};

/** @internal Registers every fix above; safe to call more than once. */
export function registerGradientFixes(): void {
  for (const name of COMPARISON_KERNELS) tf.registerGradient(comparisonGradient(name));
  tf.registerGradient(logicalNotGradient);
  tf.registerGradient(batchMatMulGradient);
  tf.registerGradient(gatherGradient);
  tf.registerGradient(prodGradient);
}

registerGradientFixes();
