/**
 * Environment throughput: steps per second of every registered environment of @stochgrad/rl under
 * random actions (drawn up front from a key), as a single env (`make(id)`, time limit included),
 * as a synchronous vector env and as a parallel one on worker threads (n = 1, 2, 8 by default), all
 * in one run; for the MuJoCo tasks also the raw `mj_step` rate of the same model (the physics
 * bound: ctrl write and mj_step only, no observation, reward or checks) and the env steps/s it
 * implies (raw / frame skip).
 *
 *   pnpm --filter @stochgrad/bench run envs -- [options]    # --help lists them with their defaults
 *
 * Writes results/envs/{results.json, results.md, steps-per-second.svg}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fold, key } from '@stochgrad/core';
import { barChart, renderSvg } from '@stochgrad/plots';
import { loadMujoco, registeredEnvironments } from '@stochgrad/rl';
import { benchProgram, integerAtLeast, integerList, positiveNumber, subsetOf, userArgv } from '../cli-options';
import { progressBar } from '../progress';
import { singleEnvRate, vectorEnvRate } from './measure';
import { mujocoRawRate } from './raw-mujoco';

const ids = registeredEnvironments();
const program = benchProgram('envs', 'steps per second of every environment: single, sync vector, parallel vector; raw mj_step bound')
  .option('--seconds <s>', 'wall-clock seconds per measurement (after a warm-up)', positiveNumber, 1)
  .option('--envs <ids>', `comma-separated subset of: ${ids.join(', ')}`, subsetOf(ids), ids)
  .option('--ns <list>', 'vector sizes n', integerList(1), [1, 2, 8])
  .option('--workers <k>', 'worker threads of the parallel vector env (default: min(n, cores))', integerAtLeast(1))
  .option('--seed <n>', 'seed of the random actions', integerAtLeast(0), 0)
  .option('--out <dir>', 'output directory', resolve(import.meta.dirname, '../../results/envs'))
  .parse(userArgv());
const options = program.opts<{ seconds: number; envs: string[]; ns: number[]; workers?: number; seed: number; out: string }>();

interface Row {
  id: string;
  single: number;
  sync: Record<string, number>;
  parallel: Record<string, number>;
  /** raw mj_step/s and the env steps/s it bounds (MuJoCo only) */
  rawStepsPerSecond?: number;
  frameSkip?: number;
}

async function main(): Promise<void> {
  const mujoco = await loadMujoco();
  const runKey = key(options.seed);
  const rows: Row[] = [];
  const measurements = options.envs.length * (1 + 2 * options.ns.length);
  const bar = progressBar('envs', measurements);
  let done = 0;
  const tick = (detail: string) => bar.update(++done, detail);
  const started = Date.now();
  for (const [e, id] of options.envs.entries()) {
    const k = fold(runKey, e);
    const row: Row = { id, single: singleEnvRate(id, { key: k, seconds: options.seconds }), sync: {}, parallel: {} };
    tick(`${id} single`);
    for (const n of options.ns) {
      row.sync[n] = await vectorEnvRate(id, { key: k, n, mode: 'sync', seconds: options.seconds });
      tick(`${id} sync n=${n}`);
      row.parallel[n] = await vectorEnvRate(id, { key: k, n, mode: 'parallel', seconds: options.seconds, ...(options.workers ? { workers: options.workers } : {}) });
      tick(`${id} parallel n=${n}`);
    }
    const raw = mujocoRawRate(mujoco, id, { key: k, seconds: options.seconds });
    if (raw) Object.assign(row, raw);
    rows.push(row);
  }
  bar.stop();
  const seconds = (Date.now() - started) / 1000;

  const fmt = (v: number) => (v >= 1e4 ? `${(v / 1000).toFixed(0)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0));
  const header = ['env', 'single', ...options.ns.flatMap((n) => [`sync n=${n}`, `parallel n=${n}`]), `parallel/sync n=${Math.max(...options.ns)}`, 'raw mj_step/s', 'bound env steps/s', 'single/bound'];
  const lines = [
    `# Environment steps per second (random actions)`,
    '',
    `One run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0]?.toFixed(2)} at the end, ${options.seconds} s per measurement after a warm-up, ${seconds.toFixed(0)} s in all.`,
    'Vector env rates count env steps (n copies × vector steps). Parallel: worker threads with SharedArrayBuffer + Atomics,',
    `${options.workers ?? 'min(n, cores)'} workers. Raw mj_step/s: the same MJCF model, ctrl write + mj_step only; bound = raw / frame skip.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
  ];
  const top = Math.max(...options.ns);
  for (const r of rows) {
    const bound = r.rawStepsPerSecond && r.frameSkip ? r.rawStepsPerSecond / r.frameSkip : undefined;
    lines.push(
      `| ${[
        r.id,
        fmt(r.single),
        ...options.ns.flatMap((n) => [fmt(r.sync[n] as number), fmt(r.parallel[n] as number)]),
        `${((r.parallel[top] as number) / (r.sync[top] as number)).toFixed(2)}×`,
        r.rawStepsPerSecond ? fmt(r.rawStepsPerSecond) : '',
        bound ? fmt(bound) : '',
        bound ? `${(r.single / bound).toFixed(2)}` : '',
      ].join(' | ')} |`,
    );
  }
  lines.push('', `Command: \`pnpm --filter @stochgrad/bench run envs -- ${userArgv().slice(2).join(' ')}\``.replace(/ -- `$/, '`'), '');
  const table = lines.join('\n');
  console.log(table);

  const bars = rows.flatMap((r) => [
    { label: r.id, series: 'single env', value: r.single },
    { label: r.id, series: `sync n=${top}`, value: r.sync[top] as number },
    { label: r.id, series: `parallel n=${top}`, value: r.parallel[top] as number },
    ...(r.rawStepsPerSecond && r.frameSkip ? [{ label: r.id, series: 'MuJoCo bound (raw mj_step / frame skip)', value: r.rawStepsPerSecond / r.frameSkip }] : []),
  ]);
  const svg = await renderSvg(
    barChart({ title: 'Environment steps per second (random actions)', subtitle: `one run, ${cpus().length} cores; vector envs count n × vector steps`, xTitle: 'env steps per second (log)', bars, logX: true, width: 520, rowHeight: 12 }),
  );
  mkdirSync(options.out, { recursive: true });
  writeFileSync(resolve(options.out, 'results.md'), table);
  writeFileSync(resolve(options.out, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), options, seconds, rows }, null, 2)}\n`);
  writeFileSync(resolve(options.out, 'steps-per-second.svg'), svg);
  console.log(`wrote ${options.out}/{results.md, results.json, steps-per-second.svg}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
