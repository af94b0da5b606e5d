/**
 * Checks and shared pieces of the policy-gradient estimators: batched episodes [M, H] (M episodes,
 * H steps), γ in [0, 1], optional masks, the discount matrix of returns-to-go and the step weights γ^t.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError } from '@stochgrad/core';
import type { Space } from '../spaces';

const shapeOf = (t: tf.Tensor) => `[${t.shape.join(', ')}]`;

export function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

export function checkGamma(where: string, gamma: unknown): number {
  if (typeof gamma !== 'number' || !(gamma >= 0 && gamma <= 1)) throw new ArgumentError(`${where} gamma`, `got ${String(gamma)}`, 'a discount factor in [0, 1]');
  return gamma;
}

/** rewards [M, H] (and mask [M, H] when given); returns M and H */
export function checkEpisodes(where: string, rewards: unknown, mask: unknown): { M: number; H: number } {
  if (!isTensor(rewards) || rewards.rank !== 2) {
    throw new ShapeError(`${where} rewards`, isTensor(rewards) ? `got shape ${shapeOf(rewards)}` : 'is not a tensor', 'a tensor [M, H]: M episodes of H steps');
  }
  const [M, H] = rewards.shape as [number, number];
  if (M < 1 || H < 1) throw new ShapeError(`${where} rewards`, `got shape ${shapeOf(rewards)}`, 'at least one episode of at least one step');
  if (mask !== undefined && (!isTensor(mask) || mask.rank !== 2 || mask.shape[0] !== M || mask.shape[1] !== H)) {
    throw new ShapeError(`${where} mask`, isTensor(mask) ? `got shape ${shapeOf(mask)}` : 'is not a tensor', `[${M}, ${H}] like the rewards (1 while the episode runs, 0 after)`);
  }
  return { M, H };
}

/** a tensor whose shape starts with [M, H] and has `rank` axes (the rest as given) */
export function checkStepTensor(where: string, name: string, value: unknown, M: number, H: number, rank: number, what: string): tf.Tensor {
  if (!isTensor(value) || value.rank !== rank || value.shape[0] !== M || value.shape[1] !== H) {
    throw new ShapeError(`${where} ${name}`, isTensor(value) ? `got shape ${shapeOf(value)}` : 'is not a tensor', `${what}, with [M, H] = [${M}, ${H}] as the rewards`);
  }
  return value;
}

export function checkFunction(where: string, name: string, value: unknown, what: string): void {
  if (typeof value !== 'function') throw new ArgumentError(`${where} ${name}`, `got ${typeof value}`, what);
}

export function checkActionSpace(where: string, space: Space | undefined, kind: 'discrete' | 'box', size: number): void {
  if (space === undefined) return;
  if (space?.kind !== kind) {
    const got = space && typeof space === 'object' && 'kind' in space ? String(space) : String(space);
    throw new ArgumentError(
      `${where} actionSpace`,
      `got ${got}`,
      kind === 'discrete' ? 'a Discrete action space (RELAX relaxes categorical actions; use laxPolicyGradient for Box actions)' : 'a Box action space (LAX reparameterizes continuous actions; use relaxPolicyGradient for Discrete actions)',
    );
  }
  const actual = space.kind === 'discrete' ? space.n : space.size;
  if (actual !== size) throw new ShapeError(`${where} actionSpace`, `has ${actual} ${kind === 'discrete' ? 'actions' : 'dimensions'} but the policy has ${size}`, 'the same action count as the policy tensors');
}

/** U[t′, t] = γ^{t′−t} for t′ ≥ t, else 0: returns-to-go G = r U */
export function discountMatrix(H: number, gamma: number): tf.Tensor2D {
  const u = new Float32Array(H * H);
  for (let from = 0; from < H; from++) for (let to = 0; to <= from; to++) u[from * H + to] = gamma ** (from - to);
  return tf.tensor2d(u, [H, H]);
}

/** γ^t, t = 0 … H − 1, as [1, H] */
export function stepWeights(H: number, gamma: number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from({ length: H }, (_, t) => gamma ** t), [1, H]);
}

/** G_t = Σ_{t′≥t} γ^{t′−t} r_{t′} (rewards masked first) */
export function returnsToGoOf(rewards: tf.Tensor, gamma: number, mask: tf.Tensor | undefined): tf.Tensor {
  return tf.tidy(() => tf.matMul(mask ? tf.mul(rewards, mask) : rewards, discountMatrix(rewards.shape[1] as number, gamma)));
}

/** mean over episodes of Σ_t γ^t mask_t term_t */
export function weightedSum(terms: tf.Tensor, gamma: number, mask: tf.Tensor | undefined): tf.Scalar {
  return tf.tidy(() => {
    const [M, H] = terms.shape as [number, number];
    const w = mask ? tf.mul(stepWeights(H, gamma), mask) : stepWeights(H, gamma);
    return tf.div(tf.sum(tf.mul(terms, w)), M) as tf.Scalar;
  });
}
