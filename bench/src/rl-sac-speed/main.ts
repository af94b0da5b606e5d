/**
 * `pnpm --filter @stochgrad/bench run rl-sac-speed`: the speed of stochgrad's SAC (`sac` from
 * @stochgrad/rl at Stable-Baselines3's settings: batch 256, 2 × 256 ReLU actor and twin critics,
 * Polyak τ 0.005, γ 0.99, learned α, Adam 3e-4) on HalfCheetah-v5 (17 observations, 6 actions),
 * against the same update written in PyTorch (bench/src/pytorch/sac_update.py; Debian's
 * python3-torch, one thread), in one run, in alternating blocks; medians of the blocks and ratios.
 * Also the implicit policy (SAC-AR-DAE: implicitMlpPolicy, noise 10, 2 × 256; entropy 'ardae', α
 * 0.05 fixed, Jacobian clamping on: rl-sac's MuJoCo setting) and the AR-DAE's share of its update.
 *
 * How stochgrad is timed, from outside, as a user can: `agent.learn` runs on HalfCheetah-v5 wrapped
 * in an env whose `step` and `reset` are timed. In the loop of `learn` the time between the end of
 * one env step and the start of the next (less any reset in between) is: storing the transition,
 * the update (trainFreq 1, one gradient step per env step) and acting for the next step (the
 * policy's forward pass on one observation, its draw). The same agent with `gradientSteps: 0` (no
 * updates, the policy acting from step 0) gives that gap without the update; the update is the
 * difference of the two agents' mean gaps in a block (each block times both, back to back). The learning agents start timing past
 * `learningStarts` (default 1000 uniform-action steps, taken in the warm-up).
 *
 * The AR-DAE's share of an implicit update: the same implicit agent with the AR-DAE replaced by a
 * free user score (`entropy: { kind: 'score', score: 0, logDensity: 0 }`: no score network, no fit,
 * no log-partition draws; the policy, the clamping and the critics do the same work) times the
 * update without the AR-DAE; share = 1 − that / the AR-DAE update. Of which the fit: the AR-DAE's
 * training step alone (`ardae` of @stochgrad/entropy with the agent's settings, 128 × 3 softplus,
 * gradient parametrization, on 16 draws × 256 states of 6 actions with the 17-d states as context),
 * timed directly. There is no PyTorch peer of the implicit policy.
 *
 * Environment steps per second: stochgrad's whole learning loop (acting, MuJoCo step, update) and
 * the acting loop without updates. There is no MuJoCo in Debian's Python: PyTorch's entries are
 * upper bounds without an environment: 1 / (update + act) for the learning loop, 1 / act for the
 * acting loop (act: one observation in numpy → actor forward → a draw → tanh → numpy).
 *
 *   pnpm --filter @stochgrad/bench run rl-sac-speed -- [options]    # --help lists them with their defaults
 *
 * Writes results/rl-sac-speed/{results.json, results.md, rates.svg}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { type Key, describeBackend, fold, key, random, ready, split } from '@stochgrad/core';
import { type Ardae, ardae } from '@stochgrad/entropy';
import { barChart, renderSvg } from '@stochgrad/plots';
import { type Env, type SacAgent, type SacEntropy, implicitMlpPolicy, loadMujoco, make, sac } from '@stochgrad/rl';
import { benchProgram, integerAtLeast, positiveNumber, userArgv } from '../cli-options';
import { progressBar } from '../progress';
import { blockMedians, gitCommit, workspaceVersion } from '../run-info';
import { PythonPeer, PythonPeerError } from '../python-peer';
import { formatNumber, median, progress, textTable } from '../timing';

const ENV_ID = 'HalfCheetah-v5';
const OBSERVATIONS = 17;
const ACTIONS = 6;
const BATCH = 256;
/** rl-sac's MuJoCo implicit setting (bench/src/rl-sac/main.ts MUJOCO_IMPLICIT, runs.ts) */
const IMPLICIT = { noiseSize: 10, hiddenSizes: [256, 256], entCoef: 0.05, jacobianClamping: true } as const;
/** the agent's default AR-DAE, as its provider builds it (packages/rl/src/internal/sac-entropy.ts) */
const ARDAE = { hidden: 128, layers: 3, samplesPerState: 16, numSigmas: 1, delta: 0.1, rescale: 1, learningRate: 3e-4 } as const;
/** the implicit policy's entropy without an AR-DAE: a score and log-density that cost nothing */
const FREE_SCORE: SacEntropy = {
  kind: 'score',
  name: 'free',
  score: (u) => tf.zerosLike(u),
  logDensity: (u) => tf.zeros([u.shape[0], u.shape[1]]),
};

interface Options {
  seconds: number;
  blocks: number;
  warmup: number;
  learningStarts: number;
  backend: 'wasm' | 'cpu';
  python: string;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const program = benchProgram(
    'pnpm --filter @stochgrad/bench run rl-sac-speed --',
    'SAC updates per second (HalfCheetah-v5 sizes, SB3 settings) and environment steps per second of stochgrad against the same update in PyTorch, in alternating blocks; the implicit policy (AR-DAE) and the AR-DAE\'s share of its update.',
  )
    .addOption(new Option('--seconds <s>', 'seconds per timed block (each side, each variant)').argParser(positiveNumber).default(3))
    .addOption(new Option('--blocks <n>', 'alternating timed blocks').argParser(integerAtLeast(1)).default(5))
    .addOption(new Option('--warmup <s>', 'warm-up seconds per side and variant').argParser(positiveNumber).default(2))
    .addOption(new Option('--learning-starts <n>', 'uniform-action steps before the learning agents update (taken in the warm-up)').argParser(integerAtLeast(BATCH)).default(1000))
    .addOption(new Option('--backend <name>', 'the tfjs backend of stochgrad').choices(['wasm', 'cpu']).default('wasm'))
    .addOption(new Option('--python <path>', 'the Python with torch').default('/usr/bin/python3'))
    .addOption(new Option('--out <dir>', 'where results.json, results.md and rates.svg go').default(fileURLToPath(new URL('../../results/rl-sac-speed', import.meta.url)), 'bench/results/rl-sac-speed'))
    .parse(userArgv(['node', 'rl-sac-speed', ...argv]));
  const options = program.opts<Options>();
  return { ...options, out: resolve(options.out) };
}

type VariantName = 'gaussian' | 'gaussianActing' | 'implicit' | 'implicitFree' | 'implicitActing';

interface Variant {
  name: VariantName;
  /** what it is, for the logs */
  description: string;
  /** updates once per env step past learningStarts (false: gradientSteps 0, acting from step 0) */
  learning: boolean;
  make(k: Key, env: Env, learningStarts: number): SacAgent;
}

const implicitPolicy = (k: Key) => implicitMlpPolicy({ key: k, observationSize: OBSERVATIONS, actionSize: ACTIONS, noiseSize: IMPLICIT.noiseSize, hiddenSizes: IMPLICIT.hiddenSizes });

const VARIANTS: readonly Variant[] = [
  // every SAC option at SB3's value, written out (they are also sac's defaults)
  {
    name: 'gaussian',
    description: 'squashed Gaussian, learning',
    learning: true,
    make: (k, env, learningStarts) =>
      sac({ key: k, env, learningStarts, batchSize: BATCH, hiddenSizes: [256, 256], activation: 'relu', learningRate: 3e-4, tau: 0.005, gamma: 0.99, entCoef: 'auto', entCoefInit: 1, targetEntropy: 'auto' }),
  },
  { name: 'gaussianActing', description: 'squashed Gaussian, acting only', learning: false, make: (k, env) => sac({ key: k, env, learningStarts: 0, gradientSteps: 0 }) },
  {
    name: 'implicit',
    description: 'implicit + AR-DAE, learning',
    learning: true,
    make: (k, env, learningStarts) => {
      const [policyKey, agentKey] = split(k) as [Key, Key];
      return sac({ key: agentKey, env, learningStarts, policy: implicitPolicy(policyKey), entropy: { kind: 'ardae' }, entCoef: IMPLICIT.entCoef, jacobianClamping: IMPLICIT.jacobianClamping });
    },
  },
  {
    name: 'implicitFree',
    description: 'implicit, free score instead of the AR-DAE, learning',
    learning: true,
    make: (k, env, learningStarts) => {
      const [policyKey, agentKey] = split(k) as [Key, Key];
      return sac({ key: agentKey, env, learningStarts, policy: implicitPolicy(policyKey), entropy: FREE_SCORE, entCoef: IMPLICIT.entCoef, jacobianClamping: IMPLICIT.jacobianClamping });
    },
  },
  {
    name: 'implicitActing',
    description: 'implicit, acting only',
    learning: false,
    make: (k, env) => {
      const [policyKey, agentKey] = split(k) as [Key, Key];
      return sac({ key: agentKey, env, learningStarts: 0, gradientSteps: 0, policy: implicitPolicy(policyKey), entropy: FREE_SCORE, entCoef: IMPLICIT.entCoef });
    },
  },
];

const cpuMicros = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/**
 * An env whose `step` and `reset` are timed, with the gaps between consecutive steps (the agent's
 * own work in between: store, update, act); it aborts a block's `learn` at the first step past the
 * block's deadline once enough steps were taken.
 */
class StepClock {
  envMs = 0;
  steps = 0;
  gapMs = 0;
  gapCpuMicros = 0;
  gaps = 0;
  private lastEnd: number | undefined;
  private lastCpu = 0;
  private resetMs = 0;
  private resetCpu = 0;
  private deadline = Number.POSITIVE_INFINITY;
  private minTotalSteps = 0;
  private blockSteps = 0;
  private controller: AbortController | undefined;

  /** A new env over `inner` (the agent sees only the Env contract). */
  wrap(inner: Env): Env {
    return {
      get observationSpace() {
        return inner.observationSpace;
      },
      get actionSpace() {
        return inner.actionSpace;
      },
      get spec() {
        return inner.spec;
      },
      get metadata() {
        return inner.metadata;
      },
      get unwrapped() {
        return inner.unwrapped;
      },
      render: () => inner.render(),
      close: () => inner.close(),
      reset: (args) => {
        const start = performance.now();
        const cpu = cpuMicros();
        const result = inner.reset(args);
        const ms = performance.now() - start;
        this.envMs += ms;
        this.resetMs += ms;
        this.resetCpu += cpuMicros() - cpu;
        return result;
      },
      step: (action) => {
        const start = performance.now();
        const cpu = cpuMicros();
        if (this.lastEnd !== undefined) {
          this.gapMs += start - this.lastEnd - this.resetMs;
          this.gapCpuMicros += cpu - this.lastCpu - this.resetCpu;
          this.gaps += 1;
        }
        const result = inner.step(action);
        const end = performance.now();
        this.envMs += end - start;
        this.steps += 1;
        this.blockSteps += 1;
        if (end >= this.deadline && this.blockSteps >= 3 && this.steps >= this.minTotalSteps) this.controller?.abort();
        this.resetMs = 0;
        this.resetCpu = 0;
        this.lastCpu = cpuMicros();
        this.lastEnd = performance.now();
        return result;
      },
    };
  }

  /** Starts a block: gaps count from its first step; `learn` is aborted past `deadline` once `minTotalSteps` steps were taken in all. */
  begin(deadline: number, minTotalSteps: number, controller: AbortController): void {
    this.lastEnd = undefined;
    this.resetMs = 0;
    this.resetCpu = 0;
    this.deadline = deadline;
    this.minTotalSteps = minTotalSteps;
    this.blockSteps = 0;
    this.controller = controller;
  }
}

interface Runner {
  variant: Variant;
  agent: SacAgent;
  clock: StepClock;
  env: Env;
  updates: number;
  learningStarts: number;
}

/** Where one block of `agent.learn` went. */
interface LoopBlock {
  steps: number;
  updates: number;
  seconds: number;
  cpuSeconds: number;
  envSeconds: number;
  /** gaps between consecutive env steps: store, update (learning agents), act */
  gaps: number;
  gapSeconds: number;
  gapCpuSeconds: number;
}

async function learnBlock(runner: Runner, seconds: number): Promise<LoopBlock> {
  const { agent, clock } = runner;
  const before = { env: clock.envMs, steps: clock.steps, gap: clock.gapMs, gapCpu: clock.gapCpuMicros, gaps: clock.gaps };
  const controller = new AbortController();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  // a learning agent takes its learningStarts uniform steps, then at least 3 updates, before a block may end
  clock.begin(start + seconds * 1000, runner.variant.learning ? runner.learningStarts + 3 : 0, controller);
  const result = await agent.learn({ totalTimesteps: Number.MAX_SAFE_INTEGER, signal: controller.signal });
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const updates = result.updates - runner.updates;
  runner.updates = result.updates;
  return {
    steps: clock.steps - before.steps,
    updates,
    seconds: wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    envSeconds: (clock.envMs - before.env) / 1000,
    gaps: clock.gaps - before.gaps,
    gapSeconds: (clock.gapMs - before.gap) / 1000,
    gapCpuSeconds: (clock.gapCpuMicros - before.gapCpu) / 1e6,
  };
}

/** The AR-DAE's training step alone, at the agent's shapes and settings. */
class FitTimer {
  private readonly model: Ardae;
  private readonly samples: tf.Tensor;
  private readonly context: tf.Tensor;
  private calls = 0;

  constructor(private readonly k: Key) {
    const [modelKey, sampleKey, contextKey] = split(k, 3) as [Key, Key, Key];
    this.model = ardae({ key: modelKey, dim: ACTIONS, contextDim: OBSERVATIONS, parametrization: 'gradient', hidden: ARDAE.hidden, layers: ARDAE.layers, numSigmas: ARDAE.numSigmas, delta: ARDAE.delta, rescale: ARDAE.rescale, learningRate: ARDAE.learningRate });
    this.samples = random.normal(sampleKey, [ARDAE.samplesPerState, BATCH, ACTIONS]);
    this.context = random.normal(contextKey, [BATCH, OBSERVATIONS]);
  }

  block(seconds: number): { calls: number; seconds: number; cpuSeconds: number } {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    let calls = 0;
    let elapsed = 0;
    while (calls < 3 || elapsed < seconds * 1000) {
      this.model.train(fold(this.k, this.calls++), this.samples, this.context);
      calls += 1;
      elapsed = performance.now() - start;
    }
    const cpu = process.cpuUsage(cpuStart);
    return { calls, seconds: elapsed / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  }

  dispose(): void {
    this.model.dispose();
    tf.dispose([this.samples, this.context]);
  }
}

interface TorchRates {
  calls: number;
  seconds: number;
  cpuSeconds: number;
  perSecond: number;
  perCpuSecond: number;
}

interface BlockRecord {
  block: number;
  stochgradFirst: boolean;
  loops: Record<VariantName, LoopBlock>;
  fit: { calls: number; seconds: number; cpuSeconds: number };
  torchUpdate: TorchRates;
  torchAct: TorchRates;
}

/** The rates of one block. */
function ratesOf(b: BlockRecord) {
  const l = b.loops;
  const gapMs = (v: VariantName) => (1000 * l[v].gapSeconds) / l[v].gaps;
  const gapCpuMs = (v: VariantName) => (1000 * l[v].gapCpuSeconds) / l[v].gaps;
  const updateMs = gapMs('gaussian') - gapMs('gaussianActing');
  const updateCpuMs = gapCpuMs('gaussian') - gapCpuMs('gaussianActing');
  const implicitUpdateMs = gapMs('implicit') - gapMs('implicitActing');
  const implicitFreeUpdateMs = gapMs('implicitFree') - gapMs('implicitActing');
  const implicitUpdateCpuMs = gapCpuMs('implicit') - gapCpuMs('implicitActing');
  const implicitFreeUpdateCpuMs = gapCpuMs('implicitFree') - gapCpuMs('implicitActing');
  const fitCpuMs = (1000 * b.fit.cpuSeconds) / b.fit.calls;
  const fitMs = (1000 * b.fit.seconds) / b.fit.calls;
  const torchUpdateMs = 1000 / b.torchUpdate.perSecond;
  const torchActMs = 1000 / b.torchAct.perSecond;
  return {
    stochgradUpdateMs: updateMs,
    stochgradUpdatesPerSecond: 1000 / updateMs,
    stochgradUpdatesPerCpuSecond: 1000 / updateCpuMs,
    torchUpdateMs,
    torchUpdatesPerSecond: b.torchUpdate.perSecond,
    torchUpdatesPerCpuSecond: b.torchUpdate.perCpuSecond,
    /** the whole learning loop: act, MuJoCo step, store, update */
    stochgradLearnStepsPerSecond: l.gaussian.steps / l.gaussian.seconds,
    /** bound: update + act, no env */
    torchLearnStepsPerSecond: 1000 / (torchUpdateMs + torchActMs),
    /** acting only: act, MuJoCo step, store */
    stochgradActingStepsPerSecond: l.gaussianActing.steps / l.gaussianActing.seconds,
    /** bound: act alone, no env */
    torchActingStepsPerSecond: b.torchAct.perSecond,
    envStepMs: (1000 * l.gaussianActing.envSeconds) / l.gaussianActing.steps,
    /** store + act per step (the acting agent's gap) */
    actMs: gapMs('gaussianActing'),
    torchActMs,
    implicitUpdateMs,
    implicitUpdatesPerSecond: 1000 / implicitUpdateMs,
    implicitFreeUpdateMs,
    implicitLearnStepsPerSecond: l.implicit.steps / l.implicit.seconds,
    implicitActMs: gapMs('implicitActing'),
    ardaeMs: implicitUpdateMs - implicitFreeUpdateMs,
    ardaeShare: 1 - implicitFreeUpdateMs / implicitUpdateMs,
    fitMs,
    fitShare: fitMs / implicitUpdateMs,
    /** the same shares from CPU time (less moved by other load) */
    implicitUpdateCpuMs,
    ardaeShareCpu: 1 - implicitFreeUpdateCpuMs / implicitUpdateCpuMs,
    fitCpuMs,
    fitShareCpu: fitCpuMs / implicitUpdateCpuMs,
    implicitOverGaussian: implicitUpdateMs / updateMs,
  };
}


/** Medians of the blocks, ratios of those medians, and medians of the blocks' own ratios (the steadier on a shared machine). */
function summarize(records: readonly BlockRecord[]) {
  const { medians: m, blockRatio } = blockMedians(records.map(ratesOf), median);
  return {
    ...m,
    stochgradOverTorchUpdates: m.stochgradUpdatesPerSecond / m.torchUpdatesPerSecond,
    stochgradOverTorchUpdatesCpu: m.stochgradUpdatesPerCpuSecond / m.torchUpdatesPerCpuSecond,
    stochgradOverTorchLearnSteps: m.stochgradLearnStepsPerSecond / m.torchLearnStepsPerSecond,
    stochgradOverTorchActingSteps: m.stochgradActingStepsPerSecond / m.torchActingStepsPerSecond,
    blockRatioUpdates: blockRatio('stochgradUpdatesPerSecond', 'torchUpdatesPerSecond'),
    blockRatioUpdatesCpu: blockRatio('stochgradUpdatesPerCpuSecond', 'torchUpdatesPerCpuSecond'),
    blockRatioLearnSteps: blockRatio('stochgradLearnStepsPerSecond', 'torchLearnStepsPerSecond'),
    blockRatioActingSteps: blockRatio('stochgradActingStepsPerSecond', 'torchActingStepsPerSecond'),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const loadAtStart = loadavg();
  // the PyTorch side first: a Python without torch fails here, before anything slow
  const { peer: torch, info: torchInfo } = await PythonPeer.start(options.python, 'sac_update.py');
  progress(`rl-sac-speed: PyTorch ${String(torchInfo.torch)} (Python ${String(torchInfo.python)}), ${String(torchInfo.threads)} thread(s), BLAS ${String(torchInfo.blas)}`);
  const info = await ready({ backend: options.backend });
  await loadMujoco();
  progress(`rl-sac-speed: ${describeBackend(info)}, ${cpus().length} cores, load ${loadAtStart[0]?.toFixed(2)}`);
  const tensorsBefore = tf.memory().numTensors;
  const root = key(2018);
  const runners: Runner[] = VARIANTS.map((variant, i) => {
    const clock = new StepClock();
    const env = clock.wrap(make(ENV_ID));
    return { variant, agent: variant.make(fold(root, i), env, options.learningStarts), clock, env, updates: 0, learningStarts: options.learningStarts };
  });
  const fitTimer = new FitTimer(fold(root, VARIANTS.length));

  for (const runner of runners) {
    const warm = await learnBlock(runner, options.warmup);
    progress(`rl-sac-speed: warm-up ${runner.variant.description}: ${warm.steps} steps, ${warm.updates} updates in ${warm.seconds.toFixed(1)} s`);
  }
  fitTimer.block(options.warmup);
  await torch.command(`update ${options.warmup}`);
  await torch.command(`act ${options.warmup}`);
  progress(`rl-sac-speed: warmed up (${options.warmup} s per side and variant)`);

  const records: BlockRecord[] = [];
  const bar = progressBar('rl-sac-speed: timed blocks', options.blocks);
  for (let block = 0; block < options.blocks; block++) {
    bar.update(block, `block ${block + 1}`);
    // alternate which side goes first, block by block
    const stochgradFirst = block % 2 === 0;
    const loops = {} as Record<VariantName, LoopBlock>;
    const loop = async (name: VariantName) => {
      const runner = runners.find((r) => r.variant.name === name) as Runner;
      const timed = await learnBlock(runner, options.seconds);
      if (runner.variant.learning && timed.updates !== timed.steps) throw new Error(`${name}: ${timed.updates} updates in ${timed.steps} steps (expected one per step past learningStarts)`);
      loops[name] = timed;
    };
    // the Gaussian pair next to the PyTorch pair (the ratio's two sides close in time), the side
    // going first alternating block by block; then the implicit group, its order reversed every
    // other block (the shares' parts close in time, drifts cancelling over pairs of blocks)
    const stochgradPair = async () => {
      await loop('gaussian');
      await loop('gaussianActing');
    };
    const torchPair = async () => ({
      update: (await torch.command(`update ${options.seconds}`)) as unknown as TorchRates,
      act: (await torch.command(`act ${options.seconds}`)) as unknown as TorchRates,
    });
    let torchRates: Awaited<ReturnType<typeof torchPair>>;
    if (stochgradFirst) {
      await stochgradPair();
      torchRates = await torchPair();
    } else {
      torchRates = await torchPair();
      await stochgradPair();
    }
    let fit: BlockRecord['fit'] | undefined;
    const implicitOrder: readonly (VariantName | 'fit')[] = ['implicit', 'implicitFree', 'implicitActing', 'fit'];
    for (const part of stochgradFirst ? implicitOrder : [...implicitOrder].reverse()) {
      if (part === 'fit') fit = fitTimer.block(options.seconds);
      else await loop(part);
    }
    const record: BlockRecord = { block, stochgradFirst, loops, fit: fit as BlockRecord['fit'], torchUpdate: torchRates.update, torchAct: torchRates.act };
    records.push(record);
    const r = ratesOf(record);
    progress(
      `rl-sac-speed: block ${block + 1}/${options.blocks}: updates/s stochgrad ${formatNumber(r.stochgradUpdatesPerSecond)}, PyTorch ${formatNumber(r.torchUpdatesPerSecond)}; ` +
        `implicit update ${formatNumber(r.implicitUpdateMs)} ms (AR-DAE ${(100 * r.ardaeShare).toFixed(0)}%, CPU ${(100 * r.ardaeShareCpu).toFixed(0)}%; training step ${(100 * r.fitShare).toFixed(0)}%, CPU ${(100 * r.fitShareCpu).toFixed(0)}%); ` +
        `steps/s learning ${formatNumber(r.stochgradLearnStepsPerSecond)}, acting ${formatNumber(r.stochgradActingStepsPerSecond)}`,
    );
  }
  bar.stop();
  torch.close();
  for (const runner of runners) {
    runner.agent.dispose();
    runner.env.close();
  }
  fitTimer.dispose();
  const tensorsLeaked = tf.memory().numTensors - tensorsBefore;

  const s = summarize(records);
  const loadAtEnd = loadavg();
  const date = new Date().toISOString();
  const command = `pnpm --filter @stochgrad/bench run rl-sac-speed -- ${userArgv().slice(2).join(' ')}`.replace(/ -- $/, '');
  const machine = { cpu: cpus()[0]?.model.trim(), cores: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAtEnd };
  const versions = {
    commit: gitCommit(),
    node: process.versions.node,
    tfjs: tf.version_core,
    backend: describeBackend(info),
    stochgradRl: workspaceVersion('rl'),
    stochgradCore: workspaceVersion('core'),
    torch: torchInfo,
  };
  const setup =
    `SAC at Stable-Baselines3's settings on ${ENV_ID} (${OBSERVATIONS} observations, ${ACTIONS} actions): batch ${BATCH}, squashed-Gaussian actor ${OBSERVATIONS} → 256 → 256 → 2·${ACTIONS} and twin critics ` +
    `(${OBSERVATIONS} + ${ACTIONS}) → 256 → 256 → 1, ReLU, Polyak targets τ 0.005, γ 0.99, learned α (α₀ 1, target entropy −${ACTIONS}), Adam lr 3e-4 for actor, critics and α; ` +
    'one gradient step per env step (trainFreq 1)';

  const table = textTable(
    ['measure (median of the blocks)', 'stochgrad', 'PyTorch', 'stochgrad / PyTorch', 'median of block ratios'],
    [
      ['SAC updates/s', formatNumber(s.stochgradUpdatesPerSecond), formatNumber(s.torchUpdatesPerSecond), `${s.stochgradOverTorchUpdates.toFixed(3)}×`, `${s.blockRatioUpdates.toFixed(3)}×`],
      ['SAC updates/CPU s', formatNumber(s.stochgradUpdatesPerCpuSecond), formatNumber(s.torchUpdatesPerCpuSecond), `${s.stochgradOverTorchUpdatesCpu.toFixed(3)}×`, `${s.blockRatioUpdatesCpu.toFixed(3)}×`],
      ['env steps/s, learning loop (PyTorch: bound)', formatNumber(s.stochgradLearnStepsPerSecond), `≤ ${formatNumber(s.torchLearnStepsPerSecond)}`, `≥ ${s.stochgradOverTorchLearnSteps.toFixed(3)}×`, `≥ ${s.blockRatioLearnSteps.toFixed(3)}×`],
      ['env steps/s, acting only (PyTorch: bound)', formatNumber(s.stochgradActingStepsPerSecond), `≤ ${formatNumber(s.torchActingStepsPerSecond)}`, `≥ ${s.stochgradOverTorchActingSteps.toFixed(3)}×`, `≥ ${s.blockRatioActingSteps.toFixed(3)}×`],
    ],
  );
  const msTable = textTable(
    ['ms per env step (medians)', 'stochgrad', 'PyTorch'],
    [
      ['SAC update (squashed Gaussian)', s.stochgradUpdateMs.toFixed(2), s.torchUpdateMs.toFixed(2)],
      ['acting: store + policy forward + draw (Gaussian)', s.actMs.toFixed(3), `${s.torchActMs.toFixed(3)} (act only)`],
      [`${ENV_ID} step (MuJoCo)`, s.envStepMs.toFixed(3), '—'],
    ],
  );
  const implicitTable = textTable(
    ['implicit policy (stochgrad only; medians)', 'value'],
    [
      ['SAC-AR-DAE update, ms', s.implicitUpdateMs.toFixed(1)],
      ['SAC-AR-DAE updates/s', formatNumber(s.implicitUpdatesPerSecond)],
      ['the same update with a free score instead of the AR-DAE, ms', s.implicitFreeUpdateMs.toFixed(1)],
      ["AR-DAE's share of the update (fit, score, log-density)", `${(100 * s.ardaeShare).toFixed(1)}% (${s.ardaeMs.toFixed(1)} ms)`],
      ["  the same from CPU time", `${(100 * s.ardaeShareCpu).toFixed(1)}% (update ${s.implicitUpdateCpuMs.toFixed(1)} CPU ms)`],
      ["of which the AR-DAE's training step alone, ms", `${s.fitMs.toFixed(1)} (${(100 * s.fitShare).toFixed(1)}% of the update)`],
      ["  the same from CPU time", `${s.fitCpuMs.toFixed(1)} CPU ms (${(100 * s.fitShareCpu).toFixed(1)}%)`],
      ['implicit update / Gaussian update', `${s.implicitOverGaussian.toFixed(1)}×`],
      ['env steps/s, implicit learning loop', formatNumber(s.implicitLearnStepsPerSecond)],
      ['acting: store + implicit policy forward + draw, ms', s.implicitActMs.toFixed(3)],
    ],
  );
  console.log(`\n${table}\n\n${msTable}\n\n${implicitTable}\n\ntensors leaked: ${tensorsLeaked}`);

  const result = { date, command, machine, versions, setup, options, summary: s, blocks: records.map((r) => ({ ...r, rates: ratesOf(r) })), tensorsLeaked };
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'results.json'), `${JSON.stringify(result, null, 1)}\n`);
  writeFileSync(
    join(options.out, 'results.md'),
    [
      '# SAC speed: stochgrad vs PyTorch (HalfCheetah-v5 sizes)',
      '',
      `Generated by \`${command}\` on ${date} at commit ${versions.commit} (${machine.cpu}, ${machine.cores} cores, load average ${loadAtStart[0]?.toFixed(2)} at the start and ${loadAtEnd[0]?.toFixed(2)} at the end; the machine was shared).`,
      `stochgrad: @stochgrad/rl ${versions.stochgradRl}, tfjs ${versions.tfjs} on ${versions.backend}, Node ${versions.node}. ` +
        `PyTorch ${String(torchInfo.torch)} (Debian python3-torch, Python ${String(torchInfo.python)}, numpy ${String(torchInfo.numpy)}), ${String(torchInfo.threads)} thread, OPENBLAS_NUM_THREADS=${String(torchInfo.openblasThreads)}, BLAS ${String(torchInfo.blas)}.`,
      '',
      `${setup}. ${options.blocks} blocks of ${options.seconds} s per side and variant after a ${options.warmup} s warm-up each; the learning agents took their ${options.learningStarts} uniform-action steps in the warm-up. ` +
        'Within a block the Gaussian pair (learning, acting) and the PyTorch pair (update, act) run back to back, stochgrad first in even blocks and PyTorch first in odd ones; then the implicit group (AR-DAE, free score, acting, AR-DAE training step), in reverse order in odd blocks; the medians of the blocks.',
      '',
      '- **SAC updates/s** — stochgrad, timed from outside as a user can: `agent.learn` on HalfCheetah-v5 wrapped in an env whose `step` and `reset` are timed; the time between the end of one env step and the start of the next (less resets) is storing the transition, the update and acting for the next step. ' +
        'The same agent with `gradientSteps: 0` (acting from step 0, no updates) gives that gap without the update; an update is the difference of the two mean gaps of a block. ' +
        'PyTorch: the same update (bench/src/pytorch/sac_update.py: batch drawn from a full replay buffer of 10⁵ fixed random transitions, α loss and step, critic target with a next-action draw and its log π, critic loss and step, actor loss and step against the updated critics, Polyak), in the order of stochgrad\'s `update()`.',
      '- **env steps/s** — stochgrad: the steps per second of the whole `learn` loop (acting, MuJoCo step, storing, one update per step), and of the acting agent (no updates). ' +
        'There is no MuJoCo in Debian\'s Python: PyTorch\'s entries are upper bounds without an environment, 1 / (update + act) and 1 / act (act: one observation → actor forward → a draw → tanh → numpy), so the ratios there are lower bounds for stochgrad.',
      '- **implicit policy** — SAC-AR-DAE as rl-sac runs it on MuJoCo (implicitMlpPolicy, noise 10, 2 × 256 ReLU; AR-DAE 128 × 3 softplus, 16 draws per state; α 0.05 fixed; Jacobian clamping on), timed the same way against an implicit acting agent. ' +
        "The AR-DAE's share: the same implicit agent with a free user score (`entropy: { kind: 'score', score: 0, logDensity: 0 }`) does the policy, clamping and critic work without the AR-DAE (no fit, no score network, no log-partition draws); share = 1 − free / AR-DAE. " +
        "The training step alone: `ardae` of @stochgrad/entropy with the agent's settings on 16 × 256 draws of 6 actions with the 17-d states as context, timed directly (the provider's fit also draws those 16 × 256 actions from the policy). No PyTorch peer of the implicit policy.",
      '- per CPU second: process CPU time (Node `process.cpuUsage`, Python `time.process_time`); Node\'s count includes its helper threads (garbage collection, compilation).',
      '',
      '```',
      table,
      '```',
      '',
      '```',
      msTable,
      '```',
      '',
      '```',
      implicitTable,
      '```',
      '',
      `Tensors leaked: ${tensorsLeaked}. Every block is in results.json.`,
      '',
    ].join('\n'),
  );
  const bars = [
    { label: 'SAC updates/s', series: 'stochgrad', value: s.stochgradUpdatesPerSecond },
    { label: 'SAC updates/s', series: 'PyTorch', value: s.torchUpdatesPerSecond },
    { label: 'env steps/s, learning *', series: 'stochgrad', value: s.stochgradLearnStepsPerSecond },
    { label: 'env steps/s, learning *', series: 'PyTorch', value: s.torchLearnStepsPerSecond },
    { label: 'env steps/s, acting only *', series: 'stochgrad', value: s.stochgradActingStepsPerSecond },
    { label: 'env steps/s, acting only *', series: 'PyTorch', value: s.torchActingStepsPerSecond },
    { label: 'SAC-AR-DAE updates/s', series: 'stochgrad', value: s.implicitUpdatesPerSecond },
  ];
  const svg = await renderSvg(
    barChart({
      title: `SAC on ${ENV_ID} sizes: stochgrad vs PyTorch (batch 256, 256-256 nets)`,
      subtitle: `* PyTorch: bound without an environment · medians of ${options.blocks} blocks · SAC-AR-DAE: stochgrad only`,
      xTitle: 'per wall-clock second (log)',
      bars,
      logX: true,
      width: 520,
    }),
  );
  writeFileSync(join(options.out, 'rates.svg'), svg);
  console.log(`wrote ${options.out}/{results.json, results.md, rates.svg}`);
  if (tensorsLeaked !== 0) throw new Error(`the benchmark left ${tensorsLeaked} tensors behind`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof PythonPeerError) console.error(`error: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
