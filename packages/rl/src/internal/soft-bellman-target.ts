/**
 * @internal The soft Bellman target of SAC's critics, as a pure function of its inputs.
 *   y = r + γ·(1 − terminated)·(min_i Q̄_i(s′, a′) − α·log π(a′|s′)),  a′ ~ π(·|s′)
 * Q̄_i are the target (Polyak-averaged) critics. A time-limit truncation is not a termination: it
 * bootstraps (its stored flag is 0). `nextLogProb` undefined drops the entropy term (score-only
 * entropy providers, which have no log-density).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface SoftBellmanTargetArgs {
  rewards: tf.Tensor1D;
  /** 1 terminated, 0 otherwise (running on or truncated) */
  terminations: tf.Tensor1D;
  /** Q̄_1(s′, a′), Q̄_2(s′, a′), … [B] each */
  nextQ: readonly tf.Tensor1D[];
  /** log π(a′|s′) [B]; undefined: no entropy term */
  nextLogProb: tf.Tensor1D | undefined;
  alpha: number | tf.Scalar;
  gamma: number;
}

export function softBellmanTarget(args: SoftBellmanTargetArgs): tf.Tensor1D {
  const { rewards, terminations, nextQ, nextLogProb, alpha, gamma } = args;
  return tf.tidy(() => {
    let soft: tf.Tensor = nextQ.slice(1).reduce<tf.Tensor>((m, q) => tf.minimum(m, q), nextQ[0] as tf.Tensor1D);
    if (nextLogProb) soft = tf.sub(soft, tf.mul(alpha, nextLogProb));
    return tf.add(rewards, tf.mul(tf.mul(tf.sub(1, terminations), gamma), soft)) as tf.Tensor1D;
  });
}
