/**
 * SAC with a squashed Gaussian policy against SAC with an implicit policy whose entropy gradient
 * comes from a conditional AR-DAE (SAC-AR-DAE, Lim et al., ICML 2020), on @stochgrad/rl's SAC agent.
 * Parts (--parts, default pendulum and pendulum-implicit; the MuJoCo parts only when asked):
 *   pendulum           Pendulum-v1, Gaussian SAC at the SB3 zoo's settings (20k steps, lr 1e-3,
 *                      SB3 defaults otherwise), seeds 0–2; SB3 zoo: −157 ± 89
 *   pendulum-implicit  the same with an implicit policy, AR-DAE entropy and a fixed α
 *   halfcheetah        HalfCheetah-v5, Gaussian vs implicit, 1e5 steps, 2 seeds each
 *   hopper             Hopper-v5, likewise
 *   report             only rewrite results.md and the SVGs from the stored runs
 * Every run evaluates its deterministic policy (10 episodes) at 0, every --eval-every steps and at
 * the end, and logs the measured policy entropy (−mean log π from the provider's log-density)
 * against SAC's target −dim(A).
 *
 *   pnpm --filter @stochgrad/bench run rl-sac -- [--parts pendulum] [--shard 0/2] ...   # --help
 *
 * Every finished run is stored in results/rl-sac/runs/<id>.json and a rerun skips stored runs (--fresh
 * starts the chosen parts over); a run in progress checkpoints to results/rl-sac/checkpoints/<id>.json
 * every --checkpoint-every steps (agent snapshot + record so far) and a rerun continues from there
 * (not exactly: see runs.ts); a finished run's trained agent stays in results/rl-sac/agents/<id>.json
 * (not committed: 7 MB each; the demo ships agents exported from them). results.md and the SVGs are rewritten from all stored runs after each run.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ready } from '@stochgrad/core';
import { loadMujoco } from '@stochgrad/rl';
import { type StoredRun, jobsToDo, readStoredRuns, runContext, shard, storeRun } from '../stored-runs';
import { benchProgram, integerAtLeast, subsetOf, userArgv } from '../cli-options';
import { logLine, progressBar } from '../progress';
import { type InProgress, writeReport } from './report';
import { type Checkpoint, type Method, type SacSetup, dropCheckpoint, sacRun } from './runs';

const PARTS = ['pendulum', 'pendulum-implicit', 'halfcheetah', 'hopper', 'report'] as const;
type Part = (typeof PARTS)[number];


const program = benchProgram('rl-sac', 'SAC (squashed Gaussian) vs SAC-AR-DAE (implicit policy): Pendulum anchor, HalfCheetah, Hopper, policy entropy')
  .option('--parts <list>', `comma-separated subset of: ${PARTS.join(', ')}`, subsetOf(PARTS), ['pendulum', 'pendulum-implicit'])
  .option('--seeds <n>', 'seeds per setting (default: 3 on Pendulum, 2 on MuJoCo)', integerAtLeast(1))
  .option('--steps <n>', 'environment steps per run (default: 20000 on Pendulum, 100000 on MuJoCo; small values for a smoke test)', integerAtLeast(1))
  .option('--eval-every <n>', 'deterministic evaluation every n steps (default: 2000 on Pendulum, 5000 on MuJoCo)', integerAtLeast(1))
  .option('--eval-episodes <n>', 'episodes per deterministic evaluation', integerAtLeast(1), 10)
  .option('--checkpoint-every <n>', 'checkpoint a run every n steps (default: the evaluation interval)', integerAtLeast(1))
  .option('--learning-starts <n>', 'uniform-action steps before learning (default: 100 on Pendulum, SB3; 10000 on MuJoCo, SB3 zoo)', integerAtLeast(0))
  .option('--shard <i/k>', 'run only the runs with index ≡ i (mod k)', shard, [0, 1] as [number, number])
  .option('--fresh', 'delete the stored runs and checkpoints of the chosen parts first', false)
  .option('--out <dir>', 'output directory', resolve(import.meta.dirname, '../../results/rl-sac'))
  .parse(userArgv());
const options = program.opts<{
  parts: Part[];
  seeds?: number;
  steps?: number;
  evalEvery?: number;
  evalEpisodes: number;
  checkpointEvery?: number;
  learningStarts?: number;
  shard: [number, number];
  fresh: boolean;
  out: string;
}>();

/** The implicit policy's AR-DAE on Pendulum: the settings of packages/rl's README run (α 0.05 fixed, clamping on). */
const PENDULUM_IMPLICIT = {
  entropy: { kind: 'ardae', hidden: 64, layers: 2, samplesPerState: 8 },
  entCoef: 0.05,
  jacobianClamping: true,
} as const;
/** The implicit policy on MuJoCo: the reference code's α 0.05 fixed and clamping; the agent's default AR-DAE (128 × 3, 16 draws per state). */
const MUJOCO_IMPLICIT = { entropy: { kind: 'ardae' }, entCoef: 0.05, jacobianClamping: true } as const;

interface Job {
  part: Part;
  id: string;
  setup: SacSetup;
}

function jobs(): Job[] {
  const list: Job[] = [];
  const seedsOf = (fallback: number) => Array.from({ length: options.seeds ?? fallback }, (_, s) => s);
  const add = (part: Part, env: string, method: Method, seed: number, base: { steps: number; evalEvery: number; learningStarts: number; agent: SacSetup['agent'] }) => {
    const steps = options.steps ?? base.steps;
    const evalEvery = options.evalEvery ?? base.evalEvery;
    const setup: SacSetup = {
      part,
      env,
      method,
      seed,
      steps,
      evalEvery,
      evalEpisodes: options.evalEpisodes,
      checkpointEvery: options.checkpointEvery ?? evalEvery,
      agent: { ...base.agent, learningStarts: options.learningStarts ?? base.learningStarts },
      ...(method === 'implicit' ? { implicit: { noiseSize: 10, hiddenSizes: [256, 256] } } : {}),
    };
    list.push({ part, id: `${part}-${env}-${method}-${steps}-s${seed}`, setup });
  };
  // SB3 zoo Pendulum-v1 SAC: n_timesteps 2e4, learning_rate 1e-3, everything else SB3's default
  const pendulum = { steps: 20_000, evalEvery: 2_000, learningStarts: 100 };
  if (options.parts.includes('pendulum')) for (const s of seedsOf(3)) add('pendulum', 'Pendulum-v1', 'gaussian', s, { ...pendulum, agent: { learningRate: 1e-3 } });
  if (options.parts.includes('pendulum-implicit')) for (const s of seedsOf(3)) add('pendulum-implicit', 'Pendulum-v1', 'implicit', s, { ...pendulum, agent: { learningRate: 1e-3, ...PENDULUM_IMPLICIT } });
  // SB3 zoo MuJoCo SAC: learning_starts 10000, SB3 defaults otherwise (lr 3e-4, auto α)
  const mujoco = { steps: 100_000, evalEvery: 5_000, learningStarts: 10_000 };
  for (const [part, env] of [['halfcheetah', 'HalfCheetah-v5'], ['hopper', 'Hopper-v5']] as const) {
    if (!options.parts.includes(part)) continue;
    for (const s of seedsOf(2)) {
      add(part, env, 'gaussian', s, { ...mujoco, agent: {} });
      add(part, env, 'implicit', s, { ...mujoco, agent: { ...MUJOCO_IMPLICIT } });
    }
  }
  return list;
}

export type Stored = StoredRun<Part>;

const readStored = (dir: string) => readStoredRuns<Part>(dir);

/** The runs in progress, as their latest checkpoints hold them (one that cannot be read is skipped). */
function readInProgress(dir: string): InProgress[] {
  const list: InProgress[] = [];
  for (const f of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    try {
      const c = JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as Checkpoint;
      list.push({ id: c.id, part: c.setup.part as Part, run: c.run, savedAt: c.savedAt });
    } catch {
      logLine(`rl-sac: skipping unreadable checkpoint ${f}`);
    }
  }
  return list;
}

async function main(): Promise<void> {
  await ready();
  const runsDir = resolve(options.out, 'runs');
  const checkpointsDir = resolve(options.out, 'checkpoints');
  const agentsDir = resolve(options.out, 'agents');
  mkdirSync(runsDir, { recursive: true });
  mkdirSync(checkpointsDir, { recursive: true });
  mkdirSync(agentsDir, { recursive: true });
  const all = jobs();
  if (options.fresh) {
    for (const job of all) {
      rmSync(resolve(runsDir, `${job.id}.json`), { force: true });
      rmSync(resolve(checkpointsDir, `${job.id}.json`), { force: true });
    }
  }
  const todo = jobsToDo(all, runsDir, options.shard);
  if (todo.some((job) => job.setup.env.endsWith('-v5'))) await loadMujoco();
  const context = runContext('rl-sac');
  logLine(`rl-sac: ${todo.length} runs to do (${all.length - todo.length} stored or in other shards) in ${runsDir}`);
  const totalSteps = todo.reduce((s, job) => s + job.setup.steps, 0);
  const bar = progressBar('rl-sac', totalSteps);
  let before = 0;
  for (const job of todo) {
    const checkpointPath = resolve(checkpointsDir, `${job.id}.json`);
    if (existsSync(checkpointPath)) logLine(`rl-sac: ${job.id} continues from its checkpoint`);
    const record = await sacRun(
      job.id,
      job.setup,
      checkpointPath,
      (detail) => {
        const steps = Number(detail.split('/')[0]);
        bar.update(before + (Number.isFinite(steps) ? steps : 0), `${job.id}: ${detail}`);
      },
      () => writeReport(options.out, readStored(runsDir), readInProgress(checkpointsDir)),
      resolve(agentsDir, `${job.id}.json`),
    );
    storeRun(runsDir, job.id, job.part, context, record);
    dropCheckpoint(checkpointPath);
    before += job.setup.steps;
    const last = record.evaluations.at(-1);
    logLine(`rl-sac: ${job.id} stored: ${record.steps} steps in ${record.seconds.toFixed(0)} s, final evaluation ${last?.mean.toFixed(1)} ± ${last?.std.toFixed(1)}`);
    bar.update(before, `${job.id} stored`);
    await writeReport(options.out, readStored(runsDir), readInProgress(checkpointsDir));
  }
  bar.stop();
  await writeReport(options.out, readStored(runsDir), readInProgress(checkpointsDir));
  logLine(`rl-sac: wrote ${resolve(options.out, 'results.md')}`);
}

await main();
