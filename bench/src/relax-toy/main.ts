/**
 * The RELAX toy (Grathwohl et al. 2018, §6.1): one Bernoulli, f(b) = (b − t)² with t = 0.499, the
 * logit starts at 0 and is trained by Adam(0.01) on single-sample gradient estimates (batch 1). Every
 * `--every` steps it records the exact loss θ(1−t)² + (1−θ)t² and the variance of each estimator's
 * gradient at the current parameters (from `--replicates` estimates in one batched call).
 * Estimators with learned control variates (REBAR, RELAX) train them on their own variance with
 * Adam(0.01), as in the paper's code.
 *
 *   pnpm --filter @stochgrad/bench run relax-toy -- [--steps 5000] [--every 50] [--replicates 2000] [--seed 0]
 *
 * Writes bench/results/relax-toy/{latest.json, loss.svg, variance.svg}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
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
import * as discrete from '@stochgrad/discrete';
import { lineChartSvg } from '../plot';

const T = 0.499;
const objective = (b: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(tf.sub(b, T)), -1));
const exactLoss = (theta: number) => theta * (1 - T) ** 2 + (1 - theta) * T ** 2;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

type Factory = () => GradientEstimator;

/** The estimators compared; REBAR and RELAX join when @stochgrad/discrete exports them. */
function registry(): Record<string, Factory> {
  const entries: Record<string, Factory> = {
    'reinforce+ema': () => scoreFunction({ controlVariate: movingAverageBaseline({ decay: 0.9 }), name: 'reinforce+ema' }),
    'reinforce-loo(K=2)': () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2, name: 'reinforce-loo(K=2)' }),
    arm: () => discrete.arm(),
    disarm: () => discrete.disarm(),
  };
  const optional = discrete as unknown as Record<string, ((options?: object) => GradientEstimator) | undefined>;
  if (optional.rebar) entries.rebar = () => (optional.rebar as (o?: object) => GradientEstimator)();
  if (optional.relax) entries.relax = () => (optional.relax as (o?: object) => GradientEstimator)();
  return entries;
}

interface Trace {
  estimator: string;
  evaluations: number;
  steps: number[];
  exactLoss: number[];
  gradientVariance: number[];
  theta: number[];
}

function train(name: string, make: Factory, runKey: Key, steps: number, every: number, replicates: number): Trace {
  const estimator = make();
  const logit = tf.variable(tf.zeros([1]), true, `logit-${name}`);
  const modelOptimizer = tf.train.adam(0.01);
  const controlOptimizer = tf.train.adam(0.01);
  const [trainKey, probeKey] = split(runKey) as [Key, Key];
  const trace: Trace = { estimator: name, evaluations: estimator.evaluations, steps: [], exactLoss: [], gradientVariance: [], theta: [] };
  const record = (step: number) => {
    const theta = 1 / (1 + Math.exp(-(logit.dataSync()[0] as number)));
    const rows = drawEstimates({ estimator, key: fold(probeKey, step), logits: logit, objective, replicates });
    trace.steps.push(step);
    trace.theta.push(theta);
    trace.exactLoss.push(exactLoss(theta));
    trace.gradientVariance.push(moments(Array.from(rows, (v) => [v])).variance[0] as number);
  };
  for (let step = 0; step <= steps; step++) {
    if (step % every === 0) record(step);
    if (step === steps) break;
    const learned = (estimator.variables ?? []).filter((v) => v.trainable);
    let controlLoss: tf.Scalar | undefined;
    modelOptimizer.minimize(() => {
      const e = estimator.estimate({ key: fold(trainKey, step), logits: logit, objective });
      tf.dispose([e.value, e.gradient]);
      if (e.controlVariateLoss) controlLoss = tf.keep(e.controlVariateLoss);
      return e.surrogate;
    }, false, [logit]);
    controlLoss?.dispose();
    if (learned.length > 0) {
      controlOptimizer.minimize(() => {
        const e = estimator.estimate({ key: fold(trainKey, step), logits: logit, objective });
        tf.dispose([e.value, e.gradient, e.surrogate]);
        return e.controlVariateLoss as tf.Scalar;
      }, false, learned);
    }
    if (process.stderr.isTTY && step % 100 === 0) process.stderr.write(`\r  ${name}: step ${step}/${steps}   `);
  }
  if (process.stderr.isTTY) process.stderr.write('\r' + ' '.repeat(60) + '\r');
  tf.dispose([logit]);
  modelOptimizer.dispose();
  controlOptimizer.dispose();
  estimator.dispose?.();
  return trace;
}

async function main(): Promise<void> {
  const steps = option('steps', 5000);
  const every = option('every', 50);
  const replicates = option('replicates', 2000);
  const seed = option('seed', 0);
  const info = await ready();
  console.log(`RELAX toy: t = ${T}, ${steps} steps of Adam(0.01), variance from ${replicates} estimates every ${every} steps (${info.backend})`);
  const traces: Trace[] = [];
  const entries = Object.entries(registry());
  entries.forEach(([name, make], i) => {
    const started = performance.now();
    traces.push(train(name, make, fold(key(seed), i), steps, every, replicates));
    const last = traces[traces.length - 1] as Trace;
    console.log(
      `${name.padEnd(20)} final θ ${last.theta.at(-1)?.toFixed(4)}  exact loss ${last.exactLoss.at(-1)?.toFixed(6)}  ` +
        `median log10 Var over the run ${median(last.gradientVariance.map((v) => Math.log10(Math.max(v, 1e-30)))).toFixed(2)}  ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  });
  const out = resolve(new URL('../../results/relax-toy', import.meta.url).pathname);
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'latest.json'), JSON.stringify({ t: T, steps, every, replicates, seed, traces }, null, 1));
  writeFileSync(
    resolve(out, 'loss.svg'),
    lineChartSvg({
      title: `RELAX toy (t = ${T}): exact loss E[(b − t)²] during training`,
      xLabel: 'step',
      yLabel: 'exact loss',
      series: traces.map((tr) => ({ name: tr.estimator, points: tr.steps.map((s, i) => [s, tr.exactLoss[i] as number] as const) })),
    }),
  );
  writeFileSync(
    resolve(out, 'variance.svg'),
    lineChartSvg({
      title: 'RELAX toy: variance of the single-sample gradient estimate (log scale)',
      xLabel: 'step',
      yLabel: 'Var(ĝ)',
      logY: true,
      series: traces.map((tr) => ({ name: tr.estimator, points: tr.steps.map((s, i) => [s, tr.gradientVariance[i] as number] as const) })),
    }),
  );
  console.log(`written to ${out}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
