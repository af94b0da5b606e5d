/**
 * `pnpm --filter @stochgrad/bench run rl-a2c-speed`: the speed of stochgrad's A2C (`a2c` from
 * @stochgrad/rl, Stable-Baselines3's settings: 8 copies × nSteps 5 = 40 transitions per update,
 * separate 2 × 64 tanh actor and critic, RMSprop α 0.99 ε 1e-5, global-norm clip 0.5, vfCoef 0.5)
 * on CartPole-v1 (categorical policy) and InvertedPendulum-v5 (Gaussian policy, state-independent
 * log-std), against the same update written in PyTorch (bench/src/pytorch/a2c_update.py; Debian's
 * python3-torch, one thread), in one run, in alternating blocks; medians of the blocks and ratios.
 *
 * stochgrad: `agent.learn` runs on a vector env wrapped to time its `step` calls from outside; the
 * update of each iteration is the time from the end of the rollout's last env step to the
 * `onProgress` call that follows the update (value pass over the 48 observations, advantages, the
 * loss on the tape, backward, clip, RMSprop step); the rest of the loop is acting (the policy's
 * forward pass and the draws). PyTorch: the same update on a fixed synthetic rollout of the same
 * shapes, and for CartPole the whole loop with CartPole-v1's dynamics in numpy (8 copies, NEXT_STEP
 * autoreset); there is no MuJoCo in that Python, so for InvertedPendulum its frames/s is the
 * update-bound upper bound updates/s × 40.
 *
 *   pnpm --filter @stochgrad/bench run rl-a2c-speed -- [options]    # --help lists them with their defaults
 *
 * Writes results/rl-a2c-speed/{results.json, results.md, rates.svg}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { describeBackend, fold, key, ready } from '@stochgrad/core';
import { barChart, renderSvg } from '@stochgrad/plots';
import { type A2CAgent, type SyncVectorEnv, type VectorEnv, a2c, loadMujoco, syncVectorEnv } from '@stochgrad/rl';
import { benchProgram, positiveNumber, integerAtLeast, userArgv } from '../cli-options';
import { progressBar } from '../progress';
import { blockMedians, gitCommit, workspaceVersion } from '../run-info';
import { PythonPeer, PythonPeerError } from '../python-peer';
import { formatNumber, median, progress, textTable } from '../timing';

const N_ENVS = 8;
const N_STEPS = 5;
const BATCH = N_ENVS * N_STEPS;

interface Options {
  seconds: number;
  blocks: number;
  warmup: number;
  backend: 'wasm' | 'cpu';
  python: string;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const program = benchProgram(
    'pnpm --filter @stochgrad/bench run rl-a2c-speed --',
    'A2C updates per second and environment frames per second of stochgrad (CartPole-v1, InvertedPendulum-v5; SB3 settings) against the same update in PyTorch, in alternating blocks.',
  )
    .addOption(new Option('--seconds <s>', 'seconds per timed block (each side, each task)').argParser(positiveNumber).default(3))
    .addOption(new Option('--blocks <n>', 'alternating timed blocks').argParser(integerAtLeast(1)).default(5))
    .addOption(new Option('--warmup <s>', 'warm-up seconds per side and task').argParser(positiveNumber).default(2))
    .addOption(new Option('--backend <name>', 'the tfjs backend of stochgrad').choices(['wasm', 'cpu']).default('wasm'))
    .addOption(new Option('--python <path>', 'the Python with torch').default('/usr/bin/python3'))
    .addOption(new Option('--out <dir>', 'where results.json, results.md and rates.svg go').default(fileURLToPath(new URL('../../results/rl-a2c-speed', import.meta.url)), 'bench/results/rl-a2c-speed'))
    .parse(userArgv(['node', 'rl-a2c-speed', ...argv]));
  const options = program.opts<Options>();
  return { ...options, out: resolve(options.out) };
}

interface Task {
  name: 'cartpole' | 'pendulum';
  id: string;
  /** short, for the chart */
  label: string;
  /** PyTorch has the env dynamics (the whole loop can be timed there) */
  torchLearn: boolean;
}

const TASKS: readonly Task[] = [
  { name: 'cartpole', id: 'CartPole-v1', label: 'CartPole', torchLearn: true },
  { name: 'pendulum', id: 'InvertedPendulum-v5', label: 'InvertedPendulum', torchLearn: false },
];

/** Where one block of `agent.learn` went: wall and CPU seconds of the loop, of env steps and of updates. */
interface LoopBlock {
  updates: number;
  /** env frames: vector steps × copies (autoreset steps included, as every step costs) */
  frames: number;
  /** transitions learned from (`learn`'s timesteps: autoreset steps excluded) */
  transitions: number;
  seconds: number;
  cpuSeconds: number;
  envSeconds: number;
  updateSeconds: number;
  updateCpuSeconds: number;
}

/** A vector env whose `step` calls are timed, and a clock that splits a learn loop into env, act and update. */
class LoopClock {
  envMs = 0;
  steps = 0;
  updateMs = 0;
  updateCpuMicros = 0;
  private lastStepEnd = 0;
  private lastStepCpu = 0;

  /** `inner` with its `step` timed (a new object: the vector envs are frozen). */
  wrap(inner: SyncVectorEnv): VectorEnv {
    // the sync vector env's methods do not use `this`: a copy with step replaced serves
    return {
      ...inner,
      step: (actions) => {
        const start = performance.now();
        const result = inner.step(actions);
        const end = performance.now();
        this.envMs += end - start;
        this.steps += 1;
        // the last step of a rollout: the update starts after it
        if (this.steps % N_STEPS === 0) {
          const cpu = process.cpuUsage();
          this.lastStepCpu = cpu.user + cpu.system;
          this.lastStepEnd = end;
        }
        return result;
      },
    };
  }

  /** Called from onProgress, right after an update. */
  updated(): void {
    const now = performance.now();
    const cpu = process.cpuUsage();
    this.updateMs += now - this.lastStepEnd;
    this.updateCpuMicros += cpu.user + cpu.system - this.lastStepCpu;
  }
}

interface StochgradRunner {
  task: Task;
  agent: A2CAgent;
  clock: LoopClock;
  env: SyncVectorEnv;
}

function makeRunner(task: Task, k: ReturnType<typeof key>): StochgradRunner {
  const env = syncVectorEnv({ id: task.id, n: N_ENVS });
  const clock = new LoopClock();
  // every option at SB3's value, written out (they are also a2c's defaults)
  const agent = a2c({ key: k, env: clock.wrap(env), nSteps: N_STEPS, hiddenSizes: [64, 64], activation: 'tanh', gamma: 0.99, gaeLambda: 1, entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, learningRate: 7e-4 });
  return { task, agent, clock, env };
}

/** `agent.learn` for `seconds` (stopped at the first update boundary after them). */
async function learnBlock(runner: StochgradRunner, seconds: number): Promise<LoopBlock> {
  const { agent, clock } = runner;
  const before = { env: clock.envMs, steps: clock.steps, update: clock.updateMs, updateCpu: clock.updateCpuMicros, timesteps: agent.timesteps };
  const controller = new AbortController();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let updates = 0;
  await agent.learn({
    totalTimesteps: Number.MAX_SAFE_INTEGER,
    signal: controller.signal,
    onProgress: () => {
      clock.updated();
      updates += 1;
      if (performance.now() - start >= seconds * 1000 && updates >= 3) controller.abort();
    },
  });
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return {
    updates,
    frames: (clock.steps - before.steps) * N_ENVS,
    transitions: agent.timesteps - before.timesteps,
    seconds: wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    envSeconds: (clock.envMs - before.env) / 1000,
    updateSeconds: (clock.updateMs - before.update) / 1000,
    updateCpuSeconds: (clock.updateCpuMicros - before.updateCpu) / 1e6,
  };
}

interface TorchRates {
  updates: number;
  seconds: number;
  cpuSeconds: number;
  updatesPerSecond: number;
  updatesPerCpuSecond: number;
  framesPerSecond: number;
  framesPerCpuSecond: number;
}

interface BlockRecord {
  block: number;
  task: Task['name'];
  stochgradFirst: boolean;
  stochgrad: LoopBlock;
  /** the update alone on a fixed rollout */
  torchUpdate: TorchRates;
  /** the whole loop (CartPole only) */
  torchLearn?: TorchRates;
}

/** The rates of one block, stochgrad's split into update alone and whole loop. */
function ratesOf(b: BlockRecord) {
  const s = b.stochgrad;
  return {
    stochgradUpdatesPerSecond: s.updates / s.updateSeconds,
    stochgradUpdatesPerCpuSecond: s.updates / s.updateCpuSeconds,
    stochgradLoopUpdatesPerSecond: s.updates / s.seconds,
    stochgradFramesPerSecond: s.frames / s.seconds,
    stochgradFramesPerCpuSecond: s.frames / s.cpuSeconds,
    torchUpdatesPerSecond: b.torchUpdate.updatesPerSecond,
    torchUpdatesPerCpuSecond: b.torchUpdate.updatesPerCpuSecond,
    /** CartPole: the whole loop; InvertedPendulum: the update-bound upper bound updates/s × 40 */
    torchFramesPerSecond: b.torchLearn ? b.torchLearn.framesPerSecond : b.torchUpdate.updatesPerSecond * BATCH,
    torchFramesPerCpuSecond: b.torchLearn ? b.torchLearn.framesPerCpuSecond : b.torchUpdate.updatesPerCpuSecond * BATCH,
    /** milliseconds per iteration of stochgrad's loop: 5 vector env steps, acting, the update */
    envMsPerIteration: (1000 * s.envSeconds) / s.updates,
    updateMsPerIteration: (1000 * s.updateSeconds) / s.updates,
    actMsPerIteration: (1000 * (s.seconds - s.envSeconds - s.updateSeconds)) / s.updates,
  };
}


/**
 * Medians of the blocks, the ratios of those medians, and the medians of the blocks' own ratios (each
 * block pairs the two sides under about the same load, so these are the steadier on a shared machine).
 */
function summarize(records: readonly BlockRecord[]) {
  const { medians: m, blockRatio } = blockMedians(records.map(ratesOf), median);
  return {
    ...m,
    stochgradOverTorchUpdates: m.stochgradUpdatesPerSecond / m.torchUpdatesPerSecond,
    stochgradOverTorchUpdatesCpu: m.stochgradUpdatesPerCpuSecond / m.torchUpdatesPerCpuSecond,
    stochgradOverTorchFrames: m.stochgradFramesPerSecond / m.torchFramesPerSecond,
    stochgradOverTorchFramesCpu: m.stochgradFramesPerCpuSecond / m.torchFramesPerCpuSecond,
    blockRatioUpdates: blockRatio('stochgradUpdatesPerSecond', 'torchUpdatesPerSecond'),
    blockRatioUpdatesCpu: blockRatio('stochgradUpdatesPerCpuSecond', 'torchUpdatesPerCpuSecond'),
    blockRatioFrames: blockRatio('stochgradFramesPerSecond', 'torchFramesPerSecond'),
    blockRatioFramesCpu: blockRatio('stochgradFramesPerCpuSecond', 'torchFramesPerCpuSecond'),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const loadAtStart = loadavg();
  // the PyTorch side first: a Python without torch fails here, before anything slow
  const { peer: torch, info: torchInfo } = await PythonPeer.start(options.python, 'a2c_update.py');
  progress(`rl-a2c-speed: PyTorch ${String(torchInfo.torch)} (Python ${String(torchInfo.python)}), ${String(torchInfo.threads)} thread(s), BLAS ${String(torchInfo.blas)}`);
  const info = await ready({ backend: options.backend });
  await loadMujoco();
  progress(`rl-a2c-speed: ${describeBackend(info)}, ${cpus().length} cores, load ${loadAtStart[0]?.toFixed(2)}`);
  const tensorsBefore = tf.memory().numTensors;
  const root = key(2016);
  const runners = TASKS.map((task, i) => makeRunner(task, fold(root, i)));

  for (const runner of runners) {
    await learnBlock(runner, options.warmup);
    await torch.command(`update ${runner.task.name} ${options.warmup}`);
    if (runner.task.torchLearn) await torch.command(`learn ${runner.task.name} ${options.warmup}`);
  }
  progress(`rl-a2c-speed: warmed up (${options.warmup} s per side and task)`);

  const records: BlockRecord[] = [];
  const bar = progressBar('rl-a2c-speed: timed blocks', options.blocks * runners.length);
  for (let block = 0; block < options.blocks; block++) {
    for (const [t, runner] of runners.entries()) {
      bar.update(block * runners.length + t, `${runner.task.id}`);
      const { task } = runner;
      // alternate which side goes first, block by block
      const stochgradFirst = block % 2 === 0;
      const torchSide = async () => {
        const update = (await torch.command(`update ${task.name} ${options.seconds}`)) as unknown as TorchRates;
        const learn = task.torchLearn ? ((await torch.command(`learn ${task.name} ${options.seconds}`)) as unknown as TorchRates) : undefined;
        return { update, learn };
      };
      let stochgrad: LoopBlock;
      let torchRates: Awaited<ReturnType<typeof torchSide>>;
      if (stochgradFirst) {
        stochgrad = await learnBlock(runner, options.seconds);
        torchRates = await torchSide();
      } else {
        torchRates = await torchSide();
        stochgrad = await learnBlock(runner, options.seconds);
      }
      const record: BlockRecord = { block, task: task.name, stochgradFirst, stochgrad, torchUpdate: torchRates.update, ...(torchRates.learn ? { torchLearn: torchRates.learn } : {}) };
      records.push(record);
      const r = ratesOf(record);
      progress(
        `rl-a2c-speed: block ${block + 1}/${options.blocks} ${task.id}: updates/s stochgrad ${formatNumber(r.stochgradUpdatesPerSecond)}, PyTorch ${formatNumber(r.torchUpdatesPerSecond)}; ` +
          `frames/s stochgrad ${formatNumber(r.stochgradFramesPerSecond)}, PyTorch ${task.torchLearn ? '' : '≤ '}${formatNumber(r.torchFramesPerSecond)}`,
      );
    }
  }
  bar.stop();
  torch.close();
  for (const runner of runners) {
    runner.agent.dispose();
    runner.env.close();
  }
  const tensorsLeaked = tf.memory().numTensors - tensorsBefore;

  const summaries = TASKS.map((task) => ({ task, summary: summarize(records.filter((r) => r.task === task.name)) }));
  const loadAtEnd = loadavg();
  const date = new Date().toISOString();
  const command = `pnpm --filter @stochgrad/bench run rl-a2c-speed -- ${userArgv().slice(2).join(' ')}`.replace(/ -- $/, '');
  const machine = {
    cpu: cpus()[0]?.model.trim(),
    cores: cpus().length,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
  };
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
    `A2C with Stable-Baselines3's settings: ${N_ENVS} copies × nSteps ${N_STEPS} = ${BATCH} transitions per update, separate 2 × 64 tanh actor and critic, ` +
    'γ 0.99, λ 1, entCoef 0, vfCoef 0.5, global-norm clip 0.5, RMSprop lr 7e-4 α 0.99 ε 1e-5 over both networks';

  const rows = summaries.flatMap(({ task, summary: s }) => {
    const bound = task.torchLearn ? '' : ' (PyTorch: bound)';
    const le = task.torchLearn ? '' : '≤ ';
    const ge = task.torchLearn ? '' : '≥ ';
    return [
      [`${task.id}: updates/s, update alone`, formatNumber(s.stochgradUpdatesPerSecond), formatNumber(s.torchUpdatesPerSecond), `${s.stochgradOverTorchUpdates.toFixed(2)}×`, `${s.blockRatioUpdates.toFixed(2)}×`],
      [`${task.id}: updates/CPU s, update alone`, formatNumber(s.stochgradUpdatesPerCpuSecond), formatNumber(s.torchUpdatesPerCpuSecond), `${s.stochgradOverTorchUpdatesCpu.toFixed(2)}×`, `${s.blockRatioUpdatesCpu.toFixed(2)}×`],
      [`${task.id}: frames/s, whole loop${bound}`, formatNumber(s.stochgradFramesPerSecond), `${le}${formatNumber(s.torchFramesPerSecond)}`, `${ge}${s.stochgradOverTorchFrames.toFixed(2)}×`, `${ge}${s.blockRatioFrames.toFixed(2)}×`],
      [`${task.id}: frames/CPU s, whole loop${bound}`, formatNumber(s.stochgradFramesPerCpuSecond), `${le}${formatNumber(s.torchFramesPerCpuSecond)}`, `${ge}${s.stochgradOverTorchFramesCpu.toFixed(2)}×`, `${ge}${s.blockRatioFramesCpu.toFixed(2)}×`],
    ];
  });
  const table = textTable(['measure (median of the blocks)', 'stochgrad', 'PyTorch', 'stochgrad / PyTorch', 'median of block ratios'], rows);
  const splitTable = textTable(
    ['stochgrad loop, ms per iteration (40 frames)', 'env steps (5 × 8 copies)', 'acting (policy forward, draws)', 'update', 'updates/s of the whole loop'],
    summaries.map(({ task, summary: s }) => [task.id, s.envMsPerIteration.toFixed(3), s.actMsPerIteration.toFixed(3), s.updateMsPerIteration.toFixed(3), formatNumber(s.stochgradLoopUpdatesPerSecond)]),
  );
  console.log(`\n${table}\n\n${splitTable}\n\ntensors leaked: ${tensorsLeaked}`);

  const result = { date, command, machine, versions, setup, options, summaries: summaries.map(({ task, summary }) => ({ task: task.id, ...summary })), blocks: records, tensorsLeaked };
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'results.json'), `${JSON.stringify(result, null, 1)}\n`);
  writeFileSync(
    join(options.out, 'results.md'),
    [
      '# A2C speed: stochgrad vs PyTorch',
      '',
      `Generated by \`${command}\` on ${date} at commit ${versions.commit} (${machine.cpu}, ${machine.cores} cores, load average ${loadAtStart[0]?.toFixed(2)} at the start and ${loadAtEnd[0]?.toFixed(2)} at the end; the machine was shared).`,
      `stochgrad: @stochgrad/rl ${versions.stochgradRl}, tfjs ${versions.tfjs} on ${versions.backend}, Node ${versions.node}. ` +
        `PyTorch ${String(torchInfo.torch)} (Debian python3-torch, Python ${String(torchInfo.python)}, numpy ${String(torchInfo.numpy)}), ${String(torchInfo.threads)} thread, OPENBLAS_NUM_THREADS=${String(torchInfo.openblasThreads)}, BLAS ${String(torchInfo.blas)}` +
        `${/openblas/i.test(String(torchInfo.blas)) ? '' : ' (not OpenBLAS: OPENBLAS_NUM_THREADS has no effect, torch.set_num_threads(1) keeps PyTorch on one thread)'}.`,
      '',
      `${setup}. ${options.blocks} blocks of ${options.seconds} s per side and task after a ${options.warmup} s warm-up each; within a block the two sides run one after the other, stochgrad first in even blocks and PyTorch first in odd ones; the medians of the blocks.`,
      '',
      '- **updates/s, update alone** — stochgrad: `agent.learn` on a vector env wrapped to time its `step` calls; an update is the time from the end of a rollout\'s last env step to the `onProgress` call after the update ' +
        '(value pass over the 48 observations, advantages, the loss on the tape over the 40 transitions — log π, entropy, V —, backward, global-norm clip, RMSprop step). PyTorch: the same update (bench/src/pytorch/a2c_update.py) on a fixed synthetic rollout of the same shapes.',
      '- **frames/s, whole loop** — env frames (vector steps × 8, autoreset steps included) per second of the whole loop: acting, env steps, updates. stochgrad: `agent.learn`. ' +
        'PyTorch on CartPole: the same loop with CartPole-v1\'s dynamics written in numpy (8 copies vectorized, NEXT_STEP autoreset, 500-step limit). ' +
        'On InvertedPendulum there is no MuJoCo in that Python: its entry is the update-bound upper bound updates/s × 40 (no env, no acting), so the ratio there is a lower bound for stochgrad.',
      '- ratios: of the two medians, and the median of the blocks\' own ratios (the two sides of a block ran back to back under about the same load: the steadier figure when the load changes during the run).',
      '- per CPU second: process CPU time (Node `process.cpuUsage`, Python `time.process_time`), less moved by other load than wall time. ' +
        'Node\'s count includes its helper threads (garbage collection, compilation), so stochgrad\'s CPU time can exceed its wall time and its per-CPU-second rates read lower than its wall rates.',
      '',
      '```',
      table,
      '```',
      '',
      'Where stochgrad\'s loop time goes (medians):',
      '',
      '```',
      splitTable,
      '```',
      '',
      `Tensors leaked: ${tensorsLeaked}. Every block is in results.json.`,
      '',
    ].join('\n'),
  );
  const bars = summaries.flatMap(({ task, summary: s }) => [
    { label: `${task.label}: updates/s`, series: 'stochgrad', value: s.stochgradUpdatesPerSecond },
    { label: `${task.label}: updates/s`, series: 'PyTorch', value: s.torchUpdatesPerSecond },
    { label: `${task.label}: frames/s${task.torchLearn ? '' : ' *'}`, series: 'stochgrad', value: s.stochgradFramesPerSecond },
    { label: `${task.label}: frames/s${task.torchLearn ? '' : ' *'}`, series: 'PyTorch', value: s.torchFramesPerSecond },
  ]);
  const svg = await renderSvg(
    barChart({
      title: 'A2C: stochgrad vs PyTorch (SB3 settings, 40 transitions per update)',
      subtitle: `updates/s: update alone · frames/s: whole loop (* PyTorch: bound, updates/s × 40) · medians of ${options.blocks} blocks`,
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
