/**
 * The web page's AR-DAE panel: trains the score model of src/score-field.ts on samples of a 2-D
 * density, a chunk of steps at a time, and redraws the learned and exact score fields as arrows.
 * The cosine similarity is mirrored in data-* attributes for the end-to-end test.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key } from '@stochgrad/core';
import { fieldSpec, scoreDensities, scoreRun } from '../src/score-field';
import { chartSlot } from './chart-slot';
import { controlsToggle, element, fillSelect, runOnClick, setStatus, yieldToBrowser } from './dom';

/** Wires up the panel; call once the backend is ready. */
export function startScorePanel(options: { seed: () => number; onError: (error: unknown) => void }): void {
  const densitySelect = element<HTMLSelectElement>('score-density');
  const stepsSelect = element<HTMLSelectElement>('score-steps');
  const trainButton = element<HTMLButtonElement>('score-train');
  const stopButton = element<HTMLButtonElement>('score-stop');
  const status = element<HTMLParagraphElement>('score-status');
  const picture = element<HTMLDivElement>('score-field');
  const drawField = chartSlot(picture);
  fillSelect(densitySelect, scoreDensities);
  let stopRequested = false;
  const setControls = controlsToggle([trainButton, densitySelect, stepsSelect], stopButton);

  async function train(): Promise<void> {
    const steps = Number(stepsSelect.value);
    stopRequested = false;
    setControls(true);
    const tensorsBefore = tf.memory().numTensors;
    const run = scoreRun({ key: fold(key(options.seed()), 2000), density: densitySelect.value });
    try {
      const samples = run.samples(500);
      const draw = (cosine: number) =>
        drawField(fieldSpec({ field: run.field(15), samples, box: run.density.box, size: 400, title: `${run.density.name}: step ${run.steps}, mean cosine ${cosine.toFixed(3)}` }));
      const first = run.cosine();
      status.dataset.firstCosine = String(first);
      await draw(first);
      const every = Math.max(25, Math.round(steps / 15));
      const started = performance.now();
      while (run.steps < steps && !stopRequested) {
        const target = Math.min(steps, run.steps + every);
        while (run.steps < target && !stopRequested) {
          run.train(Math.min(10, target - run.steps));
          setStatus(status, 'training', `Training AR-DAE on ${run.density.name}: step ${run.steps}/${steps}…`);
          await yieldToBrowser();
        }
        const cosine = run.cosine();
        status.dataset.step = String(run.steps);
        status.dataset.cosine = String(cosine);
        await draw(cosine);
        await yieldToBrowser();
      }
      const seconds = (performance.now() - started) / 1000;
      setStatus(status, stopRequested ? 'stopped' : 'done', `${stopRequested ? 'Stopped' : 'Done'}: mean cosine with the exact score ${first.toFixed(3)} → ${Number(status.dataset.cosine ?? first).toFixed(3)} after ${run.steps} steps (${seconds.toFixed(1)} s).`);
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
  setStatus(status, 'idle', 'Ready: choose a density and press Train.');
  setControls(false);
}
