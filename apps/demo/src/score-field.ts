/**
 * The demo's AR-DAE run: learn the score ∇ log q of a 2-D density from its samples alone, and
 * compare it with the exact score on a grid (arrows) and on fresh samples (mean cosine). The
 * densities come from @stochgrad/entropy with exact samplers and scores, so the error is known.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ChartSpec, vectorField } from '@stochgrad/plots';
import { type Key, fold, split } from '@stochgrad/core';
import { type Ardae, type ToyDensity, ardae, banana, gaussianMixture } from '@stochgrad/entropy';

export const scoreDensities: Readonly<Record<string, { label: string; make: () => ToyDensity }>> = {
  mixture: {
    label: 'Gaussian mixture (3 components)',
    make: () => gaussianMixture({ means: [[-1.5, -1], [1.5, -1], [0, 1.5]], scales: [0.5, 0.5, 0.6], name: 'mixture' }),
  },
  banana: { label: 'Banana', make: () => banana() },
};

/** An arrow field: grid points and vectors, flattened [x, y, x, y, ...]. */
export interface Field {
  points: Float32Array;
  learned: Float32Array;
  exact: Float32Array;
}

export interface ScoreRun {
  readonly density: ToyDensity;
  readonly steps: number;
  /** more training steps on fresh samples from q */
  train(count: number): number;
  /** mean cosine between learned and exact scores at fresh samples from q */
  cosine(): number;
  /** learned and exact scores on a side × side grid over the density's box */
  field(side: number): Field;
  /** fresh samples from q, flattened [x, y, ...] */
  samples(count: number): Float32Array;
  dispose(): void;
}

/**
 * @example
 * const run = scoreRun({ key: key(0), density: 'mixture' });
 * run.train(500);
 * console.log(run.cosine()); // → about 0.99
 * run.dispose();
 */
export function scoreRun(args: { key: Key; density: string; batchSize?: number }): ScoreRun {
  const entry = scoreDensities[args.density];
  if (!entry) throw new Error(`unknown density "${args.density}"; choose one of ${Object.keys(scoreDensities).join(', ')}`);
  const density = entry.make();
  const sample = density.sample;
  if (!sample) throw new Error(`${density.name} has no exact sampler`);
  const { batchSize = 256 } = args;
  const [modelKey, sampleKey, trainKey, evalKey] = split(args.key, 4) as [Key, Key, Key, Key];
  const model: Ardae = ardae({ key: modelKey, dim: 2, hidden: 32, learningRate: 1e-2, averaging: 0.98 });
  let steps = 0;
  let evaluations = 0;

  function train(count: number): number {
    for (let i = 0; i < count; i++) {
      const x = sample!(fold(sampleKey, steps), batchSize);
      try {
        model.train(fold(trainKey, steps), x);
      } finally {
        x.dispose();
      }
      steps += 1;
    }
    return steps;
  }

  function cosine(): number {
    evaluations += 1;
    return tf.tidy(() => {
      const x = sample!(fold(evalKey, evaluations), 1000);
      const a = model.score(x);
      const b = density.score(x);
      const dot = tf.sum(tf.mul(a, b), -1);
      const norms = tf.mul(tf.norm(a, 'euclidean', -1), tf.norm(b, 'euclidean', -1));
      return tf.mean(tf.div(dot, tf.maximum(norms, 1e-12))).dataSync()[0] as number;
    });
  }

  function field(side: number): Field {
    const [low, high] = density.box;
    const points = new Float32Array(2 * side * side);
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        points[2 * (i * side + j)] = low + ((j + 0.5) / side) * (high - low);
        points[2 * (i * side + j) + 1] = low + ((i + 0.5) / side) * (high - low);
      }
    }
    const [learned, exact] = tf.tidy(() => {
      const grid = tf.tensor2d(points, [side * side, 2]);
      return [model.score(grid).dataSync().slice(), density.score(grid).dataSync().slice()] as [Float32Array, Float32Array];
    });
    return { points, learned, exact };
  }

  function samples(count: number): Float32Array {
    return tf.tidy(() => sample!(fold(evalKey, 1e6 + steps), count).dataSync().slice() as Float32Array);
  }

  return {
    density,
    get steps() {
      return steps;
    },
    train,
    cosine,
    field,
    samples,
    dispose: () => model.dispose(),
  };
}

/**
 * The field as a chart: samples as dots, exact score arrows in grey, learned ones in blue; arrows
 * are scaled by a common factor so the longest fits a grid cell.
 */
export function fieldSpec(args: { field: Field; samples: Float32Array; box: readonly [number, number]; size?: number; title: string }): ChartSpec {
  const { field, samples, box, size = 380, title } = args;
  const [low, high] = box;
  const n = field.points.length / 2;
  const side = Math.round(Math.sqrt(n));
  let longest = 0;
  for (let i = 0; i < field.learned.length; i += 2) {
    for (const v of [field.learned, field.exact]) longest = Math.max(longest, Math.hypot(v[i] as number, v[i + 1] as number));
  }
  const scale = longest > 0 ? (0.9 * (high - low)) / side / longest : 0;
  const arrows = (vectors: Float32Array) =>
    Array.from({ length: n }, (_, k) => [field.points[2 * k] as number, field.points[2 * k + 1] as number, scale * (vectors[2 * k] as number), scale * (vectors[2 * k + 1] as number)] as const);
  const points = Array.from({ length: samples.length / 2 }, (_, i) => [samples[2 * i] as number, samples[2 * i + 1] as number] as const);
  return vectorField({
    title,
    box,
    size,
    points,
    arrows: [
      { name: 'exact score', arrows: arrows(field.exact), color: '#9a9a9a' },
      { name: 'learned (AR-DAE)', arrows: arrows(field.learned), color: '#2c5fb8' },
    ],
  });
}
