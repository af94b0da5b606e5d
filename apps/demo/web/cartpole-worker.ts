/**
 * What: the CartPole panel's training (src/cartpole-race.ts) off the page's main thread: A2C and
 * RELAX on CartPole-v1 in lockstep, one episode each in turn, on its own wasm backend. About ten
 * times a second it posts each method's new episode returns, its summary and its last finished
 * episode (the cart's x and the pole's θ at every step, which the page replays); about once a
 * second the learning curves drawn as SVG here (Vega's headless renderer), so the page only inserts
 * them.
 * Properties: a Stop request is seen between pairs of episodes (the worker yields to its event loop
 * every ~100 ms); the run ends with the agents freed and the count of any tensors left over.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { wasmPaths } from '@stochgrad/core/vite';
import { renderSvg } from '@stochgrad/plots';
import { type CartPoleRacer, cartpoleChartSpec, cartpoleRacers } from '../src/cartpole-race';
import { type CartPoleMessage, type CartPoleRequest, type CartPoleUpdate, workerErrorOf, workerScope } from './worker-messages';

const scope = workerScope<CartPoleRequest, CartPoleMessage>();
const backend = ready({ wasmPaths });
let stopRequested = false;
let running = false;

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** How often progress goes to the page, in ms. */
const POST_EVERY = 100;

async function train(request: CartPoleRequest & { type: 'start' }): Promise<void> {
  const { seed, episodes } = request;
  await backend;
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  // the CLI's key for the same seed (src/cli.ts): the page and `pnpm demo --seed` start alike
  const racers = cartpoleRacers(fold(key(seed), 4000));
  try {
    const sent = racers.map(() => ({ returns: 0, episode: 0 }));
    let chartDue = 0;
    const post = async (final: boolean) => {
      const updates: CartPoleUpdate[] = racers.map((r: CartPoleRacer, i) => {
        const mark = sent[i] as { returns: number; episode: number };
        const last = r.lastEpisode();
        const update: CartPoleUpdate = { method: r.method, newReturns: r.returns.slice(mark.returns), summary: r.summary(), ...(last && last.episode > mark.episode ? { lastEpisode: last } : {}) };
        mark.returns = r.returns.length;
        if (last) mark.episode = last.episode;
        return update;
      });
      let chartSvg: string | undefined;
      if (final || performance.now() >= chartDue) {
        const t0 = performance.now();
        chartSvg = await renderSvg(cartpoleChartSpec(racers.map((r) => ({ label: r.label, returns: r.returns }))));
        // the chart may take at most ~1/6 of the worker's time: training comes first
        chartDue = performance.now() + Math.max(1000, 5 * (performance.now() - t0));
      }
      scope.post({ type: 'progress', updates, ...(chartSvg === undefined ? {} : { chartSvg }) });
    };
    let lastPost = performance.now();
    while (!stopRequested && racers.some((r) => r.returns.length < episodes)) {
      for (const r of racers) if (r.returns.length < episodes) await r.episode();
      if (performance.now() - lastPost >= POST_EVERY) {
        await post(false);
        await yieldToEvents();
        lastPost = performance.now();
      }
    }
    await post(true);
  } finally {
    for (const r of racers) r.dispose();
  }
  scope.post({ type: 'finished', stopped: stopRequested, seconds: (performance.now() - started) / 1000, leakedTensors: tf.memory().numTensors - tensorsBefore });
}

scope.onRequest((request) => {
  if (request.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (running) {
    scope.post({ type: 'error', name: 'Error', message: 'a CartPole run is already going: stop it before starting another' });
    return;
  }
  stopRequested = false;
  running = true;
  train(request)
    .catch((error: unknown) => scope.post(workerErrorOf(error)))
    .finally(() => {
      running = false;
    });
});
