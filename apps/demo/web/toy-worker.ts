/**
 * What: the toy comparison (src/toy.ts) off the page's main thread: starts its own wasm backend,
 * runs the problems one at a time and posts each estimator's progress and each problem's reports.
 * Properties: the page stays responsive however long a run takes (the charts are drawn here as SVG
 * with Vega's headless renderer, so the page only inserts them); the page stops a run by
 * terminating this worker (compareEstimators is one synchronous call per problem).
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { wasmPaths } from '@stochgrad/core/vite';
import { renderSvg } from '@stochgrad/plots';
import { varianceChartSpec } from '../src/report';
import { runProblem, toyProblems } from '../src/toy';
import { type ToyMessage, type ToyRequest, workerErrorOf, workerScope } from './worker-messages';

const scope = workerScope<ToyRequest, ToyMessage>();
const backend = ready({ wasmPaths });

async function run({ budget, seed }: ToyRequest): Promise<void> {
  const info = await backend;
  scope.post({ type: 'backend', info });
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  const runKey = key(seed);
  for (const [index, problem] of toyProblems.entries()) {
    scope.post({ type: 'problem-start', index });
    const result = runProblem({
      problem,
      key: fold(runKey, index),
      evaluationBudget: budget,
      onProgress: ({ estimator, done, total }) => scope.post({ type: 'progress', index, estimator, done, total }),
    });
    // the chart is drawn here too: Vega's parse and render would block the page for 70–300 ms
    const chartSvg = await renderSvg(varianceChartSpec(result));
    scope.post({ type: 'problem', index, evaluationBudget: result.evaluationBudget, exactGradient: result.exactGradient, reports: result.reports, chartSvg });
  }
  scope.post({ type: 'done', seconds: (performance.now() - started) / 1000, leakedTensors: tf.memory().numTensors - tensorsBefore });
}

scope.onRequest((request) => {
  run(request).catch((error: unknown) => scope.post(workerErrorOf(error)));
});
