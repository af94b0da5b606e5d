/**
 * Exports a SAC agent trained by the rl-sac bench for the web page's MuJoCo panel
 * (src/sac-policy-file.ts): the finished run's snapshot if the stored run holds one, else the
 * run's newest checkpoint (bench/results/rl-sac/checkpoints/<id>.json), or a checkpoint file named
 * with --checkpoint. Reads JSON only (no tfjs), writes one file and prints what it wrote.
 *
 *   pnpm --filter @stochgrad/demo exec tsx src/export-sac-policy.ts [--run <id>] [--out <file>]
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { SacSnapshot } from '@stochgrad/rl';
import { userArgv } from './cli-options';
import { HALFCHEETAH_POLICY_PATH, type SacPolicySource, describeSacPolicySource, encodeSacPolicyFile } from './sac-policy-file';

export const DEFAULT_RUN = 'halfcheetah-HalfCheetah-v5-gaussian-100000-s0';

const appDir = resolve(import.meta.dirname, '..');
const defaultResults = resolve(appDir, '../../bench/results/rl-sac');
const defaultOut = resolve(appDir, 'web/public', HALFCHEETAH_POLICY_PATH);

/** The parts of a bench checkpoint (bench/src/rl-sac/runs.ts `Checkpoint`) this script reads. */
interface BenchCheckpoint {
  format: 'stochgrad.bench.rl-sac.checkpoint';
  id: string;
  setup: { part: string; env: string; method: string; seed: number; evalEpisodes: number };
  run: { evaluations: { steps: number; mean: number; std: number }[] };
  snapshot: SacSnapshot;
  savedAt: string;
}

/** A stored run (bench/src/stored-runs.ts); `snapshot` only if the bench kept the final agent. */
interface BenchStoredRun {
  id: string;
  part: string;
  finishedAt: string;
  context: { command: string };
  record: BenchCheckpoint['run'] & { setup: BenchCheckpoint['setup'] };
  snapshot?: SacSnapshot;
}

export interface ExportOptions {
  run: string;
  results: string;
  checkpoint?: string;
  benchCommand?: string;
  out: string;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function lastEvaluation(evaluations: readonly { steps: number; mean: number; std: number }[], steps: number, episodes: number): SacPolicySource['evaluation'] {
  const at = evaluations.filter((e) => e.steps <= steps).at(-1);
  return at ? { steps: at.steps, mean: at.mean, std: at.std, episodes } : null;
}

const defaultCommand = (part: string) => `pnpm --filter @stochgrad/bench run rl-sac -- --parts ${part}`;

/** Finds the agent and writes the file; returns the source it recorded and the file's size in bytes. */
export function exportSacPolicy(options: ExportOptions): { source: SacPolicySource; bytes: number; path: string } {
  const exportedAt = new Date().toISOString();
  let snapshot: SacSnapshot;
  let source: SacPolicySource;
  const storedPath = resolve(options.results, 'runs', `${options.run}.json`);
  const stored = !options.checkpoint && existsSync(storedPath) ? readJson<BenchStoredRun>(storedPath) : undefined;
  if (stored?.snapshot) {
    snapshot = stored.snapshot;
    const setup = stored.record.setup;
    source = {
      runId: stored.id, env: setup.env, method: setup.method, seed: setup.seed, from: 'run', steps: snapshot.timesteps, updates: snapshot.updates,
      evaluation: lastEvaluation(stored.record.evaluations, snapshot.timesteps, setup.evalEpisodes),
      benchCommand: options.benchCommand ?? stored.context.command, savedAt: stored.finishedAt, exportedAt,
    };
  } else {
    // the agent the bench keeps when a run ends (agents/, same format as a checkpoint), else the run's newest checkpoint
    const finalAgent = resolve(options.results, 'agents', `${options.run}.json`);
    const path = options.checkpoint ? resolve(options.checkpoint) : existsSync(finalAgent) ? finalAgent : resolve(options.results, 'checkpoints', `${options.run}.json`);
    if (!existsSync(path)) {
      throw new Error(
        stored
          ? `the stored run ${storedPath} holds no agent snapshot, there is no final agent ${finalAgent} (runs stored before the bench kept them) and its checkpoint ${path} is gone (the bench drops it when the run ends): export a copy of the last checkpoint with --checkpoint`
          : `no stored run ${storedPath} and no checkpoint ${path}`,
      );
    }
    const checkpoint = readJson<BenchCheckpoint>(path);
    if (checkpoint.format !== 'stochgrad.bench.rl-sac.checkpoint') throw new Error(`${path} is not an rl-sac checkpoint (format ${String(checkpoint.format)})`);
    snapshot = checkpoint.snapshot;
    const setup = checkpoint.setup;
    source = {
      runId: checkpoint.id, env: setup.env, method: setup.method, seed: setup.seed, from: 'checkpoint', steps: snapshot.timesteps, updates: snapshot.updates,
      evaluation: lastEvaluation(checkpoint.run.evaluations, snapshot.timesteps, setup.evalEpisodes),
      benchCommand: options.benchCommand ?? defaultCommand(setup.part), savedAt: checkpoint.savedAt, exportedAt,
    };
  }
  const text = `${JSON.stringify(encodeSacPolicyFile(snapshot, source))}\n`;
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, text);
  return { source, bytes: statSync(options.out).size, path: options.out };
}

export function parseExportOptions(argv: readonly string[]): ExportOptions {
  const program = new Command('tsx src/export-sac-policy.ts')
    .description("Writes the web page's shipped SAC agent (weights as base64 float32, and where it came from) from an rl-sac bench run: its stored final snapshot if it has one, else its newest checkpoint.")
    .addOption(new Option('--run <id>', 'the bench run id').default(DEFAULT_RUN))
    .addOption(new Option('--results <dir>', "the rl-sac bench's results directory").default(defaultResults, 'bench/results/rl-sac'))
    .addOption(new Option('--checkpoint <file>', 'export this checkpoint file instead (e.g. a copy of the last checkpoint of a run that has ended)'))
    .addOption(new Option('--bench-command <text>', "the command that trained the agent, recorded in the file (default: the stored run's, else the bench's command for the run's part)"))
    .addOption(new Option('--out <file>', 'the file to write').default(defaultOut, `apps/demo/web/public/${HALFCHEETAH_POLICY_PATH}`))
    .showHelpAfterError('(run with --help for the options and their defaults)')
    .parse(userArgv(argv));
  const options = program.opts<ExportOptions>();
  return { ...options, results: resolve(options.results), out: resolve(options.out) };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('export-sac-policy.ts')) {
  try {
    const { source, bytes, path } = exportSacPolicy(parseExportOptions(process.argv));
    console.info(`wrote ${relative(process.cwd(), path)} (${(bytes / 1e6).toFixed(2)} MB): ${describeSacPolicySource(source)}`);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
