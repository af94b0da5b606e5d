/**
 * Dynamic binarization: each pixel becomes 1 with probability pixel / 255, drawn afresh from a key
 * every time a batch is used (Salakhutdinov & Murray 2008; the "dynamic MNIST" of the DisARM,
 * REBAR, RELAX and VIMCO papers, `Bernoulli(probs = x / 255).sample()` at every pass).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, describeValue, random } from '@stochgrad/core';
import type { ImageSet } from './image-set';

/**
 * Binary float32 images [count, pixels] drawn from Bernoulli(pixel / 255); `images` is an
 * ImageSet (bytes 0–255) or a tensor of intensities in [0, 255]. Use a new key for each pass.
 * @example
 * for (const { indices, step } of batches({ key: shuffleKey, count: train.count, batchSize: 50 })) {
 *   const x = binarize(fold(dataKey, step), subset(train, indices));
 * }
 */
export function binarize(key: Key, images: ImageSet | tf.Tensor): tf.Tensor2D {
  let values: ArrayLike<number>;
  let count: number;
  let pixels: number;
  if (images instanceof tf.Tensor) {
    if (images.isDisposed) throw new ArgumentError('images', 'the tensor was disposed', 'a live tf.Tensor [count, pixels]');
    if (images.rank !== 2) throw new ArgumentError('images', `got a tensor of shape [${images.shape.join(', ')}]`, 'a tensor [count, pixels] of values in [0, 255]');
    [count, pixels] = images.shape as [number, number];
    values = images.dataSync();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!(v >= 0 && v <= 255)) throw new ArgumentError('images', `got ${v} at flat index ${i}`, 'intensities in [0, 255]');
    }
  } else {
    if (!images || !(images.images instanceof Uint8Array)) {
      throw new ArgumentError('images', `got ${describeValue(images)}`, 'an ImageSet or a tf.Tensor [count, pixels]');
    }
    ({ count, pixels } = images);
    values = images.images;
  }
  const n = count * pixels;
  const u = random.uniform(key, [n]);
  const uniforms = u.dataSync();
  u.dispose();
  const out = new Float32Array(n);
  // u ∈ (0, 1): pixel 0 never turns on, pixel 255 always does
  for (let i = 0; i < n; i++) out[i] = (uniforms[i] as number) * 255 < (values[i] as number) ? 1 : 0;
  return tf.tensor2d(out, [count, pixels], 'float32');
}
