/**
 * The fast path of bernoulliVae's training step for DisARM and ARM (one antithetic pair) and
 * REINFORCE-LOO (two independent samples) on the linear model: the same estimate as the generic path (same uniforms from the same key, same samples, same
 * surrogate), with the backward pass written out by hand instead of recorded on the tape.
 *   α = x Wₑ + bₑ;  u ~ U(0,1);  b = 1[α + logit u > 0], b̃ = 1[α − logit u > 0];  B = [b; b̃]
 *   D = B W_d + b_d (both samples in one matmul);  with s = 1 − 2x, log p(x|b) = −Σ softplus(s ⊙ D)
 *   f = log p(x|b) + log p(b) − log q(b|x);  DisARM ĝ = ½ (f(b) − f(b̃)) (b − b̃) σ(|α|),
 *   ARM ĝ = (f(b) − f(b̃)) (u − ½);  REINFORCE-LOO (b, b̃ independent, as core's scoreFunction draws
 *   them) ĝ = ½ Σₖ (fₖ − f₋ₖ)(bₖ − σ(α)) = ½ (f(b) − f(b̃)) (b − b̃)
 *   loss = −(1/N) Σₙ [½ (f(bₙ) + f(b̃ₙ)) + ĝₙ · α]  (α stopped inside −log q, as the generic path)
 * Gradients of the loss: ∂D = s σ(s ⊙ D) / 2N, ∂W_d = Bᵀ ∂D, ∂b_d = Σ ∂D, ∂α = −ĝ / N,
 * ∂Wₑ = xᵀ ∂α, ∂bₑ = Σ ∂α, ∂π = σ(π) − Σ_rows B / 2N.
 * About 45 kernels instead of ~250 on the tape, no tape bookkeeping, constants made once.
 * Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", NeurIPS 2020, arXiv:2006.10680.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, random } from '@stochgrad/core';

export interface LinearVaeParameters {
  encoderKernel: tf.Variable;
  encoderBias: tf.Variable;
  decoderKernel: tf.Variable;
  decoderBias: tf.Variable;
  priorLogits: tf.Variable;
}

export interface DisarmStepResult {
  /** ½ (f(b) + f(b̃)) per example [batch]: the estimate of the ELBO */
  value: tf.Tensor1D;
  /** ĝ [batch, L]: the estimator's gradient w.r.t. the encoder logits */
  logitGradient: tf.Tensor2D;
  /** gradients of −mean(surrogate), in the order kernel, bias */
  encoder: [tf.Tensor2D, tf.Tensor1D];
  decoder: [tf.Tensor2D, tf.Tensor1D];
  prior: tf.Tensor1D;
}

export interface LinearDisarmStep {
  /** the DisARM estimate and every gradient of one step, for binary x [N, pixels] (you own the tensors) */
  (key: Key, x: tf.Tensor2D): DisarmStepResult;
  /** frees the hoisted constants */
  dispose(): void;
}

/**
 * A step function over the VAE's variables, for disarm() or arm() with one pair, or
 * scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }). Its scalar constants are made once per batch size
 * (a JS number inside an op would upload a new scalar tensor on every call).
 */
/**
 * softplus(z) = relu(z) − log σ(|z|): 3× cheaper than tf.softplus on wasm (whose kernel calls libm's
 * log and exp per element; sigmoid is vectorized). σ(|z|) ∈ [½, 1], so the log is well conditioned;
 * absolute error below 1e-6. No tape here, so its gradient is never needed.
 */
function softplus(z: tf.Tensor): tf.Tensor {
  return tf.sub(tf.relu(z), tf.log(tf.sigmoid(tf.abs(z))));
}

export type FastEstimator = 'disarm' | 'arm' | 'reinforce-loo';

export function linearDisarmStep(p: LinearVaeParameters, estimator: FastEstimator): LinearDisarmStep {
  const latents = p.priorLogits.shape[0] as number;
  const one = tf.scalar(1);
  const two = tf.scalar(2);
  const half = tf.scalar(0.5);
  const byBatch = new Map<number, { minusOneOverN: tf.Scalar; oneOverTwoN: tf.Scalar }>();
  const constants = (n: number) => {
    let c = byBatch.get(n);
    if (!c) {
      c = { minusOneOverN: tf.scalar(-1 / n), oneOverTwoN: tf.scalar(1 / (2 * n)) };
      byBatch.set(n, c);
    }
    return c;
  };
  const step = (key: Key, x: tf.Tensor2D): DisarmStepResult => {
    const n = x.shape[0];
    const { minusOneOverN, oneOverTwoN } = constants(n);
    return tf.tidy(() => {
      const alpha = tf.add(tf.matMul(x, p.encoderKernel), p.encoderBias);
      let u: tf.Tensor | undefined;
      let both: tf.Tensor2D;
      if (estimator === 'reinforce-loo') {
        // the samples of scoreFunction: bernoulliFamily's sample(key, [2])
        both = tf.reshape(random.bernoulli(key, { logits: alpha }, [2]), [2 * n, latents]);
      } else {
        // the uniforms of antitheticPairs (disarm, arm): same key, same shape [1, N, L]
        u = tf.reshape(random.uniform(key, [1, n, latents]), [n, latents]);
        const noise = tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
        both = tf.cast(tf.greater(tf.concat([tf.add(alpha, noise), tf.sub(alpha, noise)], 0), 0), 'float32') as tf.Tensor2D;
      }
      const decoded = tf.add(tf.matMul(both, p.decoderKernel), p.decoderBias);
      // s = 1 − 2x for both copies: x·D − softplus(D) = −softplus(s·D)
      const s = tf.sub(one, tf.mul(tf.concat([x, x], 0), two));
      const sd = tf.mul(s, decoded);
      const likelihood = tf.neg(tf.sum(softplus(sd), 1));
      // log p(b) − log q(b|x) = Σ b (π − α) − Σ softplus(π) + Σ softplus(α)
      const alphaBoth = tf.concat([alpha, alpha], 0);
      const linear = tf.sum(tf.mul(both, tf.sub(p.priorLogits, alphaBoth)), 1);
      const normalizers = tf.sub(tf.sum(softplus(alphaBoth), 1), tf.sum(softplus(p.priorLogits)));
      const f = tf.add(tf.add(likelihood, linear), normalizers);
      const [f1, f2] = tf.split(f, 2, 0) as [tf.Tensor1D, tf.Tensor1D];
      const [b, bTilde] = tf.split(both, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      const halfGap = () => tf.reshape(tf.mul(tf.sub(f1, f2), half), [n, 1]);
      const logitGradient = (
        estimator === 'disarm'
          ? // ĝ = ½ (f − f̃) (−1)^{b̃} 1[b ≠ b̃] σ(|α|), and (−1)^{b̃} 1[b ≠ b̃] = b − b̃
            tf.mul(tf.mul(halfGap(), tf.sub(b, bTilde)), tf.sigmoid(tf.abs(alpha)))
          : estimator === 'arm'
            ? tf.mul(tf.reshape(tf.sub(f1, f2), [n, 1]), tf.sub(u as tf.Tensor, half))
            : tf.mul(halfGap(), tf.sub(b, bTilde))
      ) as tf.Tensor2D;
      const value = tf.mul(tf.add(f1, f2), half) as tf.Tensor1D;

      const dDecoded = tf.mul(tf.mul(s, tf.sigmoid(sd)), oneOverTwoN);
      const dAlpha = tf.mul(logitGradient, minusOneOverN);
      const encoder: [tf.Tensor2D, tf.Tensor1D] = [tf.matMul(tf.transpose(x), dAlpha), tf.sum(dAlpha, 0)];
      const decoder: [tf.Tensor2D, tf.Tensor1D] = [tf.matMul(tf.transpose(both), dDecoded), tf.sum(dDecoded, 0)];
      const prior = tf.sub(tf.sigmoid(p.priorLogits), tf.mul(tf.sum(both, 0), oneOverTwoN)) as tf.Tensor1D;
      return { value, logitGradient, encoder, decoder, prior };
    });
  };
  return Object.assign(step, {
    dispose: () => {
      tf.dispose([one, two, half, ...[...byBatch.values()].flatMap((c) => [c.minusOneOverN, c.oneOverTwoN])]);
      byBatch.clear();
    },
  });
}
