/**
 * Estimator regression: estimates per second of every estimator of @stochgrad/core and
 * @stochgrad/discrete in two builds — a built checkout given by --before (e.g. a git worktree of
 * the commit before issue #15's checks) and --after (default: this repository) — in ONE run.
 * Each build runs in its own child process (child.ts: its dists and the tfjs-core they import, so
 * the two copies of core never register gradients or kernels on one tfjs). The parent times
 * alternating blocks: block b of case i runs before→after when b + i is even and after→before when
 * odd, and the cases rotate inside each block, so machine load (other benchmarks on this machine)
 * hits both builds alike. Both children are pinned to the same CPU (taskset), which changes with
 * each block: unpinned, each child tends to stay on one core, and with other work on the machine the
 * two cores are not alike — a run of one build against itself measured +10% for the second child.
 * Each block is measured in estimates per second of the child's CPU time
 * (user + system: on a loaded machine the wall clock also counts the time a process waited for a
 * core) and, for reference, per wall-clock second. Per case: the median block of each build, and
 * the median of the ratios of the two adjacent blocks (after / before, CPU time); "within 5%" when
 * that ratio is ≥ 0.95.
 *
 *   git worktree add /tmp/wt-before <commit> && cd /tmp/wt-before && pnpm install --offline --frozen-lockfile \
 *     && pnpm turbo run build --filter=@stochgrad/discrete...
 *   pnpm --filter @stochgrad/bench run estimator-regression -- --before /tmp/wt-before [options]
 *
 * Writes results/estimator-regression/{results.md, results.json, ratios.svg}.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { barChart, renderSvg } from '@stochgrad/plots';
import { benchProgram, integerAtLeast, integerList, positiveNumber, userArgv } from '../cli-options';
import { progressBar } from '../progress';
import { formatNumber, median, progress } from '../timing';
import type { CaseInfo, ChildMessage, ParentMessage } from './child';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./child.ts', import.meta.url));

interface Options {
  before: string;
  after: string;
  seconds: number;
  blocks: number;
  batches: number[];
  warmupBlocks: number;
  backend: 'wasm' | 'cpu';
  seed: number;
  out: string;
}

function builtCheckout(dir: string): string {
  const root = resolve(dir);
  for (const pkg of ['core', 'discrete']) {
    if (!existsSync(resolve(root, `packages/${pkg}/dist/index.js`))) {
      throw new Error(`${root} has no packages/${pkg}/dist/index.js: build it first (cd ${root} && pnpm install --offline --frozen-lockfile && pnpm turbo run build --filter=@stochgrad/discrete...)`);
    }
  }
  return root;
}

function parseArgs(): Options {
  const program = benchProgram(
    'pnpm --filter @stochgrad/bench run estimator-regression --',
    'estimates per second of every core and discrete estimator in two builds (before, after), one child process each, in alternating blocks; the ratio after/before per estimator and whether it is within 5%',
  )
    .addOption(new Option('--before <dir>', 'a built checkout to compare against (packages/{core,discrete}/dist present), e.g. a git worktree').makeOptionMandatory())
    .addOption(new Option('--after <dir>', 'the built checkout under test').default(repoRoot, 'this repository'))
    .addOption(new Option('--seconds <s>', 'seconds of one timed block (each build, each case)').argParser(positiveNumber).default(0.25))
    .addOption(new Option('--blocks <n>', 'timed blocks per build and case (alternating)').argParser(integerAtLeast(1)).default(11))
    .addOption(new Option('--batches <list>', 'estimates per call M (logits tiled to [M, ...])').argParser(integerList(1)).default([1, 1000], '1,1000'))
    .addOption(new Option('--warmup-blocks <n>', 'untimed alternating blocks first (the same as the timed ones, discarded)').argParser(integerAtLeast(0)).default(2))
    .addOption(new Option('--backend <name>', 'the tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
    .addOption(new Option('--seed <n>', 'seed of the estimator keys').argParser(integerAtLeast(0)).default(0))
    .addOption(new Option('--out <dir>', 'where results.md, results.json and ratios.svg go').default(resolve(repoRoot, 'bench/results/estimator-regression'), 'bench/results/estimator-regression'))
    .parse(userArgv());
  const options = program.opts<Options>();
  try {
    return { ...options, before: builtCheckout(options.before), after: builtCheckout(options.after), out: resolve(options.out) };
  } catch (error) {
    return program.error(`error: ${(error as Error).message}`);
  }
}

/** The commit of a checkout and whether its core or discrete sources differ from it. */
function commitOf(root: string): { commit: string; subject: string; lastPackageCommit: string; dirty: boolean } {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', 'HEAD'),
      subject: git('log', '-1', '--format=%s'),
      lastPackageCommit: git('log', '-1', '--format=%h', '--', 'packages/core/src', 'packages/discrete/src'),
      dirty: git('status', '--porcelain', '--', 'packages/core/src', 'packages/discrete/src').length > 0,
    };
  } catch {
    return { commit: 'unknown (not a git checkout)', subject: '', lastPackageCommit: '?', dirty: false };
  }
}

/** A child process running one build, with a request → reply channel. */
class Side {
  private readonly child: ChildProcess;
  private waiting: { resolve(m: ChildMessage): void; reject(e: Error): void } | undefined;
  private exited = false;

  constructor(
    readonly name: 'before' | 'after',
    readonly root: string,
  ) {
    this.child = fork(childScript, ['--root', root], { cwd: resolve(repoRoot, 'bench'), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: ChildMessage) => {
      const w = this.waiting;
      this.waiting = undefined;
      if (!w) return;
      if (m.type === 'error') w.reject(new Error(`${this.name} (${root}): ${m.message}`));
      else w.resolve(m);
    });
    this.child.on('exit', (code) => {
      this.exited = true;
      this.waiting?.reject(new Error(`the ${this.name} child (${root}) exited with code ${code}`));
      this.waiting = undefined;
    });
  }

  request(message: ParentMessage): Promise<ChildMessage> {
    if (this.exited) return Promise.reject(new Error(`the ${this.name} child has exited`));
    return new Promise((res, rej) => {
      this.waiting = { resolve: res, reject: rej };
      this.child.send(message);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(): void {
    if (!this.exited) this.child.kill();
  }
}

/** Pins every thread of both children to one CPU (Linux taskset), so that the two builds share a core's conditions. */
function pinBoth(pids: readonly (number | undefined)[], cpu: number): void {
  for (const pid of pids) {
    if (pid === undefined) continue;
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
  }
}

interface Row {
  id: string;
  estimator: string;
  problem: string;
  batch: number;
  kernelsBefore: number;
  kernelsAfter: number;
  /** estimates per CPU second of each block */
  blocksBefore: number[];
  blocksAfter: number[];
  /** estimates per wall-clock second of each block */
  wallBlocksBefore: number[];
  wallBlocksAfter: number[];
  /** medians of the blocks (per CPU second) */
  before: number;
  after: number;
  /** after / before of each adjacent pair of blocks (per CPU second) */
  pairRatios: number[];
  /** the median of pairRatios */
  ratio: number;
  /** the same median ratio of adjacent blocks, per wall-clock second */
  wallRatio: number;
  /** the lower and upper quartile of pairRatios */
  ratioQuartiles: [number, number];
  within5: boolean;
}

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

async function main(): Promise<void> {
  const options = parseArgs();
  const started = Date.now();
  const commits = { before: commitOf(options.before), after: commitOf(options.after) };
  const loads: number[] = [loadavg()[0] as number];
  const sides = { before: new Side('before', options.before), after: new Side('after', options.after) };
  try {
    const setup: ParentMessage = { type: 'setup', backend: options.backend, batches: options.batches, warmupSeconds: 0, seed: options.seed };
    // one child at a time, so that the warm-ups do not compete for the cores
    const readyBefore = await sides.before.request(setup);
    const readyAfter = await sides.after.request(setup);
    if (readyBefore.type !== 'ready' || readyAfter.type !== 'ready') throw new Error('a child did not start');
    const beforeCases = new Map(readyBefore.cases.map((c) => [c.id, c]));
    const cases: { after: CaseInfo; before: CaseInfo }[] = readyAfter.cases.flatMap((c) => {
      const b = beforeCases.get(c.id);
      return b ? [{ after: c, before: b }] : [];
    });
    const onlyOne = [...readyBefore.cases.filter((c) => !cases.some((x) => x.before.id === c.id)).map((c) => `${c.id} (before only)`), ...readyAfter.cases.filter((c) => !beforeCases.has(c.id)).map((c) => `${c.id} (after only)`)];
    progress(`before: core ${readyBefore.version} at ${commits.before.commit.slice(0, 7)}, tfjs-core ${readyBefore.tfjsCore}`);
    progress(`after:  core ${readyAfter.version} at ${commits.after.commit.slice(0, 7)}, tfjs-core ${readyAfter.tfjsCore}`);
    progress(`${cases.length} cases × ${options.blocks} blocks × 2 builds × ${options.seconds} s${onlyOne.length > 0 ? `; not compared: ${onlyOne.join(', ')}` : ''}`);

    const rates = new Map(cases.map((c) => [c.after.id, { before: [] as number[], after: [] as number[], wallBefore: [] as number[], wallAfter: [] as number[] }]));
    const cpuShares: number[] = [];
    const rounds = options.warmupBlocks + options.blocks;
    const bar = progressBar('estimator-regression', rounds * cases.length);
    const cpuCount = cpus().length;
    // the warm-up is the same alternating blocks, discarded: both children have the same history
    // (a warm-up of one child, then of the other, left the first idle for as long, and a run of
    // one build against itself then measured +10% for the second child)
    for (let b = 0; b < rounds; b++) {
      const timed = b >= options.warmupBlocks;
      if (timed) loads.push(loadavg()[0] as number);
      pinBoth([sides.before.pid, sides.after.pid], b % cpuCount);
      for (const [i, c] of cases.entries()) {
        bar.update(b * cases.length + i, `${timed ? `block ${b + 1 - options.warmupBlocks}/${options.blocks}` : `warm-up ${b + 1}/${options.warmupBlocks}`} ${c.after.id}`);
        const order: ('before' | 'after')[] = (b + i) % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
        for (const name of order) {
          const reply = await sides[name].request({ type: 'block', id: c.after.id, seconds: options.seconds });
          if (reply.type !== 'rate') throw new Error(`unexpected reply ${reply.type}`);
          if (!timed) continue;
          const r = rates.get(c.after.id);
          r?.[name].push(reply.callsPerCpuSecond * c.after.batch);
          r?.[name === 'before' ? 'wallBefore' : 'wallAfter'].push(reply.callsPerSecond * c.after.batch);
          cpuShares.push(reply.cpuShare);
        }
      }
    }
    bar.stop();
    loads.push(loadavg()[0] as number);
    const doneBefore = await sides.before.request({ type: 'finish' });
    const doneAfter = await sides.after.request({ type: 'finish' });
    const leaked = { before: doneBefore.type === 'done' ? doneBefore.leaked : NaN, after: doneAfter.type === 'done' ? doneAfter.leaked : NaN };

    const rows: Row[] = cases.map((c) => {
      const r = rates.get(c.after.id) as { before: number[]; after: number[]; wallBefore: number[]; wallAfter: number[] };
      const pairRatios = r.after.map((a, k) => a / (r.before[k] as number));
      const wallRatio = median(r.wallAfter.map((a, k) => a / (r.wallBefore[k] as number)));
      const ratio = median(pairRatios);
      return {
        id: c.after.id,
        estimator: c.after.estimator,
        problem: c.after.problem,
        batch: c.after.batch,
        kernelsBefore: c.before.kernelsPerCall,
        kernelsAfter: c.after.kernelsPerCall,
        blocksBefore: r.before,
        blocksAfter: r.after,
        wallBlocksBefore: r.wallBefore,
        wallBlocksAfter: r.wallAfter,
        wallRatio,
        before: median(r.before),
        after: median(r.after),
        pairRatios,
        ratio,
        ratioQuartiles: [quantile(pairRatios, 0.25), quantile(pairRatios, 0.75)],
        within5: ratio >= 0.95,
      };
    });
    const seconds = (Date.now() - started) / 1000;
    await write(options, { commits, versions: { before: readyBefore.version, after: readyAfter.version }, rows, loads, cpuShares, leaked, seconds, onlyOne });
  } finally {
    sides.before.kill();
    sides.after.kill();
  }
}

interface RunSummary {
  commits: { before: ReturnType<typeof commitOf>; after: ReturnType<typeof commitOf> };
  versions: { before: string; after: string };
  rows: Row[];
  loads: number[];
  /** CPU seconds / wall seconds of each timed block (the share of a core the timed child got) */
  cpuShares: number[];
  leaked: { before: number; after: number };
  seconds: number;
  onlyOne: string[];
}

async function write(options: Options, run: RunSummary): Promise<void> {
  const { rows, commits, loads } = run;
  const slower = rows.filter((r) => !r.within5);
  const pct = (x: number) => `${x >= 1 ? '+' : '−'}${Math.abs(100 * (x - 1)).toFixed(1)}%`;
  const commitLine = (side: 'before' | 'after') =>
    `\`${commits[side].commit.slice(0, 7)}\` (${commits[side].subject.replace(/\|/g, '/')}; core ${run.versions[side]}; last change to core or discrete sources: \`${commits[side].lastPackageCommit}\`${commits[side].dirty ? '; core or discrete sources modified in the work tree' : ''})`;
  const lines = [
    '# Estimator throughput: before and after issue #15\'s checks',
    '',
    `One run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${run.seconds.toFixed(0)} s in all; Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), backend ${options.backend}.`,
    `- before: ${commitLine('before')}`,
    `- after: ${commitLine('after')}`,
    `- load: 1-minute load average ${formatNumber(Math.min(...loads))} – ${formatNumber(Math.max(...loads))} (median ${formatNumber(median(loads))}) on ${cpus().length} cores, sampled at each block: other benchmarks were running;`,
    `  the timed child got a median ${(100 * median(run.cpuShares)).toFixed(0)}% of a core during its blocks (quartiles ${(100 * quantile(run.cpuShares, 0.25)).toFixed(0)}–${(100 * quantile(run.cpuShares, 0.75)).toFixed(0)}%).`,
    `- method: each build in its own child process (its dist and its tfjs-core); ${options.blocks} blocks of ${options.seconds} s per build and case after ${options.warmupBlocks} untimed blocks of the same kind;`,
    '  the two builds alternate (before→after, then after→before, rotating over the cases), so load hits both alike; both children are',
    '  pinned to the same CPU (taskset -a), block b on CPU b mod cores (unpinned, a run of one build against itself measured +10% for the second child).',
    '  est/CPU-s = M × calls of `estimate` (+ disposal of its outputs) per second of the child\'s CPU time (user + system; under load the wall',
    '  clock also counts waiting for a core); before/after: the median block; ratio: the median of the after/before ratios of adjacent',
    '  blocks (IQR next to it); within 5%: ratio ≥ 0.95; wall ratio: the same per wall-clock second, for reference. Kernels: per call (tf.profile).',
    `- tensors left after disposing everything: before ${run.leaked.before}, after ${run.leaked.after}.`,
    ...(run.onlyOne.length > 0 ? [`- not compared (only one build has them): ${run.onlyOne.join(', ')}`] : []),
    '',
    `**${slower.length === 0 ? `No estimator is slower by more than 5%` : `${slower.length} of ${rows.length} cases slower by more than 5%: ${slower.map((r) => r.id).join('; ')}`}** (${rows.length} cases).`,
    '',
    '| estimator | problem | M | before est/CPU-s | after est/CPU-s | after/before | IQR | wall ratio | kernels before → after | within 5% |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.estimator} | ${r.problem} | ${r.batch} | ${formatNumber(r.before)} | ${formatNumber(r.after)} | ${r.ratio.toFixed(3)} (${pct(r.ratio)}) | ${r.ratioQuartiles[0].toFixed(2)}–${r.ratioQuartiles[1].toFixed(2)} | ${r.wallRatio.toFixed(3)} | ${r.kernelsBefore} → ${r.kernelsAfter} | ${r.within5 ? 'yes' : '**NO**'} |`,
    ),
    '',
    `Command: \`pnpm --filter @stochgrad/bench run estimator-regression -- ${userArgv().slice(2).join(' ')}\``,
    '',
  ];
  const table = lines.join('\n');
  console.log(table);

  const svg = await renderSvg(
    barChart({
      title: 'Estimates per second, after / before issue #15',
      subtitle: `${commits.after.commit.slice(0, 7)} vs ${commits.before.commit.slice(0, 7)}, ${options.backend}; median ratio of adjacent blocks, per CPU second; < 0.95 is slower by more than 5%`,
      xTitle: 'after / before (1 = same speed)',
      bars: rows.map((r) => ({ label: `${r.estimator} · ${r.problem} · M=${r.batch}`, value: r.ratio, series: r.within5 ? 'within 5%' : 'slower by > 5%', text: r.ratio.toFixed(3) })),
      colors: { 'within 5%': '#4c78a8', 'slower by > 5%': '#e45756' },
      legend: true,
      width: 420,
      rowHeight: 11,
    }),
  );
  mkdirSync(options.out, { recursive: true });
  writeFileSync(resolve(options.out, 'results.md'), table);
  writeFileSync(
    resolve(options.out, 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine: { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model }, loadAverages: loads, options, ...run }, null, 2)}\n`,
  );
  writeFileSync(resolve(options.out, 'ratios.svg'), svg);
  console.log(`wrote ${options.out}/{results.md, results.json, ratios.svg}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
