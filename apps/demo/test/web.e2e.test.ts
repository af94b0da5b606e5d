/**
 * End to end: builds the web page with Vite, serves the build with `vite preview`, runs the
 * comparison in Debian's Chromium (headless, WASM backend) and checks the numbers the page shows
 * against closed forms.
 *
 * Needs /usr/bin/chromium (`apt-get install chromium`); never downloads a browser.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** objective evaluations per estimator: M = BUDGET / cost estimates each */
const BUDGET = 4000;
/** set to a file path to keep a screenshot of the finished page */
const SCREENSHOT = process.env.WEB_DEMO_SCREENSHOT;

const appDir = fileURLToPath(new URL('..', import.meta.url));

interface RowData {
  estimator: string;
  problem: string;
  cost: number;
  replicates: number;
  mean: number[];
  variance: number;
  costVariance: number;
  biasZ: number;
  biasThreshold: number;
  unbiased: boolean;
}

let outDir: string | undefined;
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
const pageErrors: string[] = [];
let rows: RowData[] = [];
let backend: Record<string, string | undefined> = {};
let backendText = '';
let status: Record<string, string | undefined> = {};
let statusText = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The web end-to-end test needs Debian's Chromium at ${CHROMIUM}, which is missing. ` +
        'Install it with `apt-get install chromium` (the project test command does this). ' +
        'Do not download a browser with `npx playwright install`.',
    );
  }
  outDir = mkdtempSync(join(tmpdir(), 'stochgrad-web-'));
  const configFile = join(appDir, 'vite.config.ts');
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a local URL');
  baseUrl = url;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => pageErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));

  await page.goto(url);
  await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]', { timeout: 60_000 });
  if ((await page.getAttribute('#status', 'data-state')) !== 'ready') {
    throw new Error(`the page did not start: ${await page.textContent('#status')}\n${pageErrors.join('\n')}`);
  }
  await page.selectOption('#budget', String(BUDGET));
  await page.click('#run');
  await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 120_000 });

  statusText = (await page.textContent('#status')) ?? '';
  status = await page.$eval('#status', (e) => ({ ...(e as HTMLElement).dataset }));
  backendText = (await page.textContent('#backend')) ?? '';
  backend = await page.$eval('#backend', (e) => ({ ...(e as HTMLElement).dataset }));
  const raw = await page.$$eval('tr[data-estimator]', (trs) => trs.map((tr) => ({ ...(tr as HTMLElement).dataset })));
  rows = raw.map((d) => ({
    estimator: d.estimator ?? '',
    problem: d.problem ?? '',
    cost: Number(d.cost),
    replicates: Number(d.replicates),
    mean: (d.mean ?? '').split(',').map(Number),
    variance: Number(d.variance),
    costVariance: Number(d.costVariance),
    biasZ: Number(d.biasZ),
    biasThreshold: Number(d.biasThreshold),
    unbiased: d.unbiased === 'true',
  }));
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

let baseUrl = '';

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function row(problem: string, estimator: string): RowData {
  const found = rows.find((r) => r.problem === problem && r.estimator === estimator);
  if (!found) throw new Error(`no row for ${estimator} on ${problem}; rows: ${rows.map((r) => `${r.problem}/${r.estimator}`).join(', ')}`);
  return found;
}

/**
 * Relative tolerance for a sample variance of M draws: its relative standard error is
 * √((κ − 1 + 2/(M − 1)) / M) for kurtosis κ; with κ ≤ 3 (the draws below are two-point, κ = 1)
 * that is at most √(2 / (M − 1)), and we allow 5 of them (a false alarm below 1e-6).
 */
const varianceTolerance = (m: number) => 5 * Math.sqrt(2 / (m - 1));

// f(b) = (b − 0.499)² at θ = ½: the two objective values of the bernoulli-1d problem
const f1 = (1 - 0.499) ** 2;
const f0 = 0.499 ** 2;

describe('the web demo in Chromium (WASM backend)', () => {
  it('finishes without errors on the page', () => {
    expect(status.state, `the page reported: ${statusText}`).toBe('done');
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
    expect(statusText).toContain(`${BUDGET.toLocaleString('en')} evaluations per estimator`);
    expect(Number(status.leakedTensors), 'tensors left over after the run').toBe(0);
  });

  it('runs on the wasm backend with SIMD, cross-origin isolated', () => {
    expect(backend.backend).toBe('wasm');
    expect(backend.simd).toBe('true');
    expect(backendText).toMatch(/wasm \(SIMD on, \d+ threads?\)/);
    expect(backend.crossOriginIsolated, 'vite preview must send COOP/COEP headers').toBe('true');
    expect(Number(backend.threads)).toBeGreaterThanOrEqual(1);
  });

  it('shows a table and a chart for every problem, each estimator at the equal budget', async () => {
    for (const problem of ['bernoulli-1d', 'bernoulli-8d', 'gaussian-4d']) {
      const section = page!.locator(`section[data-problem="${problem}"]`);
      expect(await section.count()).toBe(1);
      expect(await section.locator('svg rect').count()).toBeGreaterThanOrEqual(6);
      const problemRows = rows.filter((r) => r.problem === problem);
      expect(problemRows.length).toBeGreaterThanOrEqual(6);
      for (const r of problemRows) {
        expect(r.replicates, r.estimator).toBe(Math.floor(BUDGET / r.cost));
        expect(Number.isFinite(r.variance) && r.variance > 0, `${problem}/${r.estimator} variance ${r.variance}`).toBe(true);
        expect(r.costVariance).toBeCloseTo(r.variance * r.cost, 10);
      }
    }
  });

  it('bernoulli-1d: reinforce variance matches its closed form (f(1) + f(0))² / 16 ≈ 1.5625e-2', () => {
    const r = row('bernoulli-1d', 'reinforce');
    const exact = (f1 + f0) ** 2 / 16;
    expect(exact).toBeCloseTo(1.5625e-2, 6);
    expect(r.cost).toBe(1);
    const tolerance = varianceTolerance(r.replicates);
    expect(tolerance).toBeLessThan(0.2);
    expect(Math.abs(r.variance / exact - 1), `variance ${r.variance} vs ${exact} (±${(100 * tolerance).toFixed(1)}%)`).toBeLessThan(tolerance);
  });

  it('bernoulli-1d: reinforce-loo(K=2) variance matches its closed form (f(1) − f(0))² / 16 = 2.5e-7', () => {
    const r = row('bernoulli-1d', 'reinforce-loo(K=2)');
    const exact = (f1 - f0) ** 2 / 16;
    expect(exact).toBeCloseTo(2.5e-7, 12);
    expect(r.cost).toBe(2);
    const tolerance = varianceTolerance(r.replicates);
    expect(tolerance).toBeLessThan(0.2);
    expect(Math.abs(r.variance / exact - 1), `variance ${r.variance} vs ${exact} (±${(100 * tolerance).toFixed(1)}%)`).toBeLessThan(tolerance);
  });

  it('every unbiased estimator passes the bias z-test (where its exact reference can be enumerated)', () => {
    const checked = rows.filter((r) => r.unbiased && !(r.problem === 'bernoulli-8d' && /vimco|local-disarm/.test(r.estimator)));
    expect(checked.length).toBeGreaterThanOrEqual(28);
    for (const r of checked) {
      expect(Number.isFinite(r.biasZ) && Number.isFinite(r.biasThreshold), `${r.problem}/${r.estimator}`).toBe(true);
      expect(r.biasZ, `${r.problem}/${r.estimator}: max |bias z| ${r.biasZ} ≥ threshold ${r.biasThreshold}`).toBeLessThan(r.biasThreshold);
    }
  });

  it('gaussian-4d: pathwise has the lowest variance, per estimate and per evaluation', () => {
    const gaussian = rows.filter((r) => r.problem === 'gaussian-4d');
    const pathwise = row('gaussian-4d', 'pathwise');
    for (const r of gaussian.filter((r) => r.estimator !== 'pathwise')) {
      expect(pathwise.variance, `pathwise ${pathwise.variance} vs ${r.estimator} ${r.variance}`).toBeLessThan(r.variance);
      expect(pathwise.costVariance, `pathwise ${pathwise.costVariance} vs ${r.estimator} ${r.costVariance}`).toBeLessThan(r.costVariance);
    }
  });

  it('shows the error on the page when the wasm backend cannot start', async () => {
    const broken = await browser!.newPage();
    try {
      await broken.route('**/*.wasm', (route) => route.abort());
      await broken.goto(baseUrl);
      await broken.waitForSelector('#status[data-state="error"]', { timeout: 30_000 });
      expect(await broken.textContent('#status')).toMatch(/BackendError: .*wasm/);
      expect(await broken.isDisabled('#run')).toBe(true);
    } finally {
      await broken.close();
    }
  });
});
