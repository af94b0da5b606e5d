/**
 * What: A2C and RELAX on CartPole-v1, side by side: both agents of @stochgrad/rl's `a2c` with one
 * full episode per update and exact returns-to-go (`nSteps: 'episode'`), the same settings and the
 * same key (so the same initial networks and the same first episode), trained in lockstep, one
 * episode each in turn. A2C uses the state-value baseline V(s); RELAX draws its actions by
 * Gumbel-max and uses the learned control variate c_φ(s, softmax(z/τ)) with the unbiased
 * conditional sampler. Used by the CLI (a short run and its table) and by the web page's worker
 * (web/cartpole-worker.ts, live), so the run is written once.
 * Properties: deterministic under a key on one backend; each agent's vector env records the cart's
 * position and the pole's angle at every step of the episode it is playing (float64, from the
 * environment's own state), so the page can replay the last finished episode of each policy. The
 * agents see exactly what `a2c({ env: 'CartPole-v1', n: 1 })` would (test/cartpole-race.test.ts).
 */
import type { Key } from '@stochgrad/core';
import { type ChartSpec, lineChart, sideBySide } from '@stochgrad/plots';
import { type A2CAgent, type A2CControlVariate, type CartPoleExtra, type Env, type RenderFrame, type SyncVectorEnv, type VectorEnv, a2c, cartPole, syncVectorEnv } from '@stochgrad/rl';

export const CARTPOLE_ENV = 'CartPole-v1';

export type CartPoleMethod = 'a2c' | 'relax';

export const cartpoleMethods: Readonly<Record<CartPoleMethod, { label: string; controlVariate: A2CControlVariate }>> = {
  a2c: { label: 'A2C', controlVariate: 'value' },
  relax: { label: 'RELAX', controlVariate: 'relax' },
};

export const CARTPOLE_METHODS = Object.keys(cartpoleMethods) as CartPoleMethod[];

/**
 * The agent settings both methods share (those of bench/results/rl-a2c), besides the environment:
 * one copy of CartPole-v1 (`n: 1`).
 */
export const CARTPOLE_SETTINGS = {
  nSteps: 'episode',
  hiddenSizes: [10, 10],
  activation: 'relu',
  entCoef: 0.01,
  maxGradNorm: Number.POSITIVE_INFINITY,
  learningRate: 0.01,
} as const;

/** The settings in words, for the terminal, the report and the page. */
export const CARTPOLE_DESCRIPTION =
  `${CARTPOLE_ENV}, one episode per update with exact returns-to-go, 2 × 10 ReLU actor and critic, RMSprop learning rate ${CARTPOLE_SETTINGS.learningRate}, ` +
  `entropy coefficient ${CARTPOLE_SETTINGS.entCoef}, no gradient clipping; both agents start from the same networks (same key). ` +
  'A2C: score function with the state-value baseline V(s). RELAX: Gumbel-max actions, learned control variate c_φ(s, softmax(z/τ)), unbiased conditional sampler.';

/** The episodes whose mean is reported (Gymnasium's and Stable-Baselines3's window). */
export const MEAN_WINDOW = 100;

export interface CartPoleSummary {
  method: CartPoleMethod;
  label: string;
  episodes: number;
  timesteps: number;
  /** mean return of the last (up to) MEAN_WINDOW episodes; NaN before the first */
  meanReturn: number;
  /** how many episodes meanReturn averages */
  meanOf: number;
  bestReturn: number;
  /** seconds spent in this agent's learn calls */
  seconds: number;
}

/** One finished episode of a policy, for replaying it. */
export interface CartPoleEpisode {
  /** 1-based episode number */
  episode: number;
  return: number;
  /** [x₀, θ₀, x₁, θ₁, …]: the cart position and the pole angle after the reset and after every step */
  states: Float64Array;
}

export interface CartPoleRacer {
  readonly method: CartPoleMethod;
  readonly label: string;
  readonly agent: A2CAgent;
  /** every finished episode's return, in order */
  readonly returns: readonly number[];
  /** trains on one more episode (one update) */
  episode(): Promise<void>;
  /** the last finished episode's states, or undefined before the first */
  lastEpisode(): CartPoleEpisode | undefined;
  summary(): CartPoleSummary;
  dispose(): void;
}

/**
 * A VectorEnv of one CartPole-v1 that passes everything through unchanged and writes down x and θ
 * at every reset and step (the agent's own environment, so these are the states it played).
 */
function recordingCartPole(): { vec: VectorEnv; states: () => Float64Array; close: () => void } {
  const inner: SyncVectorEnv = syncVectorEnv({ id: CARTPOLE_ENV, n: 1 });
  const unwrapped = (inner.envs[0] as Env).unwrapped as Env & CartPoleExtra;
  let trace: number[] = [];
  const note = () => {
    const [x = 0, , theta = 0] = unwrapped.state;
    trace.push(x, theta);
  };
  // the sync vector env's methods do not use `this`: a copy with reset and step replaced serves
  const vec: VectorEnv = {
    ...inner,
    reset(args) {
      const result = inner.reset(args);
      trace = [];
      note();
      return result;
    },
    step(actions) {
      const result = inner.step(actions);
      if (result.autoreset[0] === 1) trace = [];
      note();
      return result;
    },
  };
  return { vec, states: () => Float64Array.from(trace), close: () => inner.close() };
}

/** One agent of the race; `key` is the agent's key (both methods get the same one). */
export function cartpoleRacer(options: { key: Key; method: CartPoleMethod }): CartPoleRacer {
  const { key, method } = options;
  const entry = cartpoleMethods[method];
  if (!entry) throw new Error(`unknown method "${String(method)}"; the methods are ${CARTPOLE_METHODS.join(', ')}`);
  const env = recordingCartPole();
  let agent: A2CAgent;
  try {
    agent = a2c({ key, env: env.vec, ...CARTPOLE_SETTINGS, controlVariate: entry.controlVariate });
  } catch (error) {
    env.close();
    throw error;
  }
  const returns: number[] = [];
  let timesteps = 0;
  let seconds = 0;
  let best = Number.NEGATIVE_INFINITY;
  let last: CartPoleEpisode | undefined;
  let disposed = false;
  return {
    method,
    label: entry.label,
    agent,
    returns,
    async episode() {
      if (disposed) throw new Error(`the ${entry.label} agent was disposed`);
      const started = performance.now();
      // one update is one whole episode of the one copy: totalTimesteps 1 ends the call after it
      const result = await agent.learn({ totalTimesteps: 1 });
      seconds += (performance.now() - started) / 1000;
      timesteps = result.timesteps;
      for (const g of result.episodeReturns) {
        returns.push(g);
        best = Math.max(best, g);
        last = { episode: returns.length, return: g, states: env.states() };
      }
    },
    lastEpisode: () => last,
    summary() {
      const window = returns.slice(-MEAN_WINDOW);
      return {
        method,
        label: entry.label,
        episodes: returns.length,
        timesteps,
        meanReturn: window.length ? window.reduce((s, g) => s + g, 0) / window.length : Number.NaN,
        meanOf: window.length,
        bestReturn: returns.length ? best : Number.NaN,
        seconds,
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      agent.dispose();
      env.close();
    },
  };
}

/** Both agents, A2C first. */
export function cartpoleRacers(key: Key): CartPoleRacer[] {
  const racers: CartPoleRacer[] = [];
  try {
    for (const method of CARTPOLE_METHODS) racers.push(cartpoleRacer({ key, method }));
  } catch (error) {
    for (const r of racers) r.dispose();
    throw error;
  }
  return racers;
}

export interface CartPoleRaceResult {
  summaries: CartPoleSummary[];
  /** each method's episode returns, in order */
  curves: { method: CartPoleMethod; label: string; returns: number[] }[];
}

/**
 * Trains both agents for `episodes` episodes each, in lockstep (one episode of A2C, then one of
 * RELAX, ...), and frees them. `onEpisode` is called after every pair.
 */
export async function cartpoleRace(options: { key: Key; episodes: number; onEpisode?: (done: number, racers: readonly CartPoleRacer[]) => void }): Promise<CartPoleRaceResult> {
  const { key, episodes, onEpisode } = options;
  if (!Number.isSafeInteger(episodes) || episodes < 1) throw new Error(`cartpoleRace episodes: expected an integer ≥ 1, got ${String(episodes)}`);
  const racers = cartpoleRacers(key);
  try {
    for (let e = 1; e <= episodes; e++) {
      for (const r of racers) await r.episode();
      onEpisode?.(e, racers);
    }
    return {
      summaries: racers.map((r) => r.summary()),
      curves: racers.map((r) => ({ method: r.method, label: r.label, returns: [...r.returns] })),
    };
  } finally {
    for (const r of racers) r.dispose();
  }
}

/**
 * A drawer of recorded episodes: `frame(states, t)` is the environment's own picture of step t
 * (CartPole's render, with the cart at x and the pole at θ; the velocities do not show).
 */
export function cartpoleReplay(): { frame(states: Float64Array, t: number): RenderFrame; close(): void } {
  const env = cartPole();
  env.reset({ seed: 0 });
  return {
    frame(states, t) {
      const steps = states.length / 2;
      const i = Math.min(Math.max(0, Math.floor(t)), steps - 1);
      env.state = [states[2 * i] as number, 0, states[2 * i + 1] as number, 0];
      return env.render();
    },
    close: () => env.close(),
  };
}

/** The trailing mean of up to `window` returns ending at each episode. */
export function runningMean(returns: readonly number[], window: number): number[] {
  const out: number[] = [];
  let sum = 0;
  returns.forEach((g, i) => {
    sum += g;
    if (i >= window) sum -= returns[i - window] as number;
    out.push(sum / Math.min(i + 1, window));
  });
  return out;
}

/** The running-mean window of the learning curves. */
export const CURVE_WINDOW = 20;

/** Return against episode, one panel per method: every episode, and the mean of the last 20. */
export function cartpoleChartSpec(curves: readonly { label: string; returns: readonly number[] }[], width = 360): ChartSpec {
  return sideBySide({
    title: `${CARTPOLE_ENV}: episode return (500 is the most)`,
    charts: curves.map(({ label, returns }) => {
      const mean = runningMean(returns, CURVE_WINDOW);
      return lineChart({
        title: label,
        xTitle: 'episode',
        yTitle: 'return',
        width,
        height: 220,
        yDomain: [0, 500],
        series: [
          { name: 'each episode', points: returns.map((g, i) => [i + 1, g]) },
          { name: `mean of the last ${CURVE_WINDOW}`, points: mean.map((g, i) => [i + 1, g]) },
        ],
      });
    }),
  });
}

export const CARTPOLE_COLUMNS = ['method', 'episodes', 'timesteps', `mean return (last ≤ ${MEAN_WINDOW})`, 'best return', 'seconds'] as const;

/** The table's cells as text, one array per method. */
export function cartpoleCells(summaries: readonly CartPoleSummary[]): string[][] {
  return summaries.map((s) => [
    s.label,
    String(s.episodes),
    String(s.timesteps),
    Number.isFinite(s.meanReturn) ? `${s.meanReturn.toFixed(1)} (${s.meanOf})` : '—',
    Number.isFinite(s.bestReturn) ? String(s.bestReturn) : '—',
    s.seconds.toFixed(1),
  ]);
}

/** A plain-text table for the terminal. */
export function cartpoleTextTable(summaries: readonly CartPoleSummary[]): string {
  const cells = [[...CARTPOLE_COLUMNS], ...cartpoleCells(summaries)];
  const widths = CARTPOLE_COLUMNS.map((_, j) => Math.max(...cells.map((row) => (row[j] as string).length)));
  const line = (row: string[]) => row.map((c, j) => (j === 0 ? c.padEnd(widths[j] as number) : c.padStart(widths[j] as number))).join('  ');
  return [
    `A2C vs RELAX on ${CARTPOLE_ENV} (${summaries[0]?.episodes ?? 0} episodes each, in lockstep):`,
    line(cells[0] as string[]),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.slice(1).map(line),
    `  ${CARTPOLE_DESCRIPTION}`,
    '  The full comparison (5 seeds) is in bench/results/rl-a2c.',
  ].join('\n');
}
