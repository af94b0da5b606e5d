/**
 * Advantage actor-critic (A2C): synchronous on-policy policy gradient on a vector environment.
 * Math, per update over a rollout of nSteps steps × n copies (valid transitions only):
 *   A_t = GAE(γ, λ) with V_φ as baseline and bootstrap (truncation: V(s′); termination: 0)
 *   loss = −mean(A_t log π_θ(a_t|s_t)) − entCoef · mean(H[π_θ(·|s_t)]) + vfCoef · mean((R_t − V_φ(s_t))²)
 *   one step of RMSprop (α 0.99, ε 1e-5, ε outside the root as PyTorch) on the loss gradient
 *   clipped to global norm maxGradNorm. `nSteps: 'episode'`: one full episode per copy per round,
 *   rounds until the batch holds batchSteps transitions (default one round), with the verified
 *   estimators on the M episodes: scoreFunctionPolicyGradient (baseline V) or,
 *   with controlVariate 'relax', relaxPolicyGradient with c_φ(s, x) = V(s) + k·ĉ_φ(s, x),
 *   x = softmax(z/τ), ĉ a 2 × 10 ReLU MLP of [s, x], k (init 1) and log τ (init 0) learned, φ
 *   trained by controlVariateGradients (∂Σĝ²/∂φ, RMSprop); both surrogates are
 *   mean_m Σ_t γ^t [·] with exact returns-to-go (no bootstrapping, truncation included), as in the
 *   RELAX paper's discrete experiments (which sum over steps; A2C codes drop the γ^t). With
 *   controlVariate 'lax' (Box): laxPolicyGradient with c_φ(s, a) = V(s) + ĉ_φ(s, a) at the EXECUTED
 *   (unclipped) action, ĉ a 2 × 64 ReLU MLP of [s, a] (the paper's size; ReLU rather than its ELU
 *   so that ∂Σĝ²/∂φ is exact in tfjs), φ trained the same way.
 * Properties: the defaults are Stable-Baselines3's A2C (lr 7e-4, nSteps 5, γ 0.99, λ 1, entCoef 0,
 *   vfCoef 0.5, maxGradNorm 0.5, RMSprop α 0.99 ε 1e-5, separate 2 × 64 tanh actor and critic).
 *   The score-function term with a state-value baseline is unbiased for any V (see
 *   scoreFunctionPolicyGradient); the bootstrap makes the n-step advantage biased unless V is exact.
 *   Deterministic under a key: same key, env and options give the same learning curve, bitwise.
 *   Box actions: Gaussian draws clipped to the bounds for the environment (see gaussianMlpPolicy).
 *   controlVariate 'relax' needs Discrete actions, 'lax' Box actions, both nSteps 'episode'.
 * Reference: Mnih et al., "Asynchronous methods for deep reinforcement learning", ICML 2016,
 *   arXiv:1602.01783; Raffin et al., "Stable-Baselines3", JMLR 22(268), 2021; Schulman et al.,
 *   "High-dimensional continuous control using generalized advantage estimation", ICLR 2016,
 *   arXiv:1506.02438.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, StochgradError, checkOptions, fold, key as makeKey, random, split, stopGradient } from '@stochgrad/core';
import { rolloutAdvantages } from '../internal/a2c-advantages';
import { type Mlp, createMlp } from '../internal/mlp';
import { controlVariateGradients } from '../policy-gradient/control-variate-gradients';
import { laxPolicyGradient } from '../policy-gradient/lax-policy-gradient';
import { relaxPolicyGradient } from '../policy-gradient/relax-policy-gradient';
import { scoreFunctionPolicyGradient } from '../policy-gradient/score-function-policy-gradient';
import { type GradientStep, fromTfOptimizer, rmsprop } from '../internal/rmsprop';
import type { BoxSpace, DiscreteSpace } from '../spaces';
import { syncVectorEnv } from '../vector/sync-vector-env';
import type { VectorEnv } from '../vector/vector-env';
import { checkKey, checkLearnOptions, checkPredictArgs, meanOfLast100 } from '../internal/agent-args';
import { categoricalMlpPolicy } from './categorical-mlp-policy';
import { gaussianMlpPolicy } from './gaussian-mlp-policy';
import { mlpValueFunction } from './mlp-value-function';
import type { MlpConfig, Policy, ValueFunction } from './policy';

export type A2CControlVariate = 'value' | 'relax' | 'lax';

export interface A2COptions {
  key: Key;
  /** A vector env, or a registered id (then `n` copies are made with syncVectorEnv and closed by dispose). */
  env: VectorEnv | string;
  /** Copies when `env` is an id; default 1. */
  n?: number;
  /** Default: categoricalMlpPolicy (Discrete) or gaussianMlpPolicy (Box) with `hiddenSizes`. The agent owns it (dispose frees it). */
  policy?: Policy;
  /** Default: mlpValueFunction with `hiddenSizes`. The agent owns it. */
  valueFunction?: ValueFunction;
  /** Hidden sizes of the default networks; default [64, 64]. */
  hiddenSizes?: readonly number[];
  /** Activation of the default networks; default 'tanh'. */
  activation?: 'tanh' | 'relu';
  /** Default 'value' (plain A2C). */
  controlVariate?: A2CControlVariate;
  /** Steps per copy per update, an integer >= 1 (default 5), or 'episode'. */
  nSteps?: number | 'episode';
  /**
   * nSteps 'episode' only: collect rounds of one whole episode per copy until the batch holds at least
   * this many transitions (the RELAX paper's continuous runs use 2500); default 1 (one round).
   */
  batchSteps?: number;
  /** Default 0.99, in [0, 1]. */
  gamma?: number;
  /** Default 1, in [0, 1]. */
  gaeLambda?: number;
  /** Default 0. */
  entCoef?: number;
  /** Default 0.5. */
  vfCoef?: number;
  /** Default 0.5; Infinity for no clipping. */
  maxGradNorm?: number;
  /** Default 7e-4 (used by the default RMSprop only). */
  learningRate?: number;
  /** The RMSprop learning rate of the RELAX control variate φ; default learningRate. */
  controlVariateLearningRate?: number;
  /** A tf.train optimizer instead of RMSprop (the agent owns it; not saved). */
  optimizer?: tf.Optimizer;
}

export interface A2CProgress {
  timesteps: number;
  updates: number;
  episodes: number;
  /** Mean return of the last (up to) 100 finished episodes; NaN before the first. */
  meanReturn: number;
  /** Returns of the episodes the latest update finished, in order of completion. */
  finishedReturns: readonly number[];
  /** Environment transitions per second during this learn call. */
  fps: number;
}

export interface A2CLearnOptions {
  /** Transitions (over all copies) to learn from in this call, an integer >= 1. */
  totalTimesteps: number;
  /** Called after every update. */
  onProgress?: (progress: A2CProgress) => void;
  /** Stops the learn call at the next update boundary. */
  signal?: AbortSignal;
}

export interface A2CLearnResult extends A2CProgress {
  /** Returns of the episodes finished during this call, in order of completion. */
  episodeReturns: number[];
  aborted: boolean;
}

export interface A2CPredictOptions {
  /** Argmax / mean action instead of a draw; default false. */
  deterministic?: boolean;
  /** The key of a stochastic draw; default: the agent's next prediction key. */
  key?: Key;
}

export interface A2CConfig {
  readonly controlVariate: A2CControlVariate;
  readonly nSteps: number | 'episode';
  readonly batchSteps: number;
  readonly gamma: number;
  readonly gaeLambda: number;
  readonly entCoef: number;
  readonly vfCoef: number;
  readonly maxGradNorm: number;
  readonly learningRate: number;
  readonly controlVariateLearningRate: number;
}

export interface A2CSnapshot {
  format: 'stochgrad.a2c';
  version: 1;
  config: A2CConfig;
  observationSize: number;
  actionSpace: { kind: 'discrete'; n: number; start: number } | { kind: 'box'; size: number };
  policyMlp: MlpConfig | null;
  valueMlp: MlpConfig | null;
  timesteps: number;
  weights: { policy: { shape: number[]; values: number[] }[]; valueFunction: { shape: number[]; values: number[] }[]; controlVariate?: { shape: number[]; values: number[] }[] };
}

export interface A2CAgent {
  readonly config: A2CConfig;
  readonly policy: Policy;
  readonly valueFunction: ValueFunction;
  readonly env: VectorEnv;
  /** Transitions learned from so far. */
  readonly timesteps: number;
  learn(options: A2CLearnOptions): Promise<A2CLearnResult>;
  /** One observation in, one action out (a number for Discrete, a Float64Array in the bounds for Box). */
  predict(observation: ArrayLike<number>, options?: A2CPredictOptions): number | Float64Array;
  /**
   * The policy-gradient estimator's per-episode samples at the current weights, for measuring its
   * variance across independent rollouts of one policy snapshot (as "The Mirage of Action-Dependent
   * Baselines" asks). nSteps 'episode' only. Plays one episode per copy of `env` (its own env: the
   * agent's training env and keys are untouched) and returns, per episode, the flattened gradient of
   * that episode's surrogate with respect to the policy's variables: `estimator` 'agent' (default)
   * is the estimator the agent updates with (score function with V, RELAX or LAX with the current φ),
   * 'value' the score function with the agent's V as baseline. The batch estimate the agent
   * steps with is the mean of these samples (before the entropy term and clipping).
   */
  policyGradientSamples(options: A2CGradientSampleOptions): Promise<A2CGradientSamples>;
  /** Weights and config as a JSON-compatible object (optimizer state is not saved). */
  save(): A2CSnapshot;
  dispose(): void;
}

export interface A2CGradientSampleOptions {
  /** A vector env of the same spaces, or a registered id (then `n` copies, closed after). One episode per copy. */
  env: VectorEnv | string;
  n?: number;
  /** Keys the reset seed, the actions and the estimator's own noise. */
  key: Key;
  /** Default 'agent'. */
  estimator?: 'agent' | 'value';
}

export interface A2CGradientSamples {
  /** One Float32Array of parameterCount numbers per episode. */
  samples: Float32Array[];
  /** Undiscounted return of each episode. */
  episodeReturns: number[];
  parameterCount: number;
}

export interface A2CLoadOptions {
  env: VectorEnv | string;
  n?: number;
  /** Keys further learning and stochastic predictions; default key(0). */
  key?: Key;
  /** Needed when the saved agent had user networks (same architecture; weights are assigned in order). */
  policy?: Policy;
  valueFunction?: ValueFunction;
  optimizer?: tf.Optimizer;
}

const OPTION_NAMES = ['key', 'env', 'n', 'policy', 'valueFunction', 'hiddenSizes', 'activation', 'controlVariate', 'nSteps', 'batchSteps', 'gamma', 'gaeLambda', 'entCoef', 'vfCoef', 'maxGradNorm', 'learningRate', 'controlVariateLearningRate', 'optimizer'];
const WHERE = 'a2c';

function checkNumber(name: string, value: unknown, ok: (x: number) => boolean, allowed: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) throw new ArgumentError(`${WHERE} ${name}`, `got ${String(value)}`, allowed);
  return value;
}

function checkConfig(options: Partial<A2CConfig>): A2CConfig {
  const controlVariate = options.controlVariate ?? 'value';
  if (controlVariate !== 'value' && controlVariate !== 'relax' && controlVariate !== 'lax') {
    throw new ArgumentError(`${WHERE} controlVariate`, `got ${String(controlVariate)}`, "'value', 'relax' (Discrete actions) or 'lax' (Box actions)");
  }
  const nSteps = options.nSteps ?? 5;
  if (nSteps !== 'episode' && !(Number.isSafeInteger(nSteps) && (nSteps as number) >= 1)) {
    throw new ArgumentError(`${WHERE} nSteps`, `got ${String(nSteps)}`, "an integer >= 1 (steps per copy per update) or 'episode'");
  }
  const batchSteps = options.batchSteps ?? 1;
  if (!(Number.isSafeInteger(batchSteps) && batchSteps >= 1)) throw new ArgumentError(`${WHERE} batchSteps`, `got ${String(batchSteps)}`, 'an integer >= 1');
  if (batchSteps > 1 && nSteps !== 'episode') throw new ArgumentError(`${WHERE} batchSteps`, `${batchSteps} with nSteps ${String(nSteps)}`, "batchSteps only with nSteps 'episode'");
  const learningRate = checkNumber('learningRate', options.learningRate ?? 7e-4, (x) => Number.isFinite(x) && x > 0, 'a finite number > 0');
  return Object.freeze({
    controlVariate,
    nSteps,
    batchSteps,
    gamma: checkNumber('gamma', options.gamma ?? 0.99, (x) => x >= 0 && x <= 1, 'a number in [0, 1]'),
    gaeLambda: checkNumber('gaeLambda', options.gaeLambda ?? 1, (x) => x >= 0 && x <= 1, 'a number in [0, 1]'),
    entCoef: checkNumber('entCoef', options.entCoef ?? 0, Number.isFinite, 'a finite number'),
    vfCoef: checkNumber('vfCoef', options.vfCoef ?? 0.5, (x) => Number.isFinite(x) && x >= 0, 'a finite number >= 0'),
    maxGradNorm: checkNumber('maxGradNorm', options.maxGradNorm ?? 0.5, (x) => x > 0, 'a number > 0 (Infinity: no clipping)'),
    learningRate,
    controlVariateLearningRate: checkNumber('controlVariateLearningRate', options.controlVariateLearningRate ?? learningRate, (x) => Number.isFinite(x) && x > 0, 'a finite number > 0'),
  });
}

function vectorEnvOf(env: unknown, n: unknown): { vec: VectorEnv; owned: boolean } {
  if (typeof env === 'string') return { vec: syncVectorEnv({ id: env, n: (n ?? 1) as number }), owned: true };
  if (n !== undefined) throw new ArgumentError(`${WHERE} n`, 'given with a vector env', 'n only with an env id (a vector env has its own numEnvs)');
  if (typeof env !== 'object' || env === null || typeof (env as VectorEnv).step !== 'function' || typeof (env as VectorEnv).numEnvs !== 'number') {
    throw new ArgumentError(`${WHERE} env`, `got ${env === null ? 'null' : typeof env}`, 'a VectorEnv (syncVectorEnv, parallelVectorEnv) or a registered env id');
  }
  return { vec: env as VectorEnv, owned: false };
}

function checkSpaces(vec: VectorEnv, config: A2CConfig): void {
  const obs = vec.singleObservationSpace;
  if (obs.kind !== 'box') throw new ArgumentError(`${WHERE} env`, `observation space ${obs.toString()}`, 'a Box observation space (one-hot encode a Discrete one with a wrapper)');
  const act = vec.singleActionSpace;
  if (config.controlVariate === 'relax' && act.kind !== 'discrete') {
    throw new ArgumentError(`${WHERE} controlVariate`, `'relax' with action space ${act.toString()}`, "'relax' for Discrete action spaces; 'lax' or 'value' for Box");
  }
  if (config.controlVariate === 'lax' && act.kind !== 'box') {
    throw new ArgumentError(`${WHERE} controlVariate`, `'lax' with action space ${act.toString()}`, "'lax' for Box action spaces; 'relax' or 'value' for Discrete");
  }
  if (config.controlVariate !== 'value' && config.nSteps !== 'episode') {
    throw new ArgumentError(`${WHERE} nSteps`, `${String(config.nSteps)} with controlVariate '${config.controlVariate}'`, `'episode' (${config.controlVariate === 'relax' ? 'RELAX' : 'LAX'} uses exact returns-to-go of whole episodes)`);
  }
}

function checkNetworks(vec: VectorEnv, policy: Policy, valueFunction: ValueFunction): void {
  const act = vec.singleActionSpace;
  const d = vec.observationSize;
  if (policy.observationSize !== d) throw new ArgumentError(`${WHERE} policy`, `observationSize ${policy.observationSize}`, `the env's observation size ${d}`);
  if (valueFunction.observationSize !== d) throw new ArgumentError(`${WHERE} valueFunction`, `observationSize ${valueFunction.observationSize}`, `the env's observation size ${d}`);
  if (act.kind === 'discrete' && (policy.kind !== 'categorical' || policy.numActions !== act.n)) {
    throw new ArgumentError(`${WHERE} policy`, `a ${policy.kind} policy${policy.kind === 'categorical' ? ` over ${policy.numActions} actions` : ''} for action space ${act.toString()}`, `a categorical policy over ${act.n} actions`);
  }
  if (act.kind === 'box' && (policy.kind !== 'gaussian' || policy.actionSize !== act.size)) {
    throw new ArgumentError(`${WHERE} policy`, `a ${policy.kind} policy${policy.kind === 'gaussian' ? ` of action size ${policy.actionSize}` : ''} for action space ${act.toString()}`, `a gaussian policy of action size ${act.size}`);
  }
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log π(a|s) [B] and entropy [B] of the policy at observations [B, d] for actions [B] (int32) or [B, k]. */
function logProbAndEntropy(policy: Policy, observations: tf.Tensor2D, actions: tf.Tensor): { logProb: tf.Tensor1D; entropy: tf.Tensor1D } {
  if (policy.kind === 'categorical') {
    const logits = policy.logits(observations);
    const logPi = tf.logSoftmax(logits);
    const logProb = tf.sum(tf.mul(tf.oneHot(actions as tf.Tensor1D, policy.numActions), logPi), -1) as tf.Tensor1D;
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logPi), logPi), -1)) as tf.Tensor1D;
    return { logProb, entropy };
  }
  const mean = policy.mean(observations);
  const logStd = policy.logStd;
  const z = tf.div(tf.sub(actions, mean), tf.exp(logStd));
  const logProb = tf.sum(tf.sub(tf.mul(tf.square(z), -0.5), tf.add(logStd, 0.5 * LOG_2PI)), -1) as tf.Tensor1D;
  const entropyOne = tf.sum(tf.add(logStd, 0.5 * (1 + LOG_2PI)));
  const entropy = tf.mul(tf.onesLike(logProb), entropyOne) as tf.Tensor1D;
  return { logProb, entropy };
}

interface Built {
  key: Key;
  vec: VectorEnv;
  ownsEnv: boolean;
  policy: Policy;
  valueFunction: ValueFunction;
  config: A2CConfig;
  optimizer: tf.Optimizer | undefined;
  timesteps: number;
  /** saved control-variate weights to restore (load) */
  controlVariateWeights?: { shape: number[]; values: number[] }[];
}

/** One episode as played: observations (d per step), actions (k per step; indices for Discrete), rewards. */
interface Episode {
  obs: number[];
  actions: number[];
  rewards: number[];
}

/** Episodes padded to the longest (T), episode-major; mask 1 on real steps. */
interface EpisodeBatch {
  M: number;
  T: number;
  obs: Float32Array;
  actions: Int32Array | Float32Array;
  rewards: Float32Array;
  returns: Float32Array;
  mask: Float32Array;
  /** real transitions */
  steps: number;
  /** undiscounted return of each episode */
  finished: number[];
}

interface LearnedControlVariate {
  net: Mlp;
  /** RELAX only: k and log τ */
  scale?: tf.Variable;
  logTemperature?: tf.Variable;
  /** [ĉ's weights…, k, log τ] (LAX: ĉ's weights only) */
  variables: readonly tf.Variable[];
}

function createLaxControlVariate(k: Key, observationSize: number, actionSize: number): LearnedControlVariate {
  const net = createMlp(k, [observationSize + actionSize, 64, 64, 1], 'relu', 1);
  return { net, variables: net.variables };
}

function createRelaxControlVariate(k: Key, observationSize: number, numActions: number): LearnedControlVariate {
  const net = createMlp(k, [observationSize + numActions, 10, 10, 1], 'relu', 1);
  const scale = tf.tidy(() => tf.variable(tf.scalar(1), true));
  const logTemperature = tf.tidy(() => tf.variable(tf.scalar(0), true));
  return { net, scale, logTemperature, variables: [...net.variables, scale, logTemperature] };
}

function createAgent(b: Built): A2CAgent {
  const { vec, policy, valueFunction, config } = b;
  const n = vec.numEnvs;
  const d = vec.observationSize;
  const actionSpace = vec.singleActionSpace as DiscreteSpace | BoxSpace;
  const k = actionSpace.kind === 'box' ? actionSpace.size : 1;
  const variables = [...new Set([...policy.variables, ...valueFunction.variables])];
  const step: GradientStep = b.optimizer ? fromTfOptimizer(b.optimizer, variables) : rmsprop(variables, { learningRate: config.learningRate, alpha: 0.99, eps: 1e-5 });
  const [rolloutKey, predictKey, seedKey] = split(b.key, 3) as [Key, Key, Key];
  const estimatorKey = fold(seedKey, 1);
  // RELAX: ĉ_φ(s, x) a ReLU MLP (second-order differentiable), its scale k and log τ
  const relax =
    config.controlVariate === 'relax' && actionSpace.kind === 'discrete'
      ? createRelaxControlVariate(fold(seedKey, 2), d, actionSpace.n)
      : config.controlVariate === 'lax' && actionSpace.kind === 'box'
        ? createLaxControlVariate(fold(seedKey, 2), d, actionSpace.size)
        : undefined;
  if (relax && b.controlVariateWeights) {
    try {
      assignWeights('a2c.load', 'controlVariate', relax.variables, b.controlVariateWeights);
    } catch (error) {
      relax.variables.forEach((v) => v.dispose());
      step.dispose();
      throw error;
    }
  }
  const relaxStep = relax ? rmsprop(relax.variables, { learningRate: config.controlVariateLearningRate, alpha: 0.99, eps: 1e-5 }) : undefined;
  let timesteps = b.timesteps;
  let updates = 0;
  let predictions = 0;
  let observations: Float32Array | undefined;
  let started = false;
  let disposed = false;
  let learning = false;
  const episodeReturns: number[] = [];
  const running = new Float64Array(n);
  let episodes = 0;

  /** Draws (or picks) actions for rows of observations: policy-space actions (indices / unclipped) and env actions. */
  function act(rows: Float32Array, count: number, drawKey: Key | undefined): { actions: Int32Array | Float32Array; envActions: Int32Array | Float64Array } {
    const params = tf.tidy(() => {
      const x = tf.tensor2d(rows, [count, d]);
      return policy.kind === 'categorical' ? policy.logits(x) : policy.mean(x);
    });
    const values = params.dataSync();
    params.dispose();
    if (actionSpace.kind === 'discrete') {
      const m = actionSpace.n;
      const u = drawKey ? random.uniformArray(drawKey, count * m) : undefined;
      const actions = new Int32Array(count);
      for (let r = 0; r < count; r++) {
        let best = -Infinity;
        let arg = 0;
        for (let c = 0; c < m; c++) {
          const i = r * m + c;
          const score = (values[i] as number) + (u ? -Math.log(-Math.log(u[i] as number)) : 0); // Gumbel-max
          if (score > best) {
            best = score;
            arg = c;
          }
        }
        actions[r] = arg;
      }
      return { actions, envActions: actions.map((a) => a + actionSpace.start) };
    }
    const std = drawKey ? Array.from((policy as { logStd: tf.Variable }).logStd.dataSync(), Math.exp) : undefined;
    const eps = drawKey ? random.normalArray(drawKey, count * k) : undefined;
    const actions = new Float32Array(count * k);
    const envActions = new Float64Array(count * k);
    for (let i = 0; i < count * k; i++) {
      actions[i] = (values[i] as number) + (eps && std ? (std[i % k] as number) * (eps[i] as number) : 0);
      const a = actions[i] as number;
      envActions[i] = Math.min(Math.max(a, actionSpace.low[i % k] as number), actionSpace.high[i % k] as number);
    }
    return { actions, envActions };
  }

  async function rollout(index: number): Promise<{ T: number; obs: Float32Array; actions: Int32Array | Float32Array; rewards: Float64Array; terminations: Uint8Array; truncations: Uint8Array; autoreset: Uint8Array; finished: number[] }> {
    if (!started) observations = (await vec.reset({ seed: random.integerArray(seedKey, 1, 2 ** 31)[0] as number })).observations;
    started = true;
    const obsRows: Float32Array[] = [];
    const actionRows: (Int32Array | Float32Array)[] = [];
    const rewards: number[] = [];
    const terminations: number[] = [];
    const truncations: number[] = [];
    const autoreset: number[] = [];
    const finished: number[] = [];
    const keyOfRollout = fold(rolloutKey, index);
    for (let t = 0; t < (config.nSteps as number); t++) {
      const current = observations as Float32Array;
      const { actions, envActions } = act(current, n, fold(keyOfRollout, t));
      const result = await vec.step(envActions);
      obsRows.push(current);
      actionRows.push(actions);
      for (let i = 0; i < n; i++) {
        rewards.push(result.rewards[i] as number);
        terminations.push(result.terminations[i] as number);
        truncations.push(result.truncations[i] as number);
        autoreset.push(result.autoreset[i] as number);
        if (result.autoreset[i] === 1) continue;
        running[i] = (running[i] as number) + (result.rewards[i] as number);
        if (result.terminations[i] || result.truncations[i]) {
          finished.push(running[i] as number);
          running[i] = 0;
        }
      }
      observations = result.observations;
    }
    const T = obsRows.length;
    const obs = new Float32Array((T + 1) * n * d);
    obsRows.forEach((rows, t) => obs.set(rows, t * n * d));
    obs.set(observations as Float32Array, T * n * d);
    const actions = actionSpace.kind === 'discrete' ? new Int32Array(T * n) : new Float32Array(T * n * k);
    actionRows.forEach((rows, t) => actions.set(rows, t * rows.length));
    return { T, obs, actions, rewards: Float64Array.from(rewards), terminations: Uint8Array.from(terminations), truncations: Uint8Array.from(truncations), autoreset: Uint8Array.from(autoreset), finished };
  }

  /** Plays one whole episode per copy of `env` (steps after a copy's episode ends are dropped). */
  async function playEpisodes(env: VectorEnv, keyOfRound: Key, reset: { seed?: number }): Promise<Episode[]> {
    const m = env.numEnvs;
    let current = (await env.reset(reset)).observations;
    const played: Episode[] = Array.from({ length: m }, () => ({ obs: [], actions: [], rewards: [] }));
    const ended = new Uint8Array(m);
    for (let t = 0; ended.includes(0); t++) {
      const { actions, envActions } = act(current, m, fold(keyOfRound, t));
      const result = await env.step(envActions);
      for (let i = 0; i < m; i++) {
        if (ended[i]) continue;
        const e = played[i] as Episode;
        for (let j = 0; j < d; j++) e.obs.push(current[i * d + j] as number);
        for (let j = 0; j < k; j++) e.actions.push(actions[i * k + j] as number);
        e.rewards.push(result.rewards[i] as number);
        if (result.terminations[i] || result.truncations[i]) ended[i] = 1;
      }
      current = result.observations;
    }
    return played;
  }

  /** Episodes padded to the longest, episode-major: [M·T, d] observations, [M·T(·k)] actions, rewards, mask, γ-returns-to-go. */
  function packEpisodes(played: readonly Episode[]): EpisodeBatch {
    const M = played.length;
    const T = Math.max(1, ...played.map((e) => e.rewards.length));
    const obs = new Float32Array(M * T * d);
    const actions = actionSpace.kind === 'discrete' ? new Int32Array(M * T) : new Float32Array(M * T * k);
    const rewards = new Float32Array(M * T);
    const returns = new Float32Array(M * T);
    const mask = new Float32Array(M * T);
    let steps = 0;
    const finished: number[] = [];
    played.forEach((e, m) => {
      const len = e.rewards.length;
      obs.set(e.obs, m * T * d);
      actions.set(e.actions, m * T * k);
      rewards.set(e.rewards, m * T);
      mask.fill(1, m * T, m * T + len);
      // exact returns-to-go, no bootstrapping (a truncated episode is cut there)
      let g = 0;
      for (let t = len - 1; t >= 0; t--) {
        g = (e.rewards[t] as number) + config.gamma * g;
        returns[m * T + t] = g;
      }
      steps += len;
      finished.push(e.rewards.reduce((sum, r) => sum + r, 0));
    });
    return { M, T, obs, actions, rewards, returns, mask, steps, finished };
  }

  /** One training batch in episode mode: rounds of one episode per copy until batchSteps transitions. */
  async function episodeBatch(index: number): Promise<EpisodeBatch> {
    const played: Episode[] = [];
    const keyOfUpdate = fold(rolloutKey, index);
    let steps = 0;
    for (let round = 0; round === 0 || steps < config.batchSteps; round++) {
      const episodesOfRound = await playEpisodes(vec, fold(keyOfUpdate, round), started ? {} : { seed: random.integerArray(seedKey, 1, 2 ** 31)[0] as number });
      started = true;
      for (const e of episodesOfRound) steps += e.rewards.length;
      played.push(...episodesOfRound);
    }
    return packEpisodes(played);
  }

  function update(r: Awaited<ReturnType<typeof rollout>>): number {
    const { T } = r;
    const values = tf.tidy(() => valueFunction.value(tf.tensor2d(r.obs, [(T + 1) * n, d])));
    const valueData = values.dataSync();
    values.dispose();
    const { advantages, returns, valid } = rolloutAdvantages({
      T,
      n,
      rewards: r.rewards,
      terminations: r.terminations,
      truncations: r.truncations,
      autoreset: r.autoreset,
      values: valueData,
      gamma: config.gamma,
      gaeLambda: config.gaeLambda,
    });
    let count = 0;
    for (const v of valid) count += v;
    if (count === 0) return 0;
    tf.tidy(() => {
      const x = tf.tensor2d(r.obs.subarray(0, T * n * d), [T * n, d]);
      const a = actionSpace.kind === 'discrete' ? tf.tensor1d(r.actions as Int32Array, 'int32') : tf.tensor2d(r.actions as Float32Array, [T * n, k]);
      const adv = tf.tensor1d(Float32Array.from(advantages));
      const ret = tf.tensor1d(Float32Array.from(returns));
      const mask = tf.tensor1d(Float32Array.from(valid));
      const { grads } = tf.variableGrads(() => {
        const { logProb, entropy } = logProbAndEntropy(policy, x, a);
        const policyLoss = tf.neg(tf.div(tf.sum(tf.mul(tf.mul(adv, logProb), mask)), count));
        const entropyLoss = tf.neg(tf.div(tf.sum(tf.mul(entropy, mask)), count));
        const valueLoss = tf.div(tf.sum(tf.mul(tf.square(tf.sub(ret, valueFunction.value(x))), mask)), count);
        return tf.addN([policyLoss, tf.mul(entropyLoss, config.entCoef), tf.mul(valueLoss, config.vfCoef)]) as tf.Scalar;
      }, variables);
      const list = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      step.apply(clipped(list));
    });
    return count;
  }

  function clipped(list: tf.Tensor[]): tf.Tensor[] {
    if (!Number.isFinite(config.maxGradNorm)) return list;
    const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
    // PyTorch's clip_grad_norm_: scale by min(1, maxNorm / (‖g‖ + 1e-6))
    const scale = tf.minimum(tf.div(config.maxGradNorm, tf.add(norm, 1e-6)), 1);
    return list.map((g) => tf.mul(g, scale));
  }

  /** Batch tensors of packed episodes: observations [M·T, d], actions [M, T] or [M·T, k], rewards, mask, returns [M, T]. */
  function episodeTensors(b: EpisodeBatch) {
    const { M, T } = b;
    return {
      x: tf.tensor2d(b.obs, [M * T, d]),
      a: actionSpace.kind === 'discrete' ? tf.tensor2d(b.actions as Int32Array, [M, T], 'int32') : tf.tensor2d(b.actions as Float32Array, [M * T, k]),
      rewards: tf.tensor2d(b.rewards, [M, T]),
      mask: tf.tensor2d(b.mask, [M, T]),
      ret: tf.tensor2d(b.returns, [M, T]),
    };
  }

  /**
   * The policy-gradient surrogate mean_m Σ_t γ^t [·] of packed episodes (its θ-gradient is the
   * estimate): the verified estimators, 'agent' = the agent's own control variate, 'value' = the
   * score function with V.
   */
  function episodeSurrogate(b: EpisodeBatch, t: ReturnType<typeof episodeTensors>, estimateKey: Key, estimator: 'agent' | 'value'): tf.Scalar {
    const { M, T } = b;
    const { x, a, rewards, mask } = t;
    const v = stopGradient(tf.reshape(valueFunction.value(x), [M, T]));
    const own = estimator === 'agent' ? relax : undefined;
    if (own?.scale && own.logTemperature && policy.kind === 'categorical') {
      const { net, scale } = own;
      const A = policy.numActions;
      return relaxPolicyGradient({
        key: estimateKey,
        logits: tf.reshape(policy.logits(x), [M, T, A]),
        actions: a,
        rewards,
        gamma: config.gamma,
        mask,
        temperature: tf.exp(own.logTemperature),
        controlVariate: (relaxed) => tf.add(v, tf.mul(scale, tf.reshape(net.apply(tf.concat([x, tf.reshape(relaxed, [M * T, A])], 1) as tf.Tensor2D), [M, T]))),
      }).surrogate;
    }
    if (own && policy.kind === 'gaussian') {
      return laxPolicyGradient({
        loc: tf.reshape(policy.mean(x), [M, T, k]),
        logScale: policy.logStd,
        actions: tf.reshape(a, [M, T, k]),
        rewards,
        gamma: config.gamma,
        mask,
        controlVariate: (actions) => tf.add(v, tf.reshape(own.net.apply(tf.concat([x, tf.reshape(actions, [M * T, k])], 1) as tf.Tensor2D), [M, T])),
      }).surrogate;
    }
    const { logProb } = logProbAndEntropy(policy, x, actionSpace.kind === 'discrete' ? tf.reshape(a, [M * T]) : a);
    return scoreFunctionPolicyGradient({ logProbabilities: tf.reshape(logProb, [M, T]), rewards, values: v, gamma: config.gamma, mask }).surrogate;
  }

  /** One update from packed whole episodes: −surrogate − entCoef·H + vfCoef·(R − V)², then φ's step. */
  function episodeUpdate(b: EpisodeBatch): void {
    const { M, T, steps } = b;
    const estimateKey = fold(estimatorKey, updates);
    tf.tidy(() => {
      const t = episodeTensors(b);
      const surrogate = () => episodeSurrogate(b, t, estimateKey, 'agent');
      // φ's gradient at the current θ, φ (Algorithm 1), applied after θ's step
      const cvGradients = relax ? controlVariateGradients({ surrogate, policyVariables: policy.variables, controlVariables: relax.variables }).gradients : undefined;
      const { grads } = tf.variableGrads(() => {
        const { entropy } = logProbAndEntropy(policy, t.x, actionSpace.kind === 'discrete' ? tf.reshape(t.a, [M * T]) : t.a);
        const entropyLoss = tf.neg(tf.div(tf.sum(tf.mul(entropy, tf.reshape(t.mask, [M * T]))), steps));
        const valueLoss = tf.div(tf.sum(tf.mul(tf.square(tf.sub(t.ret, tf.reshape(valueFunction.value(t.x), [M, T]))), t.mask)), steps);
        return tf.addN([tf.neg(surrogate()), tf.mul(entropyLoss, config.entCoef), tf.mul(valueLoss, config.vfCoef)]) as tf.Scalar;
      }, variables);
      step.apply(clipped(variables.map((v) => grads[v.name] ?? tf.zerosLike(v))));
      if (relax && relaxStep && cvGradients) {
        const byName = new Map(cvGradients.map((g) => [g.name, g.tensor]));
        relaxStep.apply(relax.variables.map((v) => byName.get(v.name) ?? tf.zerosLike(v)));
      }
    });
  }

  function checkLive(what: string): void {
    if (disposed) throw new StochgradError(`a2c agent: ${what} after dispose`);
  }

  const agent: A2CAgent = {
    config,
    policy,
    valueFunction,
    env: vec,
    get timesteps() {
      return timesteps;
    },
    async learn(options) {
      checkLive('learn');
      const { totalTimesteps, onProgress, signal } = checkLearnOptions<A2CProgress>(WHERE, options);
      if (learning) throw new StochgradError('a2c agent: learn while another learn call is running');
      learning = true;
      const started0 = performance.now();
      const from = timesteps;
      const returnsThisCall: number[] = [];
      let finished: number[] = [];
      const progress = (): A2CProgress => {
        const seconds = (performance.now() - started0) / 1000;
        return { timesteps, updates, episodes, meanReturn: meanOfLast100(episodeReturns), finishedReturns: finished, fps: seconds > 0 ? (timesteps - from) / seconds : 0 };
      };
      let aborted = false;
      try {
        while (timesteps - from < totalTimesteps) {
          if (signal?.aborted) {
            aborted = true;
            break;
          }
          if (config.nSteps === 'episode') {
            const batch = await episodeBatch(updates);
            if (batch.steps > 0) episodeUpdate(batch);
            timesteps += batch.steps;
            finished = batch.finished;
          } else {
            const r = await rollout(updates);
            timesteps += update(r);
            finished = r.finished;
          }
          updates += 1;
          for (const g of finished) {
            episodeReturns.push(g);
            returnsThisCall.push(g);
          }
          episodes += finished.length;
          if (episodeReturns.length > 100) episodeReturns.splice(0, episodeReturns.length - 100);
          onProgress?.(progress());
        }
      } finally {
        learning = false;
      }
      return { ...progress(), episodeReturns: returnsThisCall, aborted };
    },
    predict(observation, options = {}) {
      checkLive('predict');
      checkPredictArgs(WHERE, observation, options, d);
      const drawKey = options.deterministic ? undefined : (options.key ?? fold(predictKey, predictions++));
      const { envActions } = act(Float32Array.from(observation), 1, drawKey);
      return actionSpace.kind === 'discrete' ? (envActions[0] as number) : Float64Array.from(envActions);
    },
    async policyGradientSamples(options) {
      checkLive('policyGradientSamples');
      const where = `${WHERE} policyGradientSamples`;
      checkOptions(where, options, ['env', 'n', 'key', 'estimator']);
      if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ env, n?, key, estimator? }');
      if (config.nSteps !== 'episode') throw new ArgumentError(`${where}`, `an agent with nSteps ${String(config.nSteps)}`, "an agent with nSteps 'episode' (whole-episode estimators)");
      checkKey(where, options.key);
      const estimator = options.estimator ?? 'agent';
      if (estimator !== 'agent' && estimator !== 'value') throw new ArgumentError(`${where} estimator`, `got ${String(estimator)}`, "'agent' or 'value'");
      const { vec: env, owned } = vectorEnvOf(options.env, options.n);
      try {
        const same = env.observationSize === d && env.singleActionSpace.toString() === actionSpace.toString();
        if (!same) throw new ArgumentError(`${where} env`, `observation size ${env.observationSize}, action space ${env.singleActionSpace.toString()}`, `the agent's: observation size ${d}, ${actionSpace.toString()}`);
        const [playKey, seedOf, estimateKey] = split(options.key, 3) as [Key, Key, Key];
        const played = await playEpisodes(env, playKey, { seed: random.integerArray(seedOf, 1, 2 ** 31)[0] as number });
        const policyVariables = [...policy.variables];
        const samples = played.map((episode, m) =>
          tf.tidy(() => {
            const b = packEpisodes([episode]);
            const t = episodeTensors(b);
            const { grads } = tf.variableGrads(() => episodeSurrogate(b, t, fold(estimateKey, m), estimator), policyVariables);
            return tf.concat(policyVariables.map((v) => tf.reshape(grads[v.name] ?? tf.zerosLike(v), [-1])));
          }),
        );
        const values = samples.map((g) => {
          const data = g.dataSync() as Float32Array;
          g.dispose();
          return data;
        });
        return { samples: values, episodeReturns: played.map((e) => e.rewards.reduce((sum, r) => sum + r, 0)), parameterCount: values[0]?.length ?? 0 };
      } finally {
        if (owned) await env.close();
      }
    },
    save() {
      checkLive('save');
      const dump = (vars: readonly tf.Variable[]) => vars.map((v) => ({ shape: [...v.shape], values: Array.from(v.dataSync()) }));
      return {
        format: 'stochgrad.a2c',
        version: 1,
        config: { ...config },
        observationSize: d,
        actionSpace: actionSpace.kind === 'discrete' ? { kind: 'discrete', n: actionSpace.n, start: actionSpace.start } : { kind: 'box', size: actionSpace.size },
        policyMlp: policy.mlp ? { hiddenSizes: [...policy.mlp.hiddenSizes], activation: policy.mlp.activation } : null,
        valueMlp: valueFunction.mlp ? { hiddenSizes: [...valueFunction.mlp.hiddenSizes], activation: valueFunction.mlp.activation } : null,
        timesteps,
        weights: { policy: dump(policy.variables), valueFunction: dump(valueFunction.variables), ...(relax ? { controlVariate: dump(relax.variables) } : {}) },
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      step.dispose();
      relaxStep?.dispose();
      relax?.variables.forEach((v) => v.dispose());
      policy.dispose();
      valueFunction.dispose();
      if (b.ownsEnv) void vec.close();
    },
  };
  return Object.freeze(agent);
}

function assignWeights(where: string, name: string, vars: readonly tf.Variable[], saved: { shape: number[]; values: number[] }[]): void {
  if (!Array.isArray(saved) || saved.length !== vars.length) throw new ArgumentError(`${where} snapshot weights.${name}`, `${Array.isArray(saved) ? saved.length : 'no'} tensors`, `${vars.length} tensors`);
  vars.forEach((v, i) => {
    const w = saved[i] as { shape: number[]; values: number[] };
    if (w.shape.join(',') !== v.shape.join(',')) throw new ArgumentError(`${where} snapshot weights.${name}[${i}]`, `shape [${w.shape.join(', ')}]`, `[${v.shape.join(', ')}]`);
    tf.tidy(() => v.assign(tf.tensor(w.values, v.shape, 'float32')));
  });
}

function defaultPolicy(k: Key, vec: VectorEnv, mlp: MlpConfig): Policy {
  const act = vec.singleActionSpace;
  return act.kind === 'discrete'
    ? categoricalMlpPolicy({ key: k, observationSize: vec.observationSize, numActions: act.n, ...mlp })
    : gaussianMlpPolicy({ key: k, observationSize: vec.observationSize, actionSize: act.size, ...mlp });
}

/**
 * @example
 * const agent = a2c({ key: key(0), env: 'CartPole-v1', n: 8 });
 * await agent.learn({ totalTimesteps: 100_000, onProgress: (p) => console.log(p.meanReturn) });
 * const action = agent.predict(observation, { deterministic: true });
 * agent.dispose();
 */
function a2cImpl(options: A2COptions): A2CAgent {
  checkOptions(WHERE, options, OPTION_NAMES);
  if (options === undefined) throw new ArgumentError(`${WHERE} options`, 'got undefined', `{ ${OPTION_NAMES.join(', ')} }`);
  checkKey(WHERE, options.key);
  const config = checkConfig(options);
  if (options.optimizer !== undefined && !(options.optimizer instanceof tf.Optimizer)) throw new ArgumentError(`${WHERE} optimizer`, `got ${typeof options.optimizer}`, 'a tf.train optimizer (tf.train.adam(…), …)');
  const { vec, owned } = vectorEnvOf(options.env, options.n);
  try {
    checkSpaces(vec, config);
    const mlp: MlpConfig = { hiddenSizes: options.hiddenSizes ?? [64, 64], activation: options.activation ?? 'tanh' };
    const [agentKey, policyKey, valueKey] = split(options.key, 3) as [Key, Key, Key];
    const policy = options.policy ?? defaultPolicy(policyKey, vec, mlp);
    const valueFunction = options.valueFunction ?? mlpValueFunction({ key: valueKey, observationSize: vec.observationSize, ...mlp });
    try {
      checkNetworks(vec, policy, valueFunction);
    } catch (error) {
      // free what this call built; the user's networks stay theirs
      if (!options.policy) policy.dispose();
      if (!options.valueFunction) valueFunction.dispose();
      throw error;
    }
    return createAgent({ key: agentKey, vec, ownsEnv: owned, policy, valueFunction, config, optimizer: options.optimizer, timesteps: 0 });
  } catch (error) {
    if (owned) void vec.close();
    throw error;
  }
}

function load(snapshot: A2CSnapshot | string, options: A2CLoadOptions): A2CAgent {
  const where = `${WHERE}.load`;
  checkOptions(where, options, ['env', 'n', 'key', 'policy', 'valueFunction', 'optimizer']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ env, n?, key?, policy?, valueFunction?, optimizer? }');
  const s = (typeof snapshot === 'string' ? JSON.parse(snapshot) : snapshot) as A2CSnapshot;
  if (s === null || typeof s !== 'object' || s.format !== 'stochgrad.a2c' || s.version !== 1) {
    throw new ArgumentError(`${where} snapshot`, `got ${s === null || typeof s !== 'object' ? typeof s : `format ${String(s.format)} version ${String(s.version)}`}`, "an object from agent.save() (format 'stochgrad.a2c', version 1) or its JSON string");
  }
  const config = checkConfig(s.config);
  const k = options.key ?? makeKey(0);
  checkKey(where, k);
  const { vec, owned } = vectorEnvOf(options.env, options.n);
  try {
    checkSpaces(vec, config);
    const act = vec.singleActionSpace;
    const matches = act.kind === s.actionSpace.kind && (act.kind === 'discrete' ? act.n === (s.actionSpace as { n: number }).n : act.size === (s.actionSpace as { size: number }).size);
    if (!matches || vec.observationSize !== s.observationSize) {
      throw new ArgumentError(`${where} env`, `observation size ${vec.observationSize}, action space ${act.toString()}`, `the saved agent's: observation size ${s.observationSize}, ${JSON.stringify(s.actionSpace)}`);
    }
    const [agentKey, policyKey, valueKey] = split(k, 3) as [Key, Key, Key];
    if (!options.policy && !s.policyMlp) throw new ArgumentError(`${where} policy`, 'missing (the saved agent had a user policy)', 'a policy of the same architecture');
    if (!options.valueFunction && !s.valueMlp) throw new ArgumentError(`${where} valueFunction`, 'missing (the saved agent had a user value function)', 'a value function of the same architecture');
    const policy = options.policy ?? defaultPolicy(policyKey, vec, s.policyMlp as MlpConfig);
    const valueFunction = options.valueFunction ?? mlpValueFunction({ key: valueKey, observationSize: vec.observationSize, ...(s.valueMlp as MlpConfig) });
    const assign = (name: string, vars: readonly tf.Variable[], saved: { shape: number[]; values: number[] }[]) => assignWeights(where, name, vars, saved);
    try {
      checkNetworks(vec, policy, valueFunction);
      assign('policy', policy.variables, s.weights.policy);
      assign('valueFunction', valueFunction.variables, s.weights.valueFunction);
    } catch (error) {
      if (!options.policy) policy.dispose();
      if (!options.valueFunction) valueFunction.dispose();
      throw error;
    }
    try {
      return createAgent({ key: agentKey, vec, ownsEnv: owned, policy, valueFunction, config, optimizer: options.optimizer, timesteps: s.timesteps ?? 0, controlVariateWeights: config.controlVariate !== 'value' ? (s.weights.controlVariate ?? []) : undefined });
    } catch (error) {
      if (!options.policy) policy.dispose();
      if (!options.valueFunction) valueFunction.dispose();
      throw error;
    }
  } catch (error) {
    if (owned) void vec.close();
    throw error;
  }
}

/** The A2C agent factory; `a2c.load(snapshot, { env })` rebuilds a saved agent. */
export const a2c: typeof a2cImpl & { load: typeof load } = Object.freeze(Object.assign(a2cImpl, { load }));
