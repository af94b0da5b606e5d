/**
 * The demo's environment table: every environment of @stochgrad/rl with its spaces, time limit,
 * reward threshold, and its speed (steps per second of one env under random actions drawn up
 * front from a key, episodes reset as they end) over a short timed run.
 */
import { type Key, fold } from '@stochgrad/core';
import { type Action, envSpec, loadMujoco, make, registeredEnvironments } from '@stochgrad/rl';

export interface EnvRow {
  id: string;
  observationSpace: string;
  actionSpace: string;
  maxEpisodeSteps: number | undefined;
  rewardThreshold: number | undefined;
  stepsPerSecond: number;
  /** mean return of the episodes that ended during the timed run (random actions) */
  meanReturn: number | undefined;
}

function timedRun(id: string, k: Key, seconds: number): Pick<EnvRow, 'observationSpace' | 'actionSpace' | 'stepsPerSecond' | 'meanReturn'> {
  const env = make(id);
  try {
    const actions = Array.from({ length: 256 }, (_, i) => env.actionSpace.sample(fold(k, i)) as Action);
    env.reset({ seed: 0 });
    // warm-up: V8 compiles the engines' JS and wasm lazily and tiers them up over the first ~second
    const warm = performance.now();
    for (let i = 0; performance.now() - warm < Math.max(300, 1000 * seconds); i++) {
      const r = env.step(actions[i % actions.length] as Action);
      if (r.terminated || r.truncated) env.reset();
    }
    env.reset({ seed: 0 });
    const returns: number[] = [];
    let episodeReturn = 0;
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000) {
      for (let i = 0; i < 32; i++) {
        const r = env.step(actions[steps % actions.length] as Action);
        steps += 1;
        episodeReturn += r.reward;
        if (r.terminated || r.truncated) {
          returns.push(episodeReturn);
          episodeReturn = 0;
          env.reset();
        }
      }
      elapsed = performance.now() - start;
    }
    return {
      observationSpace: env.observationSpace.toString(),
      actionSpace: env.actionSpace.toString(),
      stepsPerSecond: (steps / elapsed) * 1000,
      meanReturn: returns.length ? returns.reduce((a, b) => a + b, 0) / returns.length : undefined,
    };
  } finally {
    env.close();
  }
}

/** Every registered environment, timed for `seconds` each (MuJoCo is loaded first). */
export async function environmentRows(options: { key: Key; seconds: number; onProgress?: (done: number, total: number, id: string) => void }): Promise<EnvRow[]> {
  await loadMujoco();
  const ids = registeredEnvironments();
  return ids.map((id, i) => {
    const spec = envSpec(id);
    const row = { id, maxEpisodeSteps: spec.maxEpisodeSteps, rewardThreshold: spec.rewardThreshold, ...timedRun(id, fold(options.key, i), options.seconds) };
    options.onProgress?.(i + 1, ids.length, id);
    return row;
  });
}

const shortSpace = (s: string) => s.replace(/\[-?[\d.]+(, -?[\d.e+-]+|, -?Infinity)+\]/g, '[…]');
const rate = (v: number) => (v >= 1e4 ? `${(v / 1000).toFixed(0)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0));

export const ENV_COLUMNS = ['id', 'observation', 'action', 'limit', 'threshold', 'steps/s', 'random-action return'] as const;

/** The table's cells as text, one array per environment. */
export function envCells(rows: readonly EnvRow[]): string[][] {
  return rows.map((r) => [
    r.id,
    shortSpace(r.observationSpace),
    shortSpace(r.actionSpace),
    r.maxEpisodeSteps === undefined ? '—' : String(r.maxEpisodeSteps),
    r.rewardThreshold === undefined ? '—' : String(r.rewardThreshold),
    rate(r.stepsPerSecond),
    r.meanReturn === undefined ? '—' : r.meanReturn.toFixed(1),
  ]);
}

/** A plain-text table for the terminal. */
export function envTextTable(rows: readonly EnvRow[], seconds: number): string {
  const cells = [[...ENV_COLUMNS], ...envCells(rows)];
  const widths = ENV_COLUMNS.map((_, j) => Math.max(...cells.map((row) => (row[j] as string).length)));
  const line = (row: string[]) => row.map((c, j) => (j === 0 || j === 1 || j === 2 ? c.padEnd(widths[j] as number) : c.padStart(widths[j] as number))).join('  ');
  return [
    `Environments of @stochgrad/rl (${rows.length}; steps/s of one env under random actions over ${seconds} s each after a warm-up, resets included):`,
    line(cells[0] as string[]),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.slice(1).map(line),
  ].join('\n');
}
