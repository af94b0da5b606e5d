/**
 * What the per-call checks of an estimate cost, in each build: CPU microseconds per call of the
 * building blocks every estimator runs on each `estimate` — `checkEstimateArgs` (argument, option,
 * ready and rank checks) and `callObjective` (return-shape check and, after issue #15, the scan of
 * the objective's values for NaN/±Infinity) — against the objective alone, on the bernoulli-8d
 * problem at M = 1 and M = 1000, for the two builds in alternating blocks (one child process per
 * build, as main.ts).
 *
 *   npx tsx src/estimator-regression/checks.ts --before /tmp/wt-before [--after <dir>] [--seconds 0.2] [--blocks 9]
 *
 * Prints a table (stdout) and writes results/estimator-regression/checks.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as TfModule from '@tensorflow/tfjs-core';
import type * as CoreModule from '@stochgrad/core';
import type * as DiscreteModule from '@stochgrad/discrete';
import { Option } from 'commander';
import { benchProgram, integerAtLeast, positiveNumber, userArgv } from '../cli-options';
import { median, textTable, timeLoop } from '../timing';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const PARTS = ['objective alone', 'callObjective', 'checkEstimateArgs', 'disarm estimate', 'reinforce estimate'] as const;
type Part = (typeof PARTS)[number];
const BATCHES = [1, 1000];

type Request = { part: Part; batch: number; seconds: number };

/** In a child: load one build and answer timing requests (µs per call). */
async function childMain(root: string): Promise<void> {
  const tfEntry = realpathSync(createRequire(join(root, 'packages/core/package.json')).resolve('@tensorflow/tfjs-core'));
  const tf = (await import(pathToFileURL(tfEntry).href)) as typeof TfModule;
  const core = (await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href)) as typeof CoreModule;
  const discrete = (await import(pathToFileURL(join(root, 'packages/discrete/dist/index.js')).href)) as typeof DiscreteModule;
  await core.ready({ backend: 'wasm' });
  const TARGETS = tf.tensor1d([0.1, 0.9, 0.3, 0.7, 0.45, 0.55, 0.2, 0.8]);
  const objective = (b: TfModule.Tensor) =>
    tf.tidy(() => tf.add(tf.sum(tf.square(tf.sub(b, TARGETS)), -1), tf.mul(tf.square(tf.sub(tf.sum(b, -1), 4)), 0.25)));
  const k = core.key(0);
  const disarm = discrete.disarm();
  const reinforce = core.scoreFunction();
  const bodies = new Map<string, () => void>();
  for (const batch of BATCHES) {
    const logits = tf.tidy(() => tf.broadcastTo(tf.expandDims(tf.linspace(-2, 2, 8), 0), [batch, 8]));
    const samples = tf.tidy(() => tf.cast(tf.greater(logits, 0), 'float32'));
    let n = 0;
    const estimate = (e: CoreModule.GradientEstimator) => () => {
      const r = e.estimate({ key: core.fold(k, n++), logits, objective });
      tf.dispose([r.value, r.gradient, r.surrogate]);
    };
    bodies.set(`objective alone ${batch}`, () => objective(samples).dispose());
    bodies.set(`callObjective ${batch}`, () => core.callObjective(objective, samples, [batch]).dispose());
    bodies.set(`checkEstimateArgs ${batch}`, () => void core.checkEstimateArgs({ key: k, logits, objective }));
    bodies.set(`disarm estimate ${batch}`, estimate(disarm));
    bodies.set(`reinforce estimate ${batch}`, estimate(reinforce));
  }
  for (const body of bodies.values()) timeLoop(body, { minSeconds: 0.3, minIterations: 3 });
  process.on('message', (r: Request) => {
    const body = bodies.get(`${r.part} ${r.batch}`);
    if (!body) throw new Error(`no part ${r.part}`);
    // µs of this process's CPU time per call (the wall clock would count waiting for a core)
    const cpu = process.cpuUsage();
    const t = timeLoop(body, { minSeconds: r.seconds, minIterations: 3 });
    const used = process.cpuUsage(cpu);
    process.send?.((used.user + used.system) / t.iterations);
  });
  process.send?.('ready');
}

function ask(child: ChildProcess, message: Request | undefined): Promise<unknown> {
  return new Promise((res, rej) => {
    const onExit = (code: number | null) => rej(new Error(`child exited with code ${code}`));
    child.once('message', (m) => {
      child.off('exit', onExit);
      res(m);
    });
    child.once('exit', onExit);
    if (message) child.send(message);
  });
}

async function parentMain(): Promise<void> {
  const program = benchProgram('checks', 'µs per call of the per-estimate checks in two builds, alternating blocks')
    .addOption(new Option('--before <dir>', 'a built checkout').makeOptionMandatory())
    .addOption(new Option('--after <dir>', 'the built checkout under test').default(repoRoot, 'this repository'))
    .addOption(new Option('--seconds <s>', 'seconds per block').argParser(positiveNumber).default(0.2))
    .addOption(new Option('--blocks <n>', 'blocks per build and part').argParser(integerAtLeast(1)).default(9))
    .addOption(new Option('--out <dir>', 'where checks.json goes').default(resolve(repoRoot, 'bench/results/estimator-regression'), 'bench/results/estimator-regression'))
    .parse(userArgv());
  const o = program.opts<{ before: string; after: string; seconds: number; blocks: number; out: string }>();
  const script = fileURLToPath(import.meta.url);
  const sides = { before: resolve(o.before), after: resolve(o.after) };
  const children = Object.fromEntries(
    Object.entries(sides).map(([name, root]) => [name, fork(script, ['--child', root], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })]),
  ) as Record<'before' | 'after', ChildProcess>;
  try {
    await ask(children.before, undefined);
    await ask(children.after, undefined);
    const times: Record<string, { before: number[]; after: number[] }> = {};
    // two untimed rounds first (the same alternating blocks, discarded), so both children have the same history
    for (let b = -2; b < o.blocks; b++) {
      for (const part of PARTS) {
        for (const batch of BATCHES) {
          const id = `${part} M=${batch}`;
          times[id] ??= { before: [], after: [] };
          const order: ('before' | 'after')[] = (b + 2) % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
          for (const side of order) {
            const us = (await ask(children[side], { part, batch, seconds: o.seconds })) as number;
            if (b >= 0) times[id][side].push(us);
          }
        }
      }
    }
    const rows = Object.entries(times).map(([id, t]) => ({ id, before: median(t.before), after: median(t.after), blocksBefore: t.before, blocksAfter: t.after }));
    console.log(
      textTable(
        ['part', 'before CPU µs/call', 'after CPU µs/call', 'after − before µs'],
        rows.map((r) => [r.id, r.before.toFixed(1), r.after.toFixed(1), (r.after - r.before).toFixed(1)]),
      ),
    );
    mkdirSync(o.out, { recursive: true });
    writeFileSync(resolve(o.out, 'checks.json'), `${JSON.stringify({ date: new Date().toISOString(), options: o, rows }, null, 2)}\n`);
  } finally {
    children.before.kill();
    children.after.kill();
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  void childMain(process.argv[childAt + 1] as string);
} else {
  parentMain().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
