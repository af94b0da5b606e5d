/** The results table (markdown) and plots (SVG, drawn by @stochgrad/plots) of the coupled-MCMC VAE bench. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { histogram, lineChart, renderSvg } from '@stochgrad/plots';
import type { Method, RunResult } from './train';

const DESCRIPTION: Record<Method, { decoder: string; encoder: string }> = {
  'unbiased-incl': { decoder: 'coupled i-SIR, H_{k:m} (unbiased)', encoder: 'inclusive KL on the chain states' },
  'unbiased-iwae': { decoder: 'coupled i-SIR, H_{k:m} (unbiased)', encoder: 'IWAE bound' },
  iwae: { decoder: 'IWAE bound (biased)', encoder: 'IWAE bound' },
};

type Run = RunResult & { command: string; machine: string };

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

function quantile(histogram: Record<string, number>, p: number): number {
  const entries = Object.entries(histogram)
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, v]) => s + v, 0);
  let cumulative = 0;
  for (const [t, v] of entries) {
    cumulative += v;
    if (cumulative >= p * total) return t;
  }
  return NaN;
}

export async function writeReport(out: string, runs: Run[]): Promise<string> {
  const methods = [...new Set(runs.map((r) => r.config.method))];
  const lines: string[] = [];
  lines.push('| method | decoder gradient | encoder objective | S | k, m, cap | steps × batch | evaluations / point / step | train s / run | test log p(x) per seed | mean ± sd | τ: mean, p90, p99, max | capped |');
  lines.push('|---|---|---|---:|---|---|---:|---:|---|---:|---|---:|');
  for (const method of methods) {
    const group = runs.filter((r) => r.config.method === method).sort((a, b) => a.config.seed - b.config.seed);
    const values = group.map((r) => r.testLogLikelihood);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : NaN;
    const c = group[0]?.config;
    if (!c) continue;
    const unbiased = method !== 'iwae';
    const merged: Record<string, number> = {};
    let capped = 0;
    let count = 0;
    let meanTau = 0;
    let maxTau = 0;
    for (const r of group) {
      if (!r.meeting) continue;
      for (const [k, v] of Object.entries(r.meeting.histogram)) merged[k] = (merged[k] ?? 0) + v;
      capped += r.meeting.numCapped;
      count += r.meeting.count;
      meanTau += r.meeting.mean * (r.meeting.count - r.meeting.numCapped);
      maxTau = Math.max(maxTau, r.meeting.max);
    }
    const S = unbiased ? c.particles : [...new Set(group.map((r) => r.config.iwaeSamples))].join('/');
    lines.push(
      `| ${method} | ${DESCRIPTION[method].decoder} | ${DESCRIPTION[method].encoder}${method === 'unbiased-iwae' ? ` (S = ${c.iwaeSamples})` : ''} | ${S} | ${unbiased ? `${c.k}, ${c.m}, ${c.maxIterations}` : '–'} | ${c.steps} × ${c.batch} | ` +
        `${fmt(group.reduce((s, r) => s + r.evaluations.perPointPerStep, 0) / group.length, 1)} | ${fmt(group.reduce((s, r) => s + r.seconds, 0) / group.length, 0)} | ` +
        `${group.map((r) => `${fmt(r.testLogLikelihood)} (seed ${r.config.seed}, SE ${fmt(r.testLogLikelihoodSe)})`).join('; ')} | ${fmt(mean)} ± ${fmt(sd)} | ` +
        `${unbiased ? `${fmt(meanTau / Math.max(1, count - capped))}, ${quantile(merged, 0.9)}, ${quantile(merged, 0.99)}, ${maxTau}` : '–'} | ${unbiased ? `${capped} of ${count}` : '–'} |`,
    );
  }
  const table = lines.join('\n');
  const first = runs[0];
  const commands = [...new Set(runs.map((r) => r.command))];
  const trainMinutes = runs.reduce((s, r) => s + r.seconds, 0) / 60;
  const c = first?.config;
  // hand-written observations about the committed run, kept across --report rebuilds
  const notesFile = join(out, 'notes.md');
  const notes = existsSync(notesFile) ? `\n${readFileSync(notesFile, 'utf8').trim()}\n` : '';
  const markdown = `# Coupled-MCMC VAE on dynamically binarized MNIST

A VAE with ${c?.latent} Gaussian latents, a Bernoulli decoder (${c?.latent}-${c?.hidden}-784, tanh) and a Gaussian encoder (784-${c?.hidden}-2·${c?.latent}), trained with Adam(${c?.learningRate}) on ${c?.steps} steps of ${c?.batch} dynamically binarized images from a subset of the MNIST training set. Three gradient methods, each with seeds ${[...new Set(runs.map((r) => r.config.seed))].join(', ')}:

- **unbiased-incl**: decoder on the coupled i-SIR estimate of ∇_θ log p_θ(x) (H_{k:m}, Rao-Blackwellised over S particles, lag 1), encoder on the inclusive KL from the same chain states (\`surrogate + inclusiveKlSurrogate\` of \`unbiasedLogLikelihoodGradient\`, \`independentRows: true\`);
- **unbiased-iwae**: the same decoder gradient, encoder on the IWAE bound with S = ${runs.find((r) => r.config.method === 'unbiased-iwae')?.config.iwaeSamples};
- **iwae**: encoder and decoder on the IWAE bound, with S chosen so that its log p(x, z) evaluations per data point and step equal those of the unbiased-incl run with the same seed (equal cost).

${table}

- Test log p(x): importance sampling with the trained encoder as proposal, ${c?.testSamples} samples per image, on the first ${c?.testImages} test images binarized once with key 20211. SE is over images; "mean ± sd" is over seeds.
- Evaluations count log p_θ(x, z) for one (x, z) pair, forward (chains) or with a gradient (surrogate, IWAE). The chains' count includes every chain transition computed.
- τ is the meeting time of the coupled chains of each data point at each training step (X_τ = Y_{τ−1}). "Capped" chains reached the cap ${c?.maxIterations} without meeting. Their gradient terms are truncated, so slightly biased, and they are counted here, never dropped.
- Plots: \`test-loglik.svg\` (checkpoints on 300 test images with S = 100, against evaluations), \`test-loglik-time.svg\` (the same against training seconds), \`meeting-times.svg\` (the empirical distribution of τ).

Budget: ${fmt(trainMinutes, 0)} min of training over the ${runs.length} runs (plus the test-set evaluations), in one niced background process. That is why the model is small, the training set is a subset (${c?.steps} × ${c?.batch} examples seen per run), and the runs are short. The numbers compare methods at this budget; they are not converged MNIST results.
${notes}
Machine: ${first?.machine}

Command:

${commands.map((command) => `    ${command}`).join('\n')}
`;
  writeFileSync(join(out, 'README.md'), markdown);

  const histograms = methods
    .filter((m) => m !== 'iwae')
    .map((method) => {
      const counts: Record<string, number> = {};
      for (const r of runs.filter((x) => x.config.method === method)) for (const [k, v] of Object.entries(r.meeting?.histogram ?? {})) counts[k] = (counts[k] ?? 0) + v;
      return { name: method, counts };
    })
    .filter((h) => Object.keys(h.counts).length > 0);
  if (histograms.length > 0) {
    writeFileSync(
      join(out, 'meeting-times.svg'),
      await renderSvg(histogram({
        title: 'Meeting times τ of the coupled i-SIR chains during training (lag 1)',
        xTitle: 'meeting time τ (X_τ = Y_{τ−1})',
        series: histograms,
        normalize: true,
        subtitle: `every data point of every training step, all seeds; S = ${first?.config.particles}; capped chains (not met by ${first?.config.maxIterations}, not drawn): ${runs.reduce((n, r) => n + (r.meeting?.numCapped ?? 0), 0)} of ${runs.reduce((n, r) => n + (r.meeting?.count ?? 0), 0)}`,
      })),
    );
  }
  writeFileSync(
    join(out, 'test-loglik.svg'),
    await renderSvg(lineChart({
      title: 'Test log-likelihood during training (300 test images, S = 100)',
      xTitle: 'log p(x, z) evaluations',
      yTitle: 'test log p(x) (nats)',
      series: runs
        .slice()
        .sort((a, b) => (a.config.method + a.config.seed).localeCompare(b.config.method + b.config.seed))
        .map((r) => ({ name: `${r.config.method} seed ${r.config.seed}`, points: r.curve.map((p) => [p.evaluations, p.testLogLikelihood] as [number, number]) })),
    })),
  );
  writeFileSync(
    join(out, 'test-loglik-time.svg'),
    await renderSvg(lineChart({
      title: 'Test log-likelihood during training, against training time',
      xTitle: 'training seconds (shared, niced 2-core machine)',
      yTitle: 'test log p(x) (nats)',
      series: runs
        .slice()
        .sort((a, b) => (a.config.method + a.config.seed).localeCompare(b.config.method + b.config.seed))
        .map((r) => ({ name: `${r.config.method} seed ${r.config.seed}`, points: r.curve.map((p) => [p.seconds, p.testLogLikelihood] as [number, number]) })),
    })),
  );
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify({ table, runs: runs.map((r) => ({ method: r.config.method, seed: r.config.seed, testLogLikelihood: r.testLogLikelihood, se: r.testLogLikelihoodSe, evaluations: r.evaluations, seconds: r.seconds })) }, null, 1)}\n`);
  return markdown;
}
