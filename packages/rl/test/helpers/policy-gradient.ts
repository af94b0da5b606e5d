/**
 * Shared pieces of the policy-gradient tests: the exact MDPs' per-episode estimates, drawn in one
 * batched call by tiling the policy parameters over the M episodes (the gradient of the batch-mean
 * surrogate w.r.t. episode m's copy, times M, is episode m's estimate).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '@stochgrad/core';
import type { TabularEpisodes, TabularMdp } from '../../src/exact/tabular-mdp';
import type { LinearGaussianPolicy, LinearQuadraticEpisodes } from '../../src/exact/linear-quadratic-mdp';

export const THETA = [
  [0.4, -0.3, 0.1],
  [-0.6, 0.8, 0.0],
  [0.2, 0.5, -0.9],
];

export function disposeEpisodes(episodes: TabularEpisodes | LinearQuadraticEpisodes): void {
  tf.dispose([episodes.observations, episodes.actions, episodes.rewards, episodes.noise]);
}

/** logits at the visited states, [M, H, A], from policy logits θ [S, A] (shared) or [M, S, A] (tiled) */
export function logitsAt(observations: tf.Tensor, theta: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [M, H, S] = observations.shape as [number, number, number];
    if (theta.rank === 3) return tf.matMul(observations, theta);
    const A = theta.shape[1] as number;
    return tf.reshape(tf.matMul(tf.reshape(observations, [M * H, S]), theta), [M, H, A]);
  });
}

/** per-episode estimates [M][S·A]: `surrogate(logits)` built on the tiled θ */
export function tabularEstimates(mdp: TabularMdp, episodes: TabularEpisodes, theta: number[][], surrogate: (logits: tf.Tensor) => tf.Scalar): Float32Array[] {
  const M = episodes.rewards.shape[0] as number;
  const S = mdp.numStates;
  const A = mdp.numActions;
  const flat = tf.tidy(() => {
    const tiled = tf.broadcastTo(tf.tensor3d([theta]), [M, S, A]);
    return tf.mul(tf.grad((t: tf.Tensor) => surrogate(logitsAt(episodes.observations, t)))(tiled), M).dataSync() as Float32Array;
  });
  return Array.from({ length: M }, (_, m) => flat.subarray(m * S * A, (m + 1) * S * A));
}

/** per-episode estimates [M][2] of (∂/∂K, ∂/∂log σ): `surrogate(loc, logScale)` on tiled parameters */
export function linearQuadraticEstimates(episodes: LinearQuadraticEpisodes, policy: LinearGaussianPolicy, surrogate: (loc: tf.Tensor, logScale: tf.Tensor) => tf.Scalar): number[][] {
  const M = episodes.rewards.shape[0] as number;
  const [gK, gL] = tf.tidy(() => {
    const K = tf.fill([M, 1, 1], policy.gain);
    const L = tf.fill([M, 1, 1], policy.logScale);
    const [dK, dL] = tf.grads((k: tf.Tensor, l: tf.Tensor) => surrogate(tf.mul(k, episodes.observations), l))([K, L]) as [tf.Tensor, tf.Tensor];
    return [tf.mul(dK, M).dataSync(), tf.mul(dL, M).dataSync()];
  });
  return Array.from({ length: M }, (_, m) => [gK![m] as number, gL![m] as number]);
}

/** c_φ(s, x) = scale · (v[s] + Σ_a W[s, a] x_a + Σ_a U[s, a] x_a²) for one-hot s [M, H, S] and relaxed x [M, H, A] */
export function tabularControlVariate(observations: tf.Tensor, phi: { v: tf.Tensor; W: tf.Tensor; U: tf.Tensor; scale: tf.Tensor }): (x: tf.Tensor) => tf.Tensor {
  return (x) =>
    tf.tidy(() => {
      const [M, H, S] = observations.shape as [number, number, number];
      const flat = tf.reshape(observations, [M * H, S]);
      const A = x.shape[2] as number;
      const v = tf.reshape(tf.matMul(flat, tf.reshape(phi.v, [S, 1])), [M, H]);
      const w = tf.reshape(tf.matMul(flat, phi.W), [M, H, A]);
      const u = tf.reshape(tf.matMul(flat, phi.U), [M, H, A]);
      return tf.mul(phi.scale, tf.add(v, tf.sum(tf.add(tf.mul(w, x), tf.mul(u, tf.square(x))), -1)));
    });
}

export type { Key };
