/**
 * Soft actor-critic (SAC): off-policy maximum-entropy actor-critic for Box actions, with a squashed
 * Gaussian or an implicit policy whose entropy gradient comes from a score estimator (AR-DAE).
 * Math, per gradient step on a replay batch (s, a, r, s′, terminated):
 *   y = r + γ(1 − terminated)(min_i Q̄_i(s′, a′) − α log π(a′|s′)),  a′ ~ π(·|s′)   (Q̄: Polyak targets)
 *   critics: min ½ Σ_i mean (Q_i(s, a) − y)²;  actor: min mean[α log π(ã|s) − min_i Q_i(s, ã)], ã ~ π(·|s)
 *   entCoef 'auto': min −log α · mean(log π(ã|s) + H̄), H̄ = −dim(A);  targets: Q̄ ← (1 − τ)Q̄ + τQ.
 *   a = tanh(u); log π(a|s) = log p(u|s) − Σ log(1 − tanh²u). Implicit policies (u = g_θ(s, ε)) use
 *   ∇_u log π = ŝ(u|s) + 2 tanh u from a score estimate ŝ (conditional AR-DAE, Stein, SSGE, a known
 *   score) in the actor; log π in the target and in the α loss from AR-DAE's unnormalised
 *   log-density minus an importance-sampled log-partition. Score-only providers (Stein, SSGE, a
 *   score without log-density) drop −α log π from the target and need a fixed α.
 * Properties: the defaults are Stable-Baselines3's SAC (lr 3e-4 for all, buffer 10⁶, learningStarts
 *   100 uniform actions, batch 256, τ 0.005, γ 0.99, trainFreq 1, gradientSteps 1, entCoef 'auto'
 *   with α₀ = 1, target entropy −dim(A), twin 2 × 256 ReLU critics, 2 × 256 ReLU actor with
 *   log-std clamped to [−20, 2], Adam). The replay buffer stores actions in [−1, 1]; the env gets
 *   them rescaled to its bounds. A time-limit truncation bootstraps, a termination does not.
 *   Deterministic under a key: same key, env and options give the same learning curve, bitwise.
 *   With the exact score the actor's score form has the same expectation as SB3's log π form.
 * Reference: Haarnoja, Zhou, Abbeel, Levine, "Soft Actor-Critic", ICML 2018, arXiv:1801.01290;
 *   Haarnoja et al., "Soft Actor-Critic Algorithms and Applications", arXiv:1812.05905, 2018;
 *   Lim, Courville, Pal, Huang, "AR-DAE: Towards Unbiased Neural Entropy Gradient Estimation",
 *   ICML 2020, arXiv:2006.05164 (SAC-AR-DAE); Raffin et al., "Stable-Baselines3", JMLR 22(268), 2021.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, StochgradError, checkOptions, fold, fusedAdam, key as makeKey, random, split } from '@stochgrad/core';
import type { ScoreEstimator } from '@stochgrad/entropy';
import type { Env } from '../env';
import { checkKey, checkLearnOptions, checkPredictArgs, meanOfLast100 } from '../internal/agent-args';
import { checkActivation, checkHiddenSizes } from '../internal/mlp';
import { type TwinMlp, createTwinMlp } from '../internal/twin-mlp';
import { type ReplayBuffer, createReplayBuffer } from '../internal/replay-buffer';
import {
  type ArdaeProviderOptions,
  type EntropyProvider,
  type JacobianClamping,
  actorLoss,
  ardaeProvider,
  deterministicPreActivation,
  drawWithLogProb,
  exactGaussianProvider,
  jacobianClampingWeight,
  kernelProvider,
  noiseSizeOf,
  preActivation,
  userScoreProvider,
} from '../internal/sac-entropy';
import { softBellmanTarget } from '../internal/soft-bellman-target';
import { make } from '../registry';
import type { BoxSpace } from '../spaces';
import { implicitMlpPolicy } from './implicit-mlp-policy';
import type { MlpConfig } from './policy';
import type { SacPolicy } from './sac-policy';
import { squashedGaussianMlpPolicy } from './squashed-gaussian-mlp-policy';

/** AR-DAE settings of an implicit policy's entropy (defaults in brackets; the reference code's in the README). */
export interface SacArdaeOptions {
  /** units per hidden layer [128] */
  hidden?: number;
  /** hidden layers [3] */
  layers?: number;
  /** fresh policy draws per replay state for each AR-DAE step [16] */
  samplesPerState?: number;
  /** σ draws per sample [1] */
  numSigmas?: number;
  /** δ: σ ~ N(0, δ²·s(x)²) [0.1] */
  delta?: number;
  /** the network sees c·x (the reference code's std-scale) [1] */
  rescale?: number;
  /** Adam learning rate [3e-4] */
  learningRate?: number;
  /** importance samples of the log-partition estimate [10] */
  logPartitionSamples?: number;
  /** κ: the proposal's std is κ × the policy draws' std at the state [1.5] */
  proposalScale?: number;
}

/** The entropy of the policy: where its score (and log-density) come from. */
export type SacEntropy =
  | 'exact'
  | 'ardae'
  | ({ kind: 'ardae' } & SacArdaeOptions)
  | { kind: 'kernel'; estimator: ScoreEstimator; samplesPerState?: number }
  | {
      kind: 'score';
      name?: string;
      /** ∇_u log p(u|s) at u [N, B, k], observations [B, d] */
      score: (u: tf.Tensor3D, observations: tf.Tensor2D) => tf.Tensor;
      /** the normalised log p(u|s) [N, B], if known (then α log π enters the target) */
      logDensity?: (u: tf.Tensor3D, observations: tf.Tensor2D) => tf.Tensor;
    };

export interface SacJacobianClampingOptions {
  /** η [0.01] */
  eta?: number;
  /** ν of λ_t = min(1 + t^ν/1000, maxWeight) [1.1] */
  exponent?: number;
  /** [1e5] */
  maxWeight?: number;
  /** [10] */
  perturbations?: number;
  /** finite-difference step [0.01] */
  step?: number;
}

export interface SacOptions {
  key: Key;
  /** An environment with Box observations and a bounded Box action space, or a registered id (made and closed by dispose). */
  env: Env | string;
  /** Default: squashedGaussianMlpPolicy with `hiddenSizes`. The agent owns it. */
  policy?: SacPolicy;
  /** 'exact' (default for a squashed-gaussian policy); an implicit policy needs one of the others. */
  entropy?: SacEntropy;
  /** Hidden sizes of the critics and the default policy; default [256, 256]. */
  hiddenSizes?: readonly number[];
  /** Default 'relu'. */
  activation?: 'tanh' | 'relu';
  /** Adam's learning rate for actor, critics and α; default 3e-4. */
  learningRate?: number;
  /** Default 1,000,000. */
  bufferSize?: number;
  /** Steps of uniform random actions before learning; default 100. */
  learningStarts?: number;
  /** Default 256. */
  batchSize?: number;
  /** Polyak coefficient in (0, 1]; default 0.005. */
  tau?: number;
  /** Default 0.99, in [0, 1]. */
  gamma?: number;
  /** Environment steps between training rounds; default 1. */
  trainFreq?: number;
  /** Gradient steps per training round; default 1. */
  gradientSteps?: number;
  /** Gradient steps between target updates; default 1. */
  targetUpdateInterval?: number;
  /** 'auto' (default, learned log α) or a fixed α ≥ 0. */
  entCoef?: 'auto' | number;
  /** α at the start with entCoef 'auto'; default 1 (SB3). */
  entCoefInit?: number;
  /** 'auto' (default: −dim(A)) or a number. */
  targetEntropy?: 'auto' | number;
  /** The one-sided Jacobian clamping of the noise → action map (implicit policies): true for the reference code's settings, or its options; default false. */
  jacobianClamping?: boolean | SacJacobianClampingOptions;
}

export interface SacConfig {
  readonly learningRate: number;
  readonly bufferSize: number;
  readonly learningStarts: number;
  readonly batchSize: number;
  readonly tau: number;
  readonly gamma: number;
  readonly trainFreq: number;
  readonly gradientSteps: number;
  readonly targetUpdateInterval: number;
  readonly entCoef: 'auto' | number;
  readonly entCoefInit: number;
  readonly targetEntropy: number;
  readonly hiddenSizes: readonly number[];
  readonly activation: 'tanh' | 'relu';
  /** 'exact', 'ardae', 'stein', 'ssge' or the user's score name */
  readonly entropy: string;
  readonly ardae: Required<SacArdaeOptions> | null;
  readonly jacobianClamping: Required<SacJacobianClampingOptions> | null;
}

export interface SacProgress {
  timesteps: number;
  /** Gradient steps so far (this agent). */
  updates: number;
  episodes: number;
  /** Mean return of the last (up to) 100 finished episodes; NaN before the first. */
  meanReturn: number;
  /** Returns of the episodes finished since the previous progress call. */
  finishedReturns: readonly number[];
  /** α of the latest update. */
  entCoef: number;
  /** Critic and actor losses of the latest update (NaN before the first). */
  criticLoss: number;
  actorLoss: number;
  /** −mean log π(a′|s′) over the latest batch (from the provider's log-density; NaN without one). */
  entropy: number;
  /** The AR-DAE loss of the latest update (NaN without AR-DAE). */
  ardaeLoss: number;
  /** Environment steps per second during this learn call. */
  fps: number;
}

export interface SacLearnOptions {
  /** Environment steps to take in this call, an integer >= 1. */
  totalTimesteps: number;
  /** Called after every finished episode and at the end of the call. */
  onProgress?: (progress: SacProgress) => void;
  /** Stops at the next environment step. */
  signal?: AbortSignal;
}

export interface SacLearnResult extends SacProgress {
  /** Returns of the episodes finished during this call, in order. */
  episodeReturns: number[];
  aborted: boolean;
}

export interface SacPredictOptions {
  /** tanh of the mean (Gaussian) or of g(s, 0) (implicit) instead of a draw; default false. */
  deterministic?: boolean;
  /** The key of a stochastic draw; default: the agent's next prediction key. */
  key?: Key;
}

type SavedTensor = { shape: number[]; values: number[] };

export interface SacSnapshot {
  format: 'stochgrad.sac';
  version: 1;
  config: SacConfig;
  observationSize: number;
  actionSize: number;
  policy: { kind: SacPolicy['kind']; noiseSize: number; mlp: MlpConfig | null };
  timesteps: number;
  updates: number;
  weights: { policy: SavedTensor[]; critics: SavedTensor[]; targets: SavedTensor[]; logEntCoef: SavedTensor[]; entropy: SavedTensor[] };
}

export interface SacAgent {
  readonly config: SacConfig;
  readonly policy: SacPolicy;
  readonly env: Env;
  /** Environment steps learned from so far. */
  readonly timesteps: number;
  /** The twin critics' and their targets' variables ([W, b, …] of Q_1 then Q_2). */
  readonly critics: readonly tf.Variable[];
  readonly targets: readonly tf.Variable[];
  /** The entropy provider's own variables (AR-DAE's network; empty otherwise). */
  readonly entropyVariables: readonly tf.Variable[];
  /** Transitions held by the replay buffer. */
  readonly bufferSize: number;
  learn(options: SacLearnOptions): Promise<SacLearnResult>;
  /** One observation in, one action in the Box bounds out. */
  predict(observation: ArrayLike<number>, options?: SacPredictOptions): Float64Array;
  /** Weights, config and counters as a JSON-compatible object (optimizer state and replay buffer are not saved). */
  save(): SacSnapshot;
  dispose(): void;
}

export interface SacLoadOptions {
  env: Env | string;
  /** Keys further learning and stochastic predictions; default key(0). */
  key?: Key;
  /** Needed when the saved agent had a user policy (same architecture; weights assigned in order). */
  policy?: SacPolicy;
  /** Needed when the saved agent used a kernel estimator or a user's score. */
  entropy?: SacEntropy;
}

const OPTION_NAMES = [
  'key', 'env', 'policy', 'entropy', 'hiddenSizes', 'activation', 'learningRate', 'bufferSize', 'learningStarts', 'batchSize', 'tau', 'gamma', 'trainFreq', 'gradientSteps',
  'targetUpdateInterval', 'entCoef', 'entCoefInit', 'targetEntropy', 'jacobianClamping',
];
const ARDAE_NAMES = ['kind', 'hidden', 'layers', 'samplesPerState', 'numSigmas', 'delta', 'rescale', 'learningRate', 'logPartitionSamples', 'proposalScale'];
const WHERE = 'sac';
const ENTROPY_ALLOWED = "'exact' (squashed-gaussian policies), 'ardae', { kind: 'ardae', …options }, { kind: 'kernel', estimator: stein() | ssge(), samplesPerState? } or { kind: 'score', score, logDensity?, name? }";

function checkNumber(name: string, value: unknown, ok: (x: number) => boolean, allowed: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) throw new ArgumentError(`${WHERE} ${name}`, `got ${String(value)}`, allowed);
  return value;
}
const isInteger = (min: number) => (x: number) => Number.isSafeInteger(x) && x >= min;

function checkArdae(options: Omit<SacArdaeOptions, 'kind'> & { kind?: string }): Required<SacArdaeOptions> {
  checkOptions(`${WHERE} entropy`, options, ARDAE_NAMES);
  const n = (name: keyof SacArdaeOptions, value: number | undefined, fallback: number, ok: (x: number) => boolean, allowed: string) => checkNumber(`entropy.${name}`, value ?? fallback, ok, allowed);
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  return Object.freeze({
    hidden: n('hidden', options.hidden, 128, isInteger(1), 'an integer >= 1'),
    layers: n('layers', options.layers, 3, isInteger(1), 'an integer >= 1'),
    samplesPerState: n('samplesPerState', options.samplesPerState, 16, isInteger(2), 'an integer >= 2 (the per-state σ scale is a sample std)'),
    numSigmas: n('numSigmas', options.numSigmas, 1, isInteger(1), 'an integer >= 1'),
    delta: n('delta', options.delta, 0.1, positive, 'a finite number > 0'),
    rescale: n('rescale', options.rescale, 1, positive, 'a finite number > 0'),
    learningRate: n('learningRate', options.learningRate, 3e-4, positive, 'a finite number > 0'),
    logPartitionSamples: n('logPartitionSamples', options.logPartitionSamples, 10, isInteger(2), 'an integer >= 2 (the proposal is fitted to that many policy draws)'),
    proposalScale: n('proposalScale', options.proposalScale, 1.5, (x) => Number.isFinite(x) && x >= 1, 'a finite number >= 1'),
  });
}

function checkClamping(value: unknown): Required<SacJacobianClampingOptions> | null {
  if (value === undefined || value === null || value === false) return null;
  const o = (value === true ? {} : value) as SacJacobianClampingOptions;
  if (typeof o !== 'object' || o === null) throw new ArgumentError(`${WHERE} jacobianClamping`, `got ${String(value)}`, 'true, false or { eta?, exponent?, maxWeight?, perturbations?, step? }');
  checkOptions(`${WHERE} jacobianClamping`, o, ['eta', 'exponent', 'maxWeight', 'perturbations', 'step']);
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  return Object.freeze({
    eta: checkNumber('jacobianClamping.eta', o.eta ?? 0.01, positive, 'a finite number > 0'),
    exponent: checkNumber('jacobianClamping.exponent', o.exponent ?? 1.1, (x) => Number.isFinite(x) && x >= 0, 'a finite number >= 0'),
    maxWeight: checkNumber('jacobianClamping.maxWeight', o.maxWeight ?? 1e5, positive, 'a finite number > 0'),
    perturbations: checkNumber('jacobianClamping.perturbations', o.perturbations ?? 10, isInteger(1), 'an integer >= 1'),
    step: checkNumber('jacobianClamping.step', o.step ?? 0.01, positive, 'a finite number > 0'),
  });
}

function entropyName(entropy: SacEntropy): string {
  if (typeof entropy === 'string') return entropy;
  if (entropy.kind === 'ardae') return 'ardae';
  if (entropy.kind === 'kernel') return entropy.estimator.name;
  return entropy.name ?? 'score';
}

function checkEntropy(entropy: unknown, policy: SacPolicy): SacEntropy {
  const fallback = policy.kind === 'squashed-gaussian' ? 'exact' : undefined;
  const e = (entropy ?? fallback) as SacEntropy | undefined;
  if (e === undefined) throw new ArgumentError(`${WHERE} entropy`, 'missing for an implicit policy (it has no density: its entropy gradient needs a score estimator)', ENTROPY_ALLOWED);
  if (e === 'exact') {
    if (policy.kind !== 'squashed-gaussian') throw new ArgumentError(`${WHERE} entropy`, "'exact' for an implicit policy (no closed form)", ENTROPY_ALLOWED.replace("'exact' (squashed-gaussian policies), ", ''));
    return e;
  }
  if (e === 'ardae') return e;
  if (typeof e !== 'object' || e === null) throw new ArgumentError(`${WHERE} entropy`, `got ${String(e)}`, ENTROPY_ALLOWED);
  if (e.kind === 'ardae') return e;
  if (e.kind === 'kernel') {
    checkOptions(`${WHERE} entropy`, e, ['kind', 'estimator', 'samplesPerState']);
    if (typeof e.estimator !== 'object' || e.estimator === null || typeof e.estimator.score !== 'function') throw new ArgumentError(`${WHERE} entropy.estimator`, `got ${typeof e.estimator}`, 'a ScoreEstimator of @stochgrad/entropy (stein(), ssge())');
    checkNumber('entropy.samplesPerState', e.samplesPerState ?? 16, isInteger(2), 'an integer >= 2 (a kernel estimator scores a state from several draws there)');
    return e;
  }
  if (e.kind === 'score') {
    checkOptions(`${WHERE} entropy`, e, ['kind', 'name', 'score', 'logDensity']);
    if (typeof e.score !== 'function') throw new ArgumentError(`${WHERE} entropy.score`, `got ${typeof e.score}`, 'a function (u [N, B, k], observations [B, d]) => ∇_u log p(u|s) [N, B, k]');
    if (e.logDensity !== undefined && typeof e.logDensity !== 'function') throw new ArgumentError(`${WHERE} entropy.logDensity`, `got ${typeof e.logDensity}`, 'a function (u [N, B, k], observations [B, d]) => log p(u|s) [N, B]');
    return e;
  }
  throw new ArgumentError(`${WHERE} entropy`, `kind ${String((e as { kind?: unknown }).kind)}`, ENTROPY_ALLOWED);
}

function checkConfig(options: Partial<Omit<SacConfig, 'targetEntropy' | 'ardae' | 'jacobianClamping'>> & { targetEntropy?: 'auto' | number; ardae?: SacArdaeOptions | null; jacobianClamping?: unknown }, actionSize: number, entropy: string): SacConfig {
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  const bufferSize = checkNumber('bufferSize', options.bufferSize ?? 1_000_000, isInteger(1), 'an integer >= 1');
  const batchSize = checkNumber('batchSize', options.batchSize ?? 256, isInteger(1), 'an integer >= 1');
  if (batchSize > bufferSize) throw new ArgumentError(`${WHERE} batchSize`, `${batchSize} is larger than bufferSize ${bufferSize}`, `an integer in [1, bufferSize = ${bufferSize}]`);
  const entCoef = options.entCoef ?? 'auto';
  if (entCoef !== 'auto' && !(typeof entCoef === 'number' && Number.isFinite(entCoef) && entCoef >= 0)) throw new ArgumentError(`${WHERE} entCoef`, `got ${String(entCoef)}`, "'auto' or a finite number >= 0");
  const targetEntropy = options.targetEntropy ?? 'auto';
  if (targetEntropy !== 'auto' && !(typeof targetEntropy === 'number' && Number.isFinite(targetEntropy))) throw new ArgumentError(`${WHERE} targetEntropy`, `got ${String(targetEntropy)}`, "'auto' (−dim(A)) or a finite number");
  return Object.freeze({
    learningRate: checkNumber('learningRate', options.learningRate ?? 3e-4, positive, 'a finite number > 0'),
    bufferSize,
    learningStarts: checkNumber('learningStarts', options.learningStarts ?? 100, isInteger(0), 'an integer >= 0'),
    batchSize,
    tau: checkNumber('tau', options.tau ?? 0.005, (x) => x > 0 && x <= 1, 'a number in (0, 1]'),
    gamma: checkNumber('gamma', options.gamma ?? 0.99, (x) => x >= 0 && x <= 1, 'a number in [0, 1]'),
    trainFreq: checkNumber('trainFreq', options.trainFreq ?? 1, isInteger(1), 'an integer >= 1'),
    gradientSteps: checkNumber('gradientSteps', options.gradientSteps ?? 1, isInteger(0), 'an integer >= 0'),
    targetUpdateInterval: checkNumber('targetUpdateInterval', options.targetUpdateInterval ?? 1, isInteger(1), 'an integer >= 1'),
    entCoef,
    entCoefInit: checkNumber('entCoefInit', options.entCoefInit ?? 1, positive, 'a finite number > 0'),
    targetEntropy: targetEntropy === 'auto' ? -actionSize : targetEntropy,
    hiddenSizes: checkHiddenSizes(WHERE, options.hiddenSizes ?? [256, 256]),
    activation: checkActivation(WHERE, options.activation ?? 'relu'),
    entropy,
    ardae: options.ardae ? checkArdae(options.ardae) : null,
    jacobianClamping: checkClamping(options.jacobianClamping),
  });
}

function envOf(env: unknown): { e: Env; owned: boolean } {
  if (typeof env === 'string') return { e: make(env), owned: true };
  if (typeof env !== 'object' || env === null || typeof (env as Env).step !== 'function' || typeof (env as Env).reset !== 'function') {
    throw new ArgumentError(`${WHERE} env`, `got ${env === null ? 'null' : typeof env}`, 'an Env (make(id), defineEnv, wrappers) or a registered env id');
  }
  return { e: env as Env, owned: false };
}

function checkSpaces(e: Env): { d: number; space: BoxSpace } {
  const obs = e.observationSpace;
  if (obs.kind !== 'box') throw new ArgumentError(`${WHERE} env`, `observation space ${obs.toString()}`, 'a Box observation space (one-hot encode a Discrete one with a wrapper)');
  const act = e.actionSpace;
  if (act.kind !== 'box') throw new ArgumentError(`${WHERE} env`, `action space ${act.toString()}`, 'a Box action space (SAC acts in continuous spaces; use a2c for Discrete actions)');
  for (let i = 0; i < act.size; i++) {
    if (!Number.isFinite(act.low[i]) || !Number.isFinite(act.high[i])) throw new ArgumentError(`${WHERE} env`, `action space ${act.toString()} is unbounded`, 'finite action bounds (tanh actions are scaled to them; wrap with rescaleAction)');
  }
  return { d: obs.size, space: act };
}

function checkPolicy(policy: SacPolicy, d: number, k: number): void {
  if (typeof policy !== 'object' || policy === null || (policy.kind !== 'squashed-gaussian' && policy.kind !== 'implicit')) {
    throw new ArgumentError(`${WHERE} policy`, `got ${policy === null ? 'null' : typeof policy === 'object' ? `kind ${String((policy as { kind?: unknown }).kind)}` : typeof policy}`, "a SacPolicy (kind 'squashed-gaussian' or 'implicit'): squashedGaussianMlpPolicy, implicitMlpPolicy or your own");
  }
  if (policy.observationSize !== d || policy.actionSize !== k) {
    throw new ArgumentError(`${WHERE} policy`, `observationSize ${policy.observationSize}, actionSize ${policy.actionSize}`, `the env's: observationSize ${d}, actionSize ${k}`);
  }
}

function makeProvider(k: Key, entropy: SacEntropy, config: SacConfig, policy: SacPolicy): EntropyProvider {
  if (entropy === 'exact') return exactGaussianProvider(policy);
  if (entropy === 'ardae' || entropy.kind === 'ardae') return ardaeProvider(k, policy, config.ardae as ArdaeProviderOptions);
  if (entropy.kind === 'kernel') return kernelProvider(entropy.estimator, entropy.samplesPerState ?? 16);
  return userScoreProvider(entropy.name ?? 'score', entropy.score, entropy.logDensity);
}

function dump(vars: readonly tf.Variable[]): SavedTensor[] {
  return vars.map((v) => ({ shape: [...v.shape], values: Array.from(v.dataSync()) }));
}

function assignWeights(where: string, name: string, vars: readonly tf.Variable[], saved: SavedTensor[] | undefined): void {
  if (!Array.isArray(saved) || saved.length !== vars.length) throw new ArgumentError(`${where} snapshot weights.${name}`, `${Array.isArray(saved) ? saved.length : 'no'} tensors`, `${vars.length} tensors`);
  vars.forEach((v, i) => {
    const w = saved[i] as SavedTensor;
    if (w.shape.join(',') !== v.shape.join(',')) throw new ArgumentError(`${where} snapshot weights.${name}[${i}]`, `shape [${w.shape.join(', ')}]`, `[${v.shape.join(', ')}]`);
    tf.tidy(() => v.assign(tf.tensor(w.values, v.shape, 'float32')));
  });
}

interface Built {
  key: Key;
  env: Env;
  ownsEnv: boolean;
  policy: SacPolicy;
  ownsPolicy: boolean;
  entropy: SacEntropy;
  config: SacConfig;
  snapshot?: SacSnapshot;
}

function createAgent(b: Built): SacAgent {
  const { env, policy, config } = b;
  const { d, space } = checkSpaces(env);
  const k = space.size;
  const m = noiseSizeOf(policy);
  const [criticKey, providerKey, rolloutKey, updateKey, predictKey, seedKey] = split(b.key, 6) as [Key, Key, Key, Key, Key, Key];
  const provider = makeProvider(providerKey, b.entropy, config, policy);
  const fullLogProb = config.entropy === 'exact' && policy.kind === 'squashed-gaussian';
  const criticSizes = [d + k, ...config.hiddenSizes, 1];
  const twinKeys = split(criticKey) as [Key, Key];
  const critics = createTwinMlp(twinKeys, criticSizes, config.activation, 1);
  const targets = createTwinMlp(twinKeys, criticSizes, config.activation, 1);
  const criticVariables = critics.variables;
  const targetVariables = targets.variables;
  const logEntCoef = tf.tidy(() => tf.variable(tf.scalar(Math.log(config.entCoefInit)), config.entCoef === 'auto'));
  let timesteps = b.snapshot?.timesteps ?? 0;
  let updates = b.snapshot?.updates ?? 0;
  if (b.snapshot) {
    const where = `${WHERE}.load`;
    try {
      assignWeights(where, 'critics', criticVariables, b.snapshot.weights.critics);
      assignWeights(where, 'targets', targetVariables, b.snapshot.weights.targets);
      assignWeights(where, 'logEntCoef', [logEntCoef], b.snapshot.weights.logEntCoef);
      assignWeights(where, 'entropy', provider.variables, b.snapshot.weights.entropy);
    } catch (error) {
      tf.dispose([...criticVariables, ...targetVariables, logEntCoef]);
      provider.dispose();
      throw error;
    }
  }
  // Adam as SB3 (PyTorch) runs it: ε 1e-8; core's fused Adam: a dozen kernels per step in all
  const adam = () => fusedAdam({ learningRate: config.learningRate, epsilon: 1e-8 });
  const criticOptimizer = adam();
  const actorOptimizer = adam();
  const entCoefOptimizer = adam();
  const buffer: ReplayBuffer = createReplayBuffer(config.bufferSize, d, k);
  const low = Array.from(space.low);
  const high = Array.from(space.high);
  const minQ = (net: TwinMlp, observations: tf.Tensor2D, actions: tf.Tensor2D) => tf.tidy(() => tf.reshape(tf.min(net.apply(tf.concat([observations, actions], 1) as tf.Tensor2D), 0), [-1]) as tf.Tensor1D);

  let predictions = 0;
  let started = false;
  let observation: Float32Array | undefined;
  let disposed = false;
  let learning = false;
  let episodes = 0;
  let running = 0;
  const episodeReturns: number[] = [];
  const last = { ardaeLoss: Number.NaN };
  type StatName = 'entCoef' | 'criticLoss' | 'actorLoss' | 'entropy';
  const stats: Partial<Record<StatName, tf.Tensor>> = {};
  const keepStats = (fresh: Partial<Record<StatName, tf.Tensor>>) => {
    for (const name of ['entCoef', 'criticLoss', 'actorLoss', 'entropy'] as const) {
      stats[name]?.dispose();
      const t = fresh[name];
      stats[name] = t ? tf.keep(tf.clone(t)) : undefined;
    }
  };
  const readStats = () => {
    const read = (name: StatName, fallback: number) => {
      const t = stats[name];
      return t ? (t.dataSync()[0] as number) : fallback;
    };
    return {
      entCoef: read('entCoef', config.entCoef === 'auto' ? config.entCoefInit : config.entCoef),
      criticLoss: read('criticLoss', Number.NaN),
      actorLoss: read('actorLoss', Number.NaN),
      entropy: read('entropy', Number.NaN),
      ardaeLoss: last.ardaeLoss,
    };
  };

  /** One action in [−1, 1]^k for one observation (policy draw, or its deterministic action). */
  function act(obs: Float32Array, drawKey: Key | undefined): Float32Array {
    const a = tf.tidy(() => {
      const x = tf.tensor2d(obs, [1, d]);
      const u = drawKey ? preActivation(policy, x, random.normal(drawKey, [1, 1, m]) as tf.Tensor3D) : deterministicPreActivation(policy, x);
      return tf.tanh(u);
    });
    const values = a.dataSync() as Float32Array;
    a.dispose();
    return Float32Array.from(values);
  }

  function toEnv(a: ArrayLike<number>): Float64Array {
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const lo = low[i] as number;
      const hi = high[i] as number;
      out[i] = Math.min(hi, Math.max(lo, lo + ((a[i] as number) + 1) * 0.5 * (hi - lo)));
    }
    return out;
  }

  function update(stepKey: Key): void {
    const [batchKey, fitKey, actorNoiseKey, alphaKey, nextNoiseKey, nextLogKey, clampKey] = split(stepKey, 7) as [Key, Key, Key, Key, Key, Key, Key];
    const batch = buffer.sample(batchKey, config.batchSize);
    const B = config.batchSize;
    tf.tidy(() => {
      const obs = tf.tensor2d(batch.observations, [B, d]);
      const actions = tf.tensor2d(batch.actions, [B, k]);
      const rewards = tf.tensor1d(batch.rewards);
      const terminations = tf.tensor1d(batch.terminations);
      const next = tf.tensor2d(batch.nextObservations, [B, d]);
      // the score model first, on fresh draws of the current policy (its target moves with θ)
      const fitted = provider.fit(fitKey, obs);
      if (fitted !== undefined) last.ardaeLoss = fitted;
      const noise = random.normal(actorNoiseKey, [provider.actorSamples, B, m]) as tf.Tensor3D;
      // α: SB3 uses exp(log α) before this step's α update for the critic and actor losses
      const alpha = config.entCoef === 'auto' ? tf.exp(logEntCoef) : tf.scalar(config.entCoef);
      if (config.entCoef === 'auto') {
        const logPi = drawWithLogProb(policy, provider, alphaKey, obs, noise).logProb;
        const gap = tf.add(logPi, config.targetEntropy);
        entCoefOptimizer.minimize(() => tf.neg(tf.mean(tf.mul(logEntCoef, gap))) as tf.Scalar, false, [logEntCoef]);
      }
      // critics
      const nextNoise = random.normal(nextNoiseKey, [1, B, m]) as tf.Tensor3D;
      const nextDraw = provider.hasLogDensity ? drawWithLogProb(policy, provider, nextLogKey, next, nextNoise) : { u: preActivation(policy, next, nextNoise), logProb: undefined };
      const nextActions = tf.reshape(tf.tanh(nextDraw.u), [B, k]) as tf.Tensor2D;
      const nextLogProb = nextDraw.logProb ? (tf.reshape(nextDraw.logProb, [B]) as tf.Tensor1D) : undefined;
      const input = tf.concat([next, nextActions], 1) as tf.Tensor2D;
      const nextQ = tf.unstack(tf.reshape(targets.apply(input), [2, B])) as tf.Tensor1D[];
      const y = softBellmanTarget({ rewards, terminations, nextQ, nextLogProb, alpha, gamma: config.gamma });
      const sa = tf.concat([obs, actions], 1) as tf.Tensor2D;
      // ½ Σ_i mean_B (Q_i − y)² = mean over both critics and the batch
      const criticLoss = criticOptimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.reshape(critics.apply(sa), [2, B]), y))) as tf.Scalar, true, criticVariables.slice()) as tf.Scalar;
      // actor, against the critics just updated (as SB3)
      const clamping = config.jacobianClamping ? { loss: config.jacobianClamping as JacobianClamping, weight: jacobianClampingWeight(config.jacobianClamping, updates), key: clampKey } : undefined;
      const objective = actorLoss({ policy, provider, q: (s, a) => minQ(critics, s, a), observations: obs, noise, alpha, fullLogProb, clamping });
      const loss = actorOptimizer.minimize(objective.loss, true, policy.variables.slice()) as tf.Scalar;
      objective.dispose();
      // figures for progress, read lazily (no sync per update)
      keepStats({ entCoef: alpha, criticLoss, actorLoss: loss, entropy: nextLogProb ? tf.neg(tf.mean(nextLogProb)) : undefined });
      updates += 1;
      if (updates % config.targetUpdateInterval === 0) {
        targetVariables.forEach((t, i) => t.assign(tf.add(tf.mul(t, 1 - config.tau), tf.mul(criticVariables[i] as tf.Variable, config.tau))));
      }
    });
  }

  function checkLive(what: string): void {
    if (disposed) throw new StochgradError(`sac agent: ${what} after dispose`);
  }

  const agent: SacAgent = {
    config,
    policy,
    env,
    critics: criticVariables,
    targets: targetVariables,
    entropyVariables: provider.variables,
    get timesteps() {
      return timesteps;
    },
    get bufferSize() {
      return buffer.size;
    },
    async learn(options) {
      checkLive('learn');
      const { totalTimesteps, onProgress, signal } = checkLearnOptions<SacProgress>(WHERE, options);
      if (learning) throw new StochgradError('sac agent: learn while another learn call is running');
      learning = true;
      const startedAt = performance.now();
      const from = timesteps;
      const returnsThisCall: number[] = [];
      let finished: number[] = [];
      const progress = (): SacProgress => {
        const seconds = (performance.now() - startedAt) / 1000;
        return { timesteps, updates, episodes, meanReturn: meanOfLast100(episodeReturns), finishedReturns: finished, ...readStats(), fps: seconds > 0 ? (timesteps - from) / seconds : 0 };
      };
      let aborted = false;
      try {
        while (timesteps - from < totalTimesteps) {
          if (signal?.aborted) {
            aborted = true;
            break;
          }
          if (!observation) {
            observation = Float32Array.from(env.reset(started ? undefined : { seed: random.integerArray(seedKey, 1, 2 ** 31)[0] as number }).observation as ArrayLike<number>);
            started = true;
          }
          const stepKey = fold(rolloutKey, timesteps);
          const action = timesteps < config.learningStarts ? Float32Array.from(random.uniformArray(stepKey, k, { low: -1, high: 1 })) : act(observation, stepKey);
          const result = env.step(toEnv(action));
          const nextObservation = Float32Array.from(result.observation as ArrayLike<number>);
          buffer.add(observation, action, result.reward, nextObservation, result.terminated);
          running += result.reward;
          timesteps += 1;
          observation = nextObservation;
          if (result.terminated || result.truncated) {
            episodeReturns.push(running);
            returnsThisCall.push(running);
            finished.push(running);
            if (episodeReturns.length > 100) episodeReturns.splice(0, episodeReturns.length - 100);
            episodes += 1;
            running = 0;
            observation = undefined;
          }
          if (timesteps > config.learningStarts && timesteps % config.trainFreq === 0) {
            for (let g = 0; g < config.gradientSteps; g++) update(fold(updateKey, updates));
          }
          if (finished.length > 0 && onProgress) {
            onProgress(progress());
            finished = [];
          }
        }
      } finally {
        learning = false;
      }
      onProgress?.(progress());
      const result = { ...progress(), episodeReturns: returnsThisCall, aborted };
      finished = [];
      return result;
    },
    predict(obs, options = {}) {
      checkLive('predict');
      checkPredictArgs(WHERE, obs, options, d);
      const drawKey = options.deterministic ? undefined : (options.key ?? fold(predictKey, predictions++));
      return toEnv(act(Float32Array.from(obs), drawKey));
    },
    save() {
      checkLive('save');
      return {
        format: 'stochgrad.sac',
        version: 1,
        config: { ...config },
        observationSize: d,
        actionSize: k,
        policy: { kind: policy.kind, noiseSize: m, mlp: policy.mlp ? { hiddenSizes: [...policy.mlp.hiddenSizes], activation: policy.mlp.activation } : null },
        timesteps,
        updates,
        weights: { policy: dump(policy.variables), critics: dump(criticVariables), targets: dump(targetVariables), logEntCoef: dump([logEntCoef]), entropy: dump(provider.variables) },
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      criticOptimizer.dispose();
      actorOptimizer.dispose();
      entCoefOptimizer.dispose();
      tf.dispose([...criticVariables, ...targetVariables, logEntCoef]);
      tf.dispose(Object.values(stats).filter((t): t is tf.Tensor => t !== undefined));
      provider.dispose();
      if (b.ownsPolicy) policy.dispose();
      if (b.ownsEnv) env.close();
    },
  };
  return Object.freeze(agent);
}

function defaultPolicy(k: Key, kind: SacPolicy['kind'], d: number, actionSize: number, noiseSize: number, mlp: MlpConfig): SacPolicy {
  return kind === 'implicit'
    ? implicitMlpPolicy({ key: k, observationSize: d, actionSize, noiseSize, ...mlp })
    : squashedGaussianMlpPolicy({ key: k, observationSize: d, actionSize, ...mlp });
}

function configOf(options: SacOptions, entropy: SacEntropy, actionSize: number): SacConfig {
  const config = checkConfig(
    { ...options, ardae: entropy === 'ardae' ? {} : typeof entropy === 'object' && entropy.kind === 'ardae' ? entropy : null, jacobianClamping: options.jacobianClamping } as Parameters<typeof checkConfig>[0],
    actionSize,
    entropyName(entropy),
  );
  if (config.entCoef === 'auto' && typeof entropy === 'object' && (entropy.kind === 'kernel' || (entropy.kind === 'score' && !entropy.logDensity))) {
    throw new ArgumentError(`${WHERE} entCoef`, `'auto' with entropy ${config.entropy}, which gives no log-density (the α loss needs log π)`, "a fixed α (a number >= 0), or entropy 'ardae' / a score with logDensity");
  }
  return config;
}

/**
 * @example
 * const agent = sac({ key: key(0), env: 'Pendulum-v1', learningRate: 1e-3 });
 * await agent.learn({ totalTimesteps: 20_000, onProgress: (p) => console.log(p.meanReturn) });
 * evaluatePolicy(agent, 'Pendulum-v1');
 * // an implicit policy whose entropy gradient comes from a conditional AR-DAE
 * const implicit = sac({ key: key(1), env: 'Pendulum-v1', policy: implicitMlpPolicy({ key: key(2), observationSize: 3, actionSize: 1 }), entropy: 'ardae' });
 */
function sacImpl(options: SacOptions): SacAgent {
  checkOptions(WHERE, options, OPTION_NAMES);
  if (options === undefined) throw new ArgumentError(`${WHERE} options`, 'got undefined', `{ ${OPTION_NAMES.join(', ')} }`);
  checkKey(WHERE, options.key);
  const { e, owned } = envOf(options.env);
  try {
    const { d, space } = checkSpaces(e);
    const [agentKey, policyKey] = split(options.key) as [Key, Key];
    const mlp: MlpConfig = { hiddenSizes: checkHiddenSizes(WHERE, options.hiddenSizes ?? [256, 256]), activation: checkActivation(WHERE, options.activation ?? 'relu') };
    if (options.policy !== undefined) checkPolicy(options.policy, d, space.size);
    const entropy = checkEntropy(options.entropy, options.policy ?? ({ kind: 'squashed-gaussian' } as SacPolicy));
    const config = configOf(options, entropy, space.size);
    const policy = options.policy ?? defaultPolicy(policyKey, 'squashed-gaussian', d, space.size, space.size, mlp);
    try {
      return createAgent({ key: agentKey, env: e, ownsEnv: owned, policy, ownsPolicy: true, entropy, config });
    } catch (error) {
      if (!options.policy) policy.dispose();
      throw error;
    }
  } catch (error) {
    if (owned) e.close();
    throw error;
  }
}

function load(snapshot: SacSnapshot | string, options: SacLoadOptions): SacAgent {
  const where = `${WHERE}.load`;
  checkOptions(where, options, ['env', 'key', 'policy', 'entropy']);
  if (options === undefined) throw new ArgumentError(`${where} options`, 'got undefined', '{ env, key?, policy?, entropy? }');
  const s = (typeof snapshot === 'string' ? JSON.parse(snapshot) : snapshot) as SacSnapshot;
  if (s === null || typeof s !== 'object' || s.format !== 'stochgrad.sac' || s.version !== 1) {
    throw new ArgumentError(`${where} snapshot`, `got ${s === null || typeof s !== 'object' ? typeof s : `format ${String(s.format)} version ${String(s.version)}`}`, "an object from agent.save() (format 'stochgrad.sac', version 1) or its JSON string");
  }
  const k = options.key ?? makeKey(0);
  checkKey(where, k);
  const { e, owned } = envOf(options.env);
  try {
    const { d, space } = checkSpaces(e);
    if (d !== s.observationSize || space.size !== s.actionSize) throw new ArgumentError(`${where} env`, `observation size ${d}, action size ${space.size}`, `the saved agent's: observation size ${s.observationSize}, action size ${s.actionSize}`);
    if (!options.policy && !s.policy.mlp) throw new ArgumentError(`${where} policy`, 'missing (the saved agent had a user policy)', 'a policy of the same architecture');
    const saved = s.config;
    const named = saved.entropy;
    let entropy: SacEntropy;
    if (options.entropy !== undefined) entropy = options.entropy;
    else if (named === 'exact') entropy = 'exact';
    else if (named === 'ardae') entropy = { kind: 'ardae', ...(saved.ardae ?? {}) };
    else throw new ArgumentError(`${where} entropy`, `missing (the saved agent used '${named}', which is not saved)`, ENTROPY_ALLOWED);
    const [agentKey, policyKey] = split(k) as [Key, Key];
    const policy = options.policy ?? defaultPolicy(policyKey, s.policy.kind, d, space.size, s.policy.noiseSize, s.policy.mlp as MlpConfig);
    try {
      checkPolicy(policy, d, space.size);
      const checked = checkEntropy(entropy, policy);
      const config = checkConfig({ ...saved, targetEntropy: saved.targetEntropy, ardae: named === 'ardae' ? (saved.ardae ?? {}) : null }, space.size, entropyName(checked));
      assignWeights(where, 'policy', policy.variables, s.weights.policy);
      return createAgent({ key: agentKey, env: e, ownsEnv: owned, policy, ownsPolicy: true, entropy: checked, config, snapshot: s });
    } catch (error) {
      if (!options.policy) policy.dispose();
      throw error;
    }
  } catch (error) {
    if (owned) e.close();
    throw error;
  }
}

/** The SAC agent factory; `sac.load(snapshot, { env })` rebuilds a saved agent. */
export const sac: typeof sacImpl & { load: typeof load } = Object.freeze(Object.assign(sacImpl, { load }));
