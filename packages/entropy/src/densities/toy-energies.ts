/**
 * Unnormalized 2-D energies U (q ∝ exp(−U)) of Rezende & Mohamed (ICML 2015, arXiv:1505.05770),
 * as used by the AR-DAE paper's sampler-fitting toy, each with a confinement term
 * Σ_d relu(|x_d| − 6)². Scores come from automatic differentiation.
 *   ring:        ½((‖x‖ − 2)/0.4)² − log(e^{−½((x₁−2)/0.6)²} + e^{−½((x₁+2)/0.6)²})
 *   sigmoidWave: −log(e^{−½((x₂ − w₁)/0.4)²} + e^{−½((x₂ − w₁ + w₃)/0.35)²}),
 *                w₁ = sin(πx₁/2), w₃ = 3σ((x₁ − 1)/0.3)
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertPoints, coordinate } from '../internal/validate';
import type { ToyDensity } from './toy-density';

type Energy = (x: tf.Tensor) => tf.Tensor;

function confinement(x: tf.Tensor): tf.Tensor {
  return tf.sum(tf.square(tf.relu(tf.sub(tf.abs(x), 6))), -1);
}

/** log(e^a + e^b) elementwise, stable */
function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const m = tf.maximum(a, b);
  return tf.add(m, tf.log(tf.add(tf.exp(tf.sub(a, m)), tf.exp(tf.sub(b, m)))));
}

const ring: Energy = (x) => {
  const x1 = coordinate(x, 0);
  const radius = tf.sqrt(tf.add(tf.sum(tf.square(x), -1), 1e-12));
  const shell = tf.mul(tf.square(tf.div(tf.sub(radius, 2), 0.4)), 0.5);
  const left = tf.mul(tf.square(tf.div(tf.sub(x1, 2), 0.6)), -0.5);
  const right = tf.mul(tf.square(tf.div(tf.add(x1, 2), 0.6)), -0.5);
  return tf.add(tf.sub(shell, logAddExp(left, right)), confinement(x));
};

const sigmoidWave: Energy = (x) => {
  const x1 = coordinate(x, 0);
  const x2 = coordinate(x, 1);
  const w1 = tf.sin(tf.mul(x1, Math.PI / 2));
  const w3 = tf.mul(tf.sigmoid(tf.div(tf.sub(x1, 1), 0.3)), 3);
  const a = tf.mul(tf.square(tf.div(tf.sub(x2, w1), 0.4)), -0.5);
  const b = tf.mul(tf.square(tf.div(tf.add(tf.sub(x2, w1), w3), 0.35)), -0.5);
  return tf.add(tf.neg(logAddExp(a, b)), confinement(x));
};

function energyDensity(name: string, energy: Energy, box: readonly [number, number]): ToyDensity {
  const check = (x: tf.Tensor) => assertPoints(x, 2, name);
  return Object.freeze({
    name,
    dim: 2,
    normalized: false,
    box,
    logDensity: (x: tf.Tensor) => {
      check(x);
      return tf.tidy(() => tf.neg(energy(x)));
    },
    score: (x: tf.Tensor) => {
      check(x);
      return tf.tidy(() => tf.grad((input: tf.Tensor) => tf.neg(tf.sum(energy(input))))(x));
    },
  });
}

/**
 * @example
 * const target = toyEnergies.sigmoidWave;
 * const loss = tf.neg(tf.mean(target.logDensity(x)));   // E_q[U(x)]
 */
export const toyEnergies: Readonly<{ ring: ToyDensity; sigmoidWave: ToyDensity }> = Object.freeze({
  ring: energyDensity('ring', ring, [-4, 4]),
  sigmoidWave: energyDensity('sigmoid-wave', sigmoidWave, [-4, 4]),
});
