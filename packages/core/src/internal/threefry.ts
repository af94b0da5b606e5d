// Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as
// 1, 2, 3", SC 2011), computed in JS with 32-bit integer arithmetic so that every backend sees the
// same bits.

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
const PARITY = 0x1bd11bda;

/** Encrypts the counter (c0, c1) under the key (k0, k1); writes two words into out[at], out[at+1]. */
export function threefry2x32(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  out: Uint32Array | number[],
  at: number,
): void {
  const k2 = (PARITY ^ k0 ^ k1) >>> 0;
  const ks = [k0 >>> 0, k1 >>> 0, k2];
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let round = 0; round < 20; round++) {
    const r = ROTATIONS[round & 7] as number;
    x0 = (x0 + x1) >>> 0;
    x1 = ((x1 << r) | (x1 >>> (32 - r))) >>> 0;
    x1 = (x1 ^ x0) >>> 0;
    if ((round & 3) === 3) {
      const s = (round + 1) >>> 2;
      x0 = (x0 + (ks[s % 3] as number)) >>> 0;
      x1 = (x1 + (ks[(s + 1) % 3] as number) + s) >>> 0;
    }
  }
  out[at] = x0;
  out[at + 1] = x1;
}

/** Domain tags in the second counter word, so bits, splits and folds never share a counter. */
export const DOMAIN_BITS = 0;
export const DOMAIN_SPLIT = 1;
export const DOMAIN_FOLD = 2;

/**
 * n pseudo-random 32-bit words from a key: block j is threefry(key, (j, DOMAIN_BITS)), so the
 * first n words of a longer draw equal a shorter draw.
 */
export function randomBits(k0: number, k1: number, n: number): Uint32Array {
  const blocks = Math.ceil(n / 2);
  const out = new Uint32Array(blocks * 2);
  for (let j = 0; j < blocks; j++) threefry2x32(k0, k1, j, DOMAIN_BITS, out, 2 * j);
  return blocks * 2 === n ? out : out.subarray(0, n);
}

const TWO_POW_MINUS_23 = 2 ** -23;

/**
 * Uniforms strictly inside (0, 1): the top 23 bits plus one half, times 2⁻²³. Every value is
 * exactly representable in float32, the smallest is 2⁻²⁴ and the largest 1 − 2⁻²⁴, so logs and
 * logits of them are finite.
 */
export function openUniforms(k0: number, k1: number, n: number): Float64Array {
  const bits = randomBits(k0, k1, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((bits[i] as number) >>> 9) * TWO_POW_MINUS_23 + TWO_POW_MINUS_23 / 2;
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
