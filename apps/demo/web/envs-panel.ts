/**
 * The web page's environment gallery: every environment of @stochgrad/rl, live on a canvas under
 * scripted or random actions, with its observation, last reward and episode returns. Each card
 * mirrors what it shows in data-* attributes (frames drawn, a hash of the last frame, episodes,
 * errors) for the end-to-end test.
 */
import { fold, key } from '@stochgrad/core';
import { type Action, type Env, type Observation, type RenderFrame, type VectorEnv, drawFrame, envSpec, loadMujoco, make, parallelVectorEnv, registeredEnvironments, syncVectorEnv } from '@stochgrad/rl';
import { scriptedPolicies } from '../src/env-policies';
import { element, setStatus } from './dom';

interface Card {
  id: string;
  env: Env;
  canvas: HTMLCanvasElement;
  context: CanvasRenderingContext2D;
  text: HTMLElement;
  root: HTMLElement;
  observation: Observation;
  t: number;
  episodeReturn: number;
  episodes: number;
  lastReturn: number | undefined;
  frames: number;
  /** frames that differ from the frame before */
  changes: number;
  hash: string;
  stepsPerFrame: number;
}

/** A short hash of a frame's numbers, so the test can see that frames change. */
function frameHash(frame: RenderFrame): string {
  let h = 2166136261;
  const mix = (v: number) => {
    h = Math.imul(h ^ Math.round(v * 1e4), 16777619) >>> 0;
  };
  for (const s of frame.shapes) {
    if (s.type === 'circle') [s.x, s.y, s.radius].forEach(mix);
    else if (s.type === 'capsule') [s.x1, s.y1, s.x2, s.y2].forEach(mix);
    else s.points.forEach(mix);
  }
  return h.toString(16);
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));

/**
 * Wires up the gallery; call once. Nothing loads until the section first comes into view (MuJoCo's
 * 11 MB module would otherwise cost the page's thread a long task while the user does something
 * else); after that the environments step only while the section is on screen and not paused.
 */
export async function startEnvsPanel(options: { seed: () => number; onError: (error: unknown) => void }): Promise<void> {
  const grid = element<HTMLDivElement>('envs-grid');
  const status = element<HTMLParagraphElement>('envs-status');
  setStatus(status, 'waiting', 'The environments start when this section comes into view.');
  await new Promise<void>((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(grid);
  });
  await runGallery(grid, status, options);
  wireParallelCheck(options);
}

/** Steps a vector env of 8 HalfCheetahs in this thread and on Web Workers; the results must agree bitwise. */
function wireParallelCheck(options: { seed: () => number; onError: (error: unknown) => void }): void {
  const button = element<HTMLButtonElement>('envs-parallel');
  const line = element<HTMLParagraphElement>('envs-parallel-status');
  const id = 'HalfCheetah-v5';
  const n = 8;
  const steps = 200;
  const run = async (vec: VectorEnv, actions: Float32Array[]) => {
    const trace: Float32Array[] = [(await vec.reset({ seed: options.seed() })).observations];
    const started = performance.now();
    for (const a of actions) trace.push((await vec.step(a)).observations);
    const seconds = (performance.now() - started) / 1000;
    await vec.close();
    return { trace, stepsPerSecond: (steps * n) / seconds };
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    setStatus(line, 'running', `Stepping ${n} × ${id} for ${steps} steps, in this thread and on Web Workers…`);
    (async () => {
      const probe = make(id);
      const space = probe.actionSpace;
      probe.close();
      const k = key(options.seed() + 104729);
      const actions = Array.from({ length: steps }, (_, t) => {
        const row = new Float32Array(n * 6);
        for (let i = 0; i < n; i++) row.set(space.sample(fold(fold(k, t), i)) as Float32Array, 6 * i);
        return row;
      });
      const sync = await run(syncVectorEnv({ id, n }), actions);
      const parallelEnv = await parallelVectorEnv({ id, n, workers: 2 });
      const transport = parallelEnv.transport;
      const parallel = await run(parallelEnv, actions);
      const same = sync.trace.every((obs, t) => {
        const other = parallel.trace[t] as Float32Array;
        return obs.length === other.length && obs.every((v, i) => Object.is(v, other[i]));
      });
      line.dataset.match = String(same);
      line.dataset.transport = transport;
      setStatus(
        line,
        same ? 'done' : 'error',
        `${same ? 'Bit for bit the same' : 'DIFFERENT'}: ${n} × ${id}, ${steps} steps; in this thread ${Math.round(sync.stepsPerSecond).toLocaleString('en')} env steps/s, ` +
          `on 2 Web Workers (${transport === 'shared' ? 'SharedArrayBuffer + Atomics' : 'messages'}) ${Math.round(parallel.stepsPerSecond).toLocaleString('en')} env steps/s.`,
      );
    })()
      .catch((error: unknown) => {
        setStatus(line, 'error', `Error: ${error instanceof Error ? error.message : String(error)}`);
        options.onError(error);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  button.disabled = false;
}

async function runGallery(grid: HTMLDivElement, status: HTMLParagraphElement, options: { seed: () => number; onError: (error: unknown) => void }): Promise<void> {
  const modeSelect = element<HTMLSelectElement>('envs-mode');
  const toggle = element<HTMLButtonElement>('envs-toggle');
  setStatus(status, 'loading', 'Loading the physics engines (MuJoCo is an 11 MB WebAssembly module)…');
  await loadMujoco();
  const cards: Card[] = [];
  const ids = registeredEnvironments();
  for (const [i, id] of ids.entries()) {
    const root = document.createElement('figure');
    root.className = 'env-card';
    root.dataset.env = id;
    const canvas = document.createElement('canvas');
    canvas.width = 300;
    canvas.height = 200;
    const caption = document.createElement('figcaption');
    const title = document.createElement('strong');
    const spec = envSpec(id);
    title.textContent = id;
    const text = document.createElement('code');
    text.className = 'env-text';
    caption.append(title, text);
    root.append(canvas, caption);
    grid.append(root);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context');
    try {
      const env = make(id);
      const { observation } = env.reset({ seed: options.seed() + i });
      // real time: the page draws ~60 frames a second; envs run at their own rate
      const stepsPerFrame = Math.max(1, Math.round(env.metadata.renderFps / 60));
      cards.push({ id, env, canvas, context, text, root, observation, t: 0, episodeReturn: 0, episodes: 0, lastReturn: undefined, frames: 0, changes: 0, hash: '', stepsPerFrame });
      root.dataset.threshold = String(spec.rewardThreshold ?? '');
    } catch (error) {
      root.dataset.error = error instanceof Error ? error.message : String(error);
      text.textContent = `error: ${root.dataset.error}`;
      options.onError(error);
    }
  }
  // step only while the gallery is on screen and not paused: it should not steal the main thread
  // from the other panels' work when nobody is looking at it
  let paused = false;
  let visible = false;
  let scheduled = false;
  let tick = 0;
  const schedule = () => {
    if (!scheduled && visible && !paused) {
      scheduled = true;
      requestAnimationFrame(frame);
    }
  };
  const actionKey = key(options.seed() + 7919);
  const act = (card: Card): Action => {
    const policy = scriptedPolicies[card.id];
    if (modeSelect.value === 'scripted' && policy) return policy(card.observation, card.t);
    return card.env.actionSpace.sample(fold(fold(actionKey, tick), cards.indexOf(card))) as Action;
  };
  const draw = (card: Card) => {
    const frame = card.env.render();
    drawFrame(card.context, frame);
    card.frames += 1;
    card.root.dataset.frames = String(card.frames);
    const hash = frameHash(frame);
    if (hash !== card.hash) card.changes += 1;
    card.hash = hash;
    card.root.dataset.hash = hash;
    card.root.dataset.changes = String(card.changes);
    const obs = Array.from(card.observation, fmt).join(', ');
    card.text.textContent = `obs [${obs}]\nreturn ${fmt(card.episodeReturn)}  episodes ${card.episodes}${card.lastReturn === undefined ? '' : `  last ${fmt(card.lastReturn)}`}`;
  };
  const frame = () => {
    scheduled = false;
    if (paused || !visible) return;
    tick += 1;
    for (const card of cards) {
      try {
        for (let s = 0; s < card.stepsPerFrame; s++) {
          const result = card.env.step(act(card));
          card.t += 1;
          card.episodeReturn += result.reward;
          card.observation = result.observation;
          card.root.dataset.reward = String(result.reward);
          if (result.terminated || result.truncated) {
            card.episodes += 1;
            card.lastReturn = card.episodeReturn;
            card.root.dataset.episodes = String(card.episodes);
            card.episodeReturn = 0;
            card.t = 0;
            card.observation = card.env.reset().observation;
          }
        }
        draw(card);
      } catch (error) {
        card.root.dataset.error = error instanceof Error ? error.message : String(error);
        options.onError(error);
      }
    }
    schedule();
  };
  toggle.addEventListener('click', () => {
    paused = !paused;
    toggle.textContent = paused ? 'Resume' : 'Pause';
    schedule();
  });
  new IntersectionObserver((entries) => {
    visible = entries.some((entry) => entry.isIntersecting);
    grid.dataset.visible = String(visible);
    schedule();
  }).observe(grid);
  toggle.disabled = false;
  modeSelect.disabled = false;
  for (const card of cards) draw(card);
  setStatus(status, 'running', `${cards.length} environments live (${ids.length} registered); they step while this section is on screen.`);
  schedule();
}
