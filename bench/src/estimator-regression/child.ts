/**
 * One side of the estimator-regression bench: a child process (forked by main.ts) that loads ONE
 * built checkout of stochgrad — its packages/core/dist and packages/discrete/dist by absolute path,
 * and the @tensorflow/tfjs-core those dists resolve — so that the two versions never share a
 * process (each copy of core registers its own gradients and kernels on the tfjs it imports).
 *
 * It talks to the parent over the IPC channel:
 *   parent → { type: 'setup', backend, batches, warmupSeconds, seed }
 *   child  → { type: 'ready', version, tfjsCore, backend, cases: CaseInfo[] }
 *   parent → { type: 'block', id, seconds }      child → { type: 'rate', id, callsPerSecond, callsPerCpuSecond, cpuShare, calls }
 *   parent → { type: 'finish' }                  child → { type: 'done', leaked } and exits
 * Errors go back as { type: 'error', message } (the parent stops the run).
 *
 * The cases are the estimators both versions export, on the problems of bench/src/throughput.ts and
 * @stochgrad/core's toyProblems (written out here with the loaded tfjs, identically for both
 * versions: the old core has no toyProblems), plus a subset problem for topKSubset and an edge-logit
 * problem for spanningTree (the examples of their docs). Each call is one `estimate` and the disposal
 * of its outputs, on logits tiled to [M, ...] (as throughput.ts does).
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeLoop } from '../timing';
import { type CaseInfo, type Core, type Discrete, type Prepared, type Tf, prepareCases } from './cases';

export type { CaseInfo };

export type ParentMessage =
  | { type: 'setup'; backend: 'wasm' | 'cpu'; batches: number[]; warmupSeconds: number; seed: number }
  | { type: 'block'; id: string; seconds: number }
  | { type: 'finish' };

export type ChildMessage =
  | { type: 'ready'; version: string; tfjsCore: string; backend: string; cases: CaseInfo[] }
  /** calls per wall-clock second and per second of this process's CPU time (user + system) */
  | { type: 'rate'; id: string; callsPerSecond: number; callsPerCpuSecond: number; cpuShare: number; calls: number }
  | { type: 'done'; leaked: number }
  | { type: 'error'; message: string };

function send(message: ChildMessage): void {
  process.send?.(message);
}

function rootArgument(): string {
  const i = process.argv.indexOf('--root');
  const root = i >= 0 ? process.argv[i + 1] : undefined;
  if (!root) throw new Error('child.ts needs --root <a built checkout>');
  return root;
}

async function setup(root: string, message: Extract<ParentMessage, { type: 'setup' }>): Promise<{ prepared: Map<string, Prepared>; tf: Tf; before: number }> {
  const coreEntry = join(root, 'packages/core/dist/index.js');
  const discreteEntry = join(root, 'packages/discrete/dist/index.js');
  // the tfjs-core those dists import (resolved from the core package of that checkout)
  const tfEntry = realpathSync(createRequire(join(root, 'packages/core/package.json')).resolve('@tensorflow/tfjs-core'));
  const tfFromDiscrete = realpathSync(createRequire(join(root, 'packages/discrete/package.json')).resolve('@tensorflow/tfjs-core'));
  if (tfEntry !== tfFromDiscrete) throw new Error(`core and discrete of ${root} resolve different tfjs-core copies: ${tfEntry} and ${tfFromDiscrete}`);
  const tf = (await import(pathToFileURL(tfEntry).href)) as Tf;
  const core = (await import(pathToFileURL(coreEntry).href)) as Core;
  const discrete = (await import(pathToFileURL(discreteEntry).href)) as Discrete;
  await core.ready({ backend: message.backend });
  if (tf.getBackend() !== message.backend) throw new Error(`backend ${tf.getBackend()} after ready({ backend: '${message.backend}' }) (is ${tfEntry} the tfjs core uses?)`);

  const before = tf.memory().numTensors;
  const prepared = await prepareCases(tf, core, discrete, message.batches, message.seed);
  // warm-up: every code path for a while (V8 tiers JS and wasm up over the first seconds)
  for (const p of prepared.values()) timeLoop(p.call, { minSeconds: message.warmupSeconds / prepared.size, minIterations: 3 });
  const version = (await import(pathToFileURL(join(root, 'packages/core/package.json')).href, { with: { type: 'json' } })) as { default: { version: string } };
  send({ type: 'ready', version: version.default.version, tfjsCore: tfEntry, backend: tf.getBackend(), cases: [...prepared.values()].map((p) => p.info) });
  return { prepared, tf, before };
}

async function main(): Promise<void> {
  const root = rootArgument();
  let state: Awaited<ReturnType<typeof setup>> | undefined;
  // messages are handled one at a time, in order
  let queue = Promise.resolve();
  process.on('message', (raw: ParentMessage) => {
    queue = queue
      .then(async () => {
        if (raw.type === 'setup') {
          state = await setup(root, raw);
        } else if (raw.type === 'block') {
          const p = state?.prepared.get(raw.id);
          if (!p) throw new Error(`no case ${raw.id}`);
          // CPU time as well as wall time: on a loaded machine the wall clock also counts the time
          // this process waited for a core; its CPU time counts the work (tfjs's wasm backend in
          // Node runs on the main thread; V8's GC threads are counted too, as part of the cost)
          const cpu = process.cpuUsage();
          const t = timeLoop(p.call, { minSeconds: raw.seconds, minIterations: 2 });
          const used = process.cpuUsage(cpu);
          const cpuSeconds = (used.user + used.system) / 1e6;
          send({ type: 'rate', id: raw.id, callsPerSecond: t.perSecond, callsPerCpuSecond: t.iterations / cpuSeconds, cpuShare: cpuSeconds / t.seconds, calls: t.iterations });
        } else if (raw.type === 'finish') {
          let leaked = 0;
          if (state) {
            for (const p of state.prepared.values()) p.dispose();
            leaked = state.tf.memory().numTensors - state.before;
          }
          send({ type: 'done', leaked });
          process.disconnect?.();
        }
      })
      .catch((error: unknown) => {
        send({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
      });
  });
}

void main();
