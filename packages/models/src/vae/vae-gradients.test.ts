import * as tf from '@tensorflow/tfjs-core';
import { type Key, fold, key, random, ready, split } from '@stochgrad/core';
import { disarm, vimco } from '@stochgrad/discrete';
import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulliDecoder } from './bernoulli-decoder';
import { bernoulliElbo } from './bernoulli-elbo';
import { bernoulliEncoder } from './bernoulli-encoder';
import { bernoulliPrior } from './bernoulli-prior';
import { bernoulliVae } from './bernoulli-vae';
import { denseNetwork } from './dense-network';
import { logBernoulli } from './log-bernoulli';
import { vaeGradients } from './vae-gradients';
import { vaeTrainStep } from './vae-train-step';

/** The pieces of bernoulliVae({ key, pixels, latents, hidden }) built by hand: same keys, same weights. */
function pieces(k: Key, pixels: number, latents: number, hidden: number[]) {
  const keys = split(k, 2 * (hidden.length + 2));
  const encoder = bernoulliEncoder({ keys: keys.slice(0, hidden.length + 1), pixels, latents, hidden });
  const decoder = bernoulliDecoder({ keys: keys.slice(hidden.length + 2, 2 * hidden.length + 3), latents, pixels, hidden: [...hidden].reverse() });
  const prior = bernoulliPrior({ latents });
  return { encoder, decoder, prior };
}

describe('the pieces of the Bernoulli VAE', () => {
  beforeAll(async () => {
    await ready();
  });

  it('composed by hand, they give bernoulliVae the same weights, ELBO, tape gradients and training steps', () => {
    const parts = pieces(key(5), 12, 4, [6]);
    const vae = bernoulliVae({ key: key(5), pixels: 12, latents: 4, hidden: [6] });
    [...parts.encoder.variables, ...parts.decoder.variables].forEach((v, i) =>
      expect(Array.from(v.dataSync())).toEqual(Array.from((vae.variables[i] as tf.Variable).dataSync())),
    );
    const x = random.bernoulli(key(6), { probs: 0.5 }, [3, 12]);
    const b = random.bernoulli(key(7), { probs: 0.5 }, [2, 3, 4]);
    const logits = parts.encoder.logits(x);
    expect(Array.from(bernoulliElbo({ x, b, encoderLogits: logits, decoder: parts.decoder, prior: parts.prior }).dataSync())).toEqual(Array.from(vae.elbo(x, b, logits).dataSync()));
    const estimator = vimco({ numSamples: 3 });
    const mine = vaeGradients({ parts, key: key(8), x, estimator });
    const theirs = vae.gradients({ key: key(8), x, estimator });
    mine.encoder.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from((theirs.encoder[i] as tf.Tensor).dataSync())));
    const sgd = tf.train.sgd(0.05);
    const optimizers = { encoder: sgd, decoder: sgd, prior: sgd, controlVariate: sgd };
    const trained = bernoulliVae({ key: key(5), pixels: 12, latents: 4, hidden: [6], optimizers });
    for (let step = 0; step < 3; step++) {
      const a = vaeTrainStep({ parts, optimizers, key: fold(key(9), step), x, estimator: disarm() }).objective;
      expect(trained.trainStep({ key: fold(key(9), step), x, estimator: disarm() }).objective).toBe(a);
    }
    tf.dispose([x, b, logits, mine.value, mine.logitGradient, ...mine.encoder, ...mine.decoder, ...mine.prior, theirs.value, theirs.logitGradient, ...theirs.encoder, ...theirs.decoder, ...theirs.prior]);
    parts.encoder.network.dispose();
    parts.decoder.network.dispose();
    parts.prior.dispose();
    vae.dispose();
    trained.dispose();
    sgd.dispose();
  });

  it('logBernoulli is Σ v·α − softplus(α), finite at logits ±80; a fixed prior has no variables', () => {
    const v = tf.tensor2d([[1, 0, 1], [0, 0.5, 1]]);
    const a = tf.tensor2d([[80, -80, 0.3], [-2, 1, -80]]);
    const got = Array.from(logBernoulli(v, a).dataSync());
    const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    const rows = [[[1, 80], [0, -80], [1, 0.3]], [[0, -2], [0.5, 1], [1, -80]]];
    rows.forEach((row, n) => expect(got[n]).toBeCloseTo(row.reduce((s, [vi, ai]) => s + (vi as number) * (ai as number) - softplus(ai as number), 0), 3));
    const prior = bernoulliPrior({ latents: 3, learned: false });
    expect(prior.variables).toEqual([]);
    expect(prior.logits.trainable).toBe(false);
    tf.dispose([v, a]);
    prior.dispose();
  });

  it('denseNetwork checks its widths and keys', () => {
    expect(() => denseNetwork({ keys: [key(1)], widths: [3] })).toThrow(/widths/);
    expect(() => denseNetwork({ keys: [key(1)], widths: [3, 0] })).toThrow(/widths\[1\]/);
    expect(() => denseNetwork({ keys: [key(1)], widths: [3, 4, 2] })).toThrow(/one Key per layer/);
  });
});
