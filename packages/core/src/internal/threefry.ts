// Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as
// 1, 2, 3", SC 2011), computed in JS with 32-bit integer arithmetic so that every backend sees the
// same bits.

const PARITY = 0x1bd11bda;

/**
 * Writes threefry(key, (c0 + j, c1)) for j = 0 … blocks − 1 into out[at + 2j], out[at + 2j + 1].
 * The 20 rounds are unrolled with the rotation constants inlined (13, 15, 26, 6, 17, 29, 16, 24,
 * a key injection after every fourth round), the arithmetic is int32 (`| 0` wraps modulo 2³² as
 * `>>> 0` does; stored through an Int32Array view, the same 32 bits), and four blocks are computed
 * side by side (independent chains the CPU overlaps): the same bits as the paper's round loop
 * (key.test.ts known answers), ≈ 5–6× faster than that loop in JS.
 */
export function threefryBlocks(k0: number, k1: number, c0: number, c1: number, blocks: number, out: Int32Array, at: number): void {
  k0 |= 0;
  k1 |= 0;
  const k2 = PARITY ^ k0 ^ k1;
  let j = 0;
  for (; j + 3 < blocks; j += 4) {
    let x0 = (c0 + j + 0 + k0) | 0;
    let x1 = (c1 + k1) | 0;
    let y0 = (c0 + j + 1 + k0) | 0;
    let y1 = (c1 + k1) | 0;
    let z0 = (c0 + j + 2 + k0) | 0;
    let z1 = (c1 + k1) | 0;
    let w0 = (c0 + j + 3 + k0) | 0;
    let w1 = (c1 + k1) | 0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    y1 = ((y1 << 13) | (y1 >>> 19)) ^ y0;
    z1 = ((z1 << 13) | (z1 >>> 19)) ^ z0;
    w1 = ((w1 << 13) | (w1 >>> 19)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    y1 = ((y1 << 15) | (y1 >>> 17)) ^ y0;
    z1 = ((z1 << 15) | (z1 >>> 17)) ^ z0;
    w1 = ((w1 << 15) | (w1 >>> 17)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    y1 = ((y1 << 26) | (y1 >>> 6)) ^ y0;
    z1 = ((z1 << 26) | (z1 >>> 6)) ^ z0;
    w1 = ((w1 << 26) | (w1 >>> 6)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    y1 = ((y1 << 6) | (y1 >>> 26)) ^ y0;
    z1 = ((z1 << 6) | (z1 >>> 26)) ^ z0;
    w1 = ((w1 << 6) | (w1 >>> 26)) ^ w0;
    x0 = (x0 + k1) | 0;
    x1 = (x1 + k2 + 1) | 0;
    y0 = (y0 + k1) | 0;
    y1 = (y1 + k2 + 1) | 0;
    z0 = (z0 + k1) | 0;
    z1 = (z1 + k2 + 1) | 0;
    w0 = (w0 + k1) | 0;
    w1 = (w1 + k2 + 1) | 0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
    y1 = ((y1 << 17) | (y1 >>> 15)) ^ y0;
    z1 = ((z1 << 17) | (z1 >>> 15)) ^ z0;
    w1 = ((w1 << 17) | (w1 >>> 15)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
    y1 = ((y1 << 29) | (y1 >>> 3)) ^ y0;
    z1 = ((z1 << 29) | (z1 >>> 3)) ^ z0;
    w1 = ((w1 << 29) | (w1 >>> 3)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
    y1 = ((y1 << 16) | (y1 >>> 16)) ^ y0;
    z1 = ((z1 << 16) | (z1 >>> 16)) ^ z0;
    w1 = ((w1 << 16) | (w1 >>> 16)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
    y1 = ((y1 << 24) | (y1 >>> 8)) ^ y0;
    z1 = ((z1 << 24) | (z1 >>> 8)) ^ z0;
    w1 = ((w1 << 24) | (w1 >>> 8)) ^ w0;
    x0 = (x0 + k2) | 0;
    x1 = (x1 + k0 + 2) | 0;
    y0 = (y0 + k2) | 0;
    y1 = (y1 + k0 + 2) | 0;
    z0 = (z0 + k2) | 0;
    z1 = (z1 + k0 + 2) | 0;
    w0 = (w0 + k2) | 0;
    w1 = (w1 + k0 + 2) | 0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    y1 = ((y1 << 13) | (y1 >>> 19)) ^ y0;
    z1 = ((z1 << 13) | (z1 >>> 19)) ^ z0;
    w1 = ((w1 << 13) | (w1 >>> 19)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    y1 = ((y1 << 15) | (y1 >>> 17)) ^ y0;
    z1 = ((z1 << 15) | (z1 >>> 17)) ^ z0;
    w1 = ((w1 << 15) | (w1 >>> 17)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    y1 = ((y1 << 26) | (y1 >>> 6)) ^ y0;
    z1 = ((z1 << 26) | (z1 >>> 6)) ^ z0;
    w1 = ((w1 << 26) | (w1 >>> 6)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    y1 = ((y1 << 6) | (y1 >>> 26)) ^ y0;
    z1 = ((z1 << 6) | (z1 >>> 26)) ^ z0;
    w1 = ((w1 << 6) | (w1 >>> 26)) ^ w0;
    x0 = (x0 + k0) | 0;
    x1 = (x1 + k1 + 3) | 0;
    y0 = (y0 + k0) | 0;
    y1 = (y1 + k1 + 3) | 0;
    z0 = (z0 + k0) | 0;
    z1 = (z1 + k1 + 3) | 0;
    w0 = (w0 + k0) | 0;
    w1 = (w1 + k1 + 3) | 0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
    y1 = ((y1 << 17) | (y1 >>> 15)) ^ y0;
    z1 = ((z1 << 17) | (z1 >>> 15)) ^ z0;
    w1 = ((w1 << 17) | (w1 >>> 15)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
    y1 = ((y1 << 29) | (y1 >>> 3)) ^ y0;
    z1 = ((z1 << 29) | (z1 >>> 3)) ^ z0;
    w1 = ((w1 << 29) | (w1 >>> 3)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
    y1 = ((y1 << 16) | (y1 >>> 16)) ^ y0;
    z1 = ((z1 << 16) | (z1 >>> 16)) ^ z0;
    w1 = ((w1 << 16) | (w1 >>> 16)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
    y1 = ((y1 << 24) | (y1 >>> 8)) ^ y0;
    z1 = ((z1 << 24) | (z1 >>> 8)) ^ z0;
    w1 = ((w1 << 24) | (w1 >>> 8)) ^ w0;
    x0 = (x0 + k1) | 0;
    x1 = (x1 + k2 + 4) | 0;
    y0 = (y0 + k1) | 0;
    y1 = (y1 + k2 + 4) | 0;
    z0 = (z0 + k1) | 0;
    z1 = (z1 + k2 + 4) | 0;
    w0 = (w0 + k1) | 0;
    w1 = (w1 + k2 + 4) | 0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    y1 = ((y1 << 13) | (y1 >>> 19)) ^ y0;
    z1 = ((z1 << 13) | (z1 >>> 19)) ^ z0;
    w1 = ((w1 << 13) | (w1 >>> 19)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    y1 = ((y1 << 15) | (y1 >>> 17)) ^ y0;
    z1 = ((z1 << 15) | (z1 >>> 17)) ^ z0;
    w1 = ((w1 << 15) | (w1 >>> 17)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    y1 = ((y1 << 26) | (y1 >>> 6)) ^ y0;
    z1 = ((z1 << 26) | (z1 >>> 6)) ^ z0;
    w1 = ((w1 << 26) | (w1 >>> 6)) ^ w0;
    x0 = (x0 + x1) | 0;
    y0 = (y0 + y1) | 0;
    z0 = (z0 + z1) | 0;
    w0 = (w0 + w1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    y1 = ((y1 << 6) | (y1 >>> 26)) ^ y0;
    z1 = ((z1 << 6) | (z1 >>> 26)) ^ z0;
    w1 = ((w1 << 6) | (w1 >>> 26)) ^ w0;
    x0 = (x0 + k2) | 0;
    x1 = (x1 + k0 + 5) | 0;
    y0 = (y0 + k2) | 0;
    y1 = (y1 + k0 + 5) | 0;
    z0 = (z0 + k2) | 0;
    z1 = (z1 + k0 + 5) | 0;
    w0 = (w0 + k2) | 0;
    w1 = (w1 + k0 + 5) | 0;
    out[at + 2 * j + 0] = x0;
    out[at + 2 * j + 1] = x1;
    out[at + 2 * j + 2] = y0;
    out[at + 2 * j + 3] = y1;
    out[at + 2 * j + 4] = z0;
    out[at + 2 * j + 5] = z1;
    out[at + 2 * j + 6] = w0;
    out[at + 2 * j + 7] = w1;
  }
  if (j < blocks) {
    // the last 1–3 blocks through the same four-lane code, the extra lanes thrown away
    const scratch = new Int32Array(8);
    threefryBlocks(k0, k1, c0 + j, c1, 4, scratch, 0);
    out.set(scratch.subarray(0, 2 * (blocks - j)), at + 2 * j);
  }
}

/** Encrypts the counter (c0, c1) under the key (k0, k1); writes two words into out[at], out[at+1]. */
export function threefry2x32(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  out: Uint32Array | number[],
  at: number,
): void {
  threefryBlocks(k0, k1, c0, c1, 1, one, 0);
  out[at] = (one[0] as number) >>> 0;
  out[at + 1] = (one[1] as number) >>> 0;
}

const one = new Int32Array(2);

/** Domain tags in the second counter word, so bits, splits and folds never share a counter. */
export const DOMAIN_BITS = 0;
export const DOMAIN_SPLIT = 1;
export const DOMAIN_FOLD = 2;

/**
 * n pseudo-random 32-bit words from a key: block j is threefry(key, (j, DOMAIN_BITS)), so the
 * first n words of a longer draw equal a shorter draw.
 */
export function randomBits(k0: number, k1: number, n: number): Uint32Array {
  return new Uint32Array(signedBits(k0, k1, n).buffer, 0, n);
}

/** The words of randomBits as int32 (the same 32 bits; int32 reads stay small integers for V8). */
function signedBits(k0: number, k1: number, n: number): Int32Array {
  const blocks = Math.ceil(n / 2);
  const out = new Int32Array(blocks * 2);
  threefryBlocks(k0, k1, 0, DOMAIN_BITS, blocks, out, 0);
  return out;
}

const TWO_POW_MINUS_23 = 2 ** -23;
const HALF_ULP_23 = 2 ** -24;

/**
 * Uniforms strictly inside (0, 1): the top 23 bits plus one half, times 2⁻²³. Every value is
 * exactly representable in float32, the smallest is 2⁻²⁴ and the largest 1 − 2⁻²⁴, so logs and
 * logits of them are finite.
 */
export function openUniforms(k0: number, k1: number, n: number): Float64Array {
  const bits = signedBits(k0, k1, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((bits[i] as number) >>> 9) * TWO_POW_MINUS_23 + HALF_ULP_23;
  return out;
}

const TWO_POW_MINUS_53 = 2 ** -53;

/**
 * Double-precision uniforms strictly inside (0, 1): two 32-bit words make 53 bits, plus one half
 * of the last place (as `openUniforms` does at 23 bits). Word 2j and 2j + 1 make value j.
 */
export function openUniforms53(k0: number, k1: number, n: number): Float64Array {
  const bits = randomBits(k0, k1, 2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const high = (bits[2 * i] as number) >>> 6; // 26 bits
    const low = (bits[2 * i + 1] as number) >>> 5; // 27 bits
    out[i] = (high * 134217728 + low) * TWO_POW_MINUS_53 + TWO_POW_MINUS_53 / 2;
  }
  return out;
}
