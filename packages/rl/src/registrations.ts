/**
 * The built-in environments' registrations (imported once by the package entry; the one module
 * of @stochgrad/rl with a side effect).
 */
import { lunarLander } from './box2d/lunar-lander';
import { cartPole } from './classic-control/cart-pole';
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
