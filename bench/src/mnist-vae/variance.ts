/**
 * The gradient-variance diagnostic of the DisARM code (`compute_grad_variance`): exponential
 * moving averages (decay 0.999, started at the first gradient, no bias correction) of g and g²
 * for every component of the encoder gradient; the reported number is the mean over components
 * of EMA(g²) − EMA(g)². Here g is the gradient of the mean-over-batch loss, which equals the
 * DisARM code's summed gradient divided by batch² in variance.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface GradientVariance {
  /** folds one step's gradients (one tensor per variable, same order each step) into the averages */
  update(gradients: readonly tf.Tensor[]): void;
  /** mean over all components of EMA(g²) − EMA(g)² (a sync read) */
  value(): number;
  /** updates so far */
  readonly count: number;
  dispose(): void;
}

export function gradientVariance(options: { decay?: number } = {}): GradientVariance {
  const decay = options.decay ?? 0.999;
  const keep = tf.scalar(decay);
  const mix = tf.scalar(1 - decay);
  let means: tf.Variable[] = [];
  let squares: tf.Variable[] = [];
  let count = 0;
  return {
    update(gradients) {
      tf.tidy(() => {
        if (count === 0) {
          means = gradients.map((g) => tf.variable(tf.clone(g), false));
          squares = gradients.map((g) => tf.variable(tf.square(g), false));
        } else {
          gradients.forEach((g, i) => {
            const m = means[i] as tf.Variable;
            const s = squares[i] as tf.Variable;
            m.assign(tf.add(tf.mul(m, keep), tf.mul(g, mix)));
            s.assign(tf.add(tf.mul(s, keep), tf.mul(tf.square(g), mix)));
          });
        }
      });
      count += 1;
    },
    value() {
      return tf.tidy(() => {
        let total = 0;
        let components = 0;
        means.forEach((m, i) => {
          total += tf.sum(tf.sub(squares[i] as tf.Variable, tf.square(m))).dataSync()[0] as number;
          components += m.size;
        });
        return total / components;
      });
    },
    get count() {
      return count;
    },
    dispose() {
      tf.dispose([keep, mix, ...means, ...squares]);
      means = [];
      squares = [];
    },
  };
}
