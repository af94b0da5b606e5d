/// <reference types="vite/client" />
/**
 * The demo's web page: the CLI's comparison (src/toy.ts), run live in the browser on the WASM
 * backend, one problem at a time, with a table and a chart per problem. Key numbers are also
 * written as data-* attributes, for the end-to-end test (test/web.e2e.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmPaths } from '@stochgrad/core/vite';
import { type BackendInfo, type EstimatorReport, describeBackend, fold, key, ready } from '@stochgrad/core';
import { type Row, rowsOf, varianceChartSpec } from '../src/report';
import { chartSlot } from './chart-slot';
import { type ProblemResult, runProblem, toyProblems } from '../src/toy';
import { element } from './dom';
import { startChainsPanel } from './chains-panel';
import { startScorePanel } from './score-panel';
import { startVaePanel } from './vae-panel';
import { startEnvsPanel } from './envs-panel';

type State = 'starting' | 'ready' | 'running' | 'done' | 'error';

let backendReady = false;

const runButton = element<HTMLButtonElement>('run');
const budgetSelect = element<HTMLSelectElement>('budget');
const seedInput = element<HTMLInputElement>('seed');
const backendLine = element<HTMLParagraphElement>('backend');
const statusLine = element<HTMLParagraphElement>('status');
const progressLine = element<HTMLParagraphElement>('progress');
const results = element<HTMLElement>('results');

function setStatus(state: State, message: string): void {
  statusLine.dataset.state = state;
  statusLine.textContent = message;
}

function showError(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(error);
  setStatus('error', `Error: ${message}`);
  progressLine.textContent = '';
  setControls(backendReady);
}

window.addEventListener('error', (event) => showError(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => showError(event.reason));

function setControls(enabled: boolean): void {
  runButton.disabled = !enabled;
  budgetSelect.disabled = !enabled;
  seedInput.disabled = !enabled;
}

/** Lets the browser paint between the synchronous problems (rAF alone stalls in hidden tabs). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
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

const pendingCharts: Promise<void>[] = [];

function renderProblem(result: ProblemResult, budget: number): HTMLElement {
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
  const best = Math.min(...reports.map((r) => r.costAdjustedVariance));
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
    if (report.maxAbsBiasZ !== undefined && report.maxAbsBiasZ > (report.biasThreshold ?? Infinity)) tr.classList.add('biased');
    if (report.costAdjustedVariance === best) tr.classList.add('best');
    for (const [column] of COLUMNS) {
      tr.append(cell('td', column === 'replicates' ? report.replicates.toLocaleString('en') : String(row[column])));
    }
    body.append(tr);
  });

  const chart = document.createElement('div');
  chart.className = 'chart';
  // Vega escapes the estimator names it writes; run() waits for the charts before it says done
  pendingCharts.push(chartSlot(chart)(varianceChartSpec(result)));

  section.append(title, description, table, chart);
  return section;
}

async function run(): Promise<void> {
  const budget = Number(budgetSelect.value);
  const seed = Number(seedInput.value);
  if (!Number.isInteger(budget) || budget < 2) throw new Error(`the budget must be an integer ≥ 2, got ${budgetSelect.value}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`the seed must be a non-negative integer, got ${seedInput.value}`);
  setControls(false);
  results.replaceChildren();
  setStatus('running', `Running ${toyProblems.length} problems at ${budget.toLocaleString('en')} evaluations per estimator…`);
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  const runKey = key(seed);
  for (const [i, problem] of toyProblems.entries()) {
    progressLine.textContent = `Problem ${i + 1}/${toyProblems.length}: ${problem.id} — training the learned baseline, then drawing estimates…`;
    await nextFrame();
    const result = runProblem({
      problem,
      key: fold(runKey, i),
      evaluationBudget: budget,
      onProgress: ({ estimator, done, total }) => {
        progressLine.textContent = `Problem ${i + 1}/${toyProblems.length}: ${problem.id} — ${estimator} ${done}/${total}`;
      },
    });
    results.append(renderProblem(result, budget));
    await nextFrame();
  }
  await Promise.all(pendingCharts.splice(0));
  const seconds = (performance.now() - started) / 1000;
  const leaked = tf.memory().numTensors - tensorsBefore;
  statusLine.dataset.seconds = seconds.toFixed(2);
  statusLine.dataset.leakedTensors = String(leaked);
  progressLine.textContent = '';
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
  startVaePanel({ seed: () => Number(seedInput.value), onError: (error) => console.error(error) });
  startScorePanel({ seed: () => Number(seedInput.value), onError: (error) => console.error(error) });
  startChainsPanel({ seed: () => Number(seedInput.value), onError: (error) => console.error(error) });
  startEnvsPanel({ seed: () => Number(seedInput.value), onError: (error) => console.error(error) }).catch((error: unknown) => console.error(error));
}

start().catch((error: unknown) => {
  backendLine.dataset.backend = 'none';
  backendLine.textContent = 'Backend: failed to start (see below).';
  showError(error);
});
