/**
 * results.md and the SVG charts of the rl-sac bench, rebuilt from every stored run (so partial
 * tables are committed as runs finish): per part the final deterministic evaluation over seeds,
 * time per run, evaluation curves, and the measured policy entropy against SAC's target −dim(A).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LineSeries, lineChart, renderSvg } from '@stochgrad/plots';
import type { Stored } from './main';
import type { SacRun } from './runs';

/** Published figures at the same env (and where stated, step count); REFERENCES-RL.md §5. */
const REFERENCE: Record<string, Record<string, string>> = {
  'Pendulum-v1': { gaussian: 'SB3 zoo SAC at 20k steps: −157.00 ± 88.71 (one agent, deterministic evaluation)' },
  'HalfCheetah-v5': { gaussian: 'no published figure at 1e5 steps found; at 1M: SB3 zoo 9535 ± 100 (v3), CleanRL 9635 ± 1424 (v2, training return)' },
  'Hopper-v5': { gaussian: 'no published figure at 1e5 steps found; at 1M: SB3 zoo 2326 ± 1130 (v3), CleanRL 2310 ± 342 (v2, training return)' },
};

const TITLES: Record<string, string> = {
  pendulum: 'Pendulum-v1, Gaussian SAC (the SB3-zoo anchor)',
  'pendulum-implicit': 'Pendulum-v1, implicit policy with AR-DAE entropy',
  halfcheetah: 'HalfCheetah-v5, Gaussian SAC vs SAC-AR-DAE',
  hopper: 'Hopper-v5, Gaussian SAC vs SAC-AR-DAE',
};

function stats(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  // sample std over seeds (n − 1); 0 for a single seed
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std };
}

const fmt = (xs: readonly number[], digits = 1): string => {
  if (xs.length === 0) return '–';
  const { mean, std } = stats(xs);
  return xs.length === 1 ? mean.toFixed(digits) : `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
};

function settingsOf(r: SacRun): string {
  const a = r.setup.agent;
  const parts = [
    `lr ${a.learningRate ?? 3e-4}`,
    `learningStarts ${a.learningStarts ?? 100}`,
    `α ${a.entCoef === undefined || a.entCoef === 'auto' ? "'auto' (α₀ 1, target −dim(A))" : a.entCoef}`,
    `entropy ${typeof a.entropy === 'object' ? JSON.stringify(a.entropy) : (a.entropy ?? "'exact'")}`,
  ];
  if (a.jacobianClamping) parts.push('Jacobian clamping (reference settings)');
  if (r.setup.implicit) parts.push(`implicit policy u = g([s, ε]), noise size ${r.setup.implicit.noiseSize}, ${r.setup.implicit.hiddenSizes.join(' × ')} ReLU`);
  else parts.push('squashed Gaussian 256 × 256 ReLU');
  return parts.join('; ');
}

/** Training-episode returns as [steps, mean of the last (up to) 10 episodes]. */
function smoothedEpisodes(episodes: readonly [number, number][]): [number, number][] {
  return episodes.map(([t], i) => {
    const window = episodes.slice(Math.max(0, i - 9), i + 1);
    return [t, window.reduce((s, [, g]) => s + g, 0) / window.length];
  });
}

/** A run not finished yet, as its latest checkpoint holds it. */
export interface InProgress {
  id: string;
  part: Stored['part'];
  run: SacRun;
  savedAt: string;
}

export async function writeReport(out: string, stored: readonly Stored[], inProgress: readonly InProgress[] = []): Promise<void> {
  const runs = stored.map((s) => ({ id: s.id, part: s.part, run: s.record as SacRun }));
  const md: string[] = [
    '# SAC vs SAC-AR-DAE (@stochgrad/rl)',
    '',
    'Written by `pnpm --filter @stochgrad/bench run rl-sac` (bench/src/rl-sac) from the runs stored in `runs/` (one JSON per run, with the command, machine and load average it ran with). Agent: `sac` of packages/rl, Stable-Baselines3 conventions and defaults (Adam, buffer 10⁶, batch 256, τ 0.005, γ 0.99, trainFreq 1, gradientSteps 1, twin 256 × 256 ReLU critics) except where a part says otherwise. Evaluation: the deterministic policy (tanh of the mean, or of g(s, 0) for the implicit policy) for 10 episodes from fixed start seeds (10000 + seed), at step 0, every evaluation interval and at the end; the table gives the mean ± sample std over seeds of each seed\'s final 10-episode mean.',
    '',
    '**Resuming.** A run checkpoints to `checkpoints/<id>.json` (the agent\'s `save()` snapshot and the record so far) every checkpoint interval, and a rerun continues from there. The snapshot holds the weights, log α, the AR-DAE\'s weights and the step/update counters, but not the replay buffer, the Adam moments or the env\'s state, so a resumed run is not the run it would have been: the buffer restarts empty and is refilled with `learningStarts` uniform-action steps (counted in the run\'s steps; learningStarts is moved past the saved step count for that) before updates resume, Adam restarts from zero moments, and the env restarts with a reset (an episode in progress is dropped). The "resumes" column counts this; 0 means the run went through uninterrupted and is deterministic under its key.',
    '',
  ];
  const parts = [...new Set([...runs, ...inProgress].map((r) => r.part))];
  for (const part of ['pendulum', 'pendulum-implicit', 'halfcheetah', 'hopper'].filter((p) => parts.includes(p as Stored['part']))) {
    const mine = runs.filter((r) => r.part === part);
    const pending = inProgress.filter((r) => r.part === part);
    md.push(`## ${TITLES[part] ?? part}`, '');
    const settings = new Map<string, SacRun>();
    for (const r of [...mine, ...pending]) settings.set(r.run.setup.method, settings.get(r.run.setup.method) ?? r.run);
    for (const r of settings.values()) md.push(`- ${r.setup.method}: ${settingsOf(r)}; ${r.setup.steps} steps; evaluation every ${r.setup.evalEvery} steps.`);
    md.push('');
    const groups = new Map<string, typeof mine>();
    for (const r of mine) {
      const k = `${r.run.setup.env}|${r.run.setup.method}|${r.run.setup.steps}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    if (groups.size > 0) {
      md.push('| env | policy | steps | seeds | final deterministic evaluation (mean ± std over seeds) | per seed (10-episode mean ± std) | best evaluation during training | seconds per run (of which evaluation) | ms per step | resumes | reference |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    }
    for (const g of groups.values()) {
      const r0 = g[0]?.run as SacRun;
      const finals = g.map((r) => r.run.evaluations.at(-1) as { mean: number; std: number });
      md.push(
        `| ${r0.setup.env} | ${r0.setup.method} | ${r0.setup.steps} | ${g.map((r) => r.run.setup.seed).join(', ')} | **${fmt(finals.map((e) => e.mean))}** | ${g.map((r, i) => `s${r.run.setup.seed}: ${finals[i]?.mean.toFixed(1)} ± ${finals[i]?.std.toFixed(1)}`).join('; ')} | ${fmt(g.map((r) => Math.max(...r.run.evaluations.map((e) => e.mean))))} | ${fmt(g.map((r) => r.run.seconds), 0)} (${fmt(g.map((r) => r.run.evalSeconds), 0)}) | ${fmt(g.map((r) => (1000 * (r.run.seconds - r.run.evalSeconds)) / Math.max(1, r.run.steps)), 1)} | ${g.map((r) => r.run.resumes).join(', ')} | ${REFERENCE[r0.setup.env]?.[r0.setup.method] ?? '–'} |`,
      );
    }
    md.push('');
    if (pending.length > 0) {
      md.push('Runs in progress (from their latest checkpoint; not in the table above):', '');
      md.push('| run | steps so far | evaluations (steps: mean) | seconds so far | ms per step | resumes | checkpoint saved |', '| --- | --- | --- | --- | --- | --- | --- |');
      for (const r of pending) {
        md.push(`| ${r.id} | ${r.run.steps} / ${r.run.setup.steps} | ${r.run.evaluations.map((e) => `${e.steps}: ${e.mean.toFixed(1)}`).join(', ')} | ${r.run.seconds.toFixed(0)} | ${((1000 * (r.run.seconds - r.run.evalSeconds)) / Math.max(1, r.run.steps)).toFixed(1)} | ${r.run.resumes} | ${r.savedAt} |`);
      }
      md.push('');
    }
    const shown = [...mine.map((r) => ({ ...r, note: '' })), ...pending.map((r) => ({ ...r, note: ' (in progress)' }))];
    const evalSeries: LineSeries[] = shown.map((r) => ({ name: `${r.run.setup.method} seed ${r.run.setup.seed}${r.note}`, group: r.run.setup.method, variant: `seed ${r.run.setup.seed}${r.note}`, points: r.run.evaluations.map((e) => [e.steps, e.mean] as [number, number]) }));
    const trainSeries: LineSeries[] = shown.map((r) => ({ name: `${r.run.setup.method} seed ${r.run.setup.seed}${r.note} (training, last 10 episodes)`, group: `${r.run.setup.method} training`, variant: `seed ${r.run.setup.seed}${r.note}`, points: smoothedEpisodes(r.run.episodes) }));
    const curves = `${part}-curves.svg`;
    writeFileSync(
      resolve(out, curves),
      await renderSvg(lineChart({ title: TITLES[part] ?? part, subtitle: 'deterministic evaluation (10 episodes) and training return (mean of the last 10 episodes), one line per seed', xTitle: 'environment steps', yTitle: 'return', series: [...evalSeries, ...trainSeries], width: 640 })),
    );
    md.push(`![${part} learning curves](${curves})`, '');
    const entropySeries: LineSeries[] = shown
      .filter((r) => r.run.entropy.some(([, h]) => Number.isFinite(h)))
      .map((r) => ({ name: `${r.run.setup.method} seed ${r.run.setup.seed}${r.note}`, group: r.run.setup.method, variant: `seed ${r.run.setup.seed}${r.note}`, points: r.run.entropy.filter(([, h]) => Number.isFinite(h)).map(([t, h]) => [t, h] as [number, number]) }));
    if (entropySeries.length > 0) {
      const target = r0Target(shown.map((r) => r.run));
      const maxStep = Math.max(...shown.map((r) => r.run.steps));
      entropySeries.push({ name: `target −dim(A) = ${target}`, group: 'target', points: [[0, target], [maxStep, target]] });
      const file = `${part}-entropy.svg`;
      writeFileSync(
        resolve(out, file),
        await renderSvg(lineChart({ title: `${TITLES[part] ?? part}: policy entropy`, subtitle: '−mean log π(a′|s′) over the latest replay batch (closed form for the Gaussian; AR-DAE log p̃ − log Ẑ, minus the tanh term, for the implicit policy)', xTitle: 'environment steps', yTitle: 'entropy (nats)', series: entropySeries, width: 640 })),
      );
      md.push('Measured policy entropy against SAC\'s target entropy (the target of the α loss with `entCoef: \'auto\'`; with a fixed α it is only a reference line):', '');
      md.push('| policy | seed | entropy at 25% / 50% / 75% / 100% of training | α at the end | target |', '| --- | --- | --- | --- | --- |');
      for (const r of shown) {
        const h = r.run.entropy.filter(([, x]) => Number.isFinite(x));
        if (h.length === 0) continue;
        const at = (f: number) => {
          const t = f * r.run.steps;
          const row = h.reduce((best, e) => (Math.abs(e[0] - t) < Math.abs(best[0] - t) ? e : best), h[0] as [number, number, number, number]);
          return row[1].toFixed(2);
        };
        md.push(`| ${r.run.setup.method} | ${r.run.setup.seed}${r.note} | ${[0.25, 0.5, 0.75, 1].map(at).join(' / ')} | ${(h.at(-1) as [number, number, number, number])[2].toFixed(3)} | ${r.run.targetEntropy} |`);
      }
      md.push('', `![${part} entropy](${file})`, '');
    }
  }
  const contexts = [...new Set(stored.map((s) => `- \`${s.context.command}\` on ${s.context.machine} (load average at start ${s.context.load})`))];
  md.push('## Runs', '', `${stored.length} runs stored, ${inProgress.length} in progress, last finished ${stored.map((s) => s.finishedAt).sort().at(-1) ?? '–'}. Commands:`, '', ...contexts, '');
  writeFileSync(resolve(out, 'results.md'), `${md.join('\n')}\n`);
}

function r0Target(runs: readonly SacRun[]): number {
  return runs[0]?.targetEntropy ?? Number.NaN;
}
