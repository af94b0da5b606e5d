/**
 * A set of grey-scale images held as bytes (0–255), one flattened image per row: the form the
 * data helpers share. Converting to tensors happens per batch (`binarize`, `toTensor`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, describeValue } from '@stochgrad/core';
import type { IdxArray } from './idx';

/** `count` images of `pixels` bytes each in `images` (row-major), with optional labels. */
export interface ImageSet {
  /** count × pixels bytes, 0–255 */
  readonly images: Uint8Array;
  /** one class label per image, when known */
  readonly labels?: Uint8Array;
  readonly count: number;
  readonly pixels: number;
}

/**
 * An ImageSet from parsed IDX images [N, ...] (unsigned bytes) and optional labels [N].
 * @example const train = imageSet(parseIdx(imageBytes), parseIdx(labelBytes)); // 60000 × 784
 */
/** @internal Throws unless `set` is an ImageSet (from imageSet, subset, sliceImages, mnistFromIdx). */
export function assertImageSet(set: unknown, argument = 'set'): asserts set is ImageSet {
  const s = set as Partial<ImageSet> | null;
  if (typeof s !== 'object' || s === null || !(s.images instanceof Uint8Array) || !Number.isInteger(s.count) || !Number.isInteger(s.pixels) || s.images.length < (s.count as number) * (s.pixels as number)) {
    throw new ArgumentError(argument, `got ${describeValue(set)}`, 'an ImageSet { images: Uint8Array, count, pixels } made by imageSet, subset, sliceImages or mnistFromIdx');
  }
}

export function imageSet(images: IdxArray, labels?: IdxArray): ImageSet {
  if (typeof images !== 'object' || images === null || !Array.isArray(images.shape)) {
    throw new ArgumentError('images', `got ${describeValue(images)}`, 'IDX data { data: Uint8Array, shape: [N, ...image axes] } (parseIdx)');
  }
  if (!(images.data instanceof Uint8Array) || images.shape.length < 2) {
    throw new ArgumentError('images', `got ${images.data.constructor.name} of shape [${images.shape.join(', ')}]`, 'unsigned-byte IDX data of shape [N, ...image axes]');
  }
  const count = images.shape[0] as number;
  const pixels = images.shape.slice(1).reduce((a, b) => a * b, 1);
  if (labels !== undefined) {
    if (!(labels.data instanceof Uint8Array) || labels.shape.length !== 1 || labels.shape[0] !== count) {
      throw new ShapeError('labels', `got ${labels.data.constructor.name} of shape [${labels.shape.join(', ')}]`, `unsigned-byte IDX data of shape [${count}]`);
    }
    return Object.freeze({ images: images.data, labels: labels.data, count, pixels });
  }
  return Object.freeze({ images: images.data, count, pixels });
}

/**
 * The images at `indices` (in that order), copied into a new set.
 * @example const first1000 = subset(test, Array.from({ length: 1000 }, (_, i) => i));
 */
export function subset(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  assertImageSet(set);
  if (typeof indices !== 'object' || indices === null || typeof indices.length !== 'number') throw new ArgumentError('indices', `got ${describeValue(indices)}`, 'an array of image indices');
  const { pixels, count } = set;
  const images = new Uint8Array(indices.length * pixels);
  const labels = set.labels ? new Uint8Array(indices.length) : undefined;
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new ArgumentError('indices', `got ${i} at position ${r}`, `integers in [0, ${count})`);
    }
    images.set(set.images.subarray(i * pixels, (i + 1) * pixels), r * pixels);
    if (labels && set.labels) labels[r] = set.labels[i] as number;
  }
  return Object.freeze({ images, ...(labels ? { labels } : {}), count: indices.length, pixels });
}

/**
 * Rows [start, end) of a set, sharing its memory (no copy).
 * @example const validation = sliceImages(train60k, 50_000, 60_000);
 */
export function sliceImages(set: ImageSet, start: number, end = set?.count): ImageSet {
  assertImageSet(set);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > set.count || start > end) {
    throw new ArgumentError('start, end', `got ${start}, ${end}`, `integers with 0 <= start <= end <= ${set.count}`);
  }
  const { pixels } = set;
  const images = set.images.subarray(start * pixels, end * pixels);
  const labels = set.labels?.subarray(start, end);
  return Object.freeze({ images, ...(labels ? { labels } : {}), count: end - start, pixels });
}

/**
 * The mean of each pixel over the set, scaled to [0, 1] (e.g. for the decoder's output bias).
 * @example const vae = bernoulliVae({ key: key(0), dataMean: pixelMean(train) });
 */
export function pixelMean(set: ImageSet): Float32Array {
  assertImageSet(set);
  const { pixels, count, images } = set;
  if (count === 0) throw new ArgumentError('set', 'is empty', 'at least one image');
  const sums = new Float64Array(pixels);
  for (let r = 0; r < count; r++) {
    const row = r * pixels;
    for (let p = 0; p < pixels; p++) sums[p] = (sums[p] as number) + (images[row + p] as number);
  }
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) out[p] = (sums[p] as number) / (255 * count);
  return out;
}

/**
 * The set's images as a float32 tensor [count, pixels] with values in [0, 1] (pixel / 255).
 * @example const x = toTensor(subset(test, [0, 1, 2]));
 */
export function toTensor(set: ImageSet): tf.Tensor2D {
  assertImageSet(set);
  const out = new Float32Array(set.count * set.pixels);
  for (let i = 0; i < out.length; i++) out[i] = (set.images[i] as number) / 255;
  return tf.tensor2d(out, [set.count, set.pixels], 'float32');
}
