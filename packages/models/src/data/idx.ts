/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header — two zero
 * bytes, a type byte, the number of dimensions, then each dimension as a 32-bit integer — followed
 * by the values in row-major order, big-endian. Pure TypeScript: no Node APIs, runs in browsers.
 */
import { ArgumentError, ShapeError } from '@stochgrad/core';

/** Typed arrays an IDX file can hold, by the IDX type byte. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file: its shape and its values (row-major). */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: IdxData;
}

const TYPES: Readonly<Record<number, { name: string; bytes: number }>> = {
  0x08: { name: 'unsigned byte', bytes: 1 },
  0x09: { name: 'signed byte', bytes: 1 },
  0x0b: { name: 'short', bytes: 2 },
  0x0c: { name: 'int', bytes: 4 },
  0x0d: { name: 'float', bytes: 4 },
  0x0e: { name: 'double', bytes: 8 },
};

/**
 * Parses the bytes of an IDX file. Unsigned bytes (MNIST images and labels) come back as a
 * Uint8Array view on `bytes` (no copy); the other types are converted from big-endian into new
 * arrays. Throws an ArgumentError for a bad header or a type it does not know, and a ShapeError
 * when the file is shorter or longer than its header says.
 * @example
 * const images = parseIdx(new Uint8Array(await (await fetch('train-images-idx3-ubyte')).arrayBuffer()));
 * images.shape; // [60000, 28, 28]
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new ArgumentError('bytes', `got ${typeof bytes === 'object' ? String(bytes) : typeof bytes}`, 'a Uint8Array with the contents of an IDX file');
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ArgumentError('bytes', `the file starts with [${Array.from(bytes.subarray(0, 4)).join(', ')}]`, 'an IDX header: 0, 0, a type byte, the number of dimensions');
  }
  const typeByte = bytes[2] as number;
  const type = TYPES[typeByte];
  if (!type) {
    throw new ArgumentError('bytes', `unknown IDX type byte 0x${typeByte.toString(16)}`, 'one of 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e');
  }
  const rank = bytes[3] as number;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new ShapeError('bytes', `${bytes.length} bytes, too short for a header of ${rank} dimensions`, `at least ${headerBytes} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    size *= d;
  }
  const expected = headerBytes + size * type.bytes;
  if (bytes.length !== expected) {
    throw new ShapeError('bytes', `${bytes.length} bytes for shape [${shape.join(', ')}] of ${type.name}s`, `exactly ${expected} bytes (header ${headerBytes} + data)`);
  }
  const offset = headerBytes;
  switch (typeByte) {
    case 0x08:
      return { shape, data: bytes.subarray(offset, expected) };
    case 0x09:
      return { shape, data: new Int8Array(bytes.buffer, bytes.byteOffset + offset, size) };
    default: {
      const data =
        typeByte === 0x0b ? new Int16Array(size) : typeByte === 0x0c ? new Int32Array(size) : typeByte === 0x0d ? new Float32Array(size) : new Float64Array(size);
      for (let i = 0; i < size; i++) {
        const at = offset + i * type.bytes;
        data[i] =
          typeByte === 0x0b
            ? view.getInt16(at, false)
            : typeByte === 0x0c
              ? view.getInt32(at, false)
              : typeByte === 0x0d
                ? view.getFloat32(at, false)
                : view.getFloat64(at, false);
      }
      return { shape, data };
    }
  }
}
