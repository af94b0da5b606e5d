/**
 * results.md and the SVG charts of the rl-a2c bench, rebuilt from every stored run (so partial
 * tables are committed as runs finish).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LineSeries, lineChart, renderSvg } from '@stochgrad/plots';
import type { Stored } from './main';
import type { Sb3Run, SolveRun, VarianceRun } from './runs';

const PAPER: Record<string, Record<string, string>> = {
  cartpole: { a2c: '1152 ± 90', relax: '472 ± 114' },
  pendulum: { a2c: '6243 ± 164', lax: '2067 ± 412' },
  lunar: { a2c: '162374 ± 17241', relax: '68712 ± 20668' },
};

const meanStd = (xs: readonly number[]): string => {
  if (xs.length === 0) return '–';
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  if (xs.length === 1) return m.toFixed(0);
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  return `${m.toFixed(0)} ± ${sd.toFixed(0)}`;
};

/** [episode, mean of the last (up to) 100 returns] every `every` episodes. */
function runningMean(returns: readonly number[], every = 10): [number, number][] {
  const out: [number, number][] = [];
  let sum = 0;
  returns.forEach((g, i) => {
    sum += g - (i >= 100 ? (returns[i - 100] as number) : 0);
    if ((i + 1) % every === 0 || i === returns.length - 1) out.push([i + 1, sum / Math.min(100, i + 1)]);
  });
  return out;
}

interface Cell {
  env: string;
  method: string;
  learningRate: number;
  runs: SolveRun[];
}

function cells(runs: readonly SolveRun[]): Cell[] {
  const byKey = new Map<string, Cell>();
  for (const r of runs) {
    const k = `${r.setup.env}|${r.setup.method}|${r.setup.learningRate}`;
    const cell = byKey.get(k) ?? { env: r.setup.env, method: r.setup.method, learningRate: r.setup.learningRate, runs: [] };
    cell.runs.push(r);
    byKey.set(k, cell);
  }
  return [...byKey.values()].sort((a, b) => a.env.localeCompare(b.env) || a.method.localeCompare(b.method) || b.learningRate - a.learningRate);
}

/** Fewest mean episodes among cells whose every seed solved (the paper's "best setting"); else most seeds solved. */
function best(cellsOfMethod: readonly Cell[]): Cell | undefined {
  const score = (c: Cell) => {
    const solved = c.runs.filter((r) => r.episodesToSolve !== null);
    const mean = solved.reduce((s, r) => s + (r.episodesToSolve as number), 0) / Math.max(1, solved.length);
    return [solved.length / c.runs.length, -mean] as const;
  };
  return [...cellsOfMethod].sort((a, b) => {
    const [fa, ma] = score(a);
    const [fb, mb] = score(b);
    return fb - fa || mb - ma;
  })[0];
}

function solveTable(part: string, runs: readonly SolveRun[], thresholdNote: string): string[] {
  const lines = [
    `| env | method | lr | seeds solved | episodes to solve (mean ± std over solved seeds) | frames to solve | final 100-episode mean (all seeds) | seconds per run | paper (episodes) |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const all = cells(runs);
  for (const c of all) {
    const solved = c.runs.filter((r) => r.episodesToSolve !== null);
    const isBest = best(all.filter((o) => o.env === c.env && o.method === c.method)) === c;
    const mark = (s: string) => (isBest ? `**${s}**` : s);
    lines.push(
      `| ${c.env} | ${c.method} | ${c.learningRate} | ${solved.length}/${c.runs.length} | ${mark(meanStd(solved.map((r) => r.episodesToSolve as number)))} | ${meanStd(solved.map((r) => r.framesToSolve as number))} | ${meanStd(c.runs.map((r) => r.finalMean))} | ${meanStd(c.runs.map((r) => r.seconds))} | ${PAPER[part]?.[c.method] ?? '–'} |`,
    );
  }
  lines.push('', `Bold: the best setting per env and method (all seeds solved, fewest mean episodes), as the paper picks. ${thresholdNote}`);
  return lines;
}

async function solveCurves(out: string, file: string, title: string, runs: readonly SolveRun[]): Promise<void> {
  const all = cells(runs);
  const series: LineSeries[] = [];
  for (const env of [...new Set(all.map((c) => c.env))]) {
    for (const method of [...new Set(all.filter((c) => c.env === env).map((c) => c.method))]) {
      const c = best(all.filter((o) => o.env === env && o.method === method));
      if (!c) continue;
      for (const r of c.runs) series.push({ name: `${env} ${method} lr ${c.learningRate} seed ${r.setup.seed}`, group: `${env} ${method} (lr ${c.learningRate})`, variant: `seed ${r.setup.seed}`, points: runningMean(r.returns) });
    }
  }
  if (series.length === 0) return;
  writeFileSync(resolve(out, file), await renderSvg(lineChart({ title, subtitle: 'mean of the last 100 episode returns, best learning rate per method, one line per seed', xTitle: 'episode', yTitle: 'mean return (last 100)', series, width: 640 })));
}

/** One env's section: heading, settings, the episodes-to-solve table and its learning curves. */
async function solveSection(out: string, md: string[], part: string, runs: readonly SolveRun[], text: { heading: string; settings: string; paperNote: string; file: string; chartTitle: string; alt: string }): Promise<void> {
  md.push(`## ${text.heading}`, '');
  md.push(text.settings, '');
  md.push(...solveTable(part, runs, text.paperNote), '');
  await solveCurves(out, text.file, text.chartTitle, runs);
  md.push(`![${text.alt}](${text.file})`, '');
}

export async function writeReport(out: string, stored: readonly Stored[]): Promise<void> {
  const of = <T>(part: string) => stored.filter((s) => s.part === part).map((s) => s.record as T);
  const md: string[] = [
    '# A2C vs RELAX / LAX (@stochgrad/rl)',
    '',
    'Written by `pnpm --filter @stochgrad/bench run rl-a2c` (bench/src/rl-a2c) from the runs stored in `runs/` (one JSON per run, with the command, machine and load average it ran with). The policy-gradient estimators are the ones verified unbiased on exact MDPs in packages/rl (scoreFunctionPolicyGradient, relaxPolicyGradient with the exact conditional sampler, laxPolicyGradient with c at the executed action); both methods use the same returns-to-go (whole episodes, no bootstrapping) and the same state-value function V, which RELAX/LAX extend to c_φ = V + ĉ_φ.',
    '',
  ];
  const cartpole = of<SolveRun>('cartpole');
  if (cartpole.length) {
    await solveSection(out, md, 'cartpole', cartpole, {
      heading: "CartPole, one episode per update (the paper's discrete protocol)",
      settings: 'Settings: 2 × 10 ReLU policy, value function and ĉ; RMSprop (α 0.99, ε 1e-5) at the learning rate shown for θ, V and φ (CV scale 1); γ 0.99; entropy 0.01; no gradient clipping; one episode per update. Budget: 250,000 frames on v0, 500,000 on v1. Solved: the mean of the last 100 episode returns ≥ 195 on CartPole-v0 (200-step episodes; the paper\'s and its code\'s criterion) and ≥ 475 on CartPole-v1 (500-step episodes; Gymnasium\'s threshold). Episodes are counted as the paper\'s code counts rollouts: the number of episodes finished when the criterion is first met.',
      paperNote: 'Paper column: Grathwohl et al. 2018, Table "Mean episodes to solve tasks" (5 seeds; produced with a slightly biased conditional sampler, CartPole version not stated).',
      file: 'cartpole-curves.svg',
      chartTitle: 'CartPole: A2C vs RELAX, one episode per update',
      alt: 'CartPole learning curves',
    });
  }
  const variance = of<VarianceRun>('variance');
  if (variance.length) {
    md.push('## Policy-gradient variance (the Mirage protocol)', '');
    md.push(
      `At each point of training the current policy plays independent episodes on a separate env (${[...new Set(variance.map((v) => `${v.episodesPerPoint} per point on ${v.setup.env}`))].join(', ')}; the same episodes for every estimator measured at that point), and \`agent.policyGradientSamples\` returns each episode's estimate of ∇_θ J by the estimator the agent actually updates with. Tr Var is the sum over the policy's parameters of the per-episode variance (the variance of one update's estimate is this divided by the episodes per update, here 1); ‖mean‖² is the squared norm of the averaged gradient (the signal). For the RELAX agent the score function with the same V as baseline is measured on the same episodes: the ratio is the variance reduction the action-dependent control variate buys over the state-value baseline.`,
      '',
    );
    md.push('| env | agent | frames | episodes | training mean (100) | measured episodes\' mean return | estimator | Tr Var (per episode) | ‖mean‖² | own / V-baseline (same episodes) |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const v of variance) {
      for (const p of v.points) {
        const own = p.estimators[v.setup.method];
        const baseline = p.estimators['a2c (V baseline)'];
        const ratio = own && baseline && v.setup.method !== 'a2c' ? (own.traceVariance / baseline.traceVariance).toFixed(3) : '';
        for (const [name, e] of Object.entries(p.estimators)) {
          md.push(`| ${v.setup.env} | ${v.setup.method} lr ${v.setup.learningRate} | ${p.frames} | ${p.episodes} | ${Number.isFinite(p.meanReturn) ? p.meanReturn.toFixed(1) : '–'} | ${p.measuredReturn.toFixed(1)} | ${name} | ${e.traceVariance.toExponential(3)} | ${e.squaredNormOfMean.toExponential(3)} | ${name === v.setup.method ? ratio : ''} |`);
        }
      }
    }
    for (const env of [...new Set(variance.map((v) => v.setup.env))]) {
      const series: LineSeries[] = variance
        .filter((v) => v.setup.env === env)
        .flatMap((v) => Object.keys(v.points[0]?.estimators ?? {}).map((name) => ({ name: `${v.setup.method} agent: ${name}`, points: v.points.map((p) => [p.frames, p.estimators[name]?.traceVariance ?? Number.NaN] as [number, number]) })));
      const file = `variance-${env}.svg`;
      writeFileSync(resolve(out, file), await renderSvg(lineChart({ title: `${env}: variance of the per-episode policy-gradient estimate`, subtitle: 'sum over the policy parameters, across independent episodes of one snapshot', xTitle: 'training frames', yTitle: 'Tr Var (log scale)', logY: true, series, width: 640 })));
      md.push('', `![variance on ${env}](${file})`);
    }
    md.push('');
  }
  const sb3 = of<Sb3Run>('sb3');
  if (sb3.length) {
    md.push('## Sanity anchor: n-step A2C at Stable-Baselines3\'s settings on CartPole-v1', '');
    md.push('Settings: SB3 defaults (lr 7e-4, n_steps 5, γ 0.99, λ 1, ent 0, vf 0.5, max_grad_norm 0.5, RMSprop α 0.99 ε 1e-5, separate 2 × 64 tanh actor and critic) and the zoo\'s CartPole-v1 entry (8 copies, 5e5 steps). SB3 zoo: 500.00 ± 0.00 (deterministic evaluation, one trained agent).', '');
    md.push('| seed | frames | seconds | frames to a training mean of 475 | frames to 500 | deterministic evaluation (100 episodes) |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of sb3) md.push(`| ${r.seed} | ${r.frames} | ${r.seconds.toFixed(0)} | ${r.framesTo475 ?? 'never'} | ${r.framesTo500 ?? 'never'} | ${r.evaluation.mean.toFixed(2)} ± ${r.evaluation.std.toFixed(2)} |`);
    writeFileSync(resolve(out, 'sb3-curves.svg'), await renderSvg(lineChart({ title: 'CartPole-v1, A2C at SB3 settings', subtitle: 'mean of the last 100 training episodes', xTitle: 'frames', yTitle: 'mean return', series: sb3.map((r) => ({ name: `seed ${r.seed}`, points: r.curve })), width: 640 })));
    md.push('', '![SB3 anchor](sb3-curves.svg)', '');
  }
  const pendulum = of<SolveRun>('pendulum');
  if (pendulum.length) {
    await solveSection(out, md, 'pendulum', pendulum, {
      heading: 'InvertedPendulum-v5: LAX vs A2C, 2500-step batches',
      settings: `Settings: whole episodes collected until the batch holds ≥ 2500 transitions; 2 × 64 tanh policy (state-independent log-std, Gaussian draws clipped to the bounds) and V, ĉ 2 × 64 ReLU of [s, a] at the executed action; Adam (lr 0.003, the paper's grid {0.003, 0.0003}) for θ and V with ONE step per batch (the paper: V 25 steps, KL-adaptive policy lr, observation filter — not reproduced), RMSprop for φ; γ 0.99; no clipping. Solved: 100-episode mean ≥ 950 (Gymnasium's reward_threshold; the paper's threshold is not stated). Budget ${pendulum[0]?.setup.budget} frames per run (the paper: 1,000,000).`,
      paperNote: 'Paper column: Table "Mean episodes to solve tasks", InvertedPendulum (as reported, with the corrected code).',
      file: 'pendulum-curves.svg',
      chartTitle: 'InvertedPendulum-v5: A2C vs LAX (2500-step batches)',
      alt: 'InvertedPendulum learning curves',
    });
  }
  const lunar = of<SolveRun>('lunar');
  if (lunar.length) {
    await solveSection(out, md, 'lunar', lunar, {
      heading: 'LunarLander-v3: RELAX vs A2C, one episode per update',
      settings: `Settings as CartPole (2 × 10 ReLU, RMSprop lr 0.003, entropy 0.01, γ 0.99). Solved: 100-episode mean ≥ 200. Budget ${lunar[0]?.setup.budget} frames per run (the paper: 5,000,000; this machine's budget).`,
      paperNote: 'Paper column: as reported (its units are inconsistent: 162k episodes do not fit in 5M frames).',
      file: 'lunar-curves.svg',
      chartTitle: 'LunarLander-v3: A2C vs RELAX',
      alt: 'LunarLander learning curves',
    });
  }
  const contexts = [...new Set(stored.map((s) => `- \`${s.context.command}\` on ${s.context.machine} (load average at start ${s.context.load})`))];
  md.push('## Runs', '', `${stored.length} runs stored, last finished ${stored.map((s) => s.finishedAt).sort().at(-1) ?? '–'}. Commands:`, '', ...contexts, '');
  writeFileSync(resolve(out, 'results.md'), `${md.join('\n')}\n`);
}
