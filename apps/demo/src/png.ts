/**
 * A grid of grayscale images as a PNG (8-bit, one channel), for the CLI's HTML report. Node only
 * (node:zlib); the web page draws on a canvas instead.
 */
import { deflateSync } from 'node:zlib';
import type { ImageBatch } from './vae';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes a width × height 8-bit grayscale image (row-major bytes) as PNG. */
export function grayscalePng(pixels: Uint8Array, width: number, height: number): Buffer {
  if (pixels.length !== width * height) throw new Error(`grayscalePng: ${pixels.length} bytes for ${width} × ${height}`);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

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
  return `data:image/png;base64,${grayscalePng(pixels, gridWidth, gridHeight).toString('base64')}`;
}
