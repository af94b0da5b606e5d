/// <reference types="vite/client" />
/**
 * The demo's web page: the CLI's comparison (src/toy.ts), run live in the browser on the WASM
 * backend in a Web Worker (web/toy-worker.ts), one problem at a time, with a table and a chart per
 * problem and each estimator's progress as it goes. Key numbers are also written as data-*
 * attributes, for the end-to-end test (test/web.e2e.test.ts).
 */
import { wasmPaths } from '@stochgrad/core/vite';
import { type BackendInfo, type EstimatorReport, describeBackend, ready } from '@stochgrad/core';
import { type Row, rowsOf, varianceChartSpec } from '../src/report';
import { chartOnDemand } from './chart-on-demand';
import { type ProblemResult, toyProblems } from '../src/toy';
import { element, readSeed } from './dom';
import { type ToyMessage, type ToyRequest, errorFrom, errorText } from './worker-messages';
import { startChainsPanel } from './chains-panel';
import { startScorePanel } from './score-panel';
import { startVaePanel } from './vae-panel';
import { startEnvsPanel } from './envs-panel';
import { startCartPolePanel } from './cartpole-panel';
import { startMujocoPanel } from './mujoco-panel';

type State = 'starting' | 'ready' | 'running' | 'done' | 'stopped' | 'error';

let backendReady = false;

const runButton = element<HTMLButtonElement>('run');
const stopButton = element<HTMLButtonElement>('stop');
const budgetSelect = element<HTMLSelectElement>('budget');
const seedInput = element<HTMLInputElement>('seed');
const backendLine = element<HTMLParagraphElement>('backend');
const statusLine = element<HTMLParagraphElement>('status');
const progressLine = element<HTMLDivElement>('progress');
const results = element<HTMLElement>('results');

function setStatus(state: State, message: string): void {
  statusLine.dataset.state = state;
  statusLine.textContent = message;
}

function showError(error: unknown): void {
  console.error(error);
  setStatus('error', errorText(error));
  progressLine.replaceChildren();
  setControls(backendReady);
}

window.addEventListener('error', (event) => showError(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => showError(event.reason));

function setControls(enabled: boolean): void {
  runButton.disabled = !enabled;
  budgetSelect.disabled = !enabled;
  seedInput.disabled = !enabled;
  stopButton.disabled = enabled || !backendReady;
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toPrecision(digits) : String(x));

const COLUMNS: [keyof Row | 'replicates', string][] = [
  ['estimator', 'estimator'],
  ['cost', 'cost'],
  ['replicates', 'estimates M'],
  ['meanGradient', 'mean ĝ'],
  ['variance', 'variance'],
  ['costAdjustedVariance', 'var × cost'],
  ['snr', 'SNR'],
  ['biasZ', 'max |bias z|'],
  ['msPerEstimate', 'ms/estimate'],
];

function cell(tag: 'td' | 'th', text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

function renderProblem(result: ProblemResult, budget: number, chartSvg: string): HTMLElement {
  const { problem, reports, exactGradient } = result;
  const section = document.createElement('section');
  section.className = 'problem';
  section.dataset.problem = problem.id;
  section.dataset.exactGradient = exactGradient.join(',');

  const title = document.createElement('h2');
  title.textContent = problem.title;
  const description = document.createElement('p');
  description.className = 'note';
  description.textContent = `${problem.description} Exact gradient: ${exactGradient.map((v) => fmt(v)).join(', ')}. ` +
    `Budget: ${budget.toLocaleString('en')} objective evaluations per estimator.`;

  const table = document.createElement('table');
  const threshold = reports[0]?.biasThreshold;
  const headRow = document.createElement('tr');
  for (const [column, label] of COLUMNS) {
    headRow.append(cell('th', column === 'biasZ' && threshold !== undefined ? `${label} (threshold ${threshold.toFixed(2)})` : label));
  }
  table.createTHead().append(headRow);
  const body = table.createTBody();
  // the best row: the lowest variance × cost among the estimators that claim to be unbiased and
  // whose bias z-test ran and passed (a flagged or unchecked estimator is never best)
  const flagged = (r: EstimatorReport) => r.maxAbsBiasZ !== undefined && r.maxAbsBiasZ > (r.biasThreshold ?? Infinity);
  const eligible = reports.filter((r) => r.unbiased && r.maxAbsBiasZ !== undefined && r.biasThreshold !== undefined && !flagged(r));
  const best = eligible.length > 0 ? Math.min(...eligible.map((r) => r.costAdjustedVariance)) : undefined;
  rowsOf(result).forEach((row, i) => {
    const report = reports[i] as EstimatorReport;
    const tr = document.createElement('tr');
    const data = tr.dataset;
    data.estimator = report.name;
    data.problem = problem.id;
    data.cost = String(report.evaluations);
    data.replicates = String(report.replicates);
    data.mean = report.mean.join(',');
    data.variance = String(report.meanVariance);
    data.costVariance = String(report.costAdjustedVariance);
    data.snr = String(report.snr);
    if (report.maxAbsBiasZ !== undefined) data.biasZ = String(report.maxAbsBiasZ);
    if (report.biasThreshold !== undefined) data.biasThreshold = String(report.biasThreshold);
    data.unbiased = String(report.unbiased);
    if (flagged(report)) tr.classList.add('biased');
    if (eligible.includes(report) && report.costAdjustedVariance === best) {
      tr.classList.add('best');
      data.best = 'true';
    }
    for (const [column] of COLUMNS) {
      tr.append(cell('td', column === 'replicates' ? report.replicates.toLocaleString('en') : String(row[column])));
    }
    body.append(tr);
  });

  const chart = document.createElement('div');
  chart.className = 'chart';
  // drawn by Vega in the worker, which escapes the estimator names it writes; live on first hover
  chartOnDemand(chart)(chartSvg, () => varianceChartSpec(result));

  // a wide table scrolls inside its own box; the page never scrolls sideways
  const scroller = document.createElement('div');
  scroller.className = 'table-scroll';
  scroller.append(table);

  section.append(title, description, scroller, chart);
  return section;
}

let worker: Worker | undefined;
let stopRun: (() => void) | undefined;

/** The comparison's worker, started on first use and again after a Stop (which terminates it). */
function toyWorker(): Worker {
  worker ??= new Worker(new URL('./toy-worker.ts', import.meta.url), { type: 'module', name: 'toy comparison' });
  return worker;
}

/** One line per estimator of the problem running now: its estimates drawn so far. */
function showEstimatorProgress(estimator: string, done: number, total: number): void {
  const list = progressLine.querySelector('ul') ?? progressLine.appendChild(document.createElement('ul'));
  let item = Array.from(list.children).find((li) => (li as HTMLElement).dataset.estimator === estimator) as HTMLLIElement | undefined;
  if (!item) {
    item = document.createElement('li');
    item.dataset.estimator = estimator;
    list.append(item);
  }
  item.dataset.done = String(done);
  item.dataset.total = String(total);
  item.textContent = `${estimator}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} estimates${done === total ? ' ✓' : ''}`;
}

function showProblemStart(index: number): void {
  const problem = toyProblems[index];
  const line = document.createElement('span');
  line.textContent = `Problem ${index + 1}/${toyProblems.length}: ${problem?.id} — training the learned baselines and control variates, then drawing estimates…`;
  progressLine.replaceChildren(line);
}

async function run(): Promise<void> {
  const budget = Number(budgetSelect.value);
  if (!Number.isInteger(budget) || budget < 2) throw new Error(`the budget must be an integer ≥ 2, got ${budgetSelect.value}`);
  const seed = readSeed(seedInput);
  setControls(false);
  results.replaceChildren();
  progressLine.replaceChildren();
  setStatus('running', `Running ${toyProblems.length} problems at ${budget.toLocaleString('en')} evaluations per estimator…`);
  const started = performance.now();
  const target = toyWorker();
  const outcome = await new Promise<ToyMessage & { type: 'done' | 'error' } | 'stopped'>((resolve) => {
    stopRun = () => {
      target.terminate();
      worker = undefined;
      resolve('stopped');
    };
    target.onerror = (event) => resolve({ type: 'error', name: 'Error', message: `the comparison's worker failed: ${event.message || 'it could not start'}` });
    target.onmessage = (event: MessageEvent<ToyMessage>) => {
      const message = event.data;
      if (message.type === 'problem-start') showProblemStart(message.index);
      else if (message.type === 'progress') showEstimatorProgress(message.estimator, message.done, message.total);
      else if (message.type === 'problem') {
        const problem = toyProblems[message.index];
        if (problem) results.append(renderProblem({ problem, evaluationBudget: message.evaluationBudget, exactGradient: message.exactGradient, reports: message.reports }, budget, message.chartSvg));
      } else if (message.type === 'done' || message.type === 'error') resolve(message);
    };
    target.postMessage({ budget, seed } satisfies ToyRequest);
  });
  stopRun = undefined;
  progressLine.replaceChildren();
  if (outcome === 'stopped') {
    setStatus('stopped', `Stopped after ${((performance.now() - started) / 1000).toFixed(1)} s; the problems finished so far are shown.`);
    setControls(true);
    return;
  }
  if (outcome.type === 'error') throw errorFrom(outcome);
  const seconds = (performance.now() - started) / 1000;
  statusLine.dataset.seconds = seconds.toFixed(2);
  statusLine.dataset.workerSeconds = outcome.seconds.toFixed(2);
  statusLine.dataset.leakedTensors = String(outcome.leakedTensors);
  const leaked = outcome.leakedTensors;
  setStatus('done', `Done: ${toyProblems.length} problems in ${seconds.toFixed(1)} s (seed ${seed}, ${budget.toLocaleString('en')} evaluations per estimator${leaked === 0 ? '' : `, ${leaked} tensors not freed`}).`);
  setControls(true);
}

function showBackend(info: BackendInfo): void {
  const data = backendLine.dataset;
  data.backend = info.backend;
  data.simd = String(info.simd);
  data.threads = String(info.threads);
  data.crossOriginIsolated = String(globalThis.crossOriginIsolated === true);
  backendLine.textContent = `Backend: ${describeBackend(info)}; cross-origin isolated: ${globalThis.crossOriginIsolated === true ? 'yes' : 'no (threads need COOP/COEP headers)'}; ${navigator.hardwareConcurrency} logical cores.`;
}

async function start(): Promise<void> {
  const info = await ready({ wasmPaths });
  showBackend(info);
  if (info.backend !== 'wasm') throw new Error(`expected the wasm backend, got ${describeBackend(info)}`);
  backendReady = true;
  setStatus('ready', 'Ready: choose a budget and press Run.');
  setControls(true);
  runButton.addEventListener('click', () => {
    run().catch(showError);
  });
  stopButton.addEventListener('click', () => stopRun?.());
  const seed = () => readSeed(seedInput);
  startVaePanel({ seed, onError: (error) => console.error(error) });
  startScorePanel({ seed, onError: (error) => console.error(error) });
  startChainsPanel({ seed, onError: (error) => console.error(error) });
  startCartPolePanel({ seed, onError: (error) => console.error(error) });
  startMujocoPanel({ seed, onError: (error) => console.error(error) });
  startEnvsPanel({ seed: () => Number(seedInput.value), onError: (error) => console.error(error) }).catch((error: unknown) => console.error(error));
}

start().catch((error: unknown) => {
  backendLine.dataset.backend = 'none';
  backendLine.textContent = 'Backend: failed to start (see below).';
  showError(error);
});
