// The terminal and HTML tables: no NaN for the VAE's missing step-0 training objective, and a
// legend for the bias marks and the amortised time per estimate.
import type { EstimatorReport } from '@stochgrad/core';
import { describe, expect, it } from 'vitest';
import { TABLE_LEGEND, type VaeSummary, htmlReport, textTable, vaeTable } from '../src/report';
import type { ProblemResult } from '../src/toy';

const report = (name: string, maxAbsBiasZ: number | undefined): EstimatorReport => ({
  name,
  unbiased: true,
  evaluations: 2,
  replicates: 1000,
  mean: [0.5],
  variance: [0.25],
  meanVariance: 0.25,
  costAdjustedVariance: 0.5,
  snr: 1,
  millisecondsPerEstimate: 3.35e-4,
  ...(maxAbsBiasZ === undefined ? {} : { maxAbsBiasZ, biasThreshold: 3.3, biasZ: [maxAbsBiasZ] }),
});

const result = {
  problem: { id: 'toy', title: 'A toy', description: 'One coordinate.' },
  evaluationBudget: 2000,
  exactGradient: [0.5],
  reports: [report('unbiased', 0.4), report('biased', 65.5), report('bound, not enumerable', undefined)],
} as unknown as ProblemResult;

const vae: VaeSummary = {
  estimator: 'DisARM',
  description: 'a VAE',
  history: [
    { step: 0, trainObjective: Number.NaN, heldOutElbo: -543.2, seconds: 0 },
    { step: 250, trainObjective: -210.5, heldOutElbo: -205.25, seconds: 4.2 },
  ],
  reconstructionsUri: 'data:image/png;base64,',
  samplesUri: 'data:image/png;base64,',
};

describe('textTable', () => {
  it('marks a flagged bias with ! and a missing test with -, and explains both and ms/estimate under the table', () => {
    const text = textTable(result);
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('biased'))).toMatch(/65\.50 !/);
    expect(lines.find((l) => l.startsWith('bound, not enumerable'))).toMatch(/ - /);
    expect(text).toContain("'!' = flagged as biased");
    expect(text).toContain("'-' = no exact gradient");
    expect(text).toMatch(/ms\/estimate: .*amortised over a batch/);
  });
});

describe('VAE table', () => {
  it('shows — for the step-0 training objective, never NaN, in the terminal and in the HTML report', async () => {
    const text = vaeTable(vae);
    expect(text).not.toContain('NaN');
    expect(text.split('\n').find((l) => l.startsWith('0 '))).toMatch(/^0\s+—\s+-543\.20/);
    const html = await htmlReport([result], { backend: 'wasm', date: '2026-01-01', seconds: 1, vae });
    expect(html).not.toContain('NaN');
    expect(html).toContain('<td>0</td><td>—</td><td>-543.20</td>');
    for (const line of TABLE_LEGEND) expect(html).toContain(line.replace(/>/g, '&gt;'));
  });
});
