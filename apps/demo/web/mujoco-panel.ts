/**
 * The web page's MuJoCo panel. HalfCheetah-v5 runs live on the page's thread under the SAC agent
 * the rl-sac bench trained (shipped as web/public/mujoco/halfcheetah-sac.json, src/sac-policy-file.ts),
 * deterministic actions, drawn from its geoms at every step in real time (20 steps a second), with
 * its x position and return. "Continue training" trains that agent on in a worker
 * (web/sac-worker.ts) and plots its episode returns; Pendulum-v1 learns from scratch with SAC in
 * another worker, its canvas replaying the latest finished episode. Nothing loads until the
 * section comes into view (MuJoCo is an 11 MB module). Numbers are mirrored in data-* attributes
 * for the end-to-end test (steps, x position, return, frames, the page's tensor count, points on
 * each curve, tensors left over after a Stop).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Env, type RenderFrame, type SacAgent, drawFrame, loadMujoco, make, sac } from '@stochgrad/rl';
import { HALFCHEETAH_ENV, PENDULUM_DESCRIPTION, PENDULUM_ENV, type SacEpisode, type SacProgressSummary, sacReturnChartSpec } from '../src/sac-live';
import { HALFCHEETAH_POLICY_PATH, type SacPolicySource, decodeSacPolicyFile, describeSacPolicySource } from '../src/sac-policy-file';
import { chartOnDemand } from './chart-on-demand';
import { controlsToggle, element, runOnClick, setStatus } from './dom';
import type { SacMessage, SacRequest, SacTask } from './sac-messages';
import { type WorkerError, errorFrom } from './worker-messages';

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** The shipped agent's URL under the page's base (Vite copies web/public into the build). */
export const policyUrl = (): string => new URL(`${import.meta.env.BASE_URL}${HALFCHEETAH_POLICY_PATH}`, document.baseURI).href;

interface PanelOptions {
  seed: () => number;
  onError: (error: unknown) => void;
}

/** Wires up the panel; call once the backend is ready. */
export function startMujocoPanel(options: PanelOptions): void {
  const section = element<HTMLElement>('mujoco');
  element<HTMLParagraphElement>('pendulum-description').textContent = PENDULUM_DESCRIPTION;
  wireTraining('halfcheetah', options);
  wireTraining('pendulum', options);
  const status = element<HTMLParagraphElement>('mujoco-status');
  setStatus(status, 'waiting', 'The cheetah starts when this section comes into view.');
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      runCheetah(section, options).catch((error: unknown) => {
        setStatus(status, 'error', `Error: ${error instanceof Error ? error.message : String(error)}`);
        options.onError(error);
      });
    }
  });
  observer.observe(section);
}

/** The shipped agent drives HalfCheetah on this thread, one step per 1/20 s while the section is on screen. */
async function runCheetah(section: HTMLElement, options: PanelOptions): Promise<void> {
  const status = element<HTMLParagraphElement>('mujoco-status');
  const source = element<HTMLParagraphElement>('mujoco-source');
  const figure = element<HTMLElement>('mujoco-cheetah');
  const toggle = element<HTMLButtonElement>('mujoco-pause');
  const canvas = figure.querySelector('canvas');
  const text = figure.querySelector<HTMLElement>('.env-text');
  const context = canvas?.getContext('2d');
  if (!context || !text) throw new Error('#mujoco-cheetah needs a canvas with a 2-D context and a .env-text');
  setStatus(status, 'loading', 'Loading MuJoCo and the shipped agent…');
  const [, response] = await Promise.all([loadMujoco(), fetch(policyUrl())]);
  if (!response.ok) throw new Error(`could not fetch the shipped agent ${policyUrl()}: HTTP ${response.status}`);
  const { snapshot, source: from } = decodeSacPolicyFile((await response.json()) as never);
  showSource(source, from);
  const env: Env = make(HALFCHEETAH_ENV);
  let agent: SacAgent;
  try {
    agent = sac.load(snapshot, { env });
  } catch (error) {
    env.close();
    throw error;
  }
  const stepsPerSecond = env.metadata.renderFps;
  // read once: a seed typed later (even a bad one) must not stop the cheetah at its next episode
  const seed = options.seed();
  let episode = 0;
  const first = env.reset({ seed });
  let observation = first.observation;
  let x = Number(first.info.x_position);
  let episodeReturn = 0;
  let episodeSteps = 0;
  let lastReturn: number | undefined;
  let steps = 0;
  let frames = 0;
  let paused = false;
  let visible = true;
  let scheduled = false;
  /** page time up to which the simulation has been stepped (ms) */
  let simulatedTo: number | undefined;
  const data = figure.dataset;
  const draw = (frame: RenderFrame) => {
    drawFrame(context, frame);
    frames += 1;
    data.frames = String(frames);
    data.steps = String(steps);
    data.episodeSteps = String(episodeSteps);
    data.x = String(x);
    data.return = String(episodeReturn);
    data.episodes = String(episode);
    data.tensors = String(tf.memory().numTensors);
    text.textContent = `x position ${fmt(x, 2)} m   step ${episodeSteps}/1000   return ${fmt(episodeReturn)}` + (lastReturn === undefined ? '' : `\nlast episode's return ${fmt(lastReturn)} (${episode} finished)`);
  };
  const step = () => {
    const action = agent.predict(observation, { deterministic: true });
    const result = env.step(action);
    steps += 1;
    episodeSteps += 1;
    episodeReturn += result.reward;
    x = Number(result.info.x_position);
    observation = result.observation;
    if (result.terminated || result.truncated) {
      episode += 1;
      lastReturn = episodeReturn;
      episodeReturn = 0;
      episodeSteps = 0;
      const reset = env.reset({ seed: seed + episode });
      observation = reset.observation;
      x = Number(reset.info.x_position);
    }
  };
  const frame = (now: number) => {
    scheduled = false;
    if (paused || !visible) {
      simulatedTo = undefined;
      return;
    }
    try {
      simulatedTo ??= now;
      // real time, but never more than 3 steps in one frame (a slow frame slows the cheetah down)
      const due = Math.min(3, Math.floor(((now - simulatedTo) / 1000) * stepsPerSecond));
      for (let i = 0; i < due; i++) step();
      simulatedTo = due === 3 ? now : simulatedTo + (due * 1000) / stepsPerSecond;
      if (due > 0 || frames === 0) draw(env.render());
    } catch (error) {
      data.error = error instanceof Error ? error.message : String(error);
      options.onError(error);
      return;
    }
    schedule();
  };
  const schedule = () => {
    if (!scheduled && visible && !paused) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  };
  toggle.addEventListener('click', () => {
    paused = !paused;
    toggle.textContent = paused ? 'Resume' : 'Pause';
    schedule();
  });
  new IntersectionObserver((entries) => {
    visible = entries.some((entry) => entry.isIntersecting);
    section.dataset.visible = String(visible);
    schedule();
  }).observe(figure);
  toggle.disabled = false;
  draw(env.render());
  setStatus(status, 'running', 'Running: the shipped agent drives the cheetah (deterministic actions, real time) while it is on screen.');
  schedule();
}

function showSource(line: HTMLElement, source: SacPolicySource): void {
  line.textContent = `The agent: ${describeSacPolicySource(source)}. Trained by \`${source.benchCommand}\`.`;
  line.dataset.runId = source.runId;
  line.dataset.steps = String(source.steps);
  if (source.evaluation) line.dataset.evaluationMean = String(source.evaluation.mean);
}

/**
 * A training worker with its Start and Stop buttons, status line, chart and (Pendulum) the canvas
 * replaying the latest finished episode at the environment's frame rate.
 */
function wireTraining(task: SacTask, options: PanelOptions): void {
  const prefix = task === 'halfcheetah' ? 'mujoco-train' : 'pendulum';
  const startButton = element<HTMLButtonElement>(`${prefix}-start`);
  const stopButton = element<HTMLButtonElement>(`${prefix}-stop`);
  const status = element<HTMLParagraphElement>(`${prefix}-status`);
  const chart = element<HTMLDivElement>(`${prefix}-chart`);
  const drawChart = chartOnDemand(chart);
  const setControls = controlsToggle([startButton], stopButton);
  const label = task === 'halfcheetah' ? HALFCHEETAH_ENV : PENDULUM_ENV;
  const title = task === 'halfcheetah' ? `${HALFCHEETAH_ENV}: episode return, training on from the shipped agent` : `${PENDULUM_ENV}: episode return, from scratch`;
  const replay = task === 'pendulum' ? pendulumReplay(element<HTMLElement>('pendulum-figure'), options) : undefined;
  let returns: number[] = [];
  let worker: Worker | undefined;
  let stop: (() => void) | undefined;

  const describe = (s: SacProgressSummary) => {
    const refilling = task === 'halfcheetah' && s.updates === 0;
    return `${s.timesteps.toLocaleString('en')} steps${refilling ? ' (refilling the replay buffer with uniform actions)' : ''}, ${s.updates.toLocaleString('en')} updates, ` +
      `${s.episodes} episodes (mean return of the last ${Math.min(10, s.episodes)} ${fmt(s.meanReturn)}), α ${fmt(s.entCoef, 3)}, ${fmt(s.stepsPerSecond, 0)} steps/s`;
  };

  async function train(): Promise<void> {
    const seed = options.seed();
    setControls(true);
    returns = [];
    for (const k of ['points', 'timesteps', 'updates', 'meanReturn', 'leakedTensors']) delete status.dataset[k];
    setStatus(status, 'starting', 'Starting the training worker…');
    worker ??= new Worker(new URL('./sac-worker.ts', import.meta.url), { type: 'module', name: `SAC: ${label}` });
    const target = worker;
    const outcome = await new Promise<(SacMessage & { type: 'finished' }) | WorkerError>((resolve) => {
      stop = () => target.postMessage({ type: 'stop' } satisfies SacRequest);
      target.onerror = (event) => resolve({ type: 'error', name: 'Error', message: `the training worker failed: ${event.message || 'it could not start'}` });
      target.onmessage = (event: MessageEvent<SacMessage>) => {
        const message = event.data;
        if (message.type === 'loading') setStatus(status, 'loading', message.message);
        else if (message.type === 'progress') {
          returns.push(...message.newReturns);
          const data = status.dataset;
          data.points = String(returns.length);
          data.timesteps = String(message.summary.timesteps);
          data.updates = String(message.summary.updates);
          data.meanReturn = String(message.summary.meanReturn);
          if (message.lastEpisode) replay?.next(message.lastEpisode);
          if (message.chartSvg !== undefined) {
            const curve = [...returns];
            drawChart(message.chartSvg, () => sacReturnChartSpec({ title, returns: curve }));
            chart.dataset.charts = String(Number(chart.dataset.charts ?? 0) + 1);
          }
          setStatus(status, 'training', `Training: ${describe(message.summary)}…`);
        } else resolve(message);
      };
      target.postMessage({ type: 'start', task, seed, ...(task === 'halfcheetah' ? { policyUrl: policyUrl() } : {}) } satisfies SacRequest);
    }).finally(() => {
      stop = undefined;
    });
    try {
      if (outcome.type === 'error') {
        worker.terminate();
        worker = undefined;
        throw errorFrom(outcome);
      }
      status.dataset.leakedTensors = String(outcome.leakedTensors);
      const leaked = outcome.leakedTensors === 0 ? '' : `, ${outcome.leakedTensors} tensors not freed`;
      setStatus(status, outcome.stopped ? 'stopped' : 'done', `Stopped after ${outcome.seconds.toFixed(1)} s: ${returns.length} episodes${leaked}.`);
    } finally {
      setControls(false);
    }
  }

  runOnClick(startButton, train, { status, reset: () => setControls(false), onError: options.onError });
  stopButton.addEventListener('click', () => stop?.());
  setStatus(status, 'idle', task === 'halfcheetah' ? 'Ready: press Continue training.' : 'Ready: press Train.');
  setControls(false);
}

/** Replays finished Pendulum episodes (their own frames) in real time on the figure's canvas. */
function pendulumReplay(figure: HTMLElement, options: PanelOptions): { next(episode: SacEpisode): void } {
  const canvas = figure.querySelector('canvas');
  const text = figure.querySelector<HTMLElement>('.env-text');
  const context = canvas?.getContext('2d');
  if (!context || !text) throw new Error('#pendulum-figure needs a canvas with a 2-D context and a .env-text');
  const fps = 30; // Pendulum-v1's render_fps
  let playing: { episode: SacEpisode; since: number } | undefined;
  let queued: SacEpisode | undefined;
  let scheduled = false;
  let frames = 0;
  let shown = '';
  const frame = (now: number) => {
    scheduled = false;
    if (playing && (now - playing.since) / 1000 * fps >= playing.episode.frames.length - 1 && queued) playing = undefined;
    if (!playing && queued) {
      playing = { episode: queued, since: now };
      queued = undefined;
    }
    if (!playing) return;
    const n = playing.episode.frames.length;
    const t = Math.min(n - 1, Math.floor(((now - playing.since) / 1000) * fps));
    const key = `${playing.episode.episode}:${t}`;
    if (key !== shown) {
      shown = key;
      try {
        drawFrame(context, playing.episode.frames[t] as RenderFrame);
        frames += 1;
        figure.dataset.frames = String(frames);
        figure.dataset.replayEpisode = String(playing.episode.episode);
        text.textContent = `replaying episode ${playing.episode.episode} (return ${fmt(playing.episode.return)}), step ${t}/${n - 1}`;
      } catch (error) {
        figure.dataset.error = error instanceof Error ? error.message : String(error);
        options.onError(error);
        return;
      }
    }
    if (t < n - 1 || queued) schedule();
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  };
  return {
    next(episode) {
      queued = episode;
      schedule();
    },
  };
}
