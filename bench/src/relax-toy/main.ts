/**
 * The RELAX toy (Grathwohl et al. 2018, §6.1): one Bernoulli, f(b) = (b − t)² with t = 0.499, the
 * logit starts at 0 and is trained by Adam(0.01) on single-sample gradient estimates (batch 1). Every
 * `--every` steps it records the exact loss θ(1−t)² + (1−θ)t² and the variance of each estimator's
 * gradient at the current parameters (from `--replicates` estimates in one batched call).
 * Estimators with learned control variates (REBAR, RELAX) train them on their own variance with
 * Adam(0.01) in the same step, through the estimate's `controlVariateLoss`, as in the paper's code:
 * REBAR from η = 1, log λ = 0.5; RELAX with c_φ(z) = r_ρ(σ_λ(z)), an MLP 1 → tanh(10) → 1 on
 * 2σ_λ(z) − 1 (the paper's toy control variate, no REBAR term), from log λ = 0.5.
 *
 *   pnpm --filter @stochgrad/discrete build    # bench imports the built package
 *   pnpm --filter @stochgrad/bench run relax-toy -- [options]    # --help lists them with their defaults
 *
 * The defaults reproduce the committed results (~5 min on one core). The EMA baseline's state is
 * restored after each variance probe (its bias-correction counter still advances, negligibly).
 *
 * Writes results/relax-toy/{latest.json, loss.svg, variance.svg, variance-vs-theta.svg, summary.md}.
 * `--replot` redraws the charts and summary.md from the saved latest.json without training (the
 * numbers stay those of the saved run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import {
  type GradientEstimator,
  type Key,
  drawEstimates,
  fold,
  key,
  leaveOneOut,
  moments,
  movingAverageBaseline,
  ready,
  scoreFunction,
  split,
} from '@stochgrad/core';
import { arm, disarm, rebar, relax } from '@stochgrad/discrete';
import { lineChart, renderSvg } from '@stochgrad/plots';
import { progressBar } from '../progress';
import { benchProgram, integerAtLeast, numberIn, positiveNumber, subsetOf, userArgv } from '../cli-options';

const T = 0.499;
const LEARNING_RATE = 0.01;
const INITIAL_LOG_TEMPERATURE = 0.5;
const CONTROL_LEARNING_RATE = 0.01;
const CONTROL_BETA1 = 0.9;
const objective = (b: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(tf.sub(b, T)), -1));
const exactLoss = (theta: number) => theta * (1 - T) ** 2 + (1 - theta) * T ** 2;
/** ∂/∂α E[f] = θ(1 − θ)(f(1) − f(0)) = θ(1 − θ)(1 − 2t) */
const exactGradient = (theta: number) => theta * (1 - theta) * (1 - 2 * T);


type Factory = () => GradientEstimator;

/** The estimators compared, in plotting order. */
const REGISTRY: Record<string, Factory> = {
  reinforce: () => scoreFunction({ name: 'reinforce' }),
  'reinforce+ema': () => scoreFunction({ controlVariate: movingAverageBaseline({ decay: 0.9 }), name: 'reinforce+ema' }),
  'reinforce-loo(K=2)': () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2, name: 'reinforce-loo(K=2)' }),
  rebar: () => rebar({ eta: 1, temperature: Math.exp(INITIAL_LOG_TEMPERATURE) }),
  relax: () => relax({ rebarTerm: false, hiddenUnits: 10, temperature: Math.exp(INITIAL_LOG_TEMPERATURE), key: key(1) }),
  arm: () => arm(),
  disarm: () => disarm(),
};

interface Trace {
  estimator: string;
  evaluations: number;
  steps: number[];
  theta: number[];
  exactLoss: number[];
  /** variance of the single-sample estimate of ∂E[f]/∂α at the current parameters */
  gradientVariance: number[];
  /** mean of those estimates minus the exact gradient, in standard errors (a running unbiasedness check) */
  meanErrorZ: number[];
  seconds: number;
}

/**
 * Variance of `replicates` estimates at the current state. The estimators' own state (the EMA
 * baseline updates itself on every estimate) is saved and restored, so probing does not train it.
 */
function probe(estimator: GradientEstimator, logit: tf.Variable, probeKey: Key, replicates: number): { variance: number; z: number } {
  const state = (estimator.variables ?? []).map((v) => ({ v, saved: tf.clone(v) }));
  const rows = drawEstimates({ estimator, key: probeKey, logits: logit, objective, replicates });
  for (const { v, saved } of state) {
    v.assign(saved);
    saved.dispose();
  }
  const m = moments(Array.from(rows, (g) => [g]));
  const theta = 1 / (1 + Math.exp(-(logit.dataSync()[0] as number)));
  // (DisARM is exact at θ = ½: its standard error is 0 up to float32 rounding)
  const z = ((m.mean[0] as number) - exactGradient(theta)) / Math.max(m.standardError[0] as number, 1e-5 * Math.abs(exactGradient(theta)));
  return { variance: m.variance[0] as number, z };
}

/** Adam for the control-variate parameters φ (REBAR's η, λ; RELAX's λ, ρ) */
interface ControlOptimizer {
  learningRate: number;
  beta1: number;
}

function train(name: string, make: Factory, runKey: Key, steps: number, every: number, replicates: number, control: ControlOptimizer, onStep?: (step: number) => void): Trace {
  const started = performance.now();
  const estimator = make();
  const logit = tf.variable(tf.zeros([1]), true, `logit-${name}`);
  const modelOptimizer = tf.train.adam(LEARNING_RATE);
  const controlOptimizer = tf.train.adam(control.learningRate, control.beta1);
  const [trainKey, probeKey] = split(runKey) as [Key, Key];
  const trace: Trace = { estimator: name, evaluations: estimator.evaluations, steps: [], theta: [], exactLoss: [], gradientVariance: [], meanErrorZ: [], seconds: 0 };
  const record = (step: number) => {
    const theta = 1 / (1 + Math.exp(-(logit.dataSync()[0] as number)));
    const { variance, z } = probe(estimator, logit, fold(probeKey, step), replicates);
    trace.steps.push(step);
    trace.theta.push(theta);
    trace.exactLoss.push(exactLoss(theta));
    trace.gradientVariance.push(variance);
    trace.meanErrorZ.push(z);
  };
  let steady = -1;
  for (let step = 0; step <= steps; step++) {
    if (step % every === 0) record(step);
    onStep?.(step);
    if (step === steps) break;
    // the trainable part of φ (the EMA baseline's state is not trained by gradients)
    const learned = (estimator.variables ?? []).filter((v) => v.trainable);
    // one pass: the surrogate's gradient for the logit, controlVariateLoss's for φ (each reaches only its own)
    const { value, grads } = tf.variableGrads(() => {
      const e = estimator.estimate({ key: fold(trainKey, step), logits: logit, objective });
      tf.dispose([e.value, e.gradient]);
      if (!e.controlVariateLoss) return e.surrogate;
      if (learned.length > 0) return tf.add(e.surrogate, e.controlVariateLoss);
      e.controlVariateLoss.dispose();
      return e.surrogate;
    }, [logit, ...learned]);
    modelOptimizer.applyGradients([{ name: logit.name, tensor: grads[logit.name] as tf.Tensor }]);
    const controlGrads = learned.flatMap((v) => (grads[v.name] ? [{ name: v.name, tensor: grads[v.name] as tf.Tensor }] : []));
    if (controlGrads.length > 0) controlOptimizer.applyGradients(controlGrads);
    tf.dispose([value, ...Object.values(grads)]);
    // Adam slots and the estimators' state exist after the first steps; from then on nothing may grow
    if (step === 10) steady = tf.memory().numTensors;
    if ((step + 1) % 1000 === 0) {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`  ${name}: step ${step + 1}/${steps}, ${seconds.toFixed(0)} s, Var ${trace.gradientVariance.at(-1)?.toExponential(2)}\n`);
    }
  }
  const grown = tf.memory().numTensors - steady;
  if (steady >= 0 && grown !== 0) throw new Error(`${name}: the tensor count grew by ${grown} between step 10 and the end`);
  tf.dispose([logit]);
  modelOptimizer.dispose();
  controlOptimizer.dispose();
  estimator.dispose?.();
  trace.seconds = (performance.now() - started) / 1000;
  return trace;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface Comparison {
  a: string;
  b: string;
  probes: number;
  /** probes (after step 0) where Var a < Var b */
  below: number;
  /** the first probe step from which Var a stays below Var b to the end, if any */
  staysBelowFrom: number | null;
  /** medians over the second half of the run */
  medianA: number;
  medianB: number;
  /** each probe where Var a < Var b: step, both variances, both θ */
  belowAt: { step: number; varianceA: number; varianceB: number; thetaA: number; thetaB: number }[];
}

function compare(a: Trace, b: Trace): Comparison {
  const n = Math.min(a.steps.length, b.steps.length);
  let below = 0;
  let staysBelowFrom: number | null = null;
  const belowAt: Comparison['belowAt'] = [];
  for (let i = 1; i < n; i++) {
    const lower = (a.gradientVariance[i] as number) < (b.gradientVariance[i] as number);
    if (lower) {
      below += 1;
      belowAt.push({ step: a.steps[i] as number, varianceA: a.gradientVariance[i] as number, varianceB: b.gradientVariance[i] as number, thetaA: a.theta[i] as number, thetaB: b.theta[i] as number });
    }
    if (lower && staysBelowFrom === null) staysBelowFrom = a.steps[i] as number;
    if (!lower) staysBelowFrom = null;
  }
  const half = Math.floor(n / 2);
  return {
    a: a.estimator,
    b: b.estimator,
    probes: n - 1,
    below,
    staysBelowFrom,
    medianA: median(a.gradientVariance.slice(half, n)),
    medianB: median(b.gradientVariance.slice(half, n)),
    belowAt,
  };
}

function summaryMarkdown(options: RunOptions, traces: Trace[], comparisons: Comparison[]): string {
  const lines = [
    '# RELAX toy: results',
    '',
    `f(b) = (b − ${T})², one Bernoulli, logit from 0, Adam(${LEARNING_RATE}) on one estimate per step. Options: ${JSON.stringify(options)}.`,
    '',
    '| estimator | f evals | final θ | final exact loss | median Var(ĝ), 1st half | median Var(ĝ), 2nd half | max abs z of mean vs exact | seconds |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const tr of traces) {
    const half = Math.floor(tr.steps.length / 2);
    lines.push(
      `| ${tr.estimator} | ${tr.evaluations} | ${tr.theta.at(-1)?.toFixed(4)} | ${tr.exactLoss.at(-1)?.toFixed(6)} | ` +
        `${median(tr.gradientVariance.slice(1, half)).toExponential(2)} | ${median(tr.gradientVariance.slice(half)).toExponential(2)} | ` +
        `${Math.max(...tr.meanErrorZ.map(Math.abs)).toFixed(2)} | ${tr.seconds.toFixed(0)} |`,
    );
  }
  lines.push('');
  for (const c of comparisons) {
    lines.push(
      `- Var ${c.a} < Var ${c.b} at ${c.below} of ${c.probes} probes after step 0` +
        (c.staysBelowFrom !== null ? `, and at every probe from step ${c.staysBelowFrom} on` : '') +
        `; second-half medians ${c.medianA.toExponential(2)} vs ${c.medianB.toExponential(2)} (ratio ${(c.medianB / c.medianA).toFixed(1)}).`,
    );
    if (c.belowAt.length > 0 && c.belowAt.length <= 40) {
      lines.push(`  - below at steps ${c.belowAt.map((p) => p.step).join(', ')}; e.g. ${c.belowAt.slice(0, 6).map((p) => `step ${p.step}: ${p.varianceA.toExponential(1)} vs ${p.varianceB.toExponential(1)} (θ ${p.thetaA.toFixed(3)} vs ${p.thetaB.toFixed(3)})`).join('; ')}.`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

interface RelaxToyOptions {
  steps: number;
  every: number;
  replicates: number;
  seed: number;
  controlLr: number;
  controlBeta1: number;
  only?: string[];
  out: string;
  replot: boolean;
}

function parseOptions(argv: readonly string[]): RelaxToyOptions {
  const names = Object.keys(REGISTRY);
  return benchProgram('pnpm --filter @stochgrad/bench run relax-toy --', 'The RELAX toy (Grathwohl et al. 2018, §6.1): exact loss and gradient variance of each estimator during training.')
    .addOption(new Option('--steps <n>', 'training steps').argParser(integerAtLeast(1)).default(5000))
    .addOption(new Option('--every <n>', 'record the loss and the variance every n steps').argParser(integerAtLeast(1)).default(25))
    .addOption(new Option('--replicates <n>', 'estimates per variance measurement').argParser(integerAtLeast(2)).default(4000))
    .addOption(new Option('--seed <n>', 'root key seed').argParser(integerAtLeast(0)).default(0))
    .addOption(new Option('--control-lr <x>', 'Adam learning rate of the learned control variates').argParser(positiveNumber).default(CONTROL_LEARNING_RATE))
    .addOption(new Option('--control-beta1 <x>', "Adam β₁ of the learned control variates").argParser(numberIn(0, 1)).default(CONTROL_BETA1))
    .addOption(new Option('--only <list>', `comma-separated subset of ${names.join(', ')} (default: all)`).argParser(subsetOf(names)))
    .addOption(new Option('--out <dir>', 'output directory').default(new URL('../../results/relax-toy', import.meta.url).pathname, 'bench/results/relax-toy'))
    .addOption(new Option('--replot', 'redraw the charts and summary.md from <out>/latest.json without training (the other options are ignored)').default(false))
    .parse(userArgv(argv))
    .opts<RelaxToyOptions>();
}

/** The options a run records in latest.json and summary.md. */
interface RunOptions {
  steps: number;
  every: number;
  replicates: number;
  seed: number;
  controlLearningRate: number;
  controlBeta1: number;
  only?: string[];
}

/** What latest.json holds (the machine's details are kept as they are). */
interface Saved extends RunOptions {
  comparisons: Comparison[];
  traces: Trace[];
}

/** summary.md and the three charts, from a run's options and traces. */
async function writeReport(out: string, options: RunOptions, traces: Trace[], comparisons: Comparison[]): Promise<string> {
  const { replicates } = options;
  const summary = summaryMarkdown(options, traces, comparisons);
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'summary.md'), summary);
  writeFileSync(
    resolve(out, 'loss.svg'),
    await renderSvg(lineChart({
      title: `RELAX toy (t = ${T}): exact loss E[(b − t)²] during training`,
      xTitle: 'step',
      yTitle: 'exact loss',
      series: traces.map((tr) => ({ name: tr.estimator, points: tr.steps.map((s, i) => [s, tr.exactLoss[i] as number] as const) })),
    })),
  );
  writeFileSync(
    resolve(out, 'variance.svg'),
    await renderSvg(lineChart({
      title: `RELAX toy: variance of the single-sample gradient (${replicates} estimates per point)`,
      xTitle: 'step',
      yTitle: 'Var(ĝ), log scale',
      logY: true,
      yRange: [1e-12, Infinity],
      series: traces.map((tr) => ({ name: tr.estimator, points: tr.steps.map((s, i) => [s, tr.gradientVariance[i] as number] as const) })),
    })),
  );
  // at equal θ: estimators that moved θ further toward 0 face a smaller gradient and variance
  writeFileSync(
    resolve(out, 'variance-vs-theta.svg'),
    await renderSvg(lineChart({
      title: 'RELAX toy: Var(ĝ) against θ = σ(logit) (training moves θ from 0.5 toward 0)',
      xTitle: 'θ (log scale)',
      yTitle: 'Var(ĝ), log scale',
      logY: true,
      logX: true,
      yRange: [1e-12, Infinity],
      series: traces.map((tr) => ({ name: tr.estimator, points: tr.theta.map((t, i) => [t, tr.gradientVariance[i] as number] as const) })),
    })),
  );
  return summary;
}

/** --replot: the charts and summary.md again from the saved latest.json (which is left as it is). */
async function replot(out: string): Promise<void> {
  const file = resolve(out, 'latest.json');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  const { steps, every, replicates, seed, controlLearningRate, controlBeta1, only } = saved;
  const options: RunOptions = { steps, every, replicates, seed, controlLearningRate, controlBeta1, ...(only ? { only } : {}) };
  await writeReport(out, options, saved.traces, saved.comparisons);
  console.log(`redrew ${out}/{summary.md, loss.svg, variance.svg, variance-vs-theta.svg} from ${file}`);
}

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv);
  if (parsed.replot) return replot(resolve(parsed.out));
  const { steps, every, replicates, seed, only } = parsed;
  const control = { learningRate: parsed.controlLr, beta1: parsed.controlBeta1 };
  const out = resolve(parsed.out);
  const names = Object.keys(REGISTRY);
  const info = await ready();
  const load = loadavg()[0] ?? 0;
  console.log(`RELAX toy: t = ${T}, ${steps} steps of Adam(${LEARNING_RATE}), variance from ${replicates} estimates every ${every} steps (${info.backend})`);
  const traces: Trace[] = [];
  const chosen = names.filter((name) => !only || only.includes(name));
  const bar = progressBar('relax-toy', chosen.length * steps);
  names.forEach((name, i) => {
    if (only && !only.includes(name)) return;
    const before = chosen.indexOf(name) * steps;
    const trace = train(name, REGISTRY[name] as Factory, fold(key(seed), i), steps, every, replicates, control, (step) => bar.update(before + step, name));
    traces.push(trace);
    const half = Math.floor(trace.steps.length / 2);
    console.log(
      `${name.padEnd(20)} final θ ${trace.theta.at(-1)?.toFixed(4)}  exact loss ${trace.exactLoss.at(-1)?.toFixed(6)}  ` +
        `median Var over the 2nd half ${median(trace.gradientVariance.slice(half)).toExponential(2)}  (${trace.seconds.toFixed(1)} s)`,
    );
  });
  bar.stop();
  const byName = new Map(traces.map((tr) => [tr.estimator, tr]));
  const comparisons: Comparison[] = [];
  for (const [a, b] of [
    ['relax', 'reinforce+ema'],
    ['relax', 'reinforce-loo(K=2)'],
    ['relax', 'rebar'],
    ['rebar', 'reinforce+ema'],
  ] as const) {
    const ta = byName.get(a);
    const tb = byName.get(b);
    if (ta && tb) comparisons.push(compare(ta, tb));
  }
  const options: RunOptions = { steps, every, replicates, seed, controlLearningRate: control.learningRate, controlBeta1: control.beta1, ...(only ? { only } : {}) };
  mkdirSync(out, { recursive: true });
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', node: process.version, backend: info.backend, loadAverage: { start: load, end: loadavg()[0] ?? 0 } };
  writeFileSync(resolve(out, 'latest.json'), JSON.stringify({ t: T, learningRate: LEARNING_RATE, ...options, measuredAt: new Date().toISOString(), machine, comparisons, traces }, null, 1));
  const summary = await writeReport(out, options, traces, comparisons);
  console.log(`\n${summary}`);
  console.log(`written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
