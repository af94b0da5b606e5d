import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianLatentVae } from './gaussian-latent-vae';

const softplus = (v: number) => Math.log1p(Math.exp(v));
const matrix = (v: tf.Variable) => v.arraySync() as number[][];
const vector = (v: tf.Variable) => v.arraySync() as number[];
/** tanh(v W + b) W₂ + b₂ for one row v, by hand */
function mlp(v: number[], w1: number[][], b1: number[], w2: number[][], b2: number[]): number[] {
  const h = b1.map((b, j) => Math.tanh(v.reduce((s, vi, i) => s + vi * (w1[i]?.[j] as number), b)));
  return b2.map((b, j) => h.reduce((s, hi, i) => s + hi * (w2[i]?.[j] as number), b));
}

describe('gaussianLatentVae', () => {
  beforeAll(async () => {
    await ready();
  });

  it('logJoint and the proposal match a hand computation on a tiny model', () => {
    const dataMean = [0.2, 0, 0.9];
    const vae = gaussianLatentVae({ key: key(3), latents: 2, hidden: 3, pixels: 3, dataMean });
    const [dW1, db1, dW2, db2] = vae.decoderVariables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    const [eW1, eb1, eW2, eb2] = vae.encoderVariables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    // the output bias starts at logit(clip(mean, 1e-3, 1 − 1e-3))
    expect(vector(db2)[1]).toBeCloseTo(Math.log(1e-3 / (1 - 1e-3)), 4);
    expect(vector(db2)[2]).toBeCloseTo(Math.log(9), 4);
    const xs = [[1, 0, 1], [0, 0, 1]];
    const zs = [[[0.5, -1], [2, 0.3]]]; // [n = 1, B = 2, d = 2]
    const x = tf.tensor2d(xs);
    const z = tf.tensor3d(zs);
    const got = Array.from(vae.logJoint(x, z).dataSync());
    xs.forEach((xn, n) => {
      const zn = zs[0]?.[n] as number[];
      const l = mlp(zn, matrix(dW1), vector(db1), matrix(dW2), vector(db2));
      const likelihood = xn.reduce((s, xi, p) => s + xi * (l[p] as number) - softplus(l[p] as number), 0);
      const prior = -0.5 * zn.reduce((s, v) => s + v * v, 0) - Math.log(2 * Math.PI);
      expect(got[n]).toBeCloseTo(likelihood + prior, 4);
    });
    const q = vae.proposal(x);
    const at = tf.tensor2d([[0.1, -0.2], [0.3, 0.4]]);
    const logQ = Array.from(q.logProb(at).dataSync());
    xs.forEach((xn, n) => {
      const out = mlp(xn, matrix(eW1), vector(eb1), matrix(eW2), vector(eb2));
      const point = at.arraySync()[n] as number[];
      const expected = [0, 1].reduce((s, i) => {
        const sigma = softplus(out[2 + i] as number) + 1e-3;
        const r = ((point[i] as number) - (out[i] as number)) / sigma;
        return s - 0.5 * r * r - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
      }, 0);
      expect(logQ[n]).toBeCloseTo(expected, 4);
    });
    tf.dispose([x, z, at]);
    vae.dispose();
  });

  it('two live VAEs do not clash; dispose frees everything; typed errors', () => {
    const start = tf.memory().numTensors;
    const mean = new Float32Array(4).fill(0.5);
    const a = gaussianLatentVae({ key: key(1), latents: 2, hidden: 3, pixels: 4, dataMean: mean });
    const b = gaussianLatentVae({ key: key(1), latents: 2, hidden: 3, pixels: 4, dataMean: mean });
    expect(Array.from((a.decoderVariables[0] as tf.Variable).dataSync())).toEqual(Array.from((b.decoderVariables[0] as tf.Variable).dataSync()));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(start);
    expect(() => gaussianLatentVae({ key: key(1), latents: 0, hidden: 3, pixels: 4, dataMean: mean })).toThrow(/latents/);
    expect(() => gaussianLatentVae({ key: key(1), latents: 2, hidden: 3, dataMean: mean })).toThrow(ArgumentError);
    expect(() => gaussianLatentVae({ key: 5 as never, latents: 2, hidden: 3, pixels: 4, dataMean: mean })).toThrow(/key/);
  });
});
