/**
 * What: SAC trained live off the page's main thread, for the MuJoCo panel (src/sac-live.ts): the
 * shipped HalfCheetah agent (fetched from the page's assets and decoded, src/sac-policy-file.ts)
 * trained on, or Pendulum-v1 from scratch, on the worker's own wasm backend. About four times a
 * second it posts the new episode returns and a summary (and, for Pendulum, the frames of the last
 * finished episode, which the page replays); about once a second the return curve as SVG.
 * Properties: trains in chunks of a few environment steps and yields to its event loop between
 * them, so a Stop request is seen within one chunk; the run ends with the agent freed and the
 * count of any tensors left over.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { wasmPaths } from '@stochgrad/core/vite';
import { renderSvg } from '@stochgrad/plots';
import { loadMujoco } from '@stochgrad/rl';
import { HALFCHEETAH_ENV, PENDULUM_ENV, PENDULUM_SAC_SETTINGS, type SacLive, sacLive, sacReturnChartSpec } from '../src/sac-live';
import { decodeSacPolicyFile } from '../src/sac-policy-file';
import type { SacMessage, SacRequest } from './sac-messages';
import { workerErrorOf, workerScope } from './worker-messages';

const scope = workerScope<SacRequest, SacMessage>();
const backend = ready({ wasmPaths });
let stopRequested = false;
let running = false;

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** How often progress goes to the page, in ms. */
const POST_EVERY = 250;
/** Environment steps per chunk: a HalfCheetah update at 2 × 256 takes ~40 ms, a Pendulum one at 2 × 64 a few. */
const CHUNK = { halfcheetah: 5, pendulum: 20 } as const;

async function start(request: SacRequest & { type: 'start' }): Promise<void> {
  const { task, seed } = request;
  await backend;
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  let live: SacLive;
  // keys apart from the other panels' (the CartPole race folds 4000)
  const runKey = fold(key(seed), task === 'halfcheetah' ? 5001 : 5002);
  if (task === 'halfcheetah') {
    if (!request.policyUrl) throw new Error('the HalfCheetah run needs the URL of the shipped agent');
    scope.post({ type: 'loading', message: 'Loading MuJoCo and the shipped agent…' });
    const [, response] = await Promise.all([loadMujoco(), fetch(request.policyUrl)]);
    if (!response.ok) throw new Error(`could not fetch the shipped agent ${request.policyUrl}: HTTP ${response.status}`);
    const { snapshot } = decodeSacPolicyFile((await response.json()) as never);
    live = sacLive({ key: runKey, task: { kind: 'continue', snapshot, env: HALFCHEETAH_ENV } });
  } else {
    live = sacLive({ key: runKey, task: { kind: 'scratch', env: PENDULUM_ENV, options: PENDULUM_SAC_SETTINGS }, recordFrames: true });
  }
  const title = task === 'halfcheetah' ? `${HALFCHEETAH_ENV}: episode return, training on from the shipped agent` : `${PENDULUM_ENV}: episode return, from scratch`;
  try {
    let sentReturns = 0;
    let sentEpisode = 0;
    let chartDue = 0;
    const post = async (final: boolean) => {
      const last = live.lastEpisode();
      let chartSvg: string | undefined;
      if (live.returns.length > 0 && (final || performance.now() >= chartDue)) {
        const t0 = performance.now();
        chartSvg = await renderSvg(sacReturnChartSpec({ title, returns: live.returns }));
        chartDue = performance.now() + Math.max(1000, 5 * (performance.now() - t0));
      }
      scope.post({
        type: 'progress',
        newReturns: live.returns.slice(sentReturns),
        summary: live.summary(),
        ...(last && last.episode > sentEpisode ? { lastEpisode: last } : {}),
        ...(chartSvg === undefined ? {} : { chartSvg }),
      });
      sentReturns = live.returns.length;
      if (last) sentEpisode = last.episode;
    };
    await post(false);
    let lastPost = performance.now();
    while (!stopRequested) {
      await live.train(CHUNK[task]);
      if (performance.now() - lastPost >= POST_EVERY) {
        await post(false);
        lastPost = performance.now();
      }
      await yieldToEvents();
    }
    await post(true);
  } finally {
    live.dispose();
  }
  scope.post({ type: 'finished', stopped: stopRequested, seconds: (performance.now() - started) / 1000, leakedTensors: tf.memory().numTensors - tensorsBefore });
}

scope.onRequest((request) => {
  if (request.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (running) {
    scope.post({ type: 'error', name: 'Error', message: 'a SAC run is already going in this worker: stop it before starting another' });
    return;
  }
  stopRequested = false;
  running = true;
  start(request)
    .catch((error: unknown) => scope.post(workerErrorOf(error)))
    .finally(() => {
      running = false;
    });
});
