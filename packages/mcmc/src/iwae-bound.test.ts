import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedTensors } from '../test/helpers';
import { diagonalProposal, exactLogMarginal, exactPosterior, logJoint, problem, replicate } from '../test/linear-gaussian';
import { iwaeBound } from './iwae-bound';

const M = 4000;

describe('iwaeBound on the linear-Gaussian model (closed-form log p(x))', () => {
  beforeAll(async () => {
    await ready();
  });

  it('E[L_S] increases with S and stays below log p(x); with q = p(z | x) every sample gives log p(x) exactly', () => {
    const data = replicate(problem, M);
    const loc = tf.zeros([M, 2]);
    const logP = exactLogMarginal(problem);
    const means = [1, 4, 32].map((S) => {
      const { bound } = iwaeBound({ key: key(S), x: data.x, logJoint: (x, z) => logJoint(x, z, data.W, data.b, problem.noise), proposal: diagonalProposal(loc, 1), numParticles: S });
      const values = Array.from(bound.dataSync());
      bound.dispose();
      const mean = values.reduce((s, v) => s + v, 0) / M;
      const se = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (M - 1) / M);
      return { S, mean, se };
    });
    console.info(`log p(x) = ${logP.toFixed(4)}; E[L_S]: ${means.map((m) => `S = ${m.S}: ${m.mean.toFixed(4)} ± ${m.se.toFixed(4)}`).join(', ')}`);
    for (const m of means) expect(m.mean + 4 * m.se).toBeLessThan(logP);
    for (let i = 1; i < means.length; i++) expect((means[i] as { mean: number }).mean).toBeGreaterThan((means[i - 1] as { mean: number }).mean);
    // q = posterior is not diagonal for this W: use the diagonal problem, where it is
    const diagonal = { ...problem, W: [[1, 0], [0, 2], [0, 0]] };
    const post = exactPosterior(diagonal);
    const rep = replicate(diagonal, 50);
    const mu = tf.tile(tf.tensor2d([post.mean]), [50, 1]);
    const sd = tf.tensor1d([Math.sqrt(post.covariance[0]?.[0] as number), Math.sqrt(post.covariance[1]?.[1] as number)]);
    const exact = iwaeBound({ key: key(9), x: rep.x, logJoint: (x, z) => logJoint(x, z, rep.W, rep.b, 1), proposal: diagonalProposal(mu, sd), numParticles: 3 });
    for (const v of exact.bound.dataSync()) expect(v).toBeCloseTo(exactLogMarginal(diagonal), 4);
    tf.dispose([data.x, data.W, data.b, loc, rep.x, rep.W, rep.b, mu, sd, exact.bound, exact.logWeights]);
  });

  it('is deterministic under a key, leaks nothing, and throws typed errors', () => {
    const data = replicate(problem, 5);
    const loc = tf.zeros([5, 2]);
    const options = { key: key(1), x: data.x, logJoint: (x: tf.Tensor, z: tf.Tensor) => logJoint(x, z, data.W, data.b, 1), proposal: diagonalProposal(loc, 1), numParticles: 4 };
    const a = iwaeBound(options);
    const b = iwaeBound(options);
    expect(Array.from(a.bound.dataSync())).toEqual(Array.from(b.bound.dataSync()));
    expect(a.logWeights.shape).toEqual([4, 5]);
    tf.dispose([a.bound, a.logWeights, b.bound, b.logWeights]);
    expect(leakedTensors(() => iwaeBound(options), (r) => tf.dispose([r.bound, r.logWeights]))).toBe(0);
    expect(() => iwaeBound({ ...options, numParticles: 0 })).toThrow(ArgumentError);
    expect(() => iwaeBound({ ...options, x: tf.zeros([4, 3]) })).toThrow(ShapeError);
    expect(() => iwaeBound({ ...options, logJoint: (_x, z) => tf.zeros([z.shape[0] as number]) })).toThrow(ShapeError);
    tf.dispose([data.x, data.W, data.b, loc]);
  });
});
