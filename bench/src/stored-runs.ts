/**
 * The bookkeeping of the benches whose runs are stored one JSON file each as they finish (rl-a2c,
 * rl-sac): a rerun skips what is stored, `--shard i/k` splits the runs between processes, and the
 * report is rebuilt from every stored run. Each record keeps the command, machine and load it ran with.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { userArgv } from './cli-options';

export interface RunContext {
  command: string;
  machine: string;
  load: string;
}

export interface StoredRun<P extends string = string> {
  id: string;
  part: P;
  finishedAt: string;
  context: RunContext;
  record: unknown;
}

/** A commander parser for `--shard i/k` (0 ≤ i < k). */
export function shard(value: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const i = Number(m?.[1]);
  const k = Number(m?.[2]);
  if (!m || k < 1 || i >= k) throw new InvalidArgumentError('expected i/k with 0 ≤ i < k, e.g. 0/2.');
  return [i, k];
}

/** The jobs this process runs: its shard's, without those already stored. */
export function jobsToDo<J extends { id: string }>(all: readonly J[], runsDir: string, [i, k]: readonly [number, number]): J[] {
  return all.filter((job, index) => index % k === i && !existsSync(resolve(runsDir, `${job.id}.json`)));
}

/** The command (as `pnpm --filter @stochgrad/bench run <script> -- args`), machine and load now. */
export function runContext(script: string): RunContext {
  return {
    command: `pnpm --filter @stochgrad/bench run ${script} -- ${userArgv().slice(2).join(' ')}`.trim(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    load: loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

export function storeRun(runsDir: string, id: string, part: string, context: RunContext, record: unknown): void {
  writeFileSync(resolve(runsDir, `${id}.json`), `${JSON.stringify({ id, part, finishedAt: new Date().toISOString(), context, record })}\n`);
}

export function readStoredRuns<P extends string>(runsDir: string): StoredRun<P>[] {
  return readdirSync(runsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(resolve(runsDir, f), 'utf8')) as StoredRun<P>);
}
