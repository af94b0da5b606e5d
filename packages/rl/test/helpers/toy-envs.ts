/** Tiny environments with known numbers for the wrapper and vector tests. */
import { defineEnv } from '../../src/env';
import { box, discrete } from '../../src/spaces';

const render = () => ({ bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, shapes: [] });

/** Records the actions it receives; action space Box [0, 10] × [−1, 1]. */
export function recorder() {
  const received: number[][] = [];
  const env = defineEnv<Float32Array, ArrayLike<number>>({
    observationSpace: box({ low: -1, high: 1, shape: [1] }),
    actionSpace: box({ low: [0, -1], high: [10, 1] }),
    metadata: { renderFps: 1 },
    reset: () => ({ observation: new Float32Array(1) }),
    step: (action) => {
      received.push(Array.from(action));
      return { observation: new Float32Array(1), reward: 0, terminated: false };
    },
    render,
  });
  return { env, received };
}

/** A Box [−1, 1] env whose action space is unbounded. */
export function unboundedActions() {
  return defineEnv<Float32Array, ArrayLike<number>>({
    observationSpace: box({ low: -1, high: 1, shape: [1] }),
    actionSpace: box({ low: -Infinity, high: Infinity, shape: [1] }),
    metadata: { renderFps: 1 },
    reset: () => ({ observation: new Float32Array(1) }),
    step: () => ({ observation: new Float32Array(1), reward: 0, terminated: false }),
    render,
  });
}

/** Observation [t]; reward t·(action + 1) at step t = 1, 2, …; terminates at step `end`. */
export function counter(end: number) {
  let t = 0;
  return defineEnv<Float64Array, number>({
    observationSpace: box({ low: -Infinity, high: Infinity, shape: [1], dtype: 'float64' }),
    actionSpace: discrete(2),
    metadata: { renderFps: 1 },
    reset: () => {
      t = 0;
      return { observation: Float64Array.of(t), info: { from: 'reset' } };
    },
    step: (action) => {
      t += 1;
      return { observation: Float64Array.of(t), reward: t * (action + 1), terminated: t >= end, info: { inner: t } };
    },
    render,
  });
}

/** Plays back fixed observations (float64) on reset and each step; never terminates. */
export function playback(observations: readonly (readonly number[])[]) {
  let t = 0;
  const size = observations[0]!.length;
  return defineEnv<Float64Array, number>({
    observationSpace: box({ low: -Infinity, high: Infinity, shape: [size], dtype: 'float64' }),
    actionSpace: discrete(1),
    metadata: { renderFps: 1 },
    reset: () => {
      t = 0;
      return { observation: Float64Array.from(observations[0]!) };
    },
    step: () => {
      t += 1;
      return { observation: Float64Array.from(observations[t]!), reward: 0, terminated: false };
    },
    render,
  });
}
