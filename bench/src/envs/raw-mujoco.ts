/**
 * The physics bound of a MuJoCo task: mj_step calls per second on the task's own MJCF model, with a
 * random ctrl written before each env step's worth of mj_steps (frame skip), and nothing else — no
 * observation copy, no reward, no checks. Env steps/s can at most be this / frame skip.
 */
import { type Key, random } from '@stochgrad/core';
import { type MujocoModule, mujocoModels } from '@stochgrad/rl';

/** undefined for an id that is not a MuJoCo task. */
export function mujocoRawRate(m: MujocoModule, id: string, options: { key: Key; seconds: number }): { rawStepsPerSecond: number; frameSkip: number } | undefined {
  const entry = mujocoModels[id];
  if (!entry) return undefined;
  const { xml, frameSkip } = entry;
  if (!m.FS.analyzePath('/bench', false).exists) m.FS.mkdir('/bench');
  m.FS.writeFile('/bench/model.xml', xml);
  const model = m.MjModel.loadFromXML('/bench/model.xml');
  const data = new m.MjData(model);
  try {
    const nu = model.nu;
    const range = Float64Array.from(model.actuator_ctrlrange as Float64Array);
    const pool = random.uniformArray(options.key, 1024 * nu);
    for (let i = 0; i < pool.length; i++) {
      const j = i % nu;
      const lo = range[2 * j] as number;
      const hi = range[2 * j + 1] as number;
      pool[i] = lo + (hi - lo) * (pool[i] as number);
    }
    const run = (limitMs: number) => {
      const start = performance.now();
      let calls = 0;
      let envSteps = 0;
      while (true) {
        for (let i = 0; i < 64; i++) {
          const ctrl = data.ctrl as Float64Array;
          const row = (envSteps % 1024) * nu;
          for (let j = 0; j < nu; j++) ctrl[j] = pool[row + j] as number;
          for (let s = 0; s < frameSkip; s++) m.mj_step(model, data);
          calls += frameSkip;
          envSteps += 1;
          if (envSteps % 1000 === 0) m.mj_resetData(model, data);
        }
        const elapsed = performance.now() - start;
        if (elapsed >= limitMs) return (calls / elapsed) * 1000;
      }
    };
    run(Math.max(1000, options.seconds * 1000));
    return { rawStepsPerSecond: run(options.seconds * 1000), frameSkip };
  } finally {
    data.delete();
    model.delete();
  }
}
