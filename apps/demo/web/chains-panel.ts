/**
 * The web page's coupled-chains panel: a worker (web/chains-worker.ts) runs src/coupled-chains.ts
 * for the chosen proposal and number of particles and draws the meeting-time histogram and a
 * coupled pair's trace; the panel inserts them. Stop terminates the worker. The summary is mirrored in data-* attributes
 * for the end-to-end test.
 */
import { type ProposalMismatch, chainTraceSpec, meetingHistogramSpec } from '../src/coupled-chains';
import { chartOnDemand } from './chart-on-demand';
import { controlsToggle, element, runOnClick, setStatus } from './dom';
import { type ChainsMessage, type ChainsRequest, errorFrom } from './worker-messages';

const PROPOSALS: Record<string, ProposalMismatch> = {
  exact: { meanScale: 1, spreadScale: 1 },
  mismatched: { meanScale: 0.6, spreadScale: 1.6 },
  poor: { meanScale: 0, spreadScale: 3 },
};

/** Wires up the panel; call once the backend is ready. */
export function startChainsPanel(options: { seed: () => number; onError: (error: unknown) => void }): void {
  const proposalSelect = element<HTMLSelectElement>('chains-proposal');
  const particlesSelect = element<HTMLSelectElement>('chains-particles');
  const runButton = element<HTMLButtonElement>('chains-run');
  const stopButton = element<HTMLButtonElement>('chains-stop');
  const status = element<HTMLParagraphElement>('chains-status');
  const histogram = element<HTMLDivElement>('chains-histogram');
  const trace = element<HTMLDivElement>('chains-trace');
  const drawHistogram = chartOnDemand(histogram);
  const drawTrace = chartOnDemand(trace);
  const setControls = controlsToggle([runButton, proposalSelect, particlesSelect], stopButton);
  let worker: Worker | undefined;
  let stop: (() => void) | undefined;

  async function run(): Promise<void> {
    const mismatch = PROPOSALS[proposalSelect.value];
    if (!mismatch) throw new Error(`unknown proposal "${proposalSelect.value}"`);
    const seed = options.seed();
    setControls(true);
    setStatus(status, 'running', 'Running 500 pairs of coupled chains…');
    worker ??= new Worker(new URL('./chains-worker.ts', import.meta.url), { type: 'module', name: 'coupled chains' });
    const target = worker;
    const outcome = await new Promise<ChainsMessage | 'stopped'>((resolve) => {
      stop = () => {
        target.terminate();
        worker = undefined;
        resolve('stopped');
      };
      target.onerror = (event) => resolve({ type: 'error', name: 'Error', message: `the chains' worker failed: ${event.message || 'it could not start'}` });
      target.onmessage = (event: MessageEvent<ChainsMessage>) => resolve(event.data);
      target.postMessage({ seed, numParticles: Number(particlesSelect.value), mismatch } satisfies ChainsRequest);
    });
    stop = undefined;
    try {
      if (outcome === 'stopped') {
        setStatus(status, 'stopped', 'Stopped.');
        return;
      }
      if (outcome.type === 'error') {
        target.terminate();
        worker = undefined;
        throw errorFrom(outcome);
      }
      const { demo, seconds, leakedTensors } = outcome;
      const s = demo.summary;
      drawHistogram(outcome.histogramSvg, () => meetingHistogramSpec(demo));
      drawTrace(outcome.traceSvg, () => chainTraceSpec(demo));
      Object.assign(status.dataset, {
        count: String(s.count),
        mean: String(s.mean),
        max: String(s.max),
        numCapped: String(s.numCapped),
        metAtOne: String(s.histogram.find((h) => h.time === 1)?.count ?? 0),
        leakedTensors: String(leakedTensors),
      });
      setStatus(status, 'done', `Done in ${seconds.toFixed(1)} s: meeting time mean ${s.mean.toFixed(2)}, median ${s.median}, 90th percentile ${s.p90}, max ${s.max}${s.numCapped ? `, ${s.numCapped} capped` : ''}.`);
    } finally {
      setControls(false);
    }
  }

  runOnClick(runButton, run, { status, reset: () => setControls(false), onError: options.onError });
  stopButton.addEventListener('click', () => stop?.());
  setStatus(status, 'idle', 'Ready: choose a proposal and press Run.');
  setControls(false);
}
