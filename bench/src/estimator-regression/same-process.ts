/**
 * The estimator-regression comparison in ONE process: both builds' core and discrete loaded on the
 * same tfjs-core (the before checkout's node_modules must resolve to the same tfjs-core files as
 * this repo's: link them first, see --help), so the per-process offset of the two-process design
 * (±10–15 % on a loaded machine) cannot enter; for every case, blocks alternate before/after
 * (order flipped each round) and the ratio is the median over rounds of the per-round ratio
 * after/before of estimates per CPU second. Both versions register their gradients on the shared
 * tfjs (the later import, "after", wins where both register one): what is compared is each
 * version's estimator code (argument, rank, finiteness and support checks), on the same kernels.
 *
 *   cd bench && npx tsx src/estimator-regression/same-process.ts --before /tmp/wt-before
 *
 * Writes results/estimator-regression/same-process.{md,json}.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchProgram, integerAtLeast, integerList, positiveNumber, userArgv } from '../cli-options';
import { median, timeLoop } from '../timing';
import { type Core, type Discrete, type Prepared, type Tf, prepareCases } from './cases';

const program = benchProgram('estimator-regression same-process', 'estimates per CPU second of every estimator, before vs after, both builds in one process on one tfjs')
  .requiredOption('--before <dir>', 'a built checkout (packages/core/dist, packages/discrete/dist) whose tfjs-core resolves to the same files as --after (link packages/*/node_modules/@tensorflow/tfjs-core there to this repo\'s)')
  .option('--after <dir>', 'a built checkout', resolve(import.meta.dirname, '../../..'))
  .option('--seconds <s>', 'seconds per timed block', positiveNumber, 0.2)
  .option('--rounds <n>', 'alternating rounds per case', integerAtLeast(3), 9)
  .option('--batches <list>', 'batch sizes M', integerList(1), [1, 1000])
  .option('--cases <regex>', 'only the cases whose id ("estimator | problem | M=…") matches this regular expression')
  .option('--out <dir>', 'output directory', resolve(import.meta.dirname, '../../results/estimator-regression'))
  .parse(userArgv());
const options = program.opts<{ before: string; after: string; seconds: number; rounds: number; batches: number[]; cases?: string; out: string }>();

function tfOf(root: string, pkg: string): string {
  return realpathSync(createRequire(join(root, `packages/${pkg}/package.json`)).resolve('@tensorflow/tfjs-core'));
}

async function load(root: string): Promise<{ core: Core; discrete: Discrete }> {
  const core = (await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href)) as Core;
  const discrete = (await import(pathToFileURL(join(root, 'packages/discrete/dist/index.js')).href)) as Discrete;
  return { core, discrete };
}

async function main(): Promise<void> {
  const tfPaths = new Set([tfOf(options.before, 'core'), tfOf(options.before, 'discrete'), tfOf(options.after, 'core'), tfOf(options.after, 'discrete')]);
  if (tfPaths.size !== 1) throw new Error(`the two builds resolve different tfjs-core files (${[...tfPaths].join(', ')}); link the before checkout's packages/{core,discrete}/node_modules/@tensorflow/tfjs-core to this repo's`);
  const tf = (await import(pathToFileURL([...tfPaths][0] as string).href)) as Tf;
  const before = await load(options.before);
  const after = await load(options.after);
  await after.core.ready({ backend: 'wasm' });
  if (tf.getBackend() !== 'wasm') throw new Error(`backend ${tf.getBackend()}, not wasm`);
  const seed = 7;
  const casesBefore = await prepareCases(tf, before.core, before.discrete, options.batches, seed);
  const casesAfter = await prepareCases(tf, after.core, after.discrete, options.batches, seed);
  const only = options.cases === undefined ? undefined : new RegExp(options.cases);
  const ids = [...casesAfter.keys()].filter((id) => casesBefore.has(id) && (only === undefined || only.test(id)));
  if (ids.length === 0) throw new Error(`no case matches --cases ${options.cases}`);
  const rate = (p: Prepared) => {
    const cpu = process.cpuUsage();
    const t = timeLoop(p.call, { minSeconds: options.seconds, minIterations: 2 });
    const used = process.cpuUsage(cpu);
    return t.iterations / ((used.user + used.system) / 1e6);
  };
  // warm-up: every path of both versions
  for (const id of ids) for (const p of [casesBefore.get(id), casesAfter.get(id)] as Prepared[]) timeLoop(p.call, { minSeconds: 0.05, minIterations: 3 });
  const rows: { id: string; kernelsBefore: number; kernelsAfter: number; before: number; after: number; ratio: number; geometric: { mean: number; low: number; high: number }; ratios: number[] }[] = [];
  const started = Date.now();
  for (const [i, id] of ids.entries()) {
    const b = casesBefore.get(id) as Prepared;
    const a = casesAfter.get(id) as Prepared;
    const ratios: number[] = [];
    const rb: number[] = [];
    const ra: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      let xb: number;
      let xa: number;
      if (r % 2 === 0) {
        xb = rate(b);
        xa = rate(a);
      } else {
        xa = rate(a);
        xb = rate(b);
      }
      rb.push(xb);
      ra.push(xa);
      ratios.push(xa / xb);
    }
    const logs = ratios.map(Math.log);
    const meanLog = logs.reduce((s, x) => s + x, 0) / logs.length;
    const se = Math.sqrt(logs.reduce((s, x) => s + (x - meanLog) ** 2, 0) / (logs.length - 1) / logs.length);
    const geometric = { mean: Math.exp(meanLog), low: Math.exp(meanLog - 1.96 * se), high: Math.exp(meanLog + 1.96 * se) };
    rows.push({ id, kernelsBefore: b.info.kernelsPerCall, kernelsAfter: a.info.kernelsPerCall, before: median(rb), after: median(ra), ratio: median(ratios), geometric, ratios });
    process.stderr.write(`\r${i + 1}/${ids.length} ${id}: ${median(ratios).toFixed(3)}            `);
  }
  process.stderr.write('\n');
  const geo = Math.exp(rows.reduce((s, r) => s + Math.log(r.ratio), 0) / rows.length);
  const slower = rows.filter((r) => r.ratio < 0.95);
  mkdirSync(options.out, { recursive: true });
  const context = { command: `cd bench && npx tsx src/estimator-regression/same-process.ts ${userArgv().slice(2).join(' ')}`, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, loadBefore: loadavg()[0], loadAfter: loadavg()[0], seconds: (Date.now() - started) / 1000 };
  writeFileSync(resolve(options.out, 'same-process.json'), `${JSON.stringify({ context, rows }, null, 1)}\n`);
  const md = [
    '# Estimator speed before / after issue 15, both builds in one process',
    '',
    `\`${context.command}\` on ${context.machine}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end, ${context.seconds.toFixed(0)} s. Both builds' core and discrete on one tfjs-core (wasm); per case ${options.rounds} rounds of ${options.seconds} s blocks, before and after alternating (order flipped each round); estimates per CPU second; ratio = median over rounds of after / before; also the geometric mean of the per-round ratios with its 95% confidence interval (normal approximation on the log ratios).`,
    '',
    `**Geometric mean of the ratios: ${geo.toFixed(3)}; cases below 0.95: ${slower.length} of ${rows.length}${slower.length ? ` (${slower.map((r) => `${r.id} ${r.ratio.toFixed(3)}`).join('; ')})` : ''}.**`,
    '',
    '| case | kernels before / after | before (est./CPU s) | after | after / before (median) | geometric mean [95% CI] | min–max over rounds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.id} | ${r.kernelsBefore} / ${r.kernelsAfter} | ${r.before.toFixed(0)} | ${r.after.toFixed(0)} | ${r.ratio.toFixed(3)} | ${r.geometric.mean.toFixed(3)} [${r.geometric.low.toFixed(3)}, ${r.geometric.high.toFixed(3)}] | ${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)} |`),
    '',
  ];
  writeFileSync(resolve(options.out, 'same-process.md'), md.join('\n'));
  console.log(md.slice(0, 5).join('\n'));
}

await main();
