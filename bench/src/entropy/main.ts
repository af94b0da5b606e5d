/**
 * @stochgrad/entropy experiments (AR-DAE, Lim et al. ICML 2020, and the comparison score estimators).
 *
 * (a) Score-field estimation on 2-D densities with known scores (a 3-component Gaussian mixture and
 *     a banana): the error of the estimated score against the true one on fresh samples of q, as a
 *     function of training steps (AR-DAE; plain DAEs at three noise levels; Stein and SSGE, which do
 *     not train, from one batch of samples), and as a function of the noise scale (AR-DAE's δ, the
 *     DAE's σ, both relative to the data's scale s) at a fixed number of steps.
 * (b) Fitting an implicit sampler x = g_φ(z), z ~ N(0, I₁₀), to an unnormalized 2-D energy U by
 *     reverse KL, min_φ E[U(x)] − H(q_φ), with the entropy gradient from an AR-DAE trained alongside
 *     (2 AR-DAE updates per generator update, on fresh generator samples), against the same
 *     generator trained on E[U] alone. Reported: the squared MMD to exact target samples (drawn by
 *     inverse-CDF sampling on a fine grid) at two bandwidths with its noise floor, and a histogram
 *     estimate of KL(q‖p).
 *
 *   pnpm --filter @stochgrad/core build && pnpm --filter @stochgrad/entropy build   # bench imports the built packages
 *   pnpm --filter @stochgrad/bench run entropy -- [options]    # --help lists them with their defaults
 *   (with --only, the other section of the previous latest.json / summary.md is kept)
 *
 * Writes results/entropy/{latest.json, summary.md, steps-<density>.svg, noise-<density>.svg,
 * field-<density>.svg, fit-<energy>.svg, pictures.json}. pictures.json holds what the field and fit
 * pictures draw (arrows, samples, the density grid), so that `--replot` redraws every chart and
 * summary.md from latest.json and pictures.json without training (the numbers stay those of the run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { type Key, fold, key, random, ready } from '@stochgrad/core';
import { type ToyDensity, ardae, banana, dae, entropySurrogate, gaussianMixture, ssge, stein, toyEnergies } from '@stochgrad/entropy';
import { type Arrow, type ChartSpec, type Point, lineChart, renderSvg, sideBySide, vectorField } from '@stochgrad/plots';
import { logLine, progressBar } from '../progress';
import { benchProgram, integerAtLeast, userArgv } from '../cli-options';

const options = benchProgram('pnpm --filter @stochgrad/bench run entropy --', '@stochgrad/entropy experiments: (a) score-field estimation on 2-D densities, (b) fitting an implicit sampler with an AR-DAE entropy gradient.')
  .addOption(new Option('--quick', 'shorter runs (a smoke test)').default(false))
  .addOption(new Option('--seed <n>', 'root key seed').argParser(integerAtLeast(0)).default(0))
  .addOption(new Option('--only <section>', 'run one section; the other section of the previous latest.json / summary.md is kept (default: both)').choices(['a', 'b']))
  .addOption(new Option('--steps-b <n>', 'sampler-fit steps of section (b) (default: 12000, 600 with --quick)').argParser(integerAtLeast(1)))
  .addOption(new Option('--out <dir>', 'output directory').default(new URL('../../results/entropy', import.meta.url).pathname, 'bench/results/entropy'))
  .addOption(new Option('--replot', 'redraw the charts and summary.md from <out>/latest.json and <out>/pictures.json without training (the other options are ignored)').default(false))
  .parse(userArgv(process.argv))
  .opts<{ quick: boolean; seed: number; only?: 'a' | 'b'; stepsB?: number; out: string; replot: boolean }>();
const { quick, seed, only } = options;
const outDir = resolve(options.out);
const root = key(seed);
const log = logLine;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// ---------------------------------------------------------------------------------------------
// (a) score-field estimation
// ---------------------------------------------------------------------------------------------

const BATCH = 128;
const NUM_SIGMAS = 2;
const NET = { hidden: 32, learningRate: 1e-2, averaging: 0.98 } as const;

interface FieldError {
  relative: number;
  cosine: number;
}

function fieldError(estimate: tf.Tensor, exact: tf.Tensor): FieldError {
  return tf.tidy(() => {
    const num = tf.mean(tf.sum(tf.square(tf.sub(estimate, exact)), -1)).dataSync()[0] as number;
    const den = tf.mean(tf.sum(tf.square(exact), -1)).dataSync()[0] as number;
    const dot = tf.sum(tf.mul(estimate, exact), -1);
    const norms = tf.maximum(tf.mul(tf.norm(estimate, 'euclidean', -1), tf.norm(exact, 'euclidean', -1)), 1e-30);
    return { relative: Math.sqrt(num / den), cosine: tf.mean(tf.div(dot, norms)).dataSync()[0] as number };
  });
}

/** s: the per-datum scale AR-DAE uses (sample std averaged over the axes), from a large sample */
function dataScale(q: ToyDensity, k: Key): number {
  const x = q.sample?.(k, 20_000) as tf.Tensor;
  const s = tf.tidy(() => tf.mean(tf.sqrt(tf.moments(x, 0).variance)).dataSync()[0] as number);
  x.dispose();
  return s;
}

interface Curve {
  name: string;
  points: [number, number][];
  cosine: [number, number][];
}

function trainCurves(q: ToyDensity, k: Key, steps: number, every: number, scale: number) {
  const test = q.sample?.(fold(k, 1), 2000) as tf.Tensor;
  const exact = q.score(test);
  const daeLevels = [0.05, 0.15, 0.5];
  const models = [
    { name: 'AR-DAE (δ = 0.1)', model: ardae({ key: fold(k, 2), dim: 2, delta: 0.1, numSigmas: NUM_SIGMAS, ...NET }), repeat: 1 },
    ...daeLevels.map((level) => ({
      name: `DAE (σ = ${level}·s)`,
      model: dae({ key: fold(k, 2), dim: 2, sigma: level * scale, ...NET }),
      // as many (sample, noise) pairs per step as AR-DAE: N·S·2 (antithetic)
      repeat: NUM_SIGMAS * 2,
    })),
  ];
  const curves: Curve[] = models.map(({ name }) => ({ name, points: [], cosine: [] }));
  const bar = progressBar(`(a) ${q.name}`, steps);
  for (let i = 0; i < steps; i++) {
    bar.update(i);
    const x = q.sample?.(fold(fold(k, 3), i), BATCH) as tf.Tensor;
    models.forEach(({ model, repeat }) => {
      const samples = repeat === 1 ? x : tf.tile(x, [repeat, 1]);
      model.train(fold(fold(k, 4), i), samples);
      if (samples !== x) samples.dispose();
    });
    x.dispose();
    if ((i + 1) % every === 0) {
      models.forEach(({ model }, m) => {
        const s = model.score(test);
        const e = fieldError(s, exact);
        s.dispose();
        curves[m]?.points.push([i + 1, e.relative]);
        curves[m]?.cosine.push([i + 1, e.cosine]);
      });
      log(`  ${q.name}: step ${i + 1}/${steps} (${elapsed()}): ${curves.map((c) => `${c.name} ${c.points.at(-1)?.[1].toFixed(3)}`).join(', ')}`);
    }
  }
  bar.stop();
  // Stein and SSGE from one batch of M samples (no training): flat lines
  const kernelSamples = q.sample?.(fold(k, 5), 256) as tf.Tensor;
  const kernel = [stein(), ssge()].map((estimator) => {
    const s = estimator.score(kernelSamples, test);
    const e = fieldError(s, exact);
    s.dispose();
    return { name: `${estimator.name} (M = 256)`, error: e };
  });
  for (const { name, error } of kernel) {
    curves.push({ name, points: [[every, error.relative], [steps, error.relative]], cosine: [[every, error.cosine], [steps, error.cosine]] });
  }
  const arrowModel = models[0]?.model;
  const picture = arrowModel ? fieldPicture(q, arrowModel.score, `AR-DAE score at σ = 0 after ${steps} steps`) : undefined;
  models.forEach(({ model }) => model.dispose());
  tf.dispose([test, exact, kernelSamples]);
  return { curves, picture };
}

function noiseSweep(q: ToyDensity, k: Key, steps: number, scale: number) {
  const levels = quick ? [0.03, 0.1, 0.3, 1] : [0.02, 0.05, 0.1, 0.2, 0.5, 1];
  const test = q.sample?.(fold(k, 1), 2000) as tf.Tensor;
  const exact = q.score(test);
  const ours: [number, number][] = [];
  const theirs: [number, number][] = [];
  const bar = progressBar(`(a) ${q.name} sweep`, levels.length * steps);
  for (const [l, level] of levels.entries()) {
    const a = ardae({ key: fold(k, 2), dim: 2, delta: level, numSigmas: NUM_SIGMAS, ...NET });
    const d = dae({ key: fold(k, 2), dim: 2, sigma: level * scale, ...NET });
    for (let i = 0; i < steps; i++) {
      bar.update(l * steps + i, `noise ${level}·s`);
      const x = q.sample?.(fold(fold(k, 3), i), BATCH) as tf.Tensor;
      const repeated = tf.tile(x, [NUM_SIGMAS * 2, 1]);
      a.train(fold(fold(k, 4), i), x);
      d.train(fold(fold(k, 4), i), repeated);
      tf.dispose([x, repeated]);
    }
    const sa = a.score(test);
    const sd = d.score(test);
    ours.push([Math.log10(level), fieldError(sa, exact).relative]);
    theirs.push([Math.log10(level), fieldError(sd, exact).relative]);
    tf.dispose([sa, sd]);
    a.dispose();
    d.dispose();
    log(`  ${q.name}: noise scale ${level}·s after ${steps} steps (${elapsed()}): AR-DAE ${ours.at(-1)?.[1].toFixed(3)}, DAE ${theirs.at(-1)?.[1].toFixed(3)}`);
  }
  bar.stop();
  tf.dispose([test, exact]);
  return { levels, ours, theirs };
}

const GRID = 60;

/** log q on a GRID×GRID grid over the density's box, row 0 at the top */
function gridLogDensity(q: ToyDensity): Float32Array {
  const [low, high] = q.box;
  return tf.tidy(() => {
    const xs = tf.linspace(low + (high - low) / (2 * GRID), high - (high - low) / (2 * GRID), GRID);
    const ys = tf.reverse(xs);
    const points = tf.stack([tf.tile(tf.reshape(xs, [1, GRID]), [GRID, 1]), tf.tile(tf.reshape(ys, [GRID, 1]), [1, GRID])], -1);
    return q.logDensity(points).dataSync() as Float32Array;
  });
}

/** 4 significant digits: what a picture needs, and keeps pictures.json small */
const round = (x: number) => Number(x.toPrecision(4));

/** What a score-field picture draws: arrows of the true and the estimated score over the density. */
interface FieldPicture {
  density: string;
  title: string;
  box: [number, number];
  cells: number;
  /** log q on the cells×cells grid, row 0 at the top */
  logDensity: number[];
  /** [x, y, dx, dy] per grid point, already scaled to the picture */
  truth: Arrow[];
  estimate: Arrow[];
}

function fieldPicture(q: ToyDensity, scoreFn: (x: tf.Tensor) => tf.Tensor, title: string): FieldPicture {
  const [low, high] = q.box;
  const n = 17;
  const coords: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) coords.push(low + ((c + 0.5) * (high - low)) / n, high - ((r + 0.5) * (high - low)) / n);
  const points = tf.tensor2d(coords, [n * n, 2]);
  const fields = [scoreFn(points), q.score(points)].map((t) => {
    const data = t.dataSync();
    t.dispose();
    return data;
  });
  points.dispose();
  const step = (high - low) / n;
  // arrows scaled so the longest true one is 1.6 cells
  let longest = 0;
  const truth = fields[1] as Float32Array;
  for (let i = 0; i < n * n; i++) longest = Math.max(longest, Math.hypot(truth[2 * i] as number, truth[2 * i + 1] as number));
  const factor = (1.6 * step) / longest;
  const arrows = (f: Float32Array) => Array.from({ length: n * n }, (_, i): Arrow => {
    const a = coords[2 * i] as number;
    const b = coords[2 * i + 1] as number;
    // long arrows (far from the mass) are clipped to 1 cell so the picture stays readable
    let da = (f[2 * i] as number) * factor;
    let db = (f[2 * i + 1] as number) * factor;
    const length = Math.hypot(da, db);
    if (length > step) {
      da *= step / length;
      db *= step / length;
    }
    return [round(a), round(b), round(da), round(db)];
  });
  return {
    density: q.name,
    title,
    box: [low, high],
    cells: GRID,
    logDensity: Array.from(gridLogDensity(q), round),
    truth: arrows(truth),
    estimate: arrows(fields[0] as Float32Array),
  };
}

function fieldSpec(p: FieldPicture): ChartSpec {
  const density = { cells: p.cells, logDensity: p.logDensity };
  const truthArrows = { name: 'true score', arrows: p.truth, color: '#999999' };
  return sideBySide({
    title: `${p.density}: ${p.title}`,
    subtitle: 'Arrows: direction of the score, length proportional to its size (clipped at one cell far from the mass).',
    charts: [
      vectorField({ title: 'true score ∇ log q', box: p.box, density, arrows: [truthArrows] }),
      vectorField({ title: 'AR-DAE (red) over the true score (grey)', box: p.box, density, arrows: [truthArrows, { name: 'AR-DAE', arrows: p.estimate, color: '#d9534f' }] }),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// (b) fitting an implicit sampler by reverse KL
// ---------------------------------------------------------------------------------------------

interface Generator {
  variables: tf.Variable[];
  apply(z: tf.Tensor): tf.Tensor;
  dispose(): void;
}

function generator(k: Key, sizes: readonly number[]): Generator {
  const variables: tf.Variable[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    const fanIn = sizes[i] as number;
    const fanOut = sizes[i + 1] as number;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = random.uniform(fold(k, i), [fanIn, fanOut], { low: -limit, high: limit });
    const b = tf.zeros([fanOut]);
    variables.push(tf.variable(w), tf.variable(b));
    tf.dispose([w, b]);
  }
  return {
    variables,
    apply: (z) => tf.tidy(() => {
      let h = z;
      for (let i = 0; i < variables.length / 2; i++) {
        h = tf.add(tf.matMul(h, variables[2 * i] as tf.Variable), variables[2 * i + 1] as tf.Variable);
        if (i < variables.length / 2 - 1) h = tf.relu(h);
      }
      return h;
    }),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** Exact draws from exp(−U) on a fine grid over the box: pick a cell ∝ its mass, then uniform within it. */
function gridSamples(q: ToyDensity, k: Key, n: number, cells = 400): Float64Array {
  const [low, high] = q.box;
  const width = (high - low) / cells;
  const masses = tf.tidy(() => {
    const xs = tf.linspace(low + width / 2, high - width / 2, cells);
    const points = tf.stack([tf.tile(tf.reshape(xs, [cells, 1]), [1, cells]), tf.tile(tf.reshape(xs, [1, cells]), [cells, 1])], -1);
    const logQ = q.logDensity(points);
    return tf.exp(tf.sub(logQ, tf.max(logQ))).dataSync();
  });
  const cumulative = new Float64Array(masses.length);
  let total = 0;
  for (let i = 0; i < masses.length; i++) cumulative[i] = total += masses[i] as number;
  const u = random.uniform(k, [n, 3]);
  const draws = u.dataSync();
  u.dispose();
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const target = (draws[3 * i] as number) * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    const row = Math.floor(lo / cells);
    const col = lo % cells;
    out[2 * i] = low + (row + (draws[3 * i + 1] as number)) * width;
    out[2 * i + 1] = low + (col + (draws[3 * i + 2] as number)) * width;
  }
  return out;
}

/** Squared MMD (unbiased U-statistic) with an RBF kernel of width h between two 2-D samples. */
function mmd2(a: Float64Array, b: Float64Array, h: number): number {
  const n = a.length / 2;
  const m = b.length / 2;
  const k = (x: Float64Array, i: number, y: Float64Array, j: number) => Math.exp(-(((x[2 * i] as number) - (y[2 * j] as number)) ** 2 + ((x[2 * i + 1] as number) - (y[2 * j + 1] as number)) ** 2) / (2 * h * h));
  let xx = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) xx += k(a, i, a, j);
  let yy = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) yy += k(b, i, b, j);
  let xy = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) xy += k(a, i, b, j);
  return xx / (n * (n - 1)) + yy / (m * (m - 1)) - (2 * xy) / (n * m);
}

/** KL(q‖p) from a histogram of q's samples against p's cell masses on a cells×cells grid over the box. */
function histogramKl(samples: Float64Array, q: ToyDensity, cells = 40): number {
  const [low, high] = q.box;
  const width = (high - low) / cells;
  const p = tf.tidy(() => {
    const xs = tf.linspace(low + width / 2, high - width / 2, cells);
    const points = tf.stack([tf.tile(tf.reshape(xs, [cells, 1]), [1, cells]), tf.tile(tf.reshape(xs, [1, cells]), [cells, 1])], -1);
    const logQ = q.logDensity(points);
    const masses = tf.exp(tf.sub(logQ, tf.max(logQ)));
    return tf.div(masses, tf.sum(masses)).dataSync();
  });
  const counts = new Float64Array(cells * cells);
  const n = samples.length / 2;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const row = Math.floor(((samples[2 * i] as number) - low) / width);
    const col = Math.floor(((samples[2 * i + 1] as number) - low) / width);
    if (row < 0 || row >= cells || col < 0 || col >= cells) continue;
    counts[row * cells + col] = (counts[row * cells + col] as number) + 1;
    inside++;
  }
  let kl = 0;
  for (let c = 0; c < counts.length; c++) {
    const qc = (counts[c] as number) / inside;
    if (qc > 0) kl += qc * Math.log(qc / Math.max(p[c] as number, 1e-300));
  }
  return kl;
}

interface FitResult {
  energy: string;
  steps: number;
  /** at the median-distance bandwidth h and at h/4 (the finer scale sees the shape of the wave) */
  mmd2: { ardae: number; noEntropy: number; initial: number; noiseFloor: number };
  mmd2Fine: { ardae: number; noEntropy: number; initial: number; noiseFloor: number };
  histogramKl: { ardae: number; noEntropy: number; exactSamples: number };
  bandwidth: number;
  secondsPerStep: number;
}

/** What the sampler-fit picture draws: samples of each sampler over the target density. */
interface FitPicture {
  energy: string;
  box: [number, number];
  cells: number;
  logDensity: number[];
  evaluation: number;
  batch: number;
  steps: number;
  anneal: number;
  exact: Point[];
  ardae: Point[];
  noEntropy: Point[];
}

function fitSpec(p: FitPicture, result: FitResult): ChartSpec {
  const panel = (title: string, points: Point[]) =>
    vectorField({ title, box: p.box, density: { cells: p.cells, logDensity: p.logDensity }, points, pointColor: '#d9534f' });
  return sideBySide({
    title: `Fitting an implicit sampler to exp(−U), U = ${p.energy}: ${p.evaluation} samples over the target density`,
    charts: [
      panel(`exact samples (histogram KL ${result.histogramKl.exactSamples.toFixed(2)})`, p.exact),
      panel(`AR-DAE entropy gradient (KL ${result.histogramKl.ardae.toFixed(2)})`, p.ardae),
      panel(`no entropy term (KL ${result.histogramKl.noEntropy.toFixed(2)})`, p.noEntropy),
    ],
    subtitle: `Generator 10 → 128 → 128 → 2 (ReLU), Adam(1e-3, β₁ = 0.5), batch ${p.batch}, ${p.steps} steps, energy weight annealed 0.01 → 1 over ${p.anneal}; AR-DAE 64 hidden, δ = 0.1, 2 updates per step.`,
  });
}

function fitSampler(target: ToyDensity, k: Key, steps: number): { result: FitResult; picture: FitPicture } {
  const zDim = 10;
  const batch = 256;
  const evaluation = 1000;
  const anneal = Math.floor(steps * 0.4);
  const zTest = random.normal(fold(k, 9), [evaluation, zDim]);
  const draw = (g: Generator) => {
    const x = g.apply(zTest);
    const data = Float64Array.from(x.dataSync());
    x.dispose();
    return data;
  };
  const runs: Record<'ardae' | 'noEntropy', Float64Array> = { ardae: new Float64Array(), noEntropy: new Float64Array() };
  let initial = new Float64Array();
  let secondsPerStep = 0;
  const bar = progressBar(`(b) fit ${target.name}`, 2 * steps);
  for (const [v, variant] of (['ardae', 'noEntropy'] as const).entries()) {
    const g = generator(fold(k, 1), [zDim, 128, 128, 2]);
    if (variant === 'ardae') initial = draw(g);
    const optimizer = tf.train.adam(1e-3, 0.5, 0.999);
    const scoreOptimizer = tf.train.rmsprop(1e-3, 0.9, 0.5);
    const model = ardae({ key: fold(k, 2), dim: 2, hidden: 64, delta: 0.1, numSigmas: 2, optimizer: scoreOptimizer });
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      bar.update(v * steps + i, variant);
      const stepKey = fold(fold(k, 3), i);
      if (variant === 'ardae') {
        for (let j = 0; j < 2; j++) {
          const x = tf.tidy(() => g.apply(random.normal(fold(stepKey, 10 + j), [batch, zDim])));
          model.train(fold(stepKey, 20 + j), x);
          x.dispose();
        }
      }
      // the energy weight α anneals 0.01 → 1 over the first 40% of the steps, as the paper's toy
      const alpha = Math.min(1, 0.01 + (0.99 * i) / Math.max(anneal, 1));
      optimizer.minimize(() => tf.tidy(() => {
        const x = g.apply(random.normal(fold(stepKey, 30), [batch, zDim]));
        const energy = tf.mul(tf.neg(tf.mean(target.logDensity(x))), alpha);
        return variant === 'ardae' ? tf.sub(energy, entropySurrogate(x, model.score)) : (energy as tf.Scalar);
      }) as tf.Scalar, false, g.variables);
      if ((i + 1) % Math.max(1, Math.floor(steps / 10)) === 0) log(`  fit ${target.name} (${variant}): step ${i + 1}/${steps} (${elapsed()})`);
    }
    if (variant === 'ardae') secondsPerStep = (performance.now() - t0) / 1000 / steps;
    runs[variant] = draw(g);
    g.dispose();
    model.dispose();
    optimizer.dispose();
    scoreOptimizer.dispose();
  }
  bar.stop();
  zTest.dispose();
  const exactA = gridSamples(target, fold(k, 4), evaluation);
  const exactB = gridSamples(target, fold(k, 5), evaluation);
  // RBF width: the median pairwise distance of the exact samples
  const distances: number[] = [];
  for (let i = 0; i < 300; i++) for (let j = i + 1; j < 300; j++) distances.push(Math.hypot((exactA[2 * i] as number) - (exactA[2 * j] as number), (exactA[2 * i + 1] as number) - (exactA[2 * j + 1] as number)));
  distances.sort((a, b) => a - b);
  const bandwidth = distances[distances.length >> 1] as number;
  const result: FitResult = {
    energy: target.name,
    steps,
    mmd2: {
      ardae: mmd2(runs.ardae, exactA, bandwidth),
      noEntropy: mmd2(runs.noEntropy, exactA, bandwidth),
      initial: mmd2(initial, exactA, bandwidth),
      noiseFloor: mmd2(exactB, exactA, bandwidth),
    },
    mmd2Fine: {
      ardae: mmd2(runs.ardae, exactA, bandwidth / 4),
      noEntropy: mmd2(runs.noEntropy, exactA, bandwidth / 4),
      initial: mmd2(initial, exactA, bandwidth / 4),
      noiseFloor: mmd2(exactB, exactA, bandwidth / 4),
    },
    histogramKl: { ardae: histogramKl(runs.ardae, target), noEntropy: histogramKl(runs.noEntropy, target), exactSamples: histogramKl(exactB, target) },
    bandwidth,
    secondsPerStep,
  };
  const toPoints = (a: Float64Array) => Array.from({ length: a.length / 2 }, (_, i): Point => [round(a[2 * i] as number), round(a[2 * i + 1] as number)]);
  const picture: FitPicture = {
    energy: target.name,
    box: [target.box[0], target.box[1]],
    cells: GRID,
    logDensity: Array.from(gridLogDensity(target), round),
    evaluation,
    batch,
    steps,
    anneal,
    exact: toPoints(exactB),
    ardae: toPoints(runs.ardae),
    noEntropy: toPoints(runs.noEntropy),
  };
  return { result, picture };
}

// ---------------------------------------------------------------------------------------------
// the report: latest.json, pictures.json, summary.md and the charts (a run and --replot share it)
// ---------------------------------------------------------------------------------------------

interface DensityResult {
  scale: number;
  steps: number;
  curves: Curve[];
  sweep: { steps: number; levels: number[]; ours: [number, number][]; theirs: [number, number][] };
}

interface Report {
  measuredAt: string;
  machine: Record<string, unknown>;
  seed: number;
  quick: boolean;
  scoreFields?: Record<string, DensityResult>;
  fit?: FitResult;
  seconds?: number;
}

interface Pictures {
  fields: Record<string, FieldPicture>;
  fit?: FitPicture;
}

const stepsSpec = (name: string, d: DensityResult) =>
  lineChart({ title: `${name}: score error vs training steps`, xTitle: 'training step', yTitle: 'relative RMSE of the score (log scale)', series: d.curves, logY: true });

const noiseSpec = (name: string, d: DensityResult) =>
  lineChart({
    title: `${name}: score error after ${d.sweep.steps} steps vs noise scale`,
    xTitle: 'log10 of the noise scale relative to s (AR-DAE: δ; DAE: σ/s)',
    yTitle: 'relative RMSE (log scale)',
    series: [{ name: 'AR-DAE (σ = 0)', points: d.sweep.ours }, { name: 'DAE', points: d.sweep.theirs }],
    logY: true,
  });

function summaryOf(report: Report): string {
  const summary: string[] = ['# @stochgrad/entropy bench', '', `Seed ${report.seed}${report.quick ? ' (quick run)' : ''}, ${report.measuredAt}.`, ''];
  if (report.scoreFields) {
    summary.push('## (a) Score-field estimation', '', `Relative RMSE sqrt(mean‖ŝ − s‖² / mean‖s‖²) and mean cosine against the true score on 2000 fresh samples of q. Nets: 3×${NET.hidden} softplus, Adam(${NET.learningRate}), Polyak average ${NET.averaging}; batch ${BATCH}; AR-DAE ${NUM_SIGMAS} σ per sample, antithetic; each DAE sees the batch ${NUM_SIGMAS * 2}× per step (equal (sample, noise) pairs). Stein (η = 0.1) and SSGE (99% of the spectrum) use M = 256 samples, median bandwidth.`, '');
    for (const [name, d] of Object.entries(report.scoreFields)) {
      const { sweep } = d;
      summary.push(`### ${name} (s = ${d.scale.toFixed(3)})`, '', `| estimator | relative RMSE at ${d.steps} steps | mean cosine |`, '|---|---|---|');
      for (const c of d.curves) summary.push(`| ${c.name} | ${c.points.at(-1)?.[1].toFixed(3)} | ${c.cosine.at(-1)?.[1].toFixed(3)} |`);
      summary.push('', `Noise-scale sweep (${sweep.steps} steps): ${sweep.levels.map((l, i) => `${l}: AR-DAE ${sweep.ours[i]?.[1].toFixed(3)} / DAE ${sweep.theirs[i]?.[1].toFixed(3)}`).join('; ')}.`, '', `![steps](steps-${name}.svg) ![noise](noise-${name}.svg) ![field](field-${name}.svg)`, '');
    }
  }
  const result = report.fit;
  if (result) {
    summary.push('## (b) Fitting an implicit sampler by reverse KL', '',
      `Target exp(−U), U = ${result.energy}; ${result.steps} generator steps (${(result.secondsPerStep * 1000).toFixed(1)} ms each with the AR-DAE updates).`, '',
      `| sampler | MMD² to exact samples, RBF h = ${result.bandwidth.toFixed(2)} (median distance) | MMD², h/4 | histogram KL(q‖p) (40×40 cells) |`, '|---|---|---|---|',
      `| AR-DAE entropy gradient | ${result.mmd2.ardae.toExponential(2)} | ${result.mmd2Fine.ardae.toExponential(2)} | ${result.histogramKl.ardae.toFixed(3)} |`,
      `| no entropy term | ${result.mmd2.noEntropy.toExponential(2)} | ${result.mmd2Fine.noEntropy.toExponential(2)} | ${result.histogramKl.noEntropy.toFixed(3)} |`,
      `| initial generator | ${result.mmd2.initial.toExponential(2)} | ${result.mmd2Fine.initial.toExponential(2)} | |`,
      `| exact samples (noise floor) | ${result.mmd2.noiseFloor.toExponential(2)} | ${result.mmd2Fine.noiseFloor.toExponential(2)} | ${result.histogramKl.exactSamples.toFixed(3)} |`,
      '', `The histogram KL of exact samples is the estimator's own bias at 1000 samples. Without the entropy term the sampler collapses onto a mode; with it, it spreads along the wave (50,000 steps in the paper's notebook, ${result.steps} here).`,
      '', `![fit](fit-${result.energy}.svg)`, '');
  }
  return `${summary.join('\n')}\n`;
}

/**
 * summary.md and every chart the report and the pictures hold. A chart whose picture is missing
 * (a pictures.json from before it existed) is left as it is and named in the returned list.
 */
async function writeCharts(report: Report, pictures: Pictures): Promise<{ written: string[]; missing: string[] }> {
  const written: string[] = [];
  const missing: string[] = [];
  const write = async (file: string, spec: ChartSpec) => {
    writeFileSync(resolve(outDir, file), await renderSvg(spec));
    written.push(file);
  };
  for (const [name, d] of Object.entries(report.scoreFields ?? {})) {
    await write(`steps-${name}.svg`, stepsSpec(name, d));
    await write(`noise-${name}.svg`, noiseSpec(name, d));
    const picture = pictures.fields[name];
    if (picture) await write(`field-${name}.svg`, fieldSpec(picture));
    else missing.push(`field-${name}.svg`);
  }
  if (report.fit) {
    if (pictures.fit) await write(`fit-${report.fit.energy}.svg`, fitSpec(pictures.fit, report.fit));
    else missing.push(`fit-${report.fit.energy}.svg`);
  }
  writeFileSync(resolve(outDir, 'summary.md'), summaryOf(report));
  written.push('summary.md');
  return { written, missing };
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(resolve(outDir, file), 'utf8')) as T;
  } catch {
    return null;
  }
}

/** --replot: summary.md and the charts again from latest.json and pictures.json (both left as they are). */
async function replot(): Promise<void> {
  const report = readJson<Report>('latest.json');
  if (!report) throw new Error(`--replot: no readable ${resolve(outDir, 'latest.json')}`);
  const pictures = readJson<Pictures>('pictures.json') ?? { fields: {} };
  const { written, missing } = await writeCharts(report, pictures);
  log(`redrew ${outDir}/{${written.join(', ')}} from latest.json and pictures.json`);
  if (missing.length > 0) log(`not redrawn (pictures.json has no data for them; a run of their section writes it): ${missing.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (options.replot) return replot();
  const backend = await ready();
  log(`entropy bench: backend ${JSON.stringify(backend)}, seed ${seed}${quick ? ', quick' : ''}, writing to ${outDir}`);
  mkdirSync(outDir, { recursive: true });
  const report: Report = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
    seed,
    quick,
  };
  // with --only, the other section of the previous run is kept (latest.json and pictures.json)
  const previous = only ? readJson<Report>('latest.json') : null;
  const previousPictures = only ? readJson<Pictures>('pictures.json') : null;
  const pictures: Pictures = { fields: {} };
  if (only === 'b') {
    if (previous?.scoreFields) report.scoreFields = previous.scoreFields;
    if (previousPictures) pictures.fields = previousPictures.fields;
  }
  if (!only || only === 'a') {
    const stepsA = quick ? 400 : 1500;
    const everyA = quick ? 100 : 100;
    const sweepSteps = quick ? 300 : 800;
    const densities: ToyDensity[] = [
      gaussianMixture({ means: [[-1.5, 0], [1.5, 0.5], [0, -1.8]], scales: [[0.5, 0.3], [0.4, 0.6], [0.6, 0.35]], weights: [0.45, 0.35, 0.2], name: 'gaussian-mixture' }),
      banana(),
    ];
    const sectionA: Record<string, DensityResult> = {};
    for (const [d, q] of densities.entries()) {
      const k = fold(fold(root, 1), d);
      const scale = dataScale(q, fold(k, 0));
      log(`(a) ${q.name}: s = ${scale.toFixed(3)}, ${stepsA} steps`);
      const { curves, picture } = trainCurves(q, k, stepsA, everyA, scale);
      if (picture) pictures.fields[q.name] = picture;
      log(`(a) ${q.name}: noise-scale sweep, ${sweepSteps} steps each`);
      const sweep = noiseSweep(q, k, sweepSteps, scale);
      sectionA[q.name] = { scale, steps: stepsA, curves, sweep: { steps: sweepSteps, ...sweep } };
    }
    report.scoreFields = sectionA;
  }

  if (!only || only === 'b') {
    const stepsB = options.stepsB ?? (quick ? 600 : 12000);
    const target = toyEnergies.sigmoidWave;
    log(`(b) fitting a sampler to ${target.name}, ${stepsB} steps`);
    const { result, picture } = fitSampler(target, fold(root, 2), stepsB);
    report.fit = result;
    pictures.fit = picture;
  }

  if (only === 'a') {
    if (previous?.fit) report.fit = previous.fit;
    if (previousPictures?.fit) pictures.fit = previousPictures.fit;
  }
  report.seconds = (performance.now() - started) / 1000;
  writeFileSync(resolve(outDir, 'latest.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(resolve(outDir, 'pictures.json'), `${JSON.stringify(pictures)}\n`);
  const { missing } = await writeCharts(report, pictures);
  log(`done in ${elapsed()}; wrote ${outDir}/{latest.json, pictures.json, summary.md, *.svg}`);
  if (missing.length > 0) log(`not drawn (no pictures from the previous run): ${missing.join(', ')}`);
  if (tf.memory().numTensors > 10) log(`warning: ${tf.memory().numTensors} tensors still allocated`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
