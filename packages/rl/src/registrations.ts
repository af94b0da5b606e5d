/**
 * The built-in environments' registrations (imported once by the package entry; the one module
 * of @stochgrad/rl with a side effect).
 */
import { lunarLander } from './box2d/lunar-lander';
import { cartPole } from './classic-control/cart-pole';
import { acrobot } from './classic-control/acrobot';
import { mountainCarContinuous } from './classic-control/mountain-car-continuous';
import { pendulum } from './classic-control/pendulum';
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
