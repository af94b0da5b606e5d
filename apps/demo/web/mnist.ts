/**
 * What: fetches the VAE panel's MNIST subset (src/mnist-subset.ts, served by the Vite plugin of
 * src/mnist-web-assets.ts) and returns the IDX bytes, decompressed.
 * Properties: gunzips only what is still gzip (a host that sends `Content-Encoding: gzip` for
 * `.gz` files hands over plain bytes already); never reaches beyond the page's own origin.
 */
import { MNIST_SUBSET } from '../src/mnist-subset';

/** The subset's URLs, resolved against the page (workers get them absolute). */
export function mnistSubsetUrls(baseUrl: string, pageUrl: string): { trainUrl: string; testUrl: string } {
  return {
    trainUrl: new URL(`${baseUrl}${MNIST_SUBSET.train.path}`, pageUrl).href,
    testUrl: new URL(`${baseUrl}${MNIST_SUBSET.test.path}`, pageUrl).href,
  };
}

export async function fetchIdx(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
