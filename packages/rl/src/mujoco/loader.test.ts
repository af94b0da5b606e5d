import { describe, expect, it } from 'vitest';
import { EnvStateError, halfCheetah, hopper, invertedPendulum, isMujocoLoaded, loadMujoco, make, walker2d } from '../index';

// vitest gives every test file its own module graph, so MuJoCo starts unloaded here.
describe('loadMujoco', () => {
  it('the MuJoCo factories and make throw EnvStateError before loadMujoco()', () => {
    expect(isMujocoLoaded()).toBe(false);
    for (const build of [() => halfCheetah(), () => hopper(), () => invertedPendulum(), () => walker2d(), () => make('Hopper-v5')]) {
      expect(build).toThrow(EnvStateError);
      expect(build).toThrow('MuJoCo is not loaded: await loadMujoco() from @stochgrad/rl first');
    }
  });

  it('loads once: later calls give the same module, and the factories then work', async () => {
    const [a, b] = await Promise.all([loadMujoco(), loadMujoco()]);
    expect(a).toBe(b);
    expect(await loadMujoco()).toBe(a);
    expect(isMujocoLoaded()).toBe(true);
    expect(a.mj_versionString()).toBe('3.3.8');
    const env = make('HalfCheetah-v5');
    expect(env.reset({ seed: 0 }).observation).toHaveLength(17);
    env.close();
  });
});
