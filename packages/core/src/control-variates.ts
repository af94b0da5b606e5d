/**
 * Control variates (baselines) for the score-function estimator: ĝ = (f(b) − c) ∇ log p(b).
 * A baseline c that does not depend on b keeps the estimator unbiased and can cut its variance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describe } from './errors';
import { detach } from './numerics';
import { checkOptions } from './options';

export interface ControlVariate {
  readonly name: string;
  /** fewest samples per estimate it needs (leave-one-out: 2) */
  readonly minSamples: number;
  /**
   * the baselines c [K, ...batch] for values f [K, ...batch] (detached) at the detached logits;
   * no gradient flows through them into the surrogate
   */
  baseline(values: tf.Tensor, logits: tf.Tensor): tf.Tensor;
  /** for learned baselines: a loss to minimise w.r.t. the baseline's own variables */
  loss?(values: tf.Tensor, logits: tf.Tensor): tf.Scalar;
  /** called once after each estimate with the detached values (state updates) */
  update?(values: tf.Tensor): void;
  readonly variables?: readonly tf.Variable[];
  dispose?(): void;
}

/**
 * No baseline: plain REINFORCE, ĝ = f(b) ∇ log p(b).
 * @example const est = scoreFunction({ controlVariate: noBaseline() });
 */
export function noBaseline(): ControlVariate {
  return Object.freeze({ name: 'none', minSamples: 1, baseline: (values: tf.Tensor) => tf.zerosLike(values) });
}

/**
 * A fixed baseline c.
 * @example const est = scoreFunction({ controlVariate: constantBaseline(0.25) });
 */
export function constantBaseline(value: number): ControlVariate {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError('value', `got ${describe(value)}`, 'a finite number');
  }
  return Object.freeze({ name: `constant(${value})`, minSamples: 1, baseline: (values: tf.Tensor) => tf.fill(values.shape, value) });
}

/**
 * An exponential moving average of past objective values (scalar, bias-corrected as in Adam):
 * c_t = m_t / (1 − decay^t), m_t = decay·m_{t−1} + (1 − decay)·mean f. It uses only past
 * estimates, so it stays unbiased. Owns one variable: call dispose() when done.
 * @example const est = scoreFunction({ controlVariate: movingAverageBaseline({ decay: 0.9 }) });
 */
export function movingAverageBaseline(options: { decay?: number } = {}): ControlVariate {
  checkOptions('movingAverageBaseline', options, ['decay']);
  const { decay = 0.9 } = options;
  if (typeof decay !== 'number' || !(decay > 0 && decay < 1)) {
    throw new ArgumentError('decay', `got ${describe(decay)}`, 'a number in (0, 1)');
  }
  let average: tf.Variable | undefined;
  let steps = 0;
  const state = () => {
    average ??= tf.variable(tf.scalar(0), false, undefined, 'float32');
    return average;
  };
  const variables: tf.Variable[] = [];
  return Object.freeze({
    name: `ema(${decay})`,
    minSamples: 1,
    get variables() {
      return average ? [average] : variables;
    },
    baseline: (values: tf.Tensor) =>
      tf.tidy(() => (steps === 0 ? tf.zerosLike(values) : tf.broadcastTo(tf.div(state(), 1 - decay ** steps), values.shape))),
    update: (values: tf.Tensor) => {
      tf.tidy(() => {
        const m = state();
        m.assign(tf.add(tf.mul(m, decay), tf.mul(tf.mean(values), 1 - decay)));
      });
      steps += 1;
    },
    dispose: () => {
      average?.dispose();
      average = undefined;
      steps = 0;
    },
  });
}

/**
 * A learned baseline c_ψ: a network you pass, from the (detached) logits [...batch, ...] to one
 * value per batch element [...batch]; it may close over the data (NVIL). Train ψ by minimising
 * the estimate's `controlVariateLoss` = mean (f − c_ψ)²; the logits' upstream variables get no
 * gradient from it. Unbiased for any ψ.
 * @example
 * const w = tf.variable(tf.zeros([8, 1]));
 * const cv = learnedBaseline((logits) => tf.squeeze(tf.matMul(logits, w), [-1]));
 * const est = scoreFunction({ controlVariate: cv });
 */
export function learnedBaseline(network: (logits: tf.Tensor) => tf.Tensor, options: { name?: string } = {}): ControlVariate {
  if (typeof network !== 'function') {
    throw new ArgumentError('network', `got ${describe(network)}`, 'a function from logits to one baseline value per batch element');
  }
  checkOptions('learnedBaseline', options, ['name']);
  if (options.name !== undefined && typeof options.name !== 'string') throw new ArgumentError('name', `got ${describe(options.name)}`, 'a string');
  const predict = (values: tf.Tensor, logits: tf.Tensor) => {
    const out = network(logits);
    if (!(out instanceof tf.Tensor)) throw new ArgumentError('network', `returned ${describe(out)}`, 'a tf.Tensor');
    const batch = values.shape.slice(1);
    if (out.shape.length !== batch.length || out.shape.some((d, i) => d !== batch[i] && d !== 1)) {
      throw new ArgumentError('network', `returned shape [${out.shape.join(', ')}]`, `one value per batch element, shape [${batch.join(', ')}]`);
    }
    return out;
  };
  return Object.freeze({
    name: options.name ?? 'learned',
    minSamples: 1,
    baseline: (values: tf.Tensor, logits: tf.Tensor) => tf.tidy(() => tf.broadcastTo(detach(predict(values, logits)), values.shape)),
    loss: (values: tf.Tensor, logits: tf.Tensor) =>
      tf.tidy(() => tf.mean(tf.square(tf.sub(values, predict(values, logits)))) as tf.Scalar),
  });
}

/**
 * Leave-one-out over K ≥ 2 samples: c_k = 1/(K−1) Σ_{j≠k} f(b_j), so
 * ĝ = 1/K Σ_k (f(b_k) − c_k) ∇ log p(b_k). Unbiased; needs numSamples ≥ 2.
 * Reference: Kool, van Hoof, Welling, "Buy 4 REINFORCE samples, get a baseline for free!", 2019.
 * @example const est = scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 });
 */
export function leaveOneOut(): ControlVariate {
  const made: ControlVariate = Object.freeze({
    name: 'leave-one-out',
    minSamples: 2,
    baseline: (values: tf.Tensor) =>
      tf.tidy(() => {
        const k = values.shape[0] as number;
        return tf.div(tf.sub(tf.sum(values, 0, true), values), k - 1);
      }),
  });
  leaveOneOutBaselines.add(made);
  return made;
}

/** the control variates made by leaveOneOut(), by identity (scoreFunction's pair rule needs to know) */
const leaveOneOutBaselines = new WeakSet<ControlVariate>();

/** true for a control variate made by leaveOneOut() (not for one that only shares its name) */
export function isLeaveOneOut(controlVariate: ControlVariate): boolean {
  return leaveOneOutBaselines.has(controlVariate);
}
