/**
 * The web page's AR-DAE panel: a worker (web/score-worker.ts) trains the score model of
 * src/score-field.ts on samples of a 2-D density and sends the learned and exact score fields,
 * drawn as arrows, as it goes; the page stays responsive. The cosine similarity is mirrored in
 * data-* attributes for the end-to-end test.
 */
import { fieldSpec, scoreDensities } from '../src/score-field';
import { chartOnDemand } from './chart-on-demand';
import { controlsToggle, element, fillSelect, runOnClick, setStatus } from './dom';
import { type ScoreMessage, type ScoreRequest, type WorkerError, errorFrom } from './worker-messages';

/** Wires up the panel; call once the backend is ready. */
export function startScorePanel(options: { seed: () => number; onError: (error: unknown) => void }): void {
  const densitySelect = element<HTMLSelectElement>('score-density');
  const stepsSelect = element<HTMLSelectElement>('score-steps');
  const trainButton = element<HTMLButtonElement>('score-train');
  const stopButton = element<HTMLButtonElement>('score-stop');
  const status = element<HTMLParagraphElement>('score-status');
  const picture = element<HTMLDivElement>('score-field');
  const drawField = chartOnDemand(picture);
  fillSelect(densitySelect, scoreDensities);
  const setControls = controlsToggle([trainButton, densitySelect, stepsSelect], stopButton);
  let worker: Worker | undefined;
  let stop: (() => void) | undefined;

  async function train(): Promise<void> {
    const steps = Number(stepsSelect.value);
    const density = densitySelect.value;
    const seed = options.seed();
    setControls(true);
    for (const key of ['firstCosine', 'cosine', 'step', 'leakedTensors']) delete status.dataset[key];
    setStatus(status, 'training', 'Starting the training worker…');
    worker ??= new Worker(new URL('./score-worker.ts', import.meta.url), { type: 'module', name: 'AR-DAE training' });
    const target = worker;
    let first: number | undefined;
    let last: number | undefined;
    let stepsDone = 0;
    const outcome = await new Promise<(ScoreMessage & { type: 'finished' }) | WorkerError>((resolve) => {
      stop = () => target.postMessage({ type: 'stop' } satisfies ScoreRequest);
      target.onerror = (event) => resolve({ type: 'error', name: 'Error', message: `the training worker failed: ${event.message || 'it could not start'}` });
      target.onmessage = (event: MessageEvent<ScoreMessage>) => {
        const message = event.data;
        if (message.type === 'step') setStatus(status, 'training', `Training AR-DAE on ${message.density}: step ${message.step}/${message.steps}…`);
        else if (message.type === 'record') {
          if (first === undefined) {
            first = message.cosine;
            status.dataset.firstCosine = String(first);
          } else {
            status.dataset.step = String(message.step);
            status.dataset.cosine = String(message.cosine);
          }
          last = message.cosine;
          stepsDone = message.step;
          const { chart } = message;
          drawField(message.chartSvg, () => fieldSpec(chart));
        } else resolve(message);
      };
      target.postMessage({ type: 'train', density, steps, seed } satisfies ScoreRequest);
    });
    stop = undefined;
    try {
      if (outcome.type === 'error') {
        target.terminate();
        worker = undefined;
        throw errorFrom(outcome);
      }
      status.dataset.leakedTensors = String(outcome.leakedTensors);
      const verb = outcome.stopped ? 'Stopped' : 'Done';
      setStatus(status, outcome.stopped ? 'stopped' : 'done', `${verb}: mean cosine with the exact score ${(first ?? Number.NaN).toFixed(3)} → ${(last ?? Number.NaN).toFixed(3)} after ${stepsDone} steps (${outcome.seconds.toFixed(1)} s).`);
    } finally {
      setControls(false);
    }
  }

  runOnClick(trainButton, train, { status, reset: () => setControls(false), onError: options.onError });
  stopButton.addEventListener('click', () => stop?.());
  setStatus(status, 'idle', 'Ready: choose a density and press Train.');
  setControls(false);
}
