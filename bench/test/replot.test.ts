// --replot of each bench script that saves its data (pnpm bench, relax-toy, entropy), run as a user
// runs it (a child process under tsx) on a tiny saved run in a temporary directory: the charts come
// back as Vega SVGs (role-* mark groups, which the old hand-drawn SVGs never had), the tables carry
// the saved numbers, the saved JSON is left byte for byte, and no training or timing runs (a few
// seconds each). The scripts import the built packages (turbo builds them before this package's tests).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScript } from './run-script';

// a replot that trained or timed anything would run for minutes: stop it (the test then fails)
const run = (script: string, args: string[]) => runScript(script, args, 60_000);

/** An SVG rendered by Vega: a root frame group and at least one group of marks. */
function expectVegaSvg(svg: string, marks: RegExp): void {
  expect(svg).toMatch(/^<svg /);
  expect(svg).toMatch(/class="mark-group role-frame root"/);
  expect(svg).toMatch(marks);
}

const dirs: string[] = [];
function tempDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replot-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content, null, 1));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const snapshot = { node: 0, cpu: 'test', cores: 1, loadAverage: { start: 0, end: 0 } };
const memoryRow = (name: string, tensors: number) => {
  const at = { numTensors: tensors, numBytes: 4 * tensors };
  return { name, problem: 'bernoulli-8d', iterations: 50, atStart: at, early: at, late: at, afterDispose: at, iterationsPerSecond: 987.6, ok: true };
};
const throughputRow = (backend: string, estimator: string, estimatesPerSecond: number) => ({
  backend, problem: 'bernoulli-1d', estimator, batch: 10, calls: 5, seconds: 0.1, millisecondsPerCall: 1,
  estimatesPerSecond, blockEstimatesPerSecond: [estimatesPerSecond], kernelsPerCall: 42, tensorsLeaked: 0,
});
const stamp = { measuredAt: '2026-01-01T00:00:00.000Z', seconds: 1.5, quick: true };

describe('pnpm bench --replot', () => {
  it('redraws latest.html from latest.json: Vega bar charts and the saved numbers in the tables', async () => {
    const saved = {
      generatedAt: '2026-01-01T00:00:00.000Z',
      machine: { node: '20', platform: 'linux-x64', cpu: 'test cpu', cores: 1, tfjs: '4.22.0', loadAverage: { start: 0.5, end: 0.75 } },
      seed: 0,
      totalSeconds: 3,
      throughput: {
        batches: [10], secondsPerMeasurement: 0.1, blocks: 1, warmupSeconds: 0.5,
        rows: [throughputRow('wasm', 'reinforce', 123_456), throughputRow('cpu', 'reinforce', 45_678), throughputRow('wasm', 'arm', 7_890), throughputRow('cpu', 'arm', 6_543)],
        ...stamp,
      },
      memory: { backend: 'wasm', batch: 16, checkpoint: 10, rows: [memoryRow('reinforce+ema', 6)], ok: true, ...stamp },
    };
    const dir = tempDir({ 'latest.json': saved });
    const before = readFileSync(join(dir, 'latest.json'), 'utf8');
    const { code, stdout, stderr } = await run('src/main.ts', ['--replot', '--out', dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/redrew .*latest\.html/);
    const html = readFileSync(join(dir, 'latest.html'), 'utf8');
    // one bar chart per batch size, drawn by Vega; the section without data is absent
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(1);
    expectVegaSvg(svgs[0] as string, /class="mark-rect role-mark/);
    expect(html).not.toMatch(/matMul-gradient fix/);
    for (const cell of ['123,456', '45,678', '7,890', '6,543', '×2.70', '×1.21', '988']) expect(html).toContain(`<td>${cell}</td>`);
    expect(html).toContain('tensors after 50');
    expect(readFileSync(join(dir, 'latest.json'), 'utf8')).toBe(before);
  });

  it('says what is missing when there is no latest.json', async () => {
    const dir = tempDir({});
    const { code, stderr } = await run('src/main.ts', ['--replot', '--out', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--replot needs .*latest\.json/);
    expect(existsSync(join(dir, 'latest.html'))).toBe(false);
  });
});

describe('relax-toy --replot', () => {
  it('redraws the three charts and summary.md from latest.json', async () => {
    const trace = (estimator: string, variance: number[]) => ({
      estimator, evaluations: 1, steps: [0, 25, 50, 75, 100], theta: [0.5, 0.45, 0.4, 0.35, 0.3], exactLoss: [0.25, 0.2499, 0.2498, 0.2497, 0.2496],
      gradientVariance: variance, meanErrorZ: [0.5, -1.25, 2, -0.5, 1], seconds: 12,
    });
    const saved = {
      t: 0.499, learningRate: 0.01, steps: 100, every: 25, replicates: 8, seed: 3, controlLearningRate: 0.01, controlBeta1: 0.9,
      measuredAt: '2026-01-01T00:00:00.000Z', machine: snapshot,
      comparisons: [{ a: 'relax', b: 'rebar', probes: 4, below: 3, staysBelowFrom: 50, medianA: 1e-4, medianB: 3e-4, belowAt: [{ step: 50, varianceA: 2e-4, varianceB: 3e-4, thetaA: 0.4, thetaB: 0.4 }] }],
      traces: [trace('rebar', [1e-2, 5e-3, 3e-4, 3e-4, 3e-4]), trace('relax', [1e-2, 6e-3, 2e-4, 1e-4, 5e-5])],
    };
    const dir = tempDir({ 'latest.json': saved });
    const before = readFileSync(join(dir, 'latest.json'), 'utf8');
    const { code, stdout } = await run('src/relax-toy/main.ts', ['--replot', '--out', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/redrew /);
    for (const file of ['loss.svg', 'variance.svg', 'variance-vs-theta.svg']) {
      const svg = readFileSync(join(dir, file), 'utf8');
      expectVegaSvg(svg, /class="mark-line role-mark/);
      expect(svg).toMatch(/role-legend/);
    }
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('Options: {"steps":100,"every":25,"replicates":8,"seed":3,"controlLearningRate":0.01,"controlBeta1":0.9}.');
    // final θ, final loss, medians of the first half (probe 1: step 0 is left out) and of the second, max |z|, seconds
    expect(summary).toContain('| relax | 1 | 0.3000 | 0.249600 | 6.00e-3 | 1.00e-4 | 2.00 | 12 |');
    expect(summary).toContain('- Var relax < Var rebar at 3 of 4 probes after step 0, and at every probe from step 50 on; second-half medians 1.00e-4 vs 3.00e-4 (ratio 3.0).');
    expect(summary).toContain('  - below at steps 50; e.g. step 50: 2.0e-4 vs 3.0e-4 (θ 0.400 vs 0.400).');
    expect(readFileSync(join(dir, 'latest.json'), 'utf8')).toBe(before);
  });
});

describe('entropy --replot', () => {
  const density = {
    scale: 1.25, steps: 200,
    curves: [
      { name: 'AR-DAE (δ = 0.1)', points: [[100, 0.5], [200, 0.25]], cosine: [[100, 0.9], [200, 0.975]] },
      { name: 'DAE (σ = 0.05·s)', points: [[100, 0.75], [200, 0.625]], cosine: [[100, 0.8], [200, 0.85]] },
    ],
    sweep: { steps: 50, levels: [0.1, 1], ours: [[-1, 0.3], [0, 0.45]], theirs: [[-1, 0.6], [0, 0.7]] },
  };
  const fit = {
    energy: 'wave', steps: 40,
    mmd2: { ardae: 0.07, noEntropy: 0.2, initial: 0.1, noiseFloor: 0.0005 },
    mmd2Fine: { ardae: 0.04, noEntropy: 0.8, initial: 0.7, noiseFloor: 0.0008 },
    histogramKl: { ardae: 0.8209, noEntropy: 5.25, exactSamples: 0.3125 },
    bandwidth: 3, secondsPerStep: 0.0125,
  };
  const saved = { measuredAt: '2026-01-01T00:00:00.000Z', machine: {}, seed: 7, quick: true, scoreFields: { blob: density }, fit, seconds: 5 };
  const grid = { box: [-2, 2], cells: 2, logDensity: [-1, -2, -0.5, -3] };
  const pictures = {
    fields: { blob: { density: 'blob', title: 'AR-DAE score at σ = 0 after 200 steps', ...grid, truth: [[-1, 1, 0.5, 0], [1, -1, 0, 0.5]], estimate: [[-1, 1, 0.4, 0.1], [1, -1, 0.1, 0.4]] } },
    fit: { energy: 'wave', ...grid, evaluation: 3, batch: 8, steps: 40, anneal: 16, exact: [[0, 0], [1, 1], [-1, 0.5]], ardae: [[0.5, 0], [1, 0.5], [-1, 1]], noEntropy: [[0, 0], [0, 0.1], [0.1, 0]] },
  };

  it('redraws every chart and summary.md from latest.json and pictures.json', async () => {
    const dir = tempDir({ 'latest.json': saved, 'pictures.json': pictures });
    const before = readFileSync(join(dir, 'latest.json'), 'utf8');
    const { code, stderr } = await run('src/entropy/main.ts', ['--replot', '--out', dir]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/redrew .*steps-blob\.svg, noise-blob\.svg, field-blob\.svg, fit-wave\.svg, summary\.md/);
    expect(stderr).not.toMatch(/not redrawn/);
    for (const file of ['steps-blob.svg', 'noise-blob.svg']) expectVegaSvg(readFileSync(join(dir, file), 'utf8'), /class="mark-line role-mark/);
    // the field: arrows (rules) over the heat map's cells (rects); the fit: samples (circles)
    const field = readFileSync(join(dir, 'field-blob.svg'), 'utf8');
    expectVegaSvg(field, /class="mark-rule role-mark/);
    expect(field).toMatch(/class="mark-rect role-mark/);
    expect(field).toContain('blob: AR-DAE score at σ = 0 after 200 steps');
    const fitSvg = readFileSync(join(dir, 'fit-wave.svg'), 'utf8');
    expectVegaSvg(fitSvg, /class="mark-symbol role-mark/);
    expect(fitSvg).toContain('AR-DAE entropy gradient (KL 0.82)');
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('Seed 7 (quick run), 2026-01-01T00:00:00.000Z.');
    expect(summary).toContain('| AR-DAE (δ = 0.1) | 0.250 | 0.975 |');
    expect(summary).toContain('Noise-scale sweep (50 steps): 0.1: AR-DAE 0.300 / DAE 0.600; 1: AR-DAE 0.450 / DAE 0.700.');
    expect(summary).toContain('| AR-DAE entropy gradient | 7.00e-2 | 4.00e-2 | 0.821 |');
    expect(summary).toContain('40 generator steps (12.5 ms each');
    expect(readFileSync(join(dir, 'latest.json'), 'utf8')).toBe(before);
  });

  it('leaves a chart whose picture was not saved as it is and names it', async () => {
    const dir = tempDir({ 'latest.json': saved, 'pictures.json': { fields: {} } });
    writeFileSync(join(dir, 'fit-wave.svg'), '<svg>old</svg>');
    const { code, stderr } = await run('src/entropy/main.ts', ['--replot', '--out', dir]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/not redrawn .*: field-blob\.svg, fit-wave\.svg/);
    expect(existsSync(join(dir, 'field-blob.svg'))).toBe(false);
    expect(readFileSync(join(dir, 'fit-wave.svg'), 'utf8')).toBe('<svg>old</svg>');
    expectVegaSvg(readFileSync(join(dir, 'steps-blob.svg'), 'utf8'), /class="mark-line role-mark/);
  });
});
