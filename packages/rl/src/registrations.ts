/**
 * The built-in environments' registrations (imported once by the package entry; the one module
 * of @stochgrad/rl with a side effect).
 */
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
