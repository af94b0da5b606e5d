import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, key, ready } from '@stochgrad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensorRows } from '../test/helpers';
import { diagonalProposal, exactGradient, exactPosterior, logJoint, problem, replicate } from '../test/linear-gaussian';
import { iwaeBound } from './iwae-bound';
import { meetingTimeSummary } from './meeting-time-summary';
import { unbiasedLogLikelihoodGradient } from './unbiased-log-likelihood-gradient';

const M = 4000; // replicates (batch rows with their own W, b, q parameters)
const S = 4;

describe('unbiasedLogLikelihoodGradient on a linear-Gaussian model (z ∈ R², x ∈ R³, closed-form ∇ log p(x))', () => {
  let data: ReturnType<typeof replicate>;
  let loc: tf.Tensor;
  let logScale: tf.Tensor;
  const posterior = exactPosterior(problem);
  // q: the posterior mean shifted by (0.5, −0.5), isotropic with variance 2 λ_max(Σ_post) > Σ_post, so w is bounded
  const qMean = [(posterior.mean[0] as number) + 0.5, (posterior.mean[1] as number) - 0.5];
  const [a, c, d] = [posterior.covariance[0]?.[0] as number, posterior.covariance[0]?.[1] as number, posterior.covariance[1]?.[1] as number];
  const largestEigenvalue = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + c * c);
  const qScale = Math.sqrt(2 * largestEigenvalue);
  const exact = exactGradient(problem);

  beforeAll(async () => {
    await ready();
    data = replicate(problem, M);
    loc = tf.tile(tf.tensor2d([qMean]), [M, 1]);
    logScale = tf.fill([M, 2], Math.log(qScale));
  });
  afterAll(() => tf.dispose([data.x, data.W, data.b, loc, logScale]));

  it(`is unbiased for ∇_W, ∇_b log p(x) (and for the inclusive-KL gradient in q), while the IWAE gradient at S = ${S} is biased`, () => {
    let meetingTimes: Float64Array = new Float64Array();
    let evaluations = { chain: 0, surrogate: 0 };
    const grads = tf.grads((W: tf.Tensor, b: tf.Tensor, mu: tf.Tensor, rho: tf.Tensor) => {
      const result = unbiasedLogLikelihoodGradient({
        key: key(1),
        x: data.x,
        logJoint: (x, z) => logJoint(x, z, W, b, problem.noise),
        proposal: diagonalProposal(mu, tf.exp(rho)),
        numParticles: S,
        k: 1,
        m: 3,
        maxIterations: 500,
      });
      meetingTimes = result.meetingTimes;
      evaluations = result.evaluations;
      expect(result.numCapped).toBe(0);
      return tf.add(result.surrogate, result.inclusiveKlSurrogate) as tf.Scalar;
    })([data.W, data.b, loc, logScale]);
    const [gW, gb, gMu, gRho] = grads as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const decoderRows = tensorRows(tf.concat([tf.reshape(gW, [M, -1]), gb], 1));
    const check = checkUnbiased({ estimates: decoderRows, exact });
    const summary = meetingTimeSummary(meetingTimes);
    console.info(
      `unbiased ∇_W, ∇_b (S = ${S}, k = 1, m = 3, M = ${M}): z = [${check.z.map((z) => z.toFixed(2)).join(', ')}], threshold ${check.threshold.toFixed(2)}\n` +
        `  meeting times: mean ${summary.mean.toFixed(2)}, median ${summary.median}, p90 ${summary.p90}, p99 ${summary.p99}, max ${summary.max}, ` +
        `histogram ${summary.histogram.map((h) => `${h.time}:${h.count}`).join(' ')}; evaluations per data point ${(evaluations.chain / M).toFixed(1)} (chain) + ${(evaluations.surrogate / M).toFixed(1)} (surrogate)`,
    );
    expect(check.passed, check.message).toBe(true);

    // inclusive KL: E_post[∇_μ log q] = (m − μ)/σ², E_post[∇_{log σ} log q] = (Σ_ii + (m_i − μ_i)²)/σ² − 1
    const variance = qScale ** 2;
    const exactEncoder = [
      ...[0, 1].map((i) => ((posterior.mean[i] as number) - (qMean[i] as number)) / variance),
      ...[0, 1].map((i) => ((posterior.covariance[i]?.[i] as number) + ((posterior.mean[i] as number) - (qMean[i] as number)) ** 2) / variance - 1),
    ];
    const encoderCheck = checkUnbiased({ estimates: tensorRows(tf.concat([gMu, gRho], 1)), exact: exactEncoder });
    console.info(`unbiased inclusive-KL gradient (μ, log σ): z = [${encoderCheck.z.map((z) => z.toFixed(2)).join(', ')}]`);
    expect(encoderCheck.passed, encoderCheck.message).toBe(true);

    // the IWAE bound's θ-gradient, same q and S, same replicates: measurably biased
    const iwaeGrads = tf.grads((W: tf.Tensor, b: tf.Tensor) =>
      tf.tidy(() => tf.sum(iwaeBound({ key: key(2), x: data.x, logJoint: (x, z) => logJoint(x, z, W, b, problem.noise), proposal: diagonalProposal(loc, qScale), numParticles: S }).bound) as tf.Scalar),
    )([data.W, data.b]);
    const iwaeCheck = checkUnbiased({ estimates: tensorRows(tf.concat([tf.reshape(iwaeGrads[0] as tf.Tensor, [M, -1]), iwaeGrads[1] as tf.Tensor], 1)), exact });
    console.info(`IWAE ∇_W, ∇_b (S = ${S}): z = [${iwaeCheck.z.map((z) => z.toFixed(1)).join(', ')}]; mean ${iwaeCheck.mean.map((v) => v.toFixed(3)).join(', ')} vs exact ${exact.map((v) => v.toFixed(3)).join(', ')}`);
    expect(iwaeCheck.passed, `IWAE bias went undetected: ${iwaeCheck.message}`).toBe(false);
    tf.dispose([...grads, ...iwaeGrads]);
  });

  it('with q = p(z | x) the chains meet at the first step (τ = 1)', () => {
    // orthogonal columns: a diagonal posterior, which a diagonal q can equal exactly
    const diagonal = { ...problem, W: [[1, 0], [0, 2], [0, 0]] };
    const post = exactPosterior(diagonal);
    const numParticles = 10;
    const rep = replicate(diagonal, 2000);
    const mu = tf.tile(tf.tensor2d([post.mean]), [2000, 1]);
    const sd = tf.tensor1d([Math.sqrt(post.covariance[0]?.[0] as number), Math.sqrt(post.covariance[1]?.[1] as number)]);
    const result = unbiasedLogLikelihoodGradient({
      key: key(3), x: rep.x, logJoint: (x, z) => logJoint(x, z, rep.W, rep.b, 1), proposal: diagonalProposal(mu, sd), numParticles, k: 0, m: 1, maxIterations: 100,
    });
    const atFirst = result.meetingTimes.reduce((n, t) => n + (t === 1 ? 1 : 0), 0);
    console.info(`q = posterior, S = ${numParticles}: ${atFirst} of 2000 chains meet at τ = 1; ${JSON.stringify(meetingTimeSummary(result.meetingTimes).histogram)}`);
    // w̄ is uniform up to the float32 rounding of log p(x, z) − log q(z | x)
    expect(atFirst).toBeGreaterThanOrEqual(1990);
    expect(result.coupledSteps).toBeLessThanOrEqual(5);
    tf.dispose([result.surrogate, result.inclusiveKlSurrogate, rep.x, rep.W, rep.b, mu, sd]);
  });

  it('runs off the tape inside tf.grad (the chains leave nothing on the tape), leaks nothing, and is deterministic under a key', () => {
    const small = replicate(problem, 20);
    const mu = tf.tile(tf.tensor2d([qMean]), [20, 1]);
    const options = (W: tf.Tensor) => ({ key: key(4), x: small.x, logJoint: (x: tf.Tensor, z: tf.Tensor) => logJoint(x, z, W, small.b, 1), proposal: diagonalProposal(mu, qScale), numParticles: S, k: 1, m: 3, maxIterations: 100 });
    const gradient = () =>
      tf.grad((W: tf.Tensor) => {
        const r = unbiasedLogLikelihoodGradient(options(W));
        r.inclusiveKlSurrogate.dispose();
        return r.surrogate;
      })(small.W);
    const a = gradient();
    const b = gradient();
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
    // tensors alive after the call: off the tape they are the same inside tf.grad as outside it
    let insideTape = 0;
    tf.grad((W: tf.Tensor) => {
      const start = tf.memory().numTensors;
      const r = unbiasedLogLikelihoodGradient(options(W));
      insideTape = tf.memory().numTensors - start;
      r.inclusiveKlSurrogate.dispose();
      return r.surrogate;
    })(small.W).dispose();
    const start = tf.memory().numTensors;
    const outside = unbiasedLogLikelihoodGradient(options(small.W));
    const offTape = tf.memory().numTensors - start;
    tf.dispose([outside.surrogate, outside.inclusiveKlSurrogate]);
    expect(insideTape).toBeLessThan(offTape + 60); // only the surrogate's own ops are taped
    const before = tf.memory().numTensors;
    gradient().dispose();
    const r = unbiasedLogLikelihoodGradient(options(small.W));
    tf.dispose([r.surrogate, r.inclusiveKlSurrogate]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([small.x, small.W, small.b, mu]);
  });

  it('independentRows: the same chains and gradient with idle chains skipped and the surrogate packed, for fewer evaluations', () => {
    const n = 200;
    const x = tf.tile(tf.tensor2d([problem.x]), [n, 1]);
    const W = tf.tensor2d(problem.W);
    const b = tf.tensor1d(problem.b);
    const mu = tf.tile(tf.tensor2d([qMean]), [n, 1]);
    // shared W, b: rows are independent and any row count works
    const rowIndependent = (W: tf.Tensor, b: tf.Tensor) => (xs: tf.Tensor, z: tf.Tensor) =>
      logJoint(xs, z, tf.broadcastTo(W, [xs.shape[0] as number, ...W.shape]), tf.broadcastTo(b, xs.shape), problem.noise);
    const run = (independentRows: boolean) => {
      let evaluations = { chain: 0, surrogate: 0 };
      let meetingTimes: number[] = [];
      const grads = tf.grads((W: tf.Tensor, b: tf.Tensor) => {
        const r = unbiasedLogLikelihoodGradient({ key: key(6), x, logJoint: rowIndependent(W, b), proposal: diagonalProposal(mu, qScale), numParticles: S, k: 1, m: 3, maxIterations: 200, independentRows });
        evaluations = r.evaluations;
        meetingTimes = Array.from(r.meetingTimes);
        r.inclusiveKlSurrogate.dispose();
        return r.surrogate;
      })([W, b]);
      return { values: grads.flatMap((g) => Array.from(g.dataSync())), evaluations, meetingTimes, dispose: () => tf.dispose(grads) };
    };
    const full = run(false);
    const packed = run(true);
    console.info(`independentRows: ${JSON.stringify(packed.evaluations)} evaluations instead of ${JSON.stringify(full.evaluations)} (${n} data points)`);
    expect(packed.meetingTimes).toEqual(full.meetingTimes);
    expect(packed.evaluations.chain).toBeLessThan(full.evaluations.chain);
    expect(packed.evaluations.surrogate).toBeLessThan(full.evaluations.surrogate);
    packed.values.forEach((v, i) => expect(Math.abs(v - (full.values[i] as number))).toBeLessThan(1e-4 * (1 + Math.abs(full.values[i] as number))));
    const before = tf.memory().numTensors;
    run(true).dispose();
    expect(tf.memory().numTensors).toBe(before);
    full.dispose();
    packed.dispose();
    tf.dispose([x, W, b, mu]);
  });

  it('throws typed errors for k > m, S < 2, a cap below m and mismatched shapes', () => {
    const small = replicate(problem, 5);
    const mu = tf.zeros([5, 2]);
    const base = { key: key(5), x: small.x, logJoint: (x: tf.Tensor, z: tf.Tensor) => logJoint(x, z, small.W, small.b, 1), proposal: diagonalProposal(mu, 1), numParticles: S, k: 1, m: 3, maxIterations: 50 };
    expect(() => unbiasedLogLikelihoodGradient({ ...base, k: 4, m: 3 })).toThrow(ArgumentError);
    expect(() => unbiasedLogLikelihoodGradient({ ...base, numParticles: 1 })).toThrow(ArgumentError);
    expect(() => unbiasedLogLikelihoodGradient({ ...base, independentRows: 'yes' as never })).toThrow(ArgumentError);
    expect(() => unbiasedLogLikelihoodGradient({ ...base, maxIterations: 2 })).toThrow(ArgumentError);
    expect(() => unbiasedLogLikelihoodGradient({ ...base, x: tf.zeros([4, 3]) })).toThrow(ShapeError);
    expect(() => unbiasedLogLikelihoodGradient({ ...base, proposal: diagonalProposal(tf.zeros([5]), 1) })).toThrow(ShapeError);
    expect(() => unbiasedLogLikelihoodGradient({ ...base, logJoint: (_x, z) => tf.zeros([(z.shape[0] as number) + 1, 5]) })).toThrow(ShapeError);
    expect(() => iwaeBound({ key: base.key, logJoint: base.logJoint, proposal: base.proposal, numParticles: base.numParticles, x: tf.zeros([4, 3]) })).toThrow(ShapeError);
    tf.dispose([small.x, small.W, small.b, mu]);
  });
});
