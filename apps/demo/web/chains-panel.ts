/**
 * The web page's coupled-chains panel: runs src/coupled-chains.ts for the chosen proposal and
 * number of particles and draws the meeting-time histogram and a coupled pair's trace. The
 * summary is mirrored in data-* attributes for the end-to-end test.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fold, key } from '@stochgrad/core';
import { type ProposalMismatch, chainTraceSpec, coupledChainsDemo, meetingHistogramSpec } from '../src/coupled-chains';
import { chartSlot } from './chart-slot';
import { element, runOnClick, setStatus, yieldToBrowser } from './dom';

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
  const status = element<HTMLParagraphElement>('chains-status');
  const histogram = element<HTMLDivElement>('chains-histogram');
  const trace = element<HTMLDivElement>('chains-trace');
  const drawHistogram = chartSlot(histogram);
  const drawTrace = chartSlot(trace);

  async function run(): Promise<void> {
    const mismatch = PROPOSALS[proposalSelect.value];
    if (!mismatch) throw new Error(`unknown proposal "${proposalSelect.value}"`);
    runButton.disabled = true;
    setStatus(status, 'running', 'Running 500 pairs of coupled chains…');
    await yieldToBrowser();
    const tensorsBefore = tf.memory().numTensors;
    try {
      const started = performance.now();
      const demo = coupledChainsDemo({ key: fold(key(options.seed()), 3000), numParticles: Number(particlesSelect.value), mismatch, maxIterations: 500 });
      const seconds = (performance.now() - started) / 1000;
      const s = demo.summary;
      await Promise.all([drawHistogram(meetingHistogramSpec(demo)), drawTrace(chainTraceSpec(demo))]);
      Object.assign(status.dataset, {
        count: String(s.count),
        mean: String(s.mean),
        max: String(s.max),
        numCapped: String(s.numCapped),
        metAtOne: String(s.histogram.find((h) => h.time === 1)?.count ?? 0),
      });
      setStatus(status, 'done', `Done in ${seconds.toFixed(1)} s: meeting time mean ${s.mean.toFixed(2)}, median ${s.median}, 90th percentile ${s.p90}, max ${s.max}${s.numCapped ? `, ${s.numCapped} capped` : ''}.`);
    } finally {
      status.dataset.leakedTensors = String(tf.memory().numTensors - tensorsBefore);
      runButton.disabled = false;
    }
  }

  const enable = () => {
    runButton.disabled = false;
  };
  runOnClick(runButton, run, { status, reset: enable, onError: options.onError });
  setStatus(status, 'idle', 'Ready: choose a proposal and press Run.');
  runButton.disabled = false;
}
