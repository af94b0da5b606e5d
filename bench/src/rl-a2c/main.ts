/**
 * A2C with RELAX and LAX control variates against plain A2C, reproducing the RL experiments of
 * "Backpropagation through the Void" (Grathwohl et al., ICLR 2018) with estimators proven unbiased,
 * and measuring what the control variates do the way "The Mirage of Action-Dependent Baselines"
 * (Tucker et al., ICML 2018) asks. Parts (--parts, default all, in this order):
 *   cartpole  CartPole-v0 (solved: 100-episode mean ≥ 195) and CartPole-v1 (≥ 475), one episode per
 *             update, 2 × 10 ReLU networks, RMSprop, γ 0.99, entropy 0.01, no clipping (the paper's
 *             discrete settings); A2C vs RELAX over the learning-rate grid, 5 seeds each
 *   variance  per-episode policy-gradient variance across independent episodes of one policy
 *             snapshot, for the estimator each agent actually updates with, at several points of
 *             training (and, for RELAX, the score function with V on the same episodes)
 *   sb3       n-step A2C on CartPole-v1 at Stable-Baselines3's settings (8 copies, 5e5 steps), then a
 *             deterministic evaluation (SB3 zoo: 500.00 ± 0.00)
 *   pendulum  InvertedPendulum-v5, LAX vs A2C, 2500-step batches of whole episodes, Adam (solved: 950)
 *   lunar     LunarLander-v3, RELAX vs A2C, one episode per update (solved: 200), at the budget given
 *
 *   pnpm --filter @stochgrad/bench run rl-a2c -- [--parts cartpole,sb3] [--shard 0/2] ...   # --help
 *
 * Every run is stored in results/rl-a2c/runs/<id>.json as soon as it ends; a rerun skips stored
 * runs (so an interrupted bench resumes; --fresh starts over) and two processes with --shard 0/2 and
 * 1/2 split the runs between them. results.md and the SVGs are rewritten from all stored runs after
 * each run (and by --parts report alone).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ready } from '@stochgrad/core';
import { loadMujoco } from '@stochgrad/rl';
import { InvalidArgumentError } from 'commander';
import { type StoredRun, jobsToDo, readStoredRuns, runContext, shard, storeRun } from '../stored-runs';
import { benchProgram, integerAtLeast, subsetOf, userArgv } from '../cli-options';
import { logLine, progressBar } from '../progress';
import { writeReport } from './report';
import { type SolveSetup, sb3Run, solveRun, varianceRun } from './runs';

const PARTS = ['cartpole', 'variance', 'sb3', 'pendulum', 'lunar', 'report'] as const;
type Part = (typeof PARTS)[number];

function numberList(value: string): number[] {
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((x) => !Number.isFinite(x) || x <= 0)) throw new InvalidArgumentError('expected comma-separated numbers > 0.');
  return list;
}


const program = benchProgram('rl-a2c', 'A2C vs RELAX/LAX: episodes to solve, gradient variance, the SB3 anchor, InvertedPendulum and LunarLander')
  .option('--parts <list>', `comma-separated subset of: ${PARTS.join(', ')}`, subsetOf(PARTS), PARTS.filter((p) => p !== 'report'))
  .option('--seeds <n>', 'seeds per setting (cartpole)', integerAtLeast(1), 5)
  .option('--lrs <list>', 'learning-rate grid (cartpole; the paper: 0.01, 0.003, 0.001)', numberList, [0.01, 0.003, 0.001])
  .option('--variance-lr <x>', 'learning rate of the variance runs', (v) => numberList(v)[0] as number, 0.01)
  .option('--variance-episodes <n>', 'independent episodes per variance point (CartPole)', integerAtLeast(2), 200)
  .option('--variance-pendulum-episodes <n>', 'independent episodes per variance point (InvertedPendulum)', integerAtLeast(2), 100)
  .option('--sb3-seeds <n>', 'seeds of the SB3 anchor', integerAtLeast(1), 3)
  .option('--pendulum-seeds <n>', 'seeds of InvertedPendulum', integerAtLeast(1), 3)
  .option('--pendulum-frames <n>', 'frame budget of one InvertedPendulum run', integerAtLeast(1), 500_000)
  .option('--lunar-seeds <n>', 'seeds of LunarLander', integerAtLeast(1), 2)
  .option('--lunar-frames <n>', 'frame budget of one LunarLander run', integerAtLeast(1), 500_000)
  .option('--shard <i/k>', 'run only the runs with index ≡ i (mod k)', shard, [0, 1] as [number, number])
  .option('--fresh', 'delete the stored runs of the chosen parts first', false)
  .option('--out <dir>', 'output directory', resolve(import.meta.dirname, '../../results/rl-a2c'))
  .parse(userArgv());
const options = program.opts<{
  parts: Part[];
  seeds: number;
  lrs: number[];
  varianceLr: number;
  varianceEpisodes: number;
  variancePendulumEpisodes: number;
  sb3Seeds: number;
  pendulumSeeds: number;
  pendulumFrames: number;
  lunarSeeds: number;
  lunarFrames: number;
  shard: [number, number];
  fresh: boolean;
  out: string;
}>();

/** The paper's discrete settings (appendix "Discrete RL"), shared by CartPole and LunarLander. */
const DISCRETE_AGENT = { n: 1, nSteps: 'episode', hiddenSizes: [10, 10], activation: 'relu', entCoef: 0.01, gamma: 0.99, maxGradNorm: Infinity } as const;
/** The paper's continuous settings where our agent has them: 2 × 64 networks, 2500-step batches, Adam. */
const CONTINUOUS_AGENT = { n: 1, nSteps: 'episode', batchSteps: 2500, hiddenSizes: [64, 64], activation: 'tanh', entCoef: 0, gamma: 0.99, maxGradNorm: Infinity } as const;

interface Job {
  part: Part;
  id: string;
  run: (tick: (detail: string) => void) => Promise<unknown>;
}

function solveJobs(part: Part, setups: SolveSetup[]): Job[] {
  return setups.map((setup) => ({
    part,
    id: `${part}-${setup.env}-${setup.method}-lr${setup.learningRate}-s${setup.seed}`,
    run: (tick) => solveRun(setup, (episodes, frames, mean) => tick(`${episodes} episodes, ${frames} frames, mean ${mean.toFixed(1)}`)),
  }));
}

function jobs(): Job[] {
  const list: Job[] = [];
  const seeds = (count: number) => Array.from({ length: count }, (_, s) => s);
  if (options.parts.includes('cartpole')) {
    const versions = [
      { env: 'CartPole-v0', threshold: 195, budget: 250_000 },
      { env: 'CartPole-v1', threshold: 475, budget: 500_000 },
    ];
    const setups = versions.flatMap((v) =>
      (['a2c', 'relax'] as const).flatMap((method) => options.lrs.flatMap((learningRate) => seeds(options.seeds).map((seed): SolveSetup => ({ ...v, method, learningRate, seed, agent: DISCRETE_AGENT })))),
    );
    list.push(...solveJobs('cartpole', setups));
  }
  if (options.parts.includes('variance')) {
    const checkpoints = [0, 10_000, 30_000, 60_000, 100_000];
    for (const method of ['a2c', 'relax'] as const) {
      const setup: SolveSetup = { env: 'CartPole-v1', method, learningRate: options.varianceLr, seed: 0, threshold: 475, budget: checkpoints.at(-1) as number, agent: DISCRETE_AGENT };
      list.push({ part: 'variance', id: `variance-CartPole-v1-${method}-lr${setup.learningRate}-s0`, run: (tick) => varianceRun(setup, checkpoints, options.varianceEpisodes, (done) => tick(`point ${done}/${checkpoints.length}`)) });
    }
    // the Mirage study's own setting: continuous control, LAX's action-dependent c against V alone
    const pendulumCheckpoints = [0, 50_000, 150_000, 300_000];
    for (const method of ['a2c', 'lax'] as const) {
      const setup: SolveSetup = { env: 'InvertedPendulum-v5', method, learningRate: 0.003, seed: 0, threshold: 950, budget: pendulumCheckpoints.at(-1) as number, agent: CONTINUOUS_AGENT, optimizer: 'adam' };
      list.push({ part: 'variance', id: `variance-InvertedPendulum-v5-${method}-lr0.003-s0`, run: (tick) => varianceRun(setup, pendulumCheckpoints, options.variancePendulumEpisodes, (done) => tick(`point ${done}/${pendulumCheckpoints.length}`)) });
    }
  }
  if (options.parts.includes('sb3')) {
    for (const seed of seeds(options.sb3Seeds)) list.push({ part: 'sb3', id: `sb3-CartPole-v1-s${seed}`, run: (tick) => sb3Run(seed, 500_000, (frames, mean) => tick(`${frames} frames, mean ${mean.toFixed(1)}`)) });
  }
  if (options.parts.includes('pendulum')) {
    const setups = (['a2c', 'lax'] as const).flatMap((method) =>
      seeds(options.pendulumSeeds).map((seed): SolveSetup => ({ env: 'InvertedPendulum-v5', method, learningRate: 0.003, seed, threshold: 950, budget: options.pendulumFrames, agent: CONTINUOUS_AGENT, optimizer: 'adam' })),
    );
    list.push(...solveJobs('pendulum', setups));
  }
  if (options.parts.includes('lunar')) {
    const setups = (['a2c', 'relax'] as const).flatMap((method) =>
      seeds(options.lunarSeeds).map((seed): SolveSetup => ({ env: 'LunarLander-v3', method, learningRate: 0.003, seed, threshold: 200, budget: options.lunarFrames, agent: DISCRETE_AGENT })),
    );
    list.push(...solveJobs('lunar', setups));
  }
  return list;
}

async function main(): Promise<void> {
  await ready();
  const runsDir = resolve(options.out, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const all = jobs();
  if (options.fresh) for (const job of all) rmSync(resolve(runsDir, `${job.id}.json`), { force: true });
  const todo = jobsToDo(all, runsDir, options.shard);
  if (todo.some((job) => job.id.includes('InvertedPendulum'))) await loadMujoco();
  const context = runContext('rl-a2c');
  logLine(`rl-a2c: ${todo.length} runs to do (${all.length - todo.length} stored or in other shards) in ${runsDir}`);
  const bar = progressBar('rl-a2c', todo.length);
  for (const [done, job] of todo.entries()) {
    const record = await job.run((detail) => bar.update(done, `${job.id}: ${detail}`));
    storeRun(runsDir, job.id, job.part, context, record);
    bar.update(done + 1, `${job.id} stored`);
    await writeReport(options.out, readStored(runsDir));
  }
  bar.stop();
  await writeReport(options.out, readStored(runsDir));
  logLine(`rl-a2c: wrote ${resolve(options.out, 'results.md')}`);
}

export type Stored = StoredRun<Part>;

const readStored = (dir: string) => readStoredRuns<Part>(dir);

await main();
