/**
 * The built-in environments' registrations (imported once by the package entry; the one module
 * of @stochgrad/rl with a side effect).
 */
import { lunarLander } from './box2d/lunar-lander';
import { cartPole } from './classic-control/cart-pole';
import { acrobot } from './classic-control/acrobot';
import { mountainCarContinuous } from './classic-control/mountain-car-continuous';
import { pendulum } from './classic-control/pendulum';
import { halfCheetah } from './mujoco/half-cheetah';
import { hopper } from './mujoco/hopper';
import { invertedPendulum } from './mujoco/inverted-pendulum';
import { walker2d } from './mujoco/walker2d';
import { register } from './registry';

register({
  id: 'CartPole-v1',
  entryPoint: (o) => cartPole(o),
  maxEpisodeSteps: 500,
  rewardThreshold: 475,
  optionNames: ['suttonBartoReward'],
  description: 'classic control: balance a pole on a cart (2 actions)',
});
register({
  id: 'CartPole-v0',
  entryPoint: (o) => cartPole(o),
  maxEpisodeSteps: 200,
  rewardThreshold: 195,
  optionNames: ['suttonBartoReward'],
  description: 'CartPole with the 200-step limit and threshold 195 of the RELAX paper',
});

// Box2D
const lunarLanderOptions = ['continuous', 'gravity', 'enableWind', 'windPower', 'turbulencePower'];
register({
  id: 'LunarLander-v3',
  entryPoint: (o) => lunarLander(o),
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  optionNames: lunarLanderOptions,
  description: 'Box2D: land a rocket on a pad (4 actions: nothing, left, main, right engine)',
});
register({
  id: 'LunarLanderContinuous-v3',
  entryPoint: (o) => lunarLander(o),
  maxEpisodeSteps: 1000,
  rewardThreshold: 200,
  optionNames: lunarLanderOptions,
  defaults: { continuous: true },
  description: 'Box2D: LunarLander with throttles [main, lateral] in [-1, 1]^2',
});

// classic control (besides CartPole above)
register({
  id: 'Pendulum-v1',
  entryPoint: (o) => pendulum(o),
  maxEpisodeSteps: 200,
  optionNames: ['g'],
  description: 'classic control: swing a pendulum up and hold it (torque in [-2, 2]; never terminates)',
});
register({
  id: 'MountainCarContinuous-v0',
  entryPoint: (o) => mountainCarContinuous(o),
  maxEpisodeSteps: 999,
  rewardThreshold: 90,
  optionNames: ['goalVelocity'],
  description: 'classic control: drive an underpowered car up a hill (force in [-1, 1], +100 at the flag)',
});
register({
  id: 'Acrobot-v1',
  entryPoint: () => acrobot(),
  maxEpisodeSteps: 500,
  rewardThreshold: -100,
  description: 'classic control: swing the tip of a two-link chain above a line (3 torques)',
});

// MuJoCo (Gymnasium v5 semantics; the factories need `await loadMujoco()` first)
const runnerOptions = ['frameSkip', 'forwardRewardWeight', 'ctrlCostWeight', 'resetNoiseScale', 'excludeCurrentPositionsFromObservation'];
const walkerOptions = [...runnerOptions, 'healthyReward', 'terminateWhenUnhealthy', 'healthyZRange', 'healthyAngleRange'];
register({
  id: 'InvertedPendulum-v5',
  entryPoint: (o) => invertedPendulum(o),
  maxEpisodeSteps: 1000,
  rewardThreshold: 950,
  optionNames: ['frameSkip', 'resetNoiseScale'],
  description: 'MuJoCo: keep a pole upright on a cart (force in [-3, 3]); needs await loadMujoco()',
});
register({
  id: 'HalfCheetah-v5',
  entryPoint: (o) => halfCheetah(o),
  maxEpisodeSteps: 1000,
  rewardThreshold: 4800,
  optionNames: runnerOptions,
  description: 'MuJoCo: a planar cheetah runs forward (6 torques in [-1, 1]; never terminates); needs await loadMujoco()',
});
register({
  id: 'Hopper-v5',
  entryPoint: (o) => hopper(o),
  maxEpisodeSteps: 1000,
  rewardThreshold: 3800,
  optionNames: [...walkerOptions, 'healthyStateRange'],
  description: 'MuJoCo: a one-legged robot hops forward without falling (3 torques in [-1, 1]); needs await loadMujoco()',
});
register({
  id: 'Walker2d-v5',
  entryPoint: (o) => walker2d(o),
  maxEpisodeSteps: 1000,
  optionNames: walkerOptions,
  description: 'MuJoCo: a planar biped walks forward without falling (6 torques in [-1, 1]); needs await loadMujoco()',
});
