// Run by scripts/pack-check.mjs inside a fresh project with only @stochgrad/rl, core and tfjs (and
// rl's own dependencies: planck, the MuJoCo WebAssembly build). CartPole and HalfCheetah step there
// from ESM and CJS; a seeded trajectory is reproducible; a bad action is a typed error; the parallel
// vector env starts its workers from the installed files and matches the synchronous one.
export default async function smoke({ core, pkg, label }) {
  const messages = [];
  const run = (env, seed, steps) => {
    let { observation } = env.reset({ seed });
    let total = 0;
    const trace = [];
    for (let t = 0; t < steps; t++) {
      const action = env.actionSpace.sample(core.fold(core.key(seed), t));
      const result = env.step(action);
      total += result.reward;
      trace.push(...result.observation);
      observation = result.observation;
      if (result.terminated || result.truncated) ({ observation } = env.reset());
    }
    return { total, trace, observation };
  };
  const cartPole = pkg.make('CartPole-v1');
  const a = run(cartPole, 3, 300);
  const b = run(cartPole, 3, 300);
  if (a.trace.join() !== b.trace.join()) throw new Error(`${label}: CartPole is not reproducible under a seed`);
  if (!(a.observation instanceof Float32Array) || a.observation.length !== 4) throw new Error(`${label}: CartPole observation is not a Float32Array(4)`);
  let typed = false;
  try {
    cartPole.step(2);
  } catch (error) {
    typed = error instanceof pkg.ActionError && error instanceof core.StochgradError;
  }
  if (!typed) throw new Error(`${label}: an action outside discrete(2) did not throw ActionError`);
  messages.push(`CartPole-v1 300 steps, return ${a.total}`);
  await pkg.loadMujoco();
  const cheetah = pkg.make('HalfCheetah-v5');
  const c = run(cheetah, 5, 200);
  const d = run(cheetah, 5, 200);
  if (c.trace.join() !== d.trace.join()) throw new Error(`${label}: HalfCheetah is not reproducible under a seed`);
  if (!(c.observation instanceof Float64Array) || c.observation.length !== 17) throw new Error(`${label}: HalfCheetah observation is not a Float64Array(17)`);
  cheetah.close();
  messages.push(`HalfCheetah-v5 200 steps, return ${c.total.toFixed(2)}`);
  // the parallel vector env finds its worker file in the installed package (ESM and CJS builds)
  const sync = pkg.syncVectorEnv({ id: 'CartPole-v1', n: 2 });
  const parallel = await pkg.parallelVectorEnv({ id: 'CartPole-v1', n: 2, workers: 2 });
  try {
    const a = sync.reset({ seed: 7 }).observations;
    const b = (await parallel.reset({ seed: 7 })).observations;
    const trace = [[...a], [...b]];
    for (let t = 0; t < 50; t++) {
      const actions = Int32Array.from([t % 2, (t >> 1) % 2]);
      trace[0].push(...sync.step(actions).observations);
      trace[1].push(...(await parallel.step(actions)).observations);
    }
    if (trace[0].join() !== trace[1].join()) throw new Error(`${label}: parallelVectorEnv differs from syncVectorEnv`);
  } finally {
    sync.close();
    await parallel.close();
  }
  messages.push('parallel vector env (2 workers) = sync, 50 steps');
  messages.push(`${pkg.registeredEnvironments().length} environments registered`);
  return messages.join('; ');
}
