// @stochgrad/rl — the table of contents. Importing it registers the built-in environments.
import './registrations';

export { ActionError, EnvStateError, UnknownEnvironmentError } from './errors';

export { box, discrete } from './spaces';
export type { BoxOptions, BoxSpace, DiscreteSpace, Space } from './spaces';

export { defineEnv } from './env';
export type { Action, Env, EnvDynamics, EnvMetadata, EnvSpec, Info, Observation, ResetArgs, ResetResult, Rng, StepResult } from './env';

export { make, register, registeredEnvironments, envSpec } from './registry';
export type { EnvRegistration, MakeOptions } from './registry';

export { drawFrame, frameToSvg } from './render';
export type { CanvasLike, RenderFrame, Shape } from './render';

export { timeLimit } from './wrappers/time-limit';
export type { TimeLimitOptions } from './wrappers/time-limit';

// classic control
export { cartPole } from './classic-control/cart-pole';
export type { CartPoleExtra, CartPoleOptions } from './classic-control/cart-pole';
export { pendulum } from './classic-control/pendulum';
export type { PendulumExtra, PendulumOptions } from './classic-control/pendulum';
export { mountainCarContinuous } from './classic-control/mountain-car-continuous';
export type { MountainCarContinuousExtra, MountainCarContinuousOptions } from './classic-control/mountain-car-continuous';
export { acrobot } from './classic-control/acrobot';
export type { AcrobotExtra, AcrobotOptions } from './classic-control/acrobot';

// Box2D
export { lunarLander } from './box2d/lunar-lander';
export type { LunarLanderExtra, LunarLanderOptions, LunarLanderPhysics } from './box2d/lunar-lander';
