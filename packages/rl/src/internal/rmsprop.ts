/**
 * @internal RMSprop as PyTorch writes it (the optimizer SB3's A2C uses, alpha 0.99, eps 1e-5):
 *   v ← α v + (1 − α) g²,   θ ← θ − lr · g / (√v + ε)
 * tfjs's RMSPropOptimizer puts ε inside the square root (√(v + ε)), which at ε = 1e-5 changes early
 * steps by orders of magnitude where v is tiny, hence this one.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface GradientStep {
  /** applies grads (aligned with the variables) */
  apply(grads: readonly tf.Tensor[]): void;
  dispose(): void;
}

export function rmsprop(variables: readonly tf.Variable[], options: { learningRate: number; alpha: number; eps: number }): GradientStep {
  const { learningRate, alpha, eps } = options;
  const squares = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  return {
    apply(grads) {
      tf.tidy(() => {
        grads.forEach((g, i) => {
          const s = squares[i] as tf.Variable;
          const next = tf.add(tf.mul(s, alpha), tf.mul(tf.square(g), 1 - alpha));
          s.assign(next);
          const v = variables[i] as tf.Variable;
          v.assign(tf.sub(v, tf.div(tf.mul(g, learningRate), tf.add(tf.sqrt(next), eps))));
        });
      });
    },
    dispose: () => squares.forEach((s) => s.dispose()),
  };
}

/** A tf.train optimizer (Adam, SGD, …) as a GradientStep over the given variables. */
export function fromTfOptimizer(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): GradientStep {
  return {
    apply(grads) {
      const named: tf.NamedTensorMap = {};
      variables.forEach((v, i) => {
        named[v.name] = grads[i] as tf.Tensor;
      });
      optimizer.applyGradients(named);
    },
    dispose: () => optimizer.dispose(),
  };
}
