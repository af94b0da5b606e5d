/**
 * The VAE of the bench: Gaussian latents z ~ N(0, I_d), a Bernoulli decoder
 * p_θ(x | z) = Bernoulli(σ(W₂ tanh(W₁z + b₁) + b₂)) over 784 pixels, and a Gaussian encoder
 * q_φ(z | x) = N(μ(x), diag σ(x)²) with one tanh hidden layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, independent, normal, random, split } from '@stochgrad/core';

const PIXELS = 784;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export interface Vae {
  decoder: tf.Variable[];
  encoder: tf.Variable[];
  /** log p_θ(x, z) for x [B, 784], z [n, B, d]: [n, B] */
  logJoint: (x: tf.Tensor, z: tf.Tensor) => tf.Tensor;
  /** q_φ(z | x), batch [B], event [d] */
  proposal: (x: tf.Tensor) => ReturnType<typeof independent>;
  dispose: () => void;
}

function glorot(k: Key, rows: number, columns: number, name: string): tf.Variable {
  const limit = Math.sqrt(6 / (rows + columns));
  return tf.tidy(() => tf.variable(random.uniform(k, [rows, columns], { low: -limit, high: limit }), true, name));
}

/** A trainable variable of zeros (the initial tensor freed: tf.variable keeps its own reference). */
const zeroVariable = (shape: number[], name: string) => tf.tidy(() => tf.variable(tf.zeros(shape), true, name));

export function createVae(k: Key, options: { latent: number; hidden: number; pixelMean: Float32Array }): Vae {
  const { latent, hidden } = options;
  const keys = split(k, 4) as [Key, Key, Key, Key];
  const meanLogit = tf.tidy(() => {
    const p = tf.clipByValue(tf.tensor1d(options.pixelMean), 1e-3, 1 - 1e-3);
    return tf.log(tf.div(p, tf.sub(1, p)));
  });
  const decoder = [
    glorot(keys[0], latent, hidden, 'decoder/W1'),
    zeroVariable([hidden], 'decoder/b1'),
    glorot(keys[1], hidden, PIXELS, 'decoder/W2'),
    tf.variable(meanLogit, true, 'decoder/b2'),
  ];
  const encoder = [
    glorot(keys[2], PIXELS, hidden, 'encoder/W1'),
    zeroVariable([hidden], 'encoder/b1'),
    glorot(keys[3], hidden, 2 * latent, 'encoder/W2'),
    zeroVariable([2 * latent], 'encoder/b2'),
  ];
  const [dW1, db1, dW2, db2] = decoder as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const [eW1, eb1, eW2, eb2] = encoder as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const logJoint = (x: tf.Tensor, z: tf.Tensor) =>
    tf.tidy(() => {
      const [n, batch] = z.shape as [number, number];
      const flat = tf.reshape(z, [n * batch, latent]);
      const logits = tf.reshape(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(flat, dW1), db1)), dW2), db2), [n, batch, PIXELS]);
      // log Bernoulli(x; σ(l)) = x·l − softplus(l)
      const likelihood = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1);
      const prior = tf.sub(tf.mul(tf.sum(tf.square(z), -1), -0.5), latent * HALF_LOG_TWO_PI);
      return tf.add(likelihood, prior);
    });
  const proposal = (x: tf.Tensor) => {
    const [loc, scale] = tf.tidy(() => {
      const out = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, eW1), eb1)), eW2), eb2);
      const [mu, rawScale] = tf.split(out, 2, 1) as [tf.Tensor, tf.Tensor];
      // σ = softplus(·) + 1e-3: positive, and bounded away from 0 so that w stays bounded
      return [mu, tf.add(tf.softplus(rawScale), 1e-3)];
    });
    return independent(normal({ loc, scale }), 1);
  };
  return {
    decoder,
    encoder,
    logJoint,
    proposal,
    dispose: () => tf.dispose([...decoder, ...encoder, meanLogit]),
  };
}
