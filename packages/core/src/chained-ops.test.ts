import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from './backend';
import { exactBernoulli } from './exact';

// The methods tfjs-core's chained-op modules install, read from the modules themselves
// (`getGlobalTensorClass().prototype.<name> = ...`), before this test installs anything.
const chainedOpsDir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json')), 'dist', 'public', 'chained_ops');
const documented = readdirSync(chainedOpsDir)
  .filter((file) => file.endsWith('.js') && file !== 'register_all_chained_ops.js')
  .flatMap((file) => [...readFileSync(join(chainedOpsDir, file), 'utf8').matchAll(/getGlobalTensorClass\(\)\.prototype\.(\w+)\s*=/g)].map((m) => m[1] as string));
const prototype = tf.Tensor.prototype as unknown as Record<string, unknown>;
const missingBefore = documented.filter((name) => typeof prototype[name] !== 'function');

describe('chained ops', () => {
  beforeAll(async () => {
    await ready();
    await import('./chained-ops');
  });

  it('installs every chained method tfjs-core documents, on the one Tensor class', () => {
    expect(documented.length).toBeGreaterThan(130);
    expect(missingBefore).toContain('add'); // tfjs-core alone installs them not
    expect(documented.filter((name) => typeof prototype[name] !== 'function')).toEqual([]);
    expect(Object.getPrototypeOf(tf.tensor1d([1]))).toBe(tf.Tensor.prototype);
  });

  it("works on a user's tensor and on a tensor stochgrad returned", () => {
    const x = tf.tensor1d([1, 2, 3]);
    expect(x.reshape([3, 1]).add(1).sum().dataSync()[0]).toBe(9);
    const { gradient } = exactBernoulli({ logits: tf.tensor1d([0, 1]), objective: (b) => b.sum(-1) });
    // d/dα E[b1 + b2] = σ'(α) = σ(α)(1 − σ(α))
    const sigma = (a: number): number => 1 / (1 + Math.exp(-a));
    expect(gradient.mean().dataSync()[0]).toBeCloseTo((0.25 + sigma(1) * (1 - sigma(1))) / 2, 6);
  });
});
