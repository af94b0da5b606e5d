/**
 * What: SAC trained live for the web page's MuJoCo panel (web/mujoco-panel.ts, web/sac-worker.ts):
 * the shipped HalfCheetah agent (src/sac-policy-file.ts) trained on from its snapshot, and
 * Pendulum-v1 from scratch, in chunks of environment steps so a worker can post progress and see a
 * Stop request between them; the return-curve chart of either.
 * Properties: deterministic under a key on one backend. Continued training starts from the
 * snapshot's weights and log α with an empty replay buffer and fresh Adam moments (a snapshot holds
 * neither): the first `refill` steps take uniform actions (as the bench's resume does), then one
 * update per step. Pendulum records every frame of the episode it plays (the environment's own
 * render), so the page can replay the last finished one.
 */
import type { Key } from '@stochgrad/core';
import { type ChartSpec, lineChart } from '@stochgrad/plots';
import { type Env, type RenderFrame, type SacAgent, type SacOptions, type SacSnapshot, make, sac } from '@stochgrad/rl';
import { runningMean } from './cartpole-race';

export const HALFCHEETAH_ENV = 'HalfCheetah-v5';
export const PENDULUM_ENV = 'Pendulum-v1';

/** Pendulum-v1 from scratch: small networks and batches so it learns in about a minute in a tab. */
export const PENDULUM_SAC_SETTINGS = {
  learningRate: 1e-3,
  learningStarts: 100,
  batchSize: 64,
  hiddenSizes: [64, 64],
  bufferSize: 50_000,
} as const satisfies Omit<SacOptions, 'key' | 'env'>;

export const PENDULUM_DESCRIPTION =
  `${PENDULUM_ENV} from scratch: SAC with the squashed Gaussian policy, 2 × ${PENDULUM_SAC_SETTINGS.hiddenSizes[0]} ReLU actor and twin critics, ` +
  `Adam learning rate ${PENDULUM_SAC_SETTINGS.learningRate}, batch ${PENDULUM_SAC_SETTINGS.batchSize}, ${PENDULUM_SAC_SETTINGS.learningStarts} uniform steps first, α learned. ` +
  'An episode is 200 steps; −200 or better is upright.';

/** Uniform steps that refill the empty replay buffer before the shipped agent's updates resume. */
export const CONTINUE_REFILL = 1000;

/** The replay buffer's capacity in the tab (the bench's is 10⁶; the tab never gets near it). */
export const CONTINUE_BUFFER = 100_000;

export interface SacEpisode {
  /** 1-based, counted in this session */
  episode: number;
  return: number;
  /** the environment's frames after the reset and after every step (only when recorded) */
  frames: RenderFrame[];
}

export interface SacProgressSummary {
  timesteps: number;
  updates: number;
  episodes: number;
  /** mean return of the last (up to) 10 episodes of this session; NaN before the first */
  meanReturn: number;
  entCoef: number;
  /** environment steps per second in this session */
  stepsPerSecond: number;
}

export interface SacLive {
  readonly agent: SacAgent;
  /** every episode finished in this session, in order */
  readonly returns: readonly number[];
  /** trains for `steps` more environment steps */
  train(steps: number): Promise<void>;
  lastEpisode(): SacEpisode | undefined;
  summary(): SacProgressSummary;
  dispose(): void;
}

export type SacLiveTask =
  | { kind: 'continue'; snapshot: SacSnapshot; env: string; refill?: number; bufferSize?: number }
  | { kind: 'scratch'; env: string; options: Omit<SacOptions, 'key' | 'env'> };

/** An env that records its frames (after the reset and each step) when `record` is set. */
function recordingEnv(id: string, record: boolean): { env: Env; frames: () => RenderFrame[]; close: () => void } {
  const inner = make(id);
  let frames: RenderFrame[] = [];
  let finished: RenderFrame[] = [];
  // the env's methods do not use `this` (defineEnv and the wrappers close over their state)
  const env: Env = {
    ...inner,
    reset(args) {
      const result = inner.reset(args);
      if (record) frames = [inner.render()];
      return result;
    },
    step(action) {
      const result = inner.step(action);
      if (record) {
        frames.push(inner.render());
        if (result.terminated || result.truncated) finished = frames;
      }
      return result;
    },
  };
  return { env, frames: () => finished, close: () => inner.close() };
}

/** Starts a live SAC run (MuJoCo must be loaded first for a MuJoCo env). */
export function sacLive(options: { key: Key; task: SacLiveTask; recordFrames?: boolean }): SacLive {
  const { key, task } = options;
  const recorder = recordingEnv(task.env, options.recordFrames ?? false);
  let agent: SacAgent;
  try {
    if (task.kind === 'continue') {
      const s = task.snapshot;
      const refill = task.refill ?? CONTINUE_REFILL;
      const snapshot: SacSnapshot = { ...s, config: { ...s.config, learningStarts: s.timesteps + refill, bufferSize: task.bufferSize ?? CONTINUE_BUFFER } };
      agent = sac.load(snapshot, { env: recorder.env, key });
    } else {
      agent = sac({ ...task.options, key, env: recorder.env });
    }
  } catch (error) {
    recorder.close();
    throw error;
  }
  const returns: number[] = [];
  const startSteps = agent.timesteps;
  let seconds = 0;
  let updates = 0;
  let entCoef = Number.NaN;
  let last: SacEpisode | undefined;
  let disposed = false;
  return {
    agent,
    returns,
    async train(steps) {
      if (disposed) throw new Error('the live SAC run was disposed');
      const started = performance.now();
      const result = await agent.learn({
        totalTimesteps: steps,
        onProgress: (p) => {
          for (const g of p.finishedReturns) {
            returns.push(g);
            last = { episode: returns.length, return: g, frames: recorder.frames() };
          }
        },
      });
      seconds += (performance.now() - started) / 1000;
      updates = result.updates;
      entCoef = result.entCoef;
    },
    lastEpisode: () => last,
    summary() {
      const window = returns.slice(-10);
      return {
        timesteps: agent.timesteps,
        updates,
        episodes: returns.length,
        meanReturn: window.length ? window.reduce((a, g) => a + g, 0) / window.length : Number.NaN,
        entCoef,
        stepsPerSecond: seconds > 0 ? (agent.timesteps - startSteps) / seconds : 0,
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      agent.dispose();
      recorder.close();
    },
  };
}

/** Episode return against episode: every episode and the mean of the last 10. */
export function sacReturnChartSpec(options: { title: string; returns: readonly number[]; firstEpisode?: number; width?: number }): ChartSpec {
  const { title, returns, firstEpisode = 1, width = 360 } = options;
  const mean = runningMean(returns, 10);
  return lineChart({
    title,
    xTitle: 'episode',
    yTitle: 'return',
    width,
    height: 200,
    series: [
      { name: 'each episode', points: returns.map((g, i) => [i + firstEpisode, g]) },
      { name: 'mean of the last 10', points: mean.map((g, i) => [i + firstEpisode, g]) },
    ],
  });
}

export interface PolicyPlay {
  steps: number;
  /** the root's x position after the reset and after the last step (HalfCheetah's info.x_position) */
  xStart: number;
  xEnd: number;
  /** the return of the steps played (several episodes if `steps` runs past one) */
  totalReturn: number;
  episodes: number;
}

/**
 * Plays a SAC agent's deterministic actions (tanh of the policy's mean) for `steps` steps on `env`
 * from a seeded reset: where the body went and what it earned. The env's own episodes reset as
 * they end (xEnd is then the last episode's).
 */
export function playPolicy(options: { agent: SacAgent; env: Env; steps: number; seed: number }): PolicyPlay {
  const { agent, env, steps, seed } = options;
  const start = env.reset({ seed });
  let observation = start.observation;
  const xStart = Number(start.info.x_position);
  let xEnd = xStart;
  let totalReturn = 0;
  let episodes = 0;
  for (let t = 0; t < steps; t++) {
    const result = env.step(agent.predict(observation, { deterministic: true }));
    totalReturn += result.reward;
    xEnd = Number(result.info.x_position);
    observation = result.observation;
    if (result.terminated || result.truncated) {
      episodes += 1;
      const reset = env.reset();
      observation = reset.observation;
      if (t < steps - 1) xEnd = Number(reset.info.x_position);
    }
  }
  return { steps, xStart, xEnd, totalReturn, episodes };
}
