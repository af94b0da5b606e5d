/**
 * What: the coupled-chains panel's run (src/coupled-chains.ts) off the page's main thread: starts
 * its own wasm backend, runs the 500 chain pairs and posts the summary, with the meeting-time
 * histogram and the traces drawn as SVG (Vega's headless renderer), so the page only inserts them.
 * Properties: the page stays responsive during the run; Stop terminates this worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key, ready } from '@stochgrad/core';
import { wasmPaths } from '@stochgrad/core/vite';
import { renderSvg } from '@stochgrad/plots';
import { chainTraceSpec, coupledChainsDemo, meetingHistogramSpec } from '../src/coupled-chains';
import { type ChainsMessage, type ChainsRequest, workerErrorOf, workerScope } from './worker-messages';

const scope = workerScope<ChainsRequest, ChainsMessage>();
const backend = ready({ wasmPaths });

async function run({ seed, numParticles, mismatch }: ChainsRequest): Promise<void> {
  await backend;
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  const demo = coupledChainsDemo({ key: fold(key(seed), 3000), numParticles, mismatch, maxIterations: 500 });
  const seconds = (performance.now() - started) / 1000;
  const leakedTensors = tf.memory().numTensors - tensorsBefore;
  const [histogramSvg, traceSvg] = await Promise.all([renderSvg(meetingHistogramSpec(demo)), renderSvg(chainTraceSpec(demo))]);
  scope.post({ type: 'done', demo, histogramSvg, traceSvg, seconds, leakedTensors });
}

scope.onRequest((request) => {
  run(request).catch((error: unknown) => scope.post(workerErrorOf(error)));
});
