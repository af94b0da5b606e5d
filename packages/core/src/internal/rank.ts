/**
 * @internal The rank limit of tfjs's wasm backend (4.22): XNNPACK's element-wise, broadcasting and
 * reduction kernels set up for tensors of rank 7 or more fail ("XNN status … Got status 4" on
 * stderr) and the kernel returns wrong numbers without throwing; ranks 1–6 are right, and the cpu
 * backend is right at every rank (measured for add, sub, mul, div, log, logSoftmax, logSumExp, pad
 * and broadcasting adds at ranks 1–8 against cpu). Functions that add axes to their input (a
 * sample axis, an enumeration axis) check the rank they will reach before computing anything.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../errors';
import { shapeString } from './validate';

/** The highest tensor rank the wasm backend computes correctly. */
export const WASM_MAX_RANK = 6;

/**
 * Throws a ShapeError when `tensor` with `addedAxes` more axes would exceed the wasm backend's rank
 * limit (on other backends every rank is fine). Cheap when the rank is fine: pass the texts as
 * functions where building them would cost on a hot path.
 */
export function assertRankSupported(where: string, argument: string | (() => string), tensor: tf.Tensor | readonly number[], addedAxes: number, addedText: string | (() => string) = 'a sample axis'): void {
  const shape = tensor instanceof tf.Tensor ? tensor.shape : tensor;
  if (shape.length + addedAxes <= WASM_MAX_RANK || tf.getBackend() !== 'wasm') return;
  // the texts are built only here: callers on hot paths pass functions
  const added = typeof addedText === 'function' ? addedText() : addedText;
  const limit = WASM_MAX_RANK - addedAxes;
  const reaching = addedAxes > 0 ? `; ${where} adds ${added}, reaching rank ${shape.length + addedAxes}` : ` in ${where}`;
  throw new ShapeError(
    typeof argument === 'function' ? argument() : argument,
    `got rank ${shape.length} (shape ${shapeString(shape)})${reaching}, and tfjs's wasm backend computes tensors of rank ≥ ${WASM_MAX_RANK + 1} wrongly without an error`,
    `rank ≤ ${limit} on the wasm backend (fold batch axes into one with tf.reshape), or any rank on the cpu backend`,
  );
}
