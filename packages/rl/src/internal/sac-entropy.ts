/**
 * @internal The entropy side of SAC for any policy of the SacPolicy contract: the pre-activation
 * draw u(s, ε), the score providers (the Gaussian's closed form, a conditional AR-DAE, a kernel
 * score estimator, a user's score), log π(a|s) with the tanh change of variables, the AR-DAE
 * log-partition estimate, the actor loss and the one-sided Jacobian clamping.
 *   log π(a|s) = log p(u|s) − Σ_i log(1 − tanh²u_i),  ∇_u log π(a|s) = ∇_u log p(u|s) + 2 tanh(u)
 *   actor (score form): L = mean_{n,b} [α·stop(∇_u log π)ᵀu − min_i Q_i(s, tanh u)]; its θ-gradient is
 *   E[α ∇_θ log π − ∇_θ Q] because E[∂_θ log π(a|s)] = 0 at fixed a (the score identity).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, logMeanExp, random, split, stopGradient } from '@stochgrad/core';
import { type Ardae, type ScoreEstimator, ardae } from '@stochgrad/entropy';
import type { SacPolicy } from '../agents/sac-policy';

const LOG_2PI = Math.log(2 * Math.PI);

export function noiseSizeOf(policy: SacPolicy): number {
  return policy.kind === 'implicit' ? policy.noiseSize : policy.actionSize;
}

/** u [N, B, k] for observations [B, d] and noise [N, B, m] (on the tape when called on one). */
export function preActivation(policy: SacPolicy, observations: tf.Tensor2D, noise: tf.Tensor3D): tf.Tensor3D {
  if (policy.kind === 'implicit') return policy.preActivation(observations, noise);
  return tf.tidy(() => {
    const { mean, logStd } = policy.distribution(observations);
    return tf.add(mean, tf.mul(tf.exp(logStd), noise)) as tf.Tensor3D;
  });
}

/** The deterministic pre-activation [B, k]: the Gaussian's mean, the implicit policy at ε = 0. */
export function deterministicPreActivation(policy: SacPolicy, observations: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    if (policy.kind === 'squashed-gaussian') return policy.distribution(observations).mean;
    const b = observations.shape[0];
    return tf.reshape(policy.preActivation(observations, tf.zeros([1, b, policy.noiseSize]) as tf.Tensor3D), [b, policy.actionSize]) as tf.Tensor2D;
  });
}

/** Σ_i log(1 − tanh²u_i) over the last axis, as 2·(log 2 − u − softplus(−2u)) (finite for any u). */
export function tanhLogDetJacobian(u: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(u, -2))), 2), -1));
}

/** log N(u; mean, diag(exp(logStd))²) summed over the last axis; u [N, B, k], mean and logStd [B, k]. */
export function gaussianLogDensity(u: tf.Tensor, mean: tf.Tensor, logStd: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(u, mean), tf.exp(logStd));
    return tf.sum(tf.sub(tf.mul(tf.square(z), -0.5), tf.add(logStd, 0.5 * LOG_2PI)), -1);
  });
}

/** What gives SAC the entropy of a policy: a score of p(u|s) and, where it has one, a log-density. */
export interface EntropyProvider {
  /** 'exact', 'ardae', 'stein', 'ssge', or the name of a user's score */
  readonly name: string;
  /** samples per state the actor draws (kernel estimators need several at each state) */
  readonly actorSamples: number;
  readonly hasLogDensity: boolean;
  /** the provider's own variables (saved with the agent; AR-DAE's network) */
  readonly variables: readonly tf.Variable[];
  /** one training step on fresh policy samples at these states (AR-DAE); returns its loss, or undefined */
  fit(key: Key, observations: tf.Tensor2D): number | undefined;
  /** ∇_u log p(u|s) at u [N, B, k], observations [B, d] → [N, B, k] (no gradient flows through it) */
  score(u: tf.Tensor3D, observations: tf.Tensor2D): tf.Tensor3D;
  /** log p(u|s) [N, B] (an estimate where the provider has no closed form); throws without one */
  logDensity(key: Key, u: tf.Tensor3D, observations: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** The closed form of a squashed-Gaussian policy. */
export function exactGaussianProvider(policy: SacPolicy): EntropyProvider {
  if (policy.kind !== 'squashed-gaussian') throw new Error('exactGaussianProvider: a squashed-gaussian policy');
  return {
    name: 'exact',
    actorSamples: 1,
    hasLogDensity: true,
    variables: [],
    fit: () => undefined,
    score: (u, observations) =>
      tf.tidy(() => {
        const { mean, logStd } = policy.distribution(observations);
        return tf.neg(tf.div(tf.sub(u, mean), tf.exp(tf.mul(logStd, 2)))) as tf.Tensor3D;
      }),
    logDensity: (_key, u, observations) =>
      tf.tidy(() => {
        const { mean, logStd } = policy.distribution(observations);
        return gaussianLogDensity(u, mean, logStd) as tf.Tensor2D;
      }),
    dispose: () => undefined,
  };
}

export interface ArdaeProviderOptions {
  hidden: number;
  layers: number;
  samplesPerState: number;
  numSigmas: number;
  delta: number;
  rescale: number;
  learningRate: number;
  logPartitionSamples: number;
  proposalScale: number;
}

/**
 * A conditional AR-DAE (gradient parametrization, context = the state) on x = u − u₀(s), u₀(s) the
 * deterministic pre-activation (the reference code centres the same way): ∇_u log p(u|s) = ∇_x log p(x|s).
 * log p(u|s) = log p̃(x|s) − log Ẑ(s), Ẑ(s) = mean_j p̃(z_j|s)/q(z_j|s), z_j ~ q = N(m(s), κ²·diag(v(s)))
 * with m, v the mean and variance of fresh policy draws at s (the reference code's proposal is a fixed
 * log-variance −2 around u₀; fitting it to the policy puts q where p̃ has its mass, and κ > 1 keeps
 * the weights' variance finite when p has wider tails than the fit).
 */
export function ardaeProvider(k: Key, policy: SacPolicy, options: ArdaeProviderOptions): EntropyProvider & { readonly model: Ardae } {
  const d = policy.observationSize;
  const a = policy.actionSize;
  const m = noiseSizeOf(policy);
  const model = ardae({
    key: k,
    dim: a,
    contextDim: d,
    parametrization: 'gradient',
    hidden: options.hidden,
    layers: options.layers,
    numSigmas: options.numSigmas,
    delta: options.delta,
    rescale: options.rescale,
    learningRate: options.learningRate,
  });
  const centre = (observations: tf.Tensor2D) => deterministicPreActivation(policy, observations);
  const draw = (key: Key, observations: tf.Tensor2D, n: number) => preActivation(policy, observations, random.normal(key, [n, observations.shape[0], m]) as tf.Tensor3D);
  return {
    name: 'ardae',
    model,
    actorSamples: 1,
    hasLogDensity: true,
    variables: model.variables,
    fit(key, observations) {
      const [sampleKey, trainKey] = split(key) as [Key, Key];
      return tf.tidy(() => {
        const x = tf.sub(draw(sampleKey, observations, options.samplesPerState), centre(observations));
        return model.train(trainKey, x, observations).loss;
      });
    },
    score: (u, observations) => tf.tidy(() => model.score(tf.sub(u, centre(observations)), observations) as tf.Tensor3D),
    logDensity(key, u, observations) {
      const [drawKey, proposalKey] = split(key) as [Key, Key];
      return tf.tidy(() => {
        const u0 = centre(observations);
        const logP = model.logDensity(tf.sub(u, u0), observations);
        const M = options.logPartitionSamples;
        const xs = tf.sub(draw(drawKey, observations, M), u0);
        const { mean, variance } = tf.moments(xs, 0);
        const scale = tf.mul(tf.sqrt(tf.add(tf.mul(variance, M / (M - 1)), 1e-12)), options.proposalScale);
        const eta = random.normal(proposalKey, [M, observations.shape[0], a]);
        const z = tf.add(mean, tf.mul(scale, eta));
        const logQ = tf.sum(tf.sub(tf.mul(tf.square(eta), -0.5), tf.add(tf.log(scale), 0.5 * LOG_2PI)), -1);
        const logZ = logMeanExp(tf.sub(model.logDensity(z, observations), logQ), 0);
        return tf.sub(logP, logZ) as tf.Tensor2D;
      });
    },
    dispose: () => model.dispose(),
  };
}

/** Stein or SSGE: the score at each state from the actor's own draws there (no log-density). */
export function kernelProvider(estimator: ScoreEstimator, samplesPerState: number): EntropyProvider {
  return {
    name: estimator.name,
    actorSamples: samplesPerState,
    hasLogDensity: false,
    variables: [],
    fit: () => undefined,
    score: (u) => tf.tidy(() => estimator.score(u) as tf.Tensor3D),
    logDensity: () => {
      throw new Error(`${estimator.name} gives no log-density`);
    },
    dispose: () => undefined,
  };
}

/** A user's (exact or approximate) score of p(u|s), with its normalised log-density if known. */
export function userScoreProvider(name: string, score: (u: tf.Tensor3D, observations: tf.Tensor2D) => tf.Tensor, logDensity?: (u: tf.Tensor3D, observations: tf.Tensor2D) => tf.Tensor): EntropyProvider {
  return {
    name,
    actorSamples: 1,
    hasLogDensity: logDensity !== undefined,
    variables: [],
    fit: () => undefined,
    score: (u, observations) => tf.tidy(() => score(u, observations) as tf.Tensor3D),
    logDensity: (_key, u, observations) => {
      if (!logDensity) throw new Error(`${name} gives no log-density`);
      return tf.tidy(() => logDensity(u, observations) as tf.Tensor2D);
    },
    dispose: () => undefined,
  };
}

/**
 * Draws u [N, B, k] at noise [N, B, m] with log π(tanh u|s) [N, B] (needs a provider with a
 * log-density): one policy pass for the exact Gaussian, the provider's estimate otherwise.
 */
export function drawWithLogProb(policy: SacPolicy, provider: EntropyProvider, key: Key, observations: tf.Tensor2D, noise: tf.Tensor3D): { u: tf.Tensor3D; logProb: tf.Tensor2D } {
  return tf.tidy(() => {
    if (provider.name === 'exact' && policy.kind === 'squashed-gaussian') {
      const { mean, logStd } = policy.distribution(observations);
      const u = tf.add(mean, tf.mul(tf.exp(logStd), noise)) as tf.Tensor3D;
      return { u, logProb: tf.sub(gaussianLogDensity(u, mean, logStd), tanhLogDetJacobian(u)) as tf.Tensor2D };
    }
    const u = preActivation(policy, observations, noise);
    return { u, logProb: squashedLogProb(provider, key, u, observations) };
  });
}

/** log π(a|s) [N, B] of a = tanh(u): the provider's log p(u|s) minus the tanh log-det. */
export function squashedLogProb(provider: EntropyProvider, key: Key, u: tf.Tensor3D, observations: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(provider.logDensity(key, u, observations), tanhLogDetJacobian(u)) as tf.Tensor2D);
}

export interface JacobianClamping {
  /** η: the lower bound on the squared directional Jacobian norm */
  eta: number;
  /** ν in the weight λ_t = min(1 + t^ν / 1000, maxWeight) */
  exponent: number;
  maxWeight: number;
  /** perturbations per noise draw */
  perturbations: number;
  /** the finite-difference step */
  step: number;
}

/** λ_t = min(1 + t^ν/1000, λ_max), t the update count (the reference code's schedule). */
export function jacobianClampingWeight(clamping: JacobianClamping, t: number): number {
  return Math.min(1 + t ** clamping.exponent / 1000, clamping.maxWeight);
}

/**
 * The one-sided Jacobian clamping loss of the noise → action map at noise [N, B, m]:
 *   J² = ‖tanh u(s, ε + hδ) − tanh u(s, ε)‖² / (h²‖δ‖²), δ ~ N(0, I);  loss = mean(min(J² − η, 0)²).
 * It penalises only a collapsing map (J² < η), which keeps the implicit density non-degenerate.
 */
export function jacobianClampingLoss(policy: SacPolicy, key: Key, observations: tf.Tensor2D, noise: tf.Tensor3D, actions: tf.Tensor3D, clamping: JacobianClamping): tf.Scalar {
  return tf.tidy(() => {
    const [n, b, m] = noise.shape;
    const p = clamping.perturbations;
    const delta = random.normal(key, [p, n, b, m]);
    const perturbed = tf.reshape(tf.add(tf.expandDims(noise, 0), tf.mul(delta, clamping.step)), [p * n, b, m]) as tf.Tensor3D;
    const moved = tf.reshape(tf.tanh(preActivation(policy, observations, perturbed)), [p, n, b, -1]);
    const squared = tf.div(tf.sum(tf.square(tf.sub(moved, tf.expandDims(actions, 0))), -1), tf.mul(tf.sum(tf.square(delta), -1), clamping.step ** 2));
    return tf.mean(tf.square(tf.minimum(tf.sub(squared, clamping.eta), 0))) as tf.Scalar;
  });
}

export interface ActorLossArgs {
  policy: SacPolicy;
  provider: EntropyProvider;
  /** min_i Q_i(s, a) [N·B] for observations [B, d] repeated N times and actions [N·B, k] */
  q: (observations: tf.Tensor2D, actions: tf.Tensor2D) => tf.Tensor1D;
  observations: tf.Tensor2D;
  /** ε [N, B, m] */
  noise: tf.Tensor3D;
  alpha: number | tf.Scalar;
  /** the Gaussian's full log π (SB3) instead of the score form; only with the exact Gaussian provider */
  fullLogProb: boolean;
  clamping?: { loss: JacobianClamping; weight: number; key: Key };
}

/**
 * The actor's loss as a function to differentiate with respect to the policy's variables (call it on
 * the tape; dispose() after the gradient). With the score form, the score is computed first, off
 * the tape, at the same draws.
 */
export function actorLoss(args: ActorLossArgs): { loss: () => tf.Scalar; dispose: () => void } {
  const { policy, provider, q, observations, noise, alpha, fullLogProb, clamping } = args;
  const [n, b] = noise.shape;
  const k = policy.actionSize;
  const d = observations.shape[1];
  const tiled = tf.tidy(() => tf.reshape(tf.broadcastTo(tf.expandDims(observations, 0), [n, b, d]), [n * b, d]) as tf.Tensor2D);
  // ∇_u log π at the draws, detached (score form only)
  const scoreOfPi = fullLogProb
    ? undefined
    : tf.tidy(() => {
        const u = preActivation(policy, observations, noise);
        return tf.add(provider.score(u, observations), tf.mul(tf.tanh(u), 2));
      });
  const loss = () =>
    tf.tidy(() => {
      let u: tf.Tensor3D;
      let entropyTerm: tf.Tensor;
      if (fullLogProb && policy.kind === 'squashed-gaussian') {
        const { mean, logStd } = policy.distribution(observations);
        u = tf.add(mean, tf.mul(tf.exp(logStd), noise)) as tf.Tensor3D;
        entropyTerm = tf.sub(gaussianLogDensity(u, mean, logStd), tanhLogDetJacobian(u));
      } else {
        u = preActivation(policy, observations, noise);
        entropyTerm = tf.sum(tf.mul(stopGradient(scoreOfPi as tf.Tensor), u), -1);
      }
      const actions = tf.tanh(u);
      const qPi = q(tiled, tf.reshape(actions, [n * b, k]) as tf.Tensor2D);
      let loss = tf.mean(tf.sub(tf.mul(tf.reshape(entropyTerm, [n * b]), alpha), qPi));
      if (clamping && clamping.weight > 0) {
        loss = tf.add(loss, tf.mul(jacobianClampingLoss(policy, clamping.key, observations, noise, actions as tf.Tensor3D, clamping.loss), clamping.weight));
      }
      return loss as tf.Scalar;
    });
  return { loss, dispose: () => tf.dispose([tiled, ...(scoreOfPi ? [scoreOfPi] : [])]) };
}
