import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ready } from './backend';
import { key } from './key';
import * as random from './random';
import { ArgumentError } from './errors';
import { fusedAdam } from './optimizers';

/** A small two-layer regression problem with its variables made from fixed numbers. */
function problem(seed: number) {
  const v = (shape: number[], s: number) => tf.variable(random.normal(key(seed + s), shape, { stddev: 0.5 }));
  const vars = [v([5, 8], 1), v([8], 2), v([8, 3], 3), v([3], 4)];
  const x = random.normal(key(seed + 5), [16, 5]);
  const y = random.normal(key(seed + 6), [16, 3]);
  const loss = () => () =>
    tf.tidy(() => {
      const [w0, b0, w1, b1] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
      const h = tf.tanh(tf.add(tf.matMul(x, w0), b0));
      const out = tf.add(tf.matMul(h, w1), b1);
      return tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
    });
  return { vars, loss, dispose: () => tf.dispose([...vars, x, y]) };
}

const values = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));
/** float32 against a float64 reference: 1e-4 relative (a moment reset moves a value by ~lr = 1e-2) */
function expectCloseValues(a: number[][], b: number[][]) {
  let worst = 0;
  a.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - (b[i]?.[j] as number)) / (1e-3 + Math.abs(x))))));
  expect(worst).toBeLessThan(1e-4);
}

/** The kernels launched while fn runs. */
function kernelsIn(fn: () => void): number {
  const engine = tf.engine() as unknown as { runKernel: (...args: unknown[]) => unknown };
  const original = engine.runKernel.bind(engine);
  let count = 0;
  const spy = vi.spyOn(engine, 'runKernel').mockImplementation((...args: unknown[]) => {
    count += 1;
    return original(...args);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return count;
}

describe('fusedAdam', () => {
  beforeAll(async () => {
    await ready();
  });

  it('gives tf.train.adam\'s numbers bit for bit over 40 steps (defaults, and lr 3e-4, β 0.8 / 0.99, ε 1e-8)', () => {
    for (const options of [{}, { learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 }]) {
      const a = problem(10);
      const b = problem(10);
      const ours = fusedAdam(options);
      const theirs = tf.train.adam(options.learningRate ?? 0.001, options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-7);
      for (let t = 0; t < 40; t++) {
        ours.minimize(a.loss(), false, a.vars);
        theirs.minimize(b.loss(), false, b.vars);
      }
      expect(ours.iterations).toBe(40);
      expect(values(a.vars)).toEqual(values(b.vars));
      expect(values(a.vars)).not.toEqual(values(problem(10).vars)); // it moved
      ours.dispose();
      theirs.dispose();
      a.dispose();
      b.dispose();
    }
  });

  it('launches far fewer kernels per step than tf.train.adam (four variables)', () => {
    const a = problem(20);
    const b = problem(20);
    const ours = fusedAdam();
    const theirs = tf.train.adam();
    const grads = (p: ReturnType<typeof problem>) => tf.variableGrads(p.loss(), p.vars).grads;
    const ga = grads(a);
    const gb = grads(b);
    ours.applyGradients(ga); // the first step builds the state
    theirs.applyGradients(gb as never);
    const fused = kernelsIn(() => ours.applyGradients(ga));
    const tfjs = kernelsIn(() => theirs.applyGradients(gb as never));
    expect(fused).toBeLessThan(tfjs / 2);
    expect(fused).toBeLessThanOrEqual(15 + 3 * 4);
    tf.dispose([...Object.values(ga), ...Object.values(gb)]);
    ours.dispose();
    theirs.dispose();
    a.dispose();
    b.dispose();
  });

  it('keeps moments per variable when the set changes, and leaves no tensor after dispose', () => {
    const a = problem(30);
    const tensors = tf.memory().numTensors;
    const ours = fusedAdam({ learningRate: 0.01 });
    const all = a.vars;
    const some = a.vars.slice(0, 3);
    ours.minimize(a.loss(), false, all);
    ours.minimize(a.loss(), false, some); // b1 leaves the set
    ours.minimize(a.loss(), false, all); // and comes back with its moments
    const after = values(a.vars);
    ours.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    // the same three steps with one flat state per step, by hand (Adam on each variable)
    const b = problem(30);
    const m = b.vars.map((v) => new Float64Array(v.size));
    const s = b.vars.map((v) => new Float64Array(v.size));
    [b.vars, b.vars.slice(0, 3), b.vars].forEach((set, step) => {
      const { value, grads } = tf.variableGrads(b.loss(), set);
      value.dispose();
      set.forEach((v) => {
        const i = b.vars.indexOf(v);
        const g = grads[v.name]!.dataSync();
        const x = Float64Array.from(v.dataSync());
        for (let j = 0; j < x.length; j++) {
          m[i]![j] = 0.9 * m[i]![j]! + 0.1 * g[j]!;
          s[i]![j] = 0.999 * s[i]![j]! + 0.001 * g[j]! ** 2;
          x[j] = x[j]! - (0.01 * (m[i]![j]! / (1 - 0.9 ** (step + 1)))) / (Math.sqrt(s[i]![j]! / (1 - 0.999 ** (step + 1))) + 1e-7);
        }
        tf.tidy(() => v.assign(tf.tensor(Float32Array.from(x), v.shape)));
      });
      tf.dispose(Object.values(grads));
    });
    expectCloseValues(after, values(b.vars));
    b.dispose();
    a.dispose();
  });

  it('getWeights / setWeights carry the step count and the moments: a restored optimizer continues bit for bit', async () => {
    const a = problem(40);
    const first = fusedAdam({ learningRate: 0.01, beta2: 0.99 });
    for (let t = 0; t < 5; t++) first.minimize(a.loss(), false, a.vars);
    const weights = await first.getWeights();
    const saved = values(a.vars);
    for (let t = 0; t < 5; t++) first.minimize(a.loss(), false, a.vars);
    const continued = values(a.vars);
    a.vars.forEach((v, i) => v.assign(tf.tensor(saved[i] as number[], v.shape)));
    const second = fusedAdam({ learningRate: 0.01, beta2: 0.99 });
    await second.setWeights(weights);
    tf.dispose(weights.map((w) => w.tensor));
    for (let t = 0; t < 5; t++) second.minimize(a.loss(), false, a.vars);
    expect(values(a.vars)).toEqual(continued);
    expect(second.iterations).toBe(5); // tfjs's own counter counts this instance's calls
    first.dispose();
    second.dispose();
    a.dispose();
  });

  it('rejects bad options and bad weights with typed errors', async () => {
    expect(() => fusedAdam({ learningRate: 0 })).toThrow(ArgumentError);
    expect(() => fusedAdam({ learningRate: '0.1' as never })).toThrow(/learningRate/);
    expect(() => fusedAdam({ beta1: 1 })).toThrow(/beta1.*\[0, 1\)/);
    expect(() => fusedAdam({ beta2: -0.1 })).toThrow(ArgumentError);
    expect(() => fusedAdam({ epsilon: Number.NaN })).toThrow(/epsilon/);
    expect(() => fusedAdam({ learningrate: 0.1 } as never)).toThrow(/did you mean "learningRate"/);
    expect(() => fusedAdam(null as never)).toThrow(ArgumentError);
    await expect(fusedAdam().setWeights([])).rejects.toThrow(/iter/);
    const x = tf.variable(tf.zeros([2]));
    expect(() => fusedAdam().applyGradients({ [x.name]: tf.zeros([3]) })).toThrow(/shape \[3\].*\[2\]/);
    x.dispose();
  });
});
