/**
 * @internal Adam as PyTorch writes it, over a list of variables updated as one flat vector:
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − lr·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)
 * (ε outside the root). One flat state per optimizer: a few kernels per step instead of a dozen per
 * variable, which is what a small-network update costs in tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface FlatAdam {
  /** one step on the gradient of loss with respect to the variables; returns the loss (the caller disposes it) */
  minimize(loss: () => tf.Scalar): tf.Scalar;
  dispose(): void;
}

export function flatAdam(variables: readonly tf.Variable[], options: { learningRate: number; beta1?: number; beta2?: number; eps?: number }): FlatAdam {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options;
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((s, x) => s + x, 0);
  const m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  const v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  let t = 0;
  return {
    minimize(loss) {
      const { value, grads } = tf.variableGrads(loss, variables.slice());
      t += 1;
      tf.tidy(() => {
        const g = tf.concat(variables.map((x) => tf.reshape(grads[x.name] ?? tf.zerosLike(x), [-1])));
        const mNext = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNext = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        m.assign(mNext);
        v.assign(vNext);
        const step = tf.div(tf.mul(mNext, learningRate / (1 - beta1 ** t)), tf.add(tf.div(tf.sqrt(vNext), Math.sqrt(1 - beta2 ** t)), eps));
        const parts = tf.split(step, sizes);
        variables.forEach((x, i) => x.assign(tf.sub(x, tf.reshape(parts[i] as tf.Tensor, x.shape))));
      });
      tf.dispose(Object.values(grads));
      return value;
    },
    dispose: () => tf.dispose([m, v]),
  };
}
