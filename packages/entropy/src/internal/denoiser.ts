/**
 * The machinery that AR-DAE and the plain DAE share: a network f(x̃[, σ][, context]) in one of two
 * parametrizations, the residual denoising loss ‖u + σ·f(x + σu, …)‖², and evaluation of f on
 * inputs of any leading shape with a context broadcast over the leading (sample) axes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, ShapeError, random } from '@stochgrad/core';
import { type Activation, type Mlp, mlp } from './mlp';
import { assertFiniteValues, assertTensor, shapeString } from './validate';

export type Parametrization = 'residual' | 'gradient';

export interface DenoiserConfig {
  dim: number;
  contextDim: number;
  hidden: number;
  layers: number;
  activation: Activation;
  parametrization: Parametrization;
  /** true: σ is an input of the network (AR-DAE); false: a plain DAE at one noise level */
  amortized: boolean;
  /** decay of a moving (Polyak) average of the weights used for evaluation; 0: none */
  averaging: number;
}

/** which weights to evaluate with: the trained ones (training) or, when kept, their average */
export type Weights = 'trained' | 'average';

export interface Denoiser {
  readonly variables: readonly tf.Variable[];
  /** f at inputs y [R, D] with σ [R, 1] (ignored unless amortized) and context [R, C] or null → [R, D] */
  field(y: tf.Tensor, sigma: tf.Tensor | null, context: tf.Tensor | null, weights?: Weights): tf.Tensor;
  /** the scalar network output E (= −log q̃ up to a constant), gradient parametrization only → [R] */
  energy(y: tf.Tensor, sigma: tf.Tensor | null, context: tf.Tensor | null, weights?: Weights): tf.Tensor;
  /** after an optimizer step: moves the weight average (no-op without averaging) */
  updateAverage(): void;
  dispose(): void;
}

export function denoiser(k: Key, config: DenoiserConfig): Denoiser {
  const { dim, contextDim, hidden, layers, activation, parametrization, amortized, averaging } = config;
  const inputs = dim + (amortized ? 1 : 0) + contextDim;
  const outputs = parametrization === 'residual' ? dim : 1;
  const net: Mlp = mlp(k, [inputs, ...new Array<number>(layers).fill(hidden), outputs], activation, averaging > 0);

  const assemble = (y: tf.Tensor, sigma: tf.Tensor | null, context: tf.Tensor | null): tf.Tensor => {
    const parts = [y];
    if (amortized) parts.push(sigma ?? tf.zeros([y.shape[0] as number, 1]));
    if (contextDim > 0 && context) parts.push(context);
    return parts.length === 1 ? y : tf.concat(parts, 1);
  };
  const energy = (y: tf.Tensor, sigma: tf.Tensor | null, context: tf.Tensor | null, weights: Weights = 'trained'): tf.Tensor =>
    tf.tidy(() => tf.reshape(net.apply(assemble(y, sigma, context), weights), [-1]));

  return Object.freeze({
    variables: net.variables,
    field(y: tf.Tensor, sigma: tf.Tensor | null, context: tf.Tensor | null, weights: Weights = 'trained'): tf.Tensor {
      return tf.tidy(() => {
        if (parametrization === 'residual') return net.apply(assemble(y, sigma, context), weights);
        // f = −∂E/∂ỹ; a second tape when this runs inside a training step (second-order gradients)
        const dEnergy = tf.grad((input: tf.Tensor) => tf.sum(energy(input, sigma, context, weights)));
        return tf.neg(dEnergy(y));
      });
    },
    energy(y: tf.Tensor, sigma: tf.Tensor | null, context: tf.Tensor | null, weights: Weights = 'trained'): tf.Tensor {
      if (parametrization !== 'gradient') {
        throw new ArgumentError('parametrization', "got 'residual' (its network outputs the score, not a log density)", "'gradient' for an unnormalized log density");
      }
      return energy(y, sigma, context, weights);
    },
    updateAverage: () => net.updateAverage(averaging),
    dispose: () => net.dispose(),
  });
}

/** Checks a context against the leading shape it must broadcast over: [...batch, C], batch a suffix of `lead`. */
export function checkContext(context: tf.Tensor | undefined, contextDim: number, lead: readonly number[], argument: string, leadArgument: string): void {
  if (contextDim === 0) {
    if (context !== undefined) throw new ArgumentError(argument, 'a context was given to a model made without one', 'no context (make the model with contextDim > 0 to condition on one)');
    return;
  }
  if (context === undefined) throw new ArgumentError(argument, 'missing', `a float32 tensor [...batch, ${contextDim}] (the model was made with contextDim = ${contextDim})`);
  assertTensor(context, argument, `a float32 tensor [...batch, ${contextDim}]`);
  const c = context.shape[context.rank - 1];
  const batch = context.shape.slice(0, -1);
  const suffix = lead.slice(lead.length - batch.length);
  if (context.rank < 1 || c !== contextDim || batch.length > lead.length || !batch.every((d, i) => d === suffix[i])) {
    throw new ShapeError(
      argument,
      `got shape ${shapeString(context.shape)} for ${leadArgument} with leading shape ${shapeString(lead)}`,
      `[...batch, ${contextDim}] where batch is a suffix of ${shapeString(lead)}`,
    );
  }
  assertFiniteValues(context, argument);
}

/** The context broadcast to [...lead, C] and flattened to [R, C]; null without a context. */
export function flatContext(context: tf.Tensor | undefined, lead: readonly number[]): tf.Tensor | null {
  if (context === undefined) return null;
  const c = context.shape[context.rank - 1] as number;
  return tf.tidy(() => tf.reshape(tf.broadcastTo(context, [...lead, c]), [-1, c]));
}

/**
 * The residual denoising loss, averaged over all elements: mean ‖u + σ·f(y + σu, σ)‖² / D with
 * y [N, ...batch, D] (already rescaled), σ [S, N, ...batch, 1] (one or more noise levels per sample) and
 * u ~ N(0, I) drawn from the key. Antithetic: every (y, σ, u) also enters as (y, σ, −u); the
 * expectation is unchanged (u is symmetric) and the noisy term 2σ·uᵀf(y) cancels within a pair.
 */
export function denoisingLoss(net: Denoiser, k: Key, y: tf.Tensor, sigma: tf.Tensor, context: tf.Tensor | undefined, antithetic = false): tf.Scalar {
  return tf.tidy(() => {
    const shape = sigma.shape.slice(0, -1).concat([y.shape[y.rank - 1] as number]);
    const dim = shape[shape.length - 1] as number;
    let u = random.normal(k, shape);
    let s = sigma;
    if (antithetic) {
      u = tf.concat([u, tf.neg(u)], 0);
      s = tf.concat([sigma, sigma], 0);
      shape[0] = 2 * (shape[0] as number);
    }
    const yTilde = tf.add(y, tf.mul(s, u));
    const lead = shape.slice(0, -1);
    const sigmaColumn = tf.reshape(s, [-1, 1]);
    const f = net.field(tf.reshape(yTilde, [-1, dim]), sigmaColumn, flatContext(context, lead));
    const residual = tf.add(tf.reshape(u, [-1, dim]), tf.mul(sigmaColumn, f));
    return tf.mean(tf.square(residual)) as tf.Scalar;
  });
}

/**
 * Runs one optimizer step on `loss` over the network's variables and returns the loss value.
 */
export function step(optimizer: tf.Optimizer, net: Denoiser, loss: () => tf.Scalar): number {
  const cost = optimizer.minimize(loss, true, net.variables.slice());
  if (!cost) throw new Error('the optimizer returned no cost');
  const value = cost.dataSync()[0] as number;
  cost.dispose();
  net.updateAverage();
  return value;
}

/** Per-datum scale: the standard deviation over the sample axis, averaged over the event axis → [...batch]. */
export function perDatumScale(y: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const mean = tf.mean(y, 0, true);
    const n = y.shape[0] as number;
    const variance = tf.div(tf.sum(tf.square(tf.sub(y, mean)), 0), n - 1);
    return tf.mean(tf.sqrt(variance), -1);
  });
}

