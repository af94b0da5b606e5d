/**
 * A grid of grayscale images as a PNG data URI (8-bit, one channel) for the CLI's HTML report,
 * encoded by fast-png; the web page draws on a canvas instead.
 */
import { encode } from 'fast-png';
import type { ImageBatch } from './vae';

/**
 * Rows of images side by side (1-pixel gaps) as one PNG data URI; each row is an ImageBatch of
 * values in [0, 1], drawn white on black.
 */
export function imageGridDataUri(rows: readonly ImageBatch[]): string {
  const first = rows[0];
  if (!first) throw new Error('imageGridDataUri: no rows');
  const { width, height } = first;
  const columns = Math.max(...rows.map((r) => r.images.length));
  const gridWidth = columns * (width + 1) - 1;
  const gridHeight = rows.length * (height + 1) - 1;
  const pixels = new Uint8Array(gridWidth * gridHeight).fill(96);
  rows.forEach((row, r) => {
    row.images.forEach((image, c) => {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const v = image[y * width + x] as number;
          pixels[(r * (height + 1) + y) * gridWidth + c * (width + 1) + x] = Math.round(255 * Math.min(1, Math.max(0, v)));
        }
      }
    });
  });
  const png = encode({ width: gridWidth, height: gridHeight, data: pixels, channels: 1, depth: 8 });
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
