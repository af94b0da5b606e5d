// A registration module for parallelVectorEnv's `imports` (plain JavaScript: workers import it
// as is). VectorToy-v0: observation [t, u] with u drawn at reset; infos that change keys and hold
// strings, −0 and NaN, to exercise both info paths of the shared transport. Reset options that
// make copies fail at different times (the vector env must wait for every worker before it
// answers): `failAfterMs` (the reset throws after busy-waiting failAfterMs · u milliseconds) and
// `failStepAt` (a step at time failStepAt throws in the copies with u > 0.5).
export default function setup({ register, registeredEnvironments, defineEnv, box, discrete }) {
  if (registeredEnvironments().includes('VectorToy-v0')) return;
  register({
    id: 'VectorToy-v0',
    maxEpisodeSteps: 7,
    entryPoint: () => {
      let t = 0;
      let u = 0;
      let failStepAt = -1;
      return defineEnv({
        observationSpace: box({ low: -Infinity, high: Infinity, shape: [2], dtype: 'float64' }),
        actionSpace: discrete(3),
        metadata: { renderFps: 1 },
        resetOptionNames: ['failAfterMs', 'failStepAt'],
        reset(rng, options) {
          t = 0;
          u = rng.uniform(1)[0];
          failStepAt = options?.failStepAt ?? -1;
          if (options?.failAfterMs !== undefined) {
            const end = performance.now() + options.failAfterMs * u;
            while (performance.now() < end);
            throw new Error(`VectorToy-v0: reset failed on purpose after ${Math.round(options.failAfterMs * u)} ms`);
          }
          return { observation: Float64Array.of(t, u), info: { u } };
        },
        step(action) {
          t += 1;
          if (t === failStepAt && u > 0.5) throw new Error(`VectorToy-v0: step ${t} failed on purpose`);
          const info = t % 5 === 0 ? { label: 'five', t } : t % 3 === 0 ? { t, zero: -0, nan: NaN } : { t, half: t / 2 + action };
          return { observation: Float64Array.of(t, u + action), reward: u * action - t, terminated: action === 2 && t > 4, info };
        },
        render: () => ({ bounds: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, shapes: [] }),
      });
    },
  });
}
