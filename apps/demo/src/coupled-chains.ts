/**
 * The demo's coupled Markov chains: i-SIR chains on a linear-Gaussian latent model, where the
 * posterior is known in closed form, coupled so that they meet (Ruiz, Titsias, Cemgil, Doucet, UAI
 * 2021). Shows the meeting-time distribution over many data points and a coupled pair's trace
 * against the exact posterior mean. Shared by the CLI report and the web page.
 *   z ~ N(0, I₂),  x | z ~ N(Wz + b, s² I₅);  p(z | x) = N(Σ Wᵀ(x − b)/s², Σ),  Σ = (I + WᵀW/s²)⁻¹.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, independent, normal, random, split } from '@stochgrad/core';
import { coupledIsir, meetingTimeSummary, traceCoupledChains } from '@stochgrad/mcmc';
import type { MeetingTimeSummary } from '@stochgrad/mcmc';
import { type ChartSpec, histogram, lineChart } from '@stochgrad/plots';

const W = [
  [1.0, 0.4],
  [-0.6, 0.9],
  [0.3, -1.1],
  [0.8, 0.8],
  [-0.2, 0.5],
];
const B_OFFSET = [0.2, -0.1, 0.0, 0.3, -0.3];
const NOISE = 0.7;

/** How far the i-SIR proposal q(z | x) is from the posterior: it scales the posterior's mean and spread. */
export interface ProposalMismatch {
  /** q's mean = meanScale × the posterior mean */
  meanScale: number;
  /** q's standard deviations = spreadScale × the posterior's */
  spreadScale: number;
}

export interface CoupledChainsDemo {
  /** number of data points, one pair of chains each */
  chains: number;
  numParticles: number;
  mismatch: ProposalMismatch;
  summary: MeetingTimeSummary;
  /** for the pairs that met last: t, h(X_t) and h(Y_{t−1}) (first latent coordinate of the posterior-weighted particle mean) */
  traces: { index: number; x: [number, number][]; y: [number, number][]; meetingTime: number; posteriorMean: number }[];
}

/** Σ = (I + WᵀW/s²)⁻¹ (2 × 2) and the matrix A = Σ Wᵀ / s² that maps x − b to the posterior mean. */
function posterior(): { covariance: number[][]; gain: number[][] } {
  const s2 = NOISE * NOISE;
  const p = [[1, 0], [0, 1]].map((row, i) => row.map((v, j) => v + W.reduce((acc, w) => acc + (w[i] as number) * (w[j] as number), 0) / s2));
  const [a, b, c, d] = [p[0]![0]!, p[0]![1]!, p[1]![0]!, p[1]![1]!];
  const det = a * d - b * c;
  const covariance = [[d / det, -b / det], [-c / det, a / det]];
  const gain = covariance.map((row) => W.map((w) => (row[0]! * w[0]! + row[1]! * w[1]!) / s2));
  return { covariance, gain };
}

/**
 * Runs coupled i-SIR chains on `chains` data points drawn from the model and summarises when they
 * meet; frees every tensor it makes.
 * @example
 * const demo = coupledChainsDemo({ key: key(0) });
 * console.log(demo.summary.mean, demo.summary.histogram);
 */
export function coupledChainsDemo(args: {
  key: Key;
  chains?: number;
  numParticles?: number;
  mismatch?: ProposalMismatch;
  traced?: number;
  maxIterations?: number;
}): CoupledChainsDemo {
  const { chains = 500, numParticles = 5, mismatch = { meanScale: 0.6, spreadScale: 1.6 }, traced = 3, maxIterations = 200 } = args;
  const [dataKey, noiseKey, runKey] = split(args.key, 3) as [Key, Key, Key];
  const { covariance, gain } = posterior();
  const postStd = [Math.sqrt(covariance[0]![0]!), Math.sqrt(covariance[1]![1]!)];
  const w = tf.tensor2d(W);
  const offset = tf.tensor1d(B_OFFSET);
  const [x, proposalLoc, proposalScale, posteriorMean] = tf.tidy(() => {
    const z = random.normal(dataKey, [chains, 2]);
    const data = tf.add(tf.add(tf.matMul(z, w, false, true), offset), tf.mul(random.normal(noiseKey, [chains, 5]), NOISE));
    const mean = tf.matMul(tf.sub(data, offset), tf.tensor2d(gain), false, true);
    return [data, tf.mul(mean, mismatch.meanScale), tf.mul(tf.ones([chains, 2]), tf.tensor1d(postStd.map((s) => s * mismatch.spreadScale))), mean];
  });
  // log p(x, z) for x [B, 5], z [n, B, 2]
  const logJoint = (data: tf.Tensor, z: tf.Tensor) =>
    tf.tidy(() => {
      const prior = tf.mul(tf.sum(tf.square(z), -1), -0.5);
      const mean = tf.add(tf.reshape(tf.matMul(tf.reshape(z, [-1, 2]), w, false, true), [...z.shape.slice(0, -1), 5]), offset);
      const residual = tf.div(tf.sub(data, mean), NOISE);
      return tf.sub(tf.add(prior, tf.mul(tf.sum(tf.square(residual), -1), -0.5)), 0.5 * 7 * Math.log(2 * Math.PI) + 5 * Math.log(NOISE));
    });
  try {
    const proposal = independent(normal({ loc: proposalLoc, scale: proposalScale }), 1);
    const kernel = coupledIsir({ x, logJoint, proposal, numParticles });
    const trace = traceCoupledChains({
      key: runKey,
      kernel,
      maxIterations,
      minSteps: 8,
      testFunction: (state) => kernel.marginal.weightedAverage(state, state.particles),
    });
    const means = posteriorMean.arraySync() as number[][];
    // the pairs that took longest to meet show the most; ties go to the lower index
    const slowest = Array.from({ length: chains }, (_, b) => b)
      .sort((a, b) => (trace.meetingTimes[b] as number) - (trace.meetingTimes[a] as number) || a - b)
      .slice(0, traced);
    const traces = slowest.map((b) => ({
      index: b,
      x: trace.x.map((row, t) => [t, row[b]![0]!] as [number, number]),
      y: trace.y.flatMap((row, t) => (row ? [[t, row[b]![0]!] as [number, number]] : [])),
      meetingTime: trace.meetingTimes[b] as number,
      posteriorMean: means[b]![0]!,
    }));
    return { chains, numParticles, mismatch, summary: meetingTimeSummary(trace.meetingTimes), traces };
  } finally {
    tf.dispose([w, offset, x, proposalLoc, proposalScale, posteriorMean]);
  }
}

/** Bars of the meeting-time counts. */
export function meetingHistogramSpec(demo: CoupledChainsDemo, width = 480): ChartSpec {
  const { histogram: counts, mean, numCapped, count } = demo.summary;
  return histogram({
    title: `Meeting times τ of ${count} coupled chain pairs (mean ${mean.toFixed(2)}${numCapped ? `, ${numCapped} capped` : ''})`,
    xTitle: 'meeting time τ (i-SIR steps)',
    yTitle: 'chain pairs',
    width,
    height: 200,
    series: [{ name: 'chain pairs', counts: counts.map((h) => ({ value: h.time, count: h.count })) }],
  });
}

/** h(X_t) and h(Y_{t−1}) for the traced pairs, with each exact posterior mean. */
export function chainTraceSpec(demo: CoupledChainsDemo, width = 480): ChartSpec {
  const length = Math.max(...demo.traces.map((t) => t.x.length));
  return lineChart({
    title: 'Coupled i-SIR chains (the pairs that met last): weighted mean of z₁',
    xTitle: 'step t',
    yTitle: 'E_w[z₁]',
    width,
    height: 300,
    series: demo.traces.flatMap((trace) => [
      { name: `X, point #${trace.index} (τ = ${trace.meetingTime})`, points: trace.x },
      { name: `Y, point #${trace.index}`, points: trace.y },
      { name: `exact E[z₁|x], #${trace.index}`, points: [[0, trace.posteriorMean], [length - 1, trace.posteriorMean]] },
    ]),
  });
}
