/**
 * Shared body of REBAR and RELAX:
 *   ĝ = [f(b) − c_φ(z̃)] ∇_α log p(b) + ∇_α c_φ(z) − ∇_α c_φ(z̃),  b = H(z), z̃ ~ p(z | b),
 *   c_φ(z) = η f(σ_λ(z)) (the REBAR term, optional for RELAX) + r_ρ(z) (RELAX's network),
 * averaged over K samples, with one objective call on [b; σ_λ(z); σ_λ(z̃)] ([3K, ...batch, ...event]).
 *
 * How the gradients are organised (α the caller's logits, ᾱ a detached copy):
 * - ∇c(z) − ∇c(z̃) is taken w.r.t. ᾱ through z(ᾱ) and z̃(ᾱ) only (tf.grad). Any explicit
 *   dependence of f or r on α is left out of these two terms: z and z̃ have the same law, so
 *   E[∂ₑₓₚc(z) − ∂ₑₓₚc(z̃)] = 0 and the estimator stays unbiased either way.
 * - The score ∇ log p(b) is analytic (b − σ(ᾱ), b − softmax(ᾱ)), so c(z̃)·∇log p(b) stays
 *   differentiable in φ without differentiating c(z̃) in α.
 * - surrogate = Σ mean_k f(b_k) + Σ stop(ĝ − ∂ₑₓₚf(b))·(α − stop α): its gradient is ĝ w.r.t. the
 *   logits (hence any encoder), ∂f(b)/∂ψ w.r.t. variables inside f, and 0 w.r.t. φ.
 * - controlVariateLoss = Σ ĝ², with ĝ built from the second-order graph; when a tape is recording
 *   (the caller differentiates), ∂Σĝ²/∂φ is computed here with tf.variableGrads over φ only and
 *   returned as Σ stop(∂Σĝ²/∂φ)·(φ − stop φ) + stop(Σĝ²): so its gradient reaches φ and nothing
 *   else (not the encoder, not f's variables), whatever variables the caller differentiates.
 * - Second order in tfjs 4.22: the gradients of Sigmoid, Tanh, Exp, Softmax, Elu and Pow reuse the
 *   op's saved output, which a second backward pass treats as a constant. Our own σ_λ and the
 *   default network use relax-second-order.ts; if f (through σ_λ(z)) or your network uses those
 *   ops, the estimate stays unbiased but the λ / ρ parts of the variance gradient lose that
 *   curvature (η's part is exact: ĝ is linear in η).
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  ArgumentError,
  type Estimate,
  type EstimateArgs,
  type Family,
  type GradientEstimator,
  type Key,
  ShapeError,
  bernoulliFamily,
  callObjective,
  categoricalFamily,
  checkEstimateArgs,
  describeValue,
  detach,
  isKey,
  key as seedKey,
  split,
  surrogateAndGradient,
} from '@stochgrad/core';
import { type Relaxation, bernoulliRelaxation, categoricalRelaxation } from './relax-conditional';
import { type RelaxNetwork, defaultNetwork } from './relax-network';

/** A REBAR or RELAX estimator: a GradientEstimator with learned control-variate parameters φ. */
export interface RelaxEstimator extends GradientEstimator {
  readonly target: 'expectation';
  readonly unbiased: true;
  /**
   * φ: η (when the REBAR term is used), log λ, and the network's variables, in that order.
   * Created on the first estimate (the backend may not be ready before); empty until then.
   */
  readonly variables: readonly tf.Variable[];
  /**
   * One step of variance training: draws an estimate at `args`, computes ∂(Σĝ²)/∂φ and applies
   * it with `optimizer` to φ only. Returns the estimate (the caller disposes its tensors); use its
   * `gradient` (or `surrogate`, as values) for the model's own update.
   */
  update(optimizer: tf.Optimizer, args: EstimateArgs): Estimate;
  /** frees η, log λ and the default network (a network you passed stays yours) */
  dispose(): void;
}

/** The family an estimator samples from: core's family objects or their names. */
export type RelaxFamily = Family | 'bernoulli' | 'categorical';

export interface RelaxConfig {
  name: string;
  family: RelaxFamily | undefined;
  numSamples: number | undefined;
  temperature: number | undefined;
  eta: number | undefined;
  rebarTerm: boolean;
  network: RelaxNetwork | 'default' | undefined;
  hiddenUnits: number | undefined;
  key: Key | undefined;
}

function resolveFamily(family: unknown): { family: Family; relaxation: Relaxation } {
  const name = typeof family === 'string' ? family : typeof family === 'object' && family !== null ? (family as Family).name : undefined;
  if (family === undefined || name === 'bernoulli') return { family: bernoulliFamily, relaxation: bernoulliRelaxation };
  if (name === 'categorical') return { family: categoricalFamily, relaxation: categoricalRelaxation };
  throw new ArgumentError(
    'family',
    `got ${typeof family === 'object' && name !== undefined ? `the ${name} family` : describeValue(family)}`,
    "bernoulliFamily or categoricalFamily (or 'bernoulli' / 'categorical'): the families with a conditional reparameterization z̃ ~ p(z | b)",
  );
}

function positiveInteger(value: unknown, argument: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArgumentError(argument, `got ${describeValue(value)}`, 'an integer >= 1');
  }
  return value;
}

function checkNetwork(network: unknown): RelaxNetwork {
  const candidate = network as Partial<RelaxNetwork> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.apply !== 'function') {
    throw new ArgumentError('network', `got ${describeValue(network)}`, '{ apply({ z, relaxed }) => values, variables: tf.Variable[] }');
  }
  if (!Array.isArray(candidate.variables) || !candidate.variables.every((v) => v instanceof tf.Variable)) {
    throw new ArgumentError('network.variables', `got ${describeValue(candidate.variables)}`, 'an array of tf.Variable (the network parameters ρ)');
  }
  return candidate as RelaxNetwork;
}

interface State {
  eta: tf.Variable;
  logTemperature: tf.Variable;
  network?: RelaxNetwork;
  ownedNetwork?: RelaxNetwork & { dispose(): void };
  inputSize: number;
}

/**
 * tfjs leaves the tape behind when a gradient function throws; free what it saved for the
 * backward pass when no outer gradient is running (as core's surrogateAndGradient does).
 */
function releaseAbandonedTape(): void {
  const state = tf.engine().state as unknown as { gradientDepth: number; activeTape: { saved?: tf.Tensor[] }[] | null };
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

export function relaxEstimator(config: RelaxConfig): RelaxEstimator {
  const { family, relaxation } = resolveFamily(config.family);
  const numSamples = positiveInteger(config.numSamples, 'numSamples', 1);
  const temperature = config.temperature ?? 0.5;
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new ArgumentError('temperature', `got ${describeValue(temperature)}`, 'a finite number > 0 (the initial λ of σ_λ)');
  }
  const eta = config.eta ?? 1;
  if (typeof eta !== 'number' || !Number.isFinite(eta)) {
    throw new ArgumentError('eta', `got ${describeValue(eta)}`, 'a finite number (the initial η)');
  }
  const hiddenUnits = positiveInteger(config.hiddenUnits, 'hiddenUnits', 10);
  if (config.key !== undefined && !isKey(config.key)) {
    throw new ArgumentError('key', `got ${describeValue(config.key)}`, 'a Key for the network initialisation');
  }
  const initKey = config.key;
  const userNetwork = config.network === undefined || config.network === 'default' ? undefined : checkNetwork(config.network);
  const useNetwork = config.network !== undefined;
  const { rebarTerm } = config;
  if (!rebarTerm && !useNetwork) {
    throw new ArgumentError('rebarTerm', 'got false with no network', 'true, or a network to serve as the control variate');
  }
  const evaluationsPerSample = rebarTerm ? 3 : 1;
  const eventRank = relaxation.eventRank;

  let state: State | undefined;

  function ensureState(logits: tf.Tensor): State {
    const inputSize = logits.shape.slice(logits.rank - eventRank).reduce((a, b) => a * b, 1);
    if (state) {
      if (state.ownedNetwork && state.inputSize !== inputSize) {
        throw new ShapeError(
          'logits',
          `got event shape [${logits.shape.slice(logits.rank - eventRank).join(', ')}] (${inputSize} entries)`,
          `events of ${state.inputSize} entries, the size the default network was built for on the first estimate`,
        );
      }
      return state;
    }
    const scalars = tf.tidy(() => ({
      eta: tf.variable(tf.scalar(eta), true),
      logTemperature: tf.variable(tf.scalar(Math.log(temperature)), true),
    }));
    const ownedNetwork = useNetwork && !userNetwork ? defaultNetwork(initKey ?? seedKey(0), inputSize, eventRank, hiddenUnits) : undefined;
    const network = userNetwork ?? ownedNetwork;
    state = { ...scalars, inputSize, ...(network ? { network } : {}), ...(ownedNetwork ? { ownedNetwork } : {}) };
    return state;
  }

  function variablesOf(s: State): tf.Variable[] {
    return [...(rebarTerm ? [s.eta] : []), s.logTemperature, ...(s.network?.variables ?? [])];
  }

  function run(args: EstimateArgs, train: boolean): { estimate: Estimate; gradients?: tf.NamedTensorMap } {
    const { key, logits, objective } = checkEstimateArgs(args);
    const batchShape = family.distribution(logits).batchShape; // validates shape and values
    const s = ensureState(logits);
    const phi = variablesOf(s);
    const held: tf.Tensor[] = [];
    try {
      return tf.tidy(() => {
        const [keyZ, keyV] = split(key, 2) as [Key, Key];
        const noiseShape = [numSamples, ...logits.shape];
        const noiseZ = relaxation.noise(keyZ, noiseShape);
        const noiseV = relaxation.noise(keyV, noiseShape);
        const frozen = detach(logits);
        const b = detach(relaxation.hard(relaxation.perturb(frozen, noiseZ)));
        const score = relaxation.score(frozen, b);
        const toEvent = (t: tf.Tensor) => tf.reshape(t, [...t.shape, ...new Array<number>(eventRank).fill(1)]);
        const expected = [evaluationsPerSample * numSamples, ...batchShape];

        const body = () =>
          surrogateAndGradient(logits, (live) => {
            let fb: tf.Tensor | undefined;
            let cTilde: tf.Tensor | undefined;
            // ∂/∂ᾱ Σ mean_k [c(z_k) − c(z̃_k)] through the reparameterizations only
            const pathwise = tf.grad((a: tf.Tensor) => {
              const lambda = tf.exp(s.logTemperature);
              const z = relaxation.perturb(a, noiseZ);
              const zTilde = relaxation.conditional(a, b, noiseV);
              const relaxed = relaxation.relax(z, lambda);
              const relaxedTilde = relaxation.relax(zTilde, lambda);
              const values = callObjective(objective, rebarTerm ? tf.concat([b, relaxed, relaxedTilde], 0) : b, expected);
              let c: tf.Tensor = tf.zeros([numSamples, ...batchShape]);
              let cT: tf.Tensor = c;
              let atB = values;
              if (rebarTerm) {
                const [f, fRelaxed, fRelaxedTilde] = tf.split(values, 3, 0) as [tf.Tensor, tf.Tensor, tf.Tensor];
                atB = f;
                c = tf.mul(s.eta, fRelaxed);
                cT = tf.mul(s.eta, fRelaxedTilde);
              }
              if (s.network) {
                // r_ρ(z) and r_ρ(z̃) in one call
                const both = s.network.apply({ z: tf.concat([z, zTilde], 0), relaxed: tf.concat([relaxed, relaxedTilde], 0) });
                const [r, rTilde] = tf.split(checkNetworkOutput(both, [2 * numSamples, ...batchShape]), 2, 0) as [tf.Tensor, tf.Tensor];
                c = tf.add(c, r);
                cT = tf.add(cT, rTilde);
              }
              fb = tf.keep(atB);
              cTilde = tf.keep(cT);
              held.push(fb, cTilde);
              // 0·Σa keeps the result connected to a for a network that ignores its input
              return tf.add(tf.sum(tf.mean(tf.sub(c, cT), 0)), tf.mul(tf.sum(a), 0)) as tf.Scalar;
            })(frozen);
            const atB = fb as tf.Tensor;
            // ĝ_c = −c(z̃)∇log p(b) + ∇c(z) − ∇c(z̃), differentiable in φ
            const controlTerms = tf.sub(pathwise, tf.mean(tf.mul(toEvent(cTilde as tf.Tensor), score), 0));
            const signal = tf.add(tf.mean(tf.mul(toEvent(detach(atB)), score), 0), controlTerms);
            const value = tf.mean(atB, 0);
            const surrogate = tf.add(tf.sum(value), tf.sum(tf.mul(detach(signal), tf.sub(live, frozen))));
            return { surrogate: surrogate as tf.Scalar, extra: { value, controlTerms } };
          });

        if (!train) {
          const { surrogate, gradient, extra } = body();
          const controlVariateLoss = tf.sum(tf.square(gradient)) as tf.Scalar;
          return { estimate: { value: extra.value, gradient, surrogate, controlVariateLoss } };
        }

        let built: ReturnType<typeof body> | undefined;
        const { value: loss, grads } = tf.variableGrads(() => {
          const r = body();
          tf.keep(r.surrogate);
          tf.keep(r.gradient);
          tf.keep(r.extra.value);
          held.push(tf.keep(r.extra.controlTerms));
          built = r;
          // ĝ with only its φ-dependent part (the control terms) left on the tape
          const live = tf.add(detach(tf.sub(r.gradient, r.extra.controlTerms)), r.extra.controlTerms);
          return tf.sum(tf.square(live)) as tf.Scalar;
        }, phi);
        // the kept tensors escape every scope: hand the caller tracked clones (still on its tape)
        const kept = built as ReturnType<typeof body>;
        held.push(kept.surrogate, kept.gradient, kept.extra.value);
        const surrogate = tf.clone(kept.surrogate);
        const gradient = tf.clone(kept.gradient);
        const value = tf.clone(kept.extra.value);
        let controlVariateLoss: tf.Tensor = detach(loss);
        for (const v of phi) {
          const g = grads[v.name];
          if (g) controlVariateLoss = tf.add(controlVariateLoss, tf.sum(tf.mul(detach(g), tf.sub(v, detach(v)))));
        }
        const gradients: tf.NamedTensorMap = {};
        for (const v of phi) gradients[v.name] = grads[v.name] ?? tf.zerosLike(v);
        return {
          estimate: { value, gradient, surrogate, controlVariateLoss: controlVariateLoss as tf.Scalar },
          gradients,
        };
      });
    } finally {
      tf.dispose(held);
    }
  }

  function estimate(args: EstimateArgs): Estimate {
    // With no tape recording nobody can differentiate controlVariateLoss: skip the second-order pass.
    const out = run(args, tf.engine().isTapeOn());
    if (out.gradients) tf.dispose(Object.values(out.gradients));
    return out.estimate;
  }

  function update(optimizer: tf.Optimizer, args: EstimateArgs): Estimate {
    if (!(optimizer instanceof tf.Optimizer)) {
      throw new ArgumentError('optimizer', `got ${describeValue(optimizer)}`, 'a tf.Optimizer (tf.train.adam(...), ...)');
    }
    let out: ReturnType<typeof run>;
    try {
      out = run(args, true);
    } catch (error) {
      releaseAbandonedTape();
      throw error;
    }
    const gradients = out.gradients as tf.NamedTensorMap;
    optimizer.applyGradients(gradients);
    tf.dispose(Object.values(gradients));
    return out.estimate;
  }

  return Object.freeze({
    name: config.name,
    evaluations: evaluationsPerSample * numSamples,
    target: 'expectation' as const,
    unbiased: true as const,
    estimate,
    update,
    get variables() {
      return state ? variablesOf(state) : [];
    },
    dispose: () => {
      if (!state) return;
      tf.dispose([state.eta, state.logTemperature]);
      state.ownedNetwork?.dispose();
      state = undefined;
    },
  });
}

function checkNetworkOutput(out: unknown, shape: readonly number[]): tf.Tensor {
  if (!(out instanceof tf.Tensor)) throw new ArgumentError('network', `apply returned ${describeValue(out)}`, 'a tf.Tensor of one value per sample');
  if (out.rank !== shape.length || (out.shape as number[]).some((d, i) => d !== shape[i])) {
    throw new ShapeError('network', `apply returned shape [${out.shape.join(', ')}]`, `one value per sample, shape [${shape.join(', ')}]`);
  }
  return out;
}
