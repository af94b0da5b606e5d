/// <reference types="vite/client" />
/**
 * The web page's Bernoulli-VAE panel: a worker (web/vae-worker.ts) fetches the MNIST subset that
 * ships with the page (src/mnist-subset.ts; nothing comes from the internet) and trains the VAE of
 * src/vae.ts; the panel redraws the ELBO chart, reconstructions and samples as the worker reports
 * them, so the page stays responsive. Numbers are mirrored in data-* attributes for the end-to-end
 * test.
 */
import { vaeChartSpec } from '../src/report';
import { type ImageBatch, vaeEstimators } from '../src/vae';
import { chartOnDemand } from './chart-on-demand';
import { controlsToggle, element, fillSelect, runOnClick, setStatus } from './dom';
import { mnistSubsetUrls } from './mnist';
import { type VaeMessage, type VaeRequest, type WorkerError, errorFrom } from './worker-messages';

type VaeState = 'idle' | 'loading' | 'training' | 'done' | 'stopped' | 'error';

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
  const drawChart = chartOnDemand(chart);
  const images = element<HTMLDivElement>('vae-images');
  const reconstructions = element<HTMLCanvasElement>('vae-reconstructions');
  const samples = element<HTMLCanvasElement>('vae-samples');

  fillSelect(estimatorSelect, vaeEstimators);
  let worker: Worker | undefined;
  let stop: (() => void) | undefined;

  const setState = (state: VaeState, message: string) => setStatus(status, state, message);
  const setControls = controlsToggle([trainButton, estimatorSelect, stepsSelect], stopButton);

  async function train(): Promise<void> {
    const estimator = estimatorSelect.value;
    const label = vaeEstimators[estimator]?.label ?? estimator;
    const steps = Number(stepsSelect.value);
    const seed = options.seed();
    setControls(true);
    for (const key of ['firstElbo', 'lastElbo', 'step', 'stepsPerSecond', 'leakedTensors']) delete status.dataset[key];
    setState('training', `Starting the training worker (${label})…`);
    worker ??= new Worker(new URL('./vae-worker.ts', import.meta.url), { type: 'module', name: 'VAE training' });
    const target = worker;
    let first: number | undefined;
    let last: { step: number; heldOutElbo: number; seconds: number } | undefined;
    const outcome = await new Promise<(VaeMessage & { type: 'finished' }) | WorkerError>((resolve) => {
      stop = () => target.postMessage({ type: 'stop' } satisfies VaeRequest);
      target.onerror = (event) => resolve({ type: 'error', name: 'Error', message: `the training worker failed: ${event.message || 'it could not start'}` });
      target.onmessage = (event: MessageEvent<VaeMessage>) => {
        const message = event.data;
        if (message.type === 'loading') setState('loading', 'Loading MNIST (the first 10,000 training and 500 test images, gzip-compressed, shipped with the page)…');
        else if (message.type === 'step') setState('training', `Training with ${label}: step ${message.step}/${message.steps}…`);
        else if (message.type === 'record') {
          const { progress } = message;
          if (first === undefined) {
            first = progress.heldOutElbo;
            status.dataset.firstElbo = String(first);
          } else {
            status.dataset.step = String(progress.step);
            status.dataset.lastElbo = String(progress.heldOutElbo);
            status.dataset.stepsPerSecond = (progress.step / progress.seconds).toFixed(1);
          }
          last = progress;
          const { history } = message;
          drawChart(message.chartSvg, () => vaeChartSpec(history, label));
          const { inputs, outputs } = message.reconstructions;
          drawRows(reconstructions, [inputs, outputs]);
          drawRows(samples, [{ ...message.samples, images: message.samples.images.slice(0, 16) }, { ...message.samples, images: message.samples.images.slice(16) }]);
          images.hidden = false;
        } else resolve(message);
      };
      target.postMessage({ type: 'train', estimator, steps, seed, ...mnistSubsetUrls(import.meta.env.BASE_URL, location.href) } satisfies VaeRequest);
    });
    stop = undefined;
    try {
      if (outcome.type === 'error') {
        worker.terminate();
        worker = undefined;
        throw errorFrom(outcome);
      }
      status.dataset.leakedTensors = String(outcome.leakedTensors);
      const summary = first !== undefined && last ? `held-out ELBO ${first.toFixed(1)} → ${last.heldOutElbo.toFixed(1)} nats in ${last.step} steps (${(last.step / last.seconds).toFixed(0)} steps/s)` : '';
      setState(outcome.stopped ? 'stopped' : 'done', `${outcome.stopped ? 'Stopped' : 'Done'}: ${summary}.`);
    } finally {
      setControls(false);
    }
  }

  runOnClick(trainButton, train, { status, reset: () => setControls(false), onError: options.onError });
  stopButton.addEventListener('click', () => stop?.());
  setState('idle', 'Ready: choose an estimator and press Train.');
  setControls(false);
}
