/**
 * The web page's CartPole panel: A2C and RELAX learn CartPole-v1 side by side in a worker
 * (web/cartpole-worker.ts, src/cartpole-race.ts); the page draws both learning curves (SVG from the
 * worker, interactive on hover) and both carts: each canvas replays its agent's last finished
 * episode in real time (50 steps a second, CartPole's own frames through `drawFrame`), then the
 * newest one the worker has sent, so what moves is the current policy. Numbers are mirrored in
 * data-* attributes for the end-to-end test (episodes, points on each curve, frames drawn, errors).
 */
import { drawFrame } from '@stochgrad/rl';
import { CARTPOLE_METHODS, type CartPoleEpisode, type CartPoleMethod, type CartPoleSummary, cartpoleChartSpec, cartpoleMethods, cartpoleReplay } from '../src/cartpole-race';
import { chartOnDemand } from './chart-on-demand';
import { controlsToggle, element, runOnClick, setStatus } from './dom';
import { type CartPoleMessage, type CartPoleRequest, type WorkerError, errorFrom } from './worker-messages';

type CartPoleState = 'idle' | 'training' | 'done' | 'stopped' | 'error';

interface Agent {
  method: CartPoleMethod;
  label: string;
  root: HTMLElement;
  context: CanvasRenderingContext2D;
  text: HTMLElement;
  returns: number[];
  summary: CartPoleSummary | undefined;
  /** the episode on the canvas, and when its replay started (ms, page clock) */
  playing: { episode: CartPoleEpisode; since: number } | undefined;
  /** the newest episode the worker sent, played next */
  next: CartPoleEpisode | undefined;
  frames: number;
  /** what the canvas shows: episode and step */
  shown: string;
}

/** CartPole's frames per second (its time step is 0.02 s): the replay runs in real time. */
const STEPS_PER_SECOND = 50;

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** Wires up the panel; call once the backend is ready. */
export function startCartPolePanel(options: { seed: () => number; onError: (error: unknown) => void }): void {
  const episodesSelect = element<HTMLSelectElement>('cartpole-episodes');
  const startButton = element<HTMLButtonElement>('cartpole-start');
  const stopButton = element<HTMLButtonElement>('cartpole-stop');
  const status = element<HTMLParagraphElement>('cartpole-status');
  const chart = element<HTMLDivElement>('cartpole-chart');
  const drawChart = chartOnDemand(chart);
  const replay = cartpoleReplay();

  const agents: Agent[] = CARTPOLE_METHODS.map((method) => {
    const root = element<HTMLElement>(`cartpole-${method}`);
    const canvas = root.querySelector('canvas');
    const text = root.querySelector<HTMLElement>('.env-text');
    const context = canvas?.getContext('2d');
    if (!context || !text) throw new Error(`#cartpole-${method} needs a canvas with a 2-D context and a .env-text`);
    return { method, label: cartpoleMethods[method].label, root, context, text, returns: [], summary: undefined, playing: undefined, next: undefined, frames: 0, shown: '' };
  });

  let worker: Worker | undefined;
  let stop: (() => void) | undefined;
  let scheduled = false;

  const setState = (state: CartPoleState, message: string) => setStatus(status, state, message);
  const setControls = controlsToggle([startButton, episodesSelect], stopButton);

  function caption(agent: Agent, step?: number): void {
    const s = agent.summary;
    const lines = [`episodes ${s?.episodes ?? 0}  mean return (last ${s?.meanOf ?? 0}) ${fmt(s?.meanReturn)}  best ${fmt(s?.bestReturn, 0)}`];
    const playing = agent.playing?.episode;
    if (playing) lines.push(`replaying episode ${playing.episode} (return ${playing.return}), step ${step ?? 0}/${playing.states.length / 2 - 1}`);
    agent.text.textContent = lines.join('\n');
  }

  /**
   * One animation frame: each canvas shows its replay at the page's clock, then moves on to a newer
   * episode. A frame is drawn only when the picture changes; the loop sleeps at the end of a replay
   * until the worker sends a newer episode (onProgress wakes it).
   */
  function frame(now: number): void {
    scheduled = false;
    let moving = false;
    for (const agent of agents) {
      if (agent.playing) {
        const steps = agent.playing.episode.states.length / 2;
        if ((now - agent.playing.since) / 1000 * STEPS_PER_SECOND >= steps - 1 && agent.next) agent.playing = undefined;
      }
      if (!agent.playing && agent.next) {
        agent.playing = { episode: agent.next, since: now };
        agent.next = undefined;
      }
      const playing = agent.playing;
      if (!playing) continue;
      const steps = playing.episode.states.length / 2;
      const t = Math.min(steps - 1, Math.floor(((now - playing.since) / 1000) * STEPS_PER_SECOND));
      if (t < steps - 1 || agent.next) moving = true;
      const shown = `${playing.episode.episode}:${t}`;
      if (shown === agent.shown) continue;
      agent.shown = shown;
      try {
        drawFrame(agent.context, replay.frame(playing.episode.states, t));
        agent.frames += 1;
        agent.root.dataset.frames = String(agent.frames);
        agent.root.dataset.replayEpisode = String(playing.episode.episode);
        caption(agent, t);
      } catch (error) {
        agent.root.dataset.error = error instanceof Error ? error.message : String(error);
        options.onError(error);
      }
    }
    if (moving) schedule();
  }
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  };

  function onProgress(message: CartPoleMessage & { type: 'progress' }): void {
    for (const update of message.updates) {
      const agent = agents.find((a) => a.method === update.method);
      if (!agent) continue;
      agent.returns.push(...update.newReturns);
      agent.summary = update.summary;
      if (update.lastEpisode) agent.next = update.lastEpisode;
      const data = agent.root.dataset;
      data.episodes = String(update.summary.episodes);
      data.points = String(agent.returns.length);
      data.timesteps = String(update.summary.timesteps);
      data.meanReturn = String(update.summary.meanReturn);
      data.bestReturn = String(update.summary.bestReturn);
      if (!agent.playing) caption(agent);
    }
    if (message.chartSvg !== undefined) {
      const curves = agents.map((a) => ({ label: a.label, returns: [...a.returns] }));
      drawChart(message.chartSvg, () => cartpoleChartSpec(curves));
      chart.dataset.charts = String(Number(chart.dataset.charts ?? 0) + 1);
    }
    const [a, b] = agents;
    setState('training', `Training: ${a?.label} ${a?.summary?.episodes ?? 0} episodes (mean return ${fmt(a?.summary?.meanReturn)}), ${b?.label} ${b?.summary?.episodes ?? 0} (mean return ${fmt(b?.summary?.meanReturn)})…`);
    schedule();
  }

  async function train(): Promise<void> {
    const episodes = Number(episodesSelect.value);
    const seed = options.seed();
    setControls(true);
    delete status.dataset.leakedTensors;
    for (const agent of agents) {
      agent.returns = [];
      agent.summary = undefined;
      agent.playing = undefined;
      agent.next = undefined;
      agent.shown = '';
      for (const key of ['episodes', 'points', 'timesteps', 'meanReturn', 'bestReturn', 'replayEpisode', 'error']) delete agent.root.dataset[key];
      caption(agent);
    }
    setState('training', 'Starting the training worker…');
    worker ??= new Worker(new URL('./cartpole-worker.ts', import.meta.url), { type: 'module', name: 'CartPole: A2C vs RELAX' });
    const target = worker;
    const outcome = await new Promise<(CartPoleMessage & { type: 'finished' }) | WorkerError>((resolve) => {
      stop = () => target.postMessage({ type: 'stop' } satisfies CartPoleRequest);
      target.onerror = (event) => resolve({ type: 'error', name: 'Error', message: `the training worker failed: ${event.message || 'it could not start'}` });
      target.onmessage = (event: MessageEvent<CartPoleMessage>) => {
        const message = event.data;
        if (message.type === 'progress') onProgress(message);
        else resolve(message);
      };
      target.postMessage({ type: 'start', seed, episodes } satisfies CartPoleRequest);
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
      status.dataset.seconds = outcome.seconds.toFixed(2);
      const summary = agents.map((a) => `${a.label} ${a.summary?.episodes ?? 0} episodes, mean return of the last ${a.summary?.meanOf ?? 0} ${fmt(a.summary?.meanReturn)}, best ${fmt(a.summary?.bestReturn, 0)}`).join('; ');
      setState(outcome.stopped ? 'stopped' : 'done', `${outcome.stopped ? 'Stopped' : 'Done'} after ${outcome.seconds.toFixed(1)} s: ${summary}.`);
    } finally {
      setControls(false);
    }
  }

  runOnClick(startButton, train, { status, reset: () => setControls(false), onError: options.onError });
  stopButton.addEventListener('click', () => stop?.());
  for (const agent of agents) caption(agent);
  setState('idle', 'Ready: press Start.');
  setControls(false);
}
