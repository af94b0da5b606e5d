/**
 * What: the AR-DAE panel's training (src/score-field.ts) off the page's main thread: starts its own
 * wasm backend, trains in chunks of steps and posts the cosine with the exact score and the field
 * drawn as SVG (Vega's headless renderer), so the page only inserts it.
 * Properties: a Stop request is seen between chunks of 10 steps (the worker yields to its event
 * loop there); the run ends with its tensors freed and the count of any left over.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { wasmPaths } from '@stochgrad/core/vite';
import { renderSvg } from '@stochgrad/plots';
import { fieldSpec, scoreRun } from '../src/score-field';
import { type ScoreMessage, type ScoreRequest, workerErrorOf, workerScope } from './worker-messages';

const scope = workerScope<ScoreRequest, ScoreMessage>();
const backend = ready({ wasmPaths });
let stopRequested = false;

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function train({ density, steps, seed }: ScoreRequest & { type: 'train' }): Promise<void> {
  await backend;
  const tensorsBefore = tf.memory().numTensors;
  const run = scoreRun({ key: fold(key(seed), 2000), density });
  const started = performance.now();
  try {
    const samples = run.samples(500);
    const record = async () => {
      const cosine = run.cosine();
      const title = `${run.density.name}: step ${run.steps}, mean cosine ${cosine.toFixed(3)}`;
      const chart = { field: run.field(15), samples, box: run.density.box, size: 400, title };
      const chartSvg = await renderSvg(fieldSpec(chart));
      scope.post({ type: 'record', step: run.steps, cosine, chartSvg, chart });
    };
    await record();
    const every = Math.max(25, Math.round(steps / 15));
    while (run.steps < steps && !stopRequested) {
      const target = Math.min(steps, run.steps + every);
      while (run.steps < target && !stopRequested) {
        run.train(Math.min(10, target - run.steps));
        scope.post({ type: 'step', step: run.steps, steps, density: run.density.name });
        await yieldToEvents();
      }
      await record();
      await yieldToEvents();
    }
  } finally {
    run.dispose();
  }
  scope.post({ type: 'finished', stopped: stopRequested, seconds: (performance.now() - started) / 1000, leakedTensors: tf.memory().numTensors - tensorsBefore });
}

scope.onRequest((request) => {
  if (request.type === 'stop') {
    stopRequested = true;
    return;
  }
  stopRequested = false;
  train(request).catch((error: unknown) => scope.post(workerErrorOf(error)));
});
