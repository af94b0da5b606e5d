/**
 * What: the VAE panel's training (src/vae.ts) off the page's main thread: starts its own wasm
 * backend, loads the MNIST subset once, trains in chunks of steps and posts the held-out ELBO, the
 * reconstructions and the prior samples as it goes (the ELBO chart drawn here as SVG, so the page
 * only inserts it).
 * Properties: a Stop request is seen between chunks of 25 steps (the worker yields to its event
 * loop there), and the run ends with its tensors freed and the count of any left over.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { wasmPaths } from '@stochgrad/core/vite';
import { renderSvg } from '@stochgrad/plots';
import { vaeChartSpec } from '../src/report';
import { demoData, vaeEstimators, vaeRun } from '../src/vae';
import { fetchIdx } from './mnist';
import { type VaeMessage, type VaeRequest, workerErrorOf, workerScope } from './worker-messages';

const scope = workerScope<VaeRequest, VaeMessage>();
const backend = ready({ wasmPaths });
let data: ReturnType<typeof demoData> | undefined;
let stopRequested = false;

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function train(request: VaeRequest & { type: 'train' }): Promise<void> {
  const { estimator, steps } = request;
  await backend;
  if (!data) {
    scope.post({ type: 'loading' });
    const [trainImages, testImages] = await Promise.all([fetchIdx(request.trainUrl), fetchIdx(request.testUrl)]);
    data = demoData({ trainImages, testImages });
  }
  const tensorsBefore = tf.memory().numTensors;
  const run = vaeRun({ key: fold(key(request.seed), 1000), ...data, estimator });
  const label = vaeEstimators[estimator]?.label ?? estimator;
  const report = async () => {
    const progress = run.record();
    const samples = run.samples(32);
    const reconstructions = run.reconstructions(16);
    const chartSvg = await renderSvg(vaeChartSpec(run.history, label));
    scope.post({ type: 'record', progress, chartSvg, history: [...run.history], reconstructions, samples });
  };
  try {
    const every = Math.max(25, Math.round(steps / 20));
    await report();
    while (run.steps < steps && !stopRequested) {
      const target = Math.min(steps, run.steps + every);
      while (run.steps < target && !stopRequested) {
        run.train(Math.min(25, target - run.steps));
        scope.post({ type: 'step', step: run.steps, steps });
        await yieldToEvents();
      }
      await report();
      await yieldToEvents();
    }
  } finally {
    run.dispose();
  }
  scope.post({ type: 'finished', stopped: stopRequested, leakedTensors: tf.memory().numTensors - tensorsBefore });
}

scope.onRequest((request) => {
  if (request.type === 'stop') {
    stopRequested = true;
    return;
  }
  stopRequested = false;
  train(request).catch((error: unknown) => scope.post(workerErrorOf(error)));
});
