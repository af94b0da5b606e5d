import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, key, random, ready } from '@stochgrad/core';
import { expectBiasDetected, expectUnbiased } from '@stochgrad/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { flagRows, leakedTensors, normalCdf } from '../test/helpers';
import { reflectionMaximalCoupling } from './reflection-maximal-coupling';

const M = 40_000;
const locX = [0, 0];
const locY = [1, -0.5];
const scale = [1, 2];

describe('reflectionMaximalCoupling', () => {
  beforeAll(async () => {
    await ready();
  });

  it('has Gaussian marginals (means, variances, no correlation) and P(X = Y) = 2Φ(−‖z‖/2) = 1 − TV', () => {
    const lx = tf.tile(tf.tensor2d([locX]), [M, 1]);
    const ly = tf.tile(tf.tensor2d([locY]), [M, 1]);
    const s = tf.tensor1d(scale);
    const { x, y, met } = reflectionMaximalCoupling(key(1), { locX: lx, locY: ly, scale: s });
    const moments = (t: tf.Tensor, loc: number[]) => {
      const d = t.dataSync();
      return Array.from({ length: M }, (_, i) => {
        const a = (d[2 * i] as number) - (loc[0] as number);
        const b = (d[2 * i + 1] as number) - (loc[1] as number);
        return [a, b, a * a, b * b, a * b];
      });
    };
    const exact = [0, 0, (scale[0] as number) ** 2, (scale[1] as number) ** 2, 0];
    expectUnbiased({ estimates: moments(x, locX), exact });
    expectUnbiased({ estimates: moments(y, locY), exact });
    const norm = Math.hypot(1 / 1, -0.5 / 2);
    const overlap = 2 * normalCdf(-norm / 2);
    const check = checkUnbiased({ estimates: flagRows(met), exact: [overlap] });
    console.info(`reflection coupling: meeting rate ${check.mean[0]?.toFixed(4)} vs 2Φ(−‖z‖/2) = ${overlap.toFixed(4)}, z = ${check.z[0]?.toFixed(2)}`);
    expect(check.passed, check.message).toBe(true);
    const xs = x.dataSync();
    const ys = y.dataSync();
    for (let i = 0; i < M; i += 97) expect(met[i] === 1).toBe(xs[2 * i] === ys[2 * i] && xs[2 * i + 1] === ys[2 * i + 1]);
    tf.dispose([lx, ly, s, x, y]);
  });

  it('power check: the same acceptance with a synchronous (unreflected) Y on rejection gives Y the wrong law, and the test sees it', () => {
    const ys = tf.tidy(() => {
      const lx = tf.tile(tf.tensor2d([locX]), [M, 1]);
      const ly = tf.tile(tf.tensor2d([locY]), [M, 1]);
      const sigma = tf.tensor1d(scale);
      const z = tf.div(tf.sub(lx, ly), sigma);
      const xi = random.normal(key(11), [M, 2]);
      const logRatio = tf.mul(tf.sub(tf.sum(tf.square(xi), -1), tf.sum(tf.square(tf.add(xi, z)), -1)), 0.5);
      const accept = tf.lessEqual(tf.log(random.uniform(key(12), [M])), logRatio);
      const x = tf.add(lx, tf.mul(sigma, xi));
      return tf.where(tf.broadcastTo(tf.expandDims(accept, -1), [M, 2]), x, tf.add(ly, tf.mul(sigma, xi)));
    });
    const d = ys.dataSync();
    const rows = Array.from({ length: M }, (_, i) => [(d[2 * i] as number) - (locY[0] as number), (d[2 * i + 1] as number) - (locY[1] as number)]);
    expectBiasDetected({ estimates: rows, exact: [0, 0] });
    ys.dispose();
  });

  it('meets always when the means coincide; deterministic, no leak, typed errors', () => {
    const loc = tf.tensor2d([[0.3, -1]]);
    const same = reflectionMaximalCoupling(key(2), { locX: loc, locY: loc, scale: 0.5 });
    expect(same.met[0]).toBe(1);
    const a = reflectionMaximalCoupling(key(3), { locX: loc, locY: tf.zerosLike(loc), scale: 1 });
    const b = reflectionMaximalCoupling(key(3), { locX: loc, locY: tf.zerosLike(loc), scale: 1 });
    expect(Array.from(a.y.dataSync())).toEqual(Array.from(b.y.dataSync()));
    const zero = tf.zerosLike(loc);
    expect(leakedTensors(() => reflectionMaximalCoupling(key(4), { locX: loc, locY: zero, scale: 1 }), (r) => tf.dispose([r.x, r.y]))).toBe(0);
    expect(() => reflectionMaximalCoupling(key(5), { locX: loc, locY: tf.zeros([1, 3]), scale: 1 })).toThrow(ShapeError);
    expect(() => reflectionMaximalCoupling(key(5), { locX: loc, locY: zero, scale: -1 })).toThrow(ArgumentError);
    expect(() => reflectionMaximalCoupling(key(5), { locX: loc, locY: zero, scale: tf.ones([3]) })).toThrow(ShapeError);
  });
});
