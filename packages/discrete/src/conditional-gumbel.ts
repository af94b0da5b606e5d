/**
 * The conditional Gumbel sampler of RELAX for categorical variables: z̃ ~ p(z | b, α), drawn
 * reparameterized (differentiable in the logits α), for a class b that was sampled as the argmax of
 * z = log softmax(α) + g, g standard Gumbel.
 *   z̃_b = g_b                                   (the max of Gumbels with Σθ = 1 is a standard Gumbel,
 *                                                 independent of which class attains it)
 *   z̃_i = −log(−log v_i / θ_i − log v_b),  i ≠ b (Gumbel(log θ_i) truncated below z̃_b)
 * with g = −log(−log v) the fresh standard Gumbel noise passed in, computed in log space as
 * a_i − softplus(a_i − g_b), a_i = log θ_i + g_i (finite for |α| up to 80).
 * Properties: exact (not the "slightly biased" sampler of the RELAX RL code, which keeps log θ_b in
 * z̃_b); argmax z̃ = b; averaged over b ~ softmax(α), z̃ has the law of z.
 * Reference: Grathwohl, Choi, Wu, Roeder, Duvenaud, "Backpropagation through the Void", ICLR 2018,
 * Appendix "Conditional Re-sampling", arXiv:1711.00123.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError } from '@stochgrad/core';
import { categoricalRelaxation } from './internal/relax-conditional';
import { checkOptions } from '@stochgrad/core';

export interface ConditionalGumbelArgs {
  /** logits α [..., C] */
  logits: tf.Tensor;
  /** the sampled class b as a float32 one-hot [..., C] */
  sample: tf.Tensor;
  /** fresh standard Gumbel noise [..., C] (core's `random.gumbel`) */
  noise: tf.Tensor;
}

/**
 * @example
 * const g = random.gumbel(k1, logits.shape);
 * const b = tf.oneHot(tf.argMax(tf.add(tf.logSoftmax(logits), g), -1), C).toFloat();
 * const zTilde = conditionalGumbel({ logits, sample: b, noise: random.gumbel(k2, logits.shape) });
 */
export function conditionalGumbel(args: ConditionalGumbelArgs): tf.Tensor {
  checkOptions('conditionalGumbel', args, ['logits', 'sample', 'noise']);
  const { logits, sample, noise } = args ?? ({} as ConditionalGumbelArgs);
  for (const [name, t] of [['logits', logits], ['sample', sample], ['noise', noise]] as const) {
    if (!t || typeof (t as tf.Tensor).shape !== 'object') throw new ArgumentError(`conditionalGumbel ${name}`, 'is missing or not a tensor', 'a tf.Tensor [..., C]');
    if ((t as tf.Tensor).isDisposed) throw new ArgumentError(`conditionalGumbel ${name}`, 'the tensor was disposed', 'a live tf.Tensor [..., C]');
  }
  if (logits.rank < 1) throw new ShapeError('conditionalGumbel logits', 'got a scalar', 'logits [..., C] with C ≥ 2 classes');
  const same = (t: tf.Tensor) => t.rank === logits.rank && t.shape.every((d, i) => d === logits.shape[i]);
  if (!same(sample) || !same(noise)) {
    throw new ShapeError('conditionalGumbel', `logits [${logits.shape.join(', ')}], sample [${sample.shape.join(', ')}], noise [${noise.shape.join(', ')}]`, 'sample and noise of the logits shape');
  }
  return categoricalRelaxation.conditional(logits, sample, noise);
}
