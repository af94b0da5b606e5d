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

// MuJoCo
export { loadMujoco, isMujocoLoaded } from './mujoco/loader';
export type { MujocoModule } from './mujoco/loader';
export { mujocoModels } from './mujoco/models';
export type { MujocoModel } from './mujoco/models';
export type { MujocoExtra, MujocoPhysics } from './mujoco/simulation';
export { invertedPendulum } from './mujoco/inverted-pendulum';
export type { InvertedPendulumOptions } from './mujoco/inverted-pendulum';
export { halfCheetah } from './mujoco/half-cheetah';
export type { HalfCheetahOptions } from './mujoco/half-cheetah';
export { hopper } from './mujoco/hopper';
export type { HopperOptions } from './mujoco/hopper';
export { walker2d } from './mujoco/walker2d';
export type { Walker2dOptions } from './mujoco/walker2d';

// wrappers (episode statistics, observation normalisation, action rescaling and clipping)
export { recordEpisodeStatistics } from './wrappers/record-episode-statistics';
export type { EpisodeStatistics, RecordEpisodeStatisticsExtra, RecordEpisodeStatisticsOptions } from './wrappers/record-episode-statistics';
export { normalizeObservation } from './wrappers/normalize-observation';
export type { NormalizeObservationExtra, NormalizeObservationOptions, RunningMeanStdState } from './wrappers/normalize-observation';
export { rescaleAction } from './wrappers/rescale-action';
export type { RescaleActionOptions } from './wrappers/rescale-action';
export { clipAction } from './wrappers/clip-action';

// vector (synchronous and worker-thread vector environments, NEXT_STEP autoreset)
export { syncVectorEnv } from './vector/sync-vector-env';
export type { SyncVectorEnv, SyncVectorEnvOptions } from './vector/sync-vector-env';
export { parallelVectorEnv } from './vector/parallel-vector-env';
export type { ParallelVectorEnv, ParallelVectorEnvOptions } from './vector/parallel-vector-env';
export type { VectorActions, VectorEnv, VectorResetArgs, VectorResetResult, VectorStepResult } from './vector/vector-env';

// exact policy gradients (finite MDPs whose J(θ) and ∇J(θ) are known exactly: oracles for estimators)
export { tabularMdp } from './exact/tabular-mdp';
export type { TabularEpisodes, TabularMdp, TabularMdpExact, TabularMdpOptions } from './exact/tabular-mdp';
export { linearQuadraticMdp } from './exact/linear-quadratic-mdp';
export type { LinearGaussianPolicy, LinearQuadraticEpisodes, LinearQuadraticExact, LinearQuadraticMdp, LinearQuadraticMdpOptions } from './exact/linear-quadratic-mdp';

// policy gradients (estimators on batched episodes: score function with a value baseline, RELAX, LAX; control-variate training)
export { returnsToGo } from './policy-gradient/returns-to-go';
export type { ReturnsToGoOptions } from './policy-gradient/returns-to-go';
export type { PolicyGradientEstimate } from './policy-gradient/policy-gradient-estimate';
export { scoreFunctionPolicyGradient } from './policy-gradient/score-function-policy-gradient';
export type { ScoreFunctionPolicyGradientArgs } from './policy-gradient/score-function-policy-gradient';
export { relaxPolicyGradient } from './policy-gradient/relax-policy-gradient';
export type { RelaxPolicyGradientArgs } from './policy-gradient/relax-policy-gradient';
export { laxPolicyGradient } from './policy-gradient/lax-policy-gradient';
export type { LaxPolicyGradientArgs } from './policy-gradient/lax-policy-gradient';
export { controlVariateGradients } from './policy-gradient/control-variate-gradients';
export type { ControlVariateGradients, ControlVariateGradientsArgs } from './policy-gradient/control-variate-gradients';

// agents (A2C on vector envs; default MLP policies and value function; evaluation)
export { a2c } from './agents/a2c';
export type { A2CAgent, A2CConfig, A2CControlVariate, A2CLearnOptions, A2CLearnResult, A2CLoadOptions, A2COptions, A2CPredictOptions, A2CProgress, A2CSnapshot } from './agents/a2c';
export type { CategoricalPolicy, GaussianPolicy, MlpConfig, Policy, ValueFunction } from './agents/policy';
export { categoricalMlpPolicy } from './agents/categorical-mlp-policy';
export type { CategoricalMlpPolicyOptions } from './agents/categorical-mlp-policy';
export { gaussianMlpPolicy } from './agents/gaussian-mlp-policy';
export type { GaussianMlpPolicyOptions } from './agents/gaussian-mlp-policy';
export { mlpValueFunction } from './agents/mlp-value-function';
export type { MlpValueFunctionOptions } from './agents/mlp-value-function';
export { evaluatePolicy } from './agents/evaluate-policy';
export type { EvaluatePolicyOptions, EvaluatePolicyResult, Predictor } from './agents/evaluate-policy';

// SAC (twin critics, replay buffer; squashed Gaussian or implicit policies, entropy from AR-DAE / Stein / SSGE / a known score)
export { sac } from './agents/sac';
export type { SacAgent, SacArdaeOptions, SacConfig, SacEntropy, SacJacobianClampingOptions, SacLearnOptions, SacLearnResult, SacLoadOptions, SacOptions, SacPredictOptions, SacProgress, SacSnapshot } from './agents/sac';
export type { ImplicitPolicy, SacPolicy, SquashedGaussianPolicy } from './agents/sac-policy';
export { squashedGaussianMlpPolicy } from './agents/squashed-gaussian-mlp-policy';
export type { SquashedGaussianMlpPolicyOptions } from './agents/squashed-gaussian-mlp-policy';
export { implicitMlpPolicy } from './agents/implicit-mlp-policy';
export type { ImplicitMlpPolicyOptions } from './agents/implicit-mlp-policy';
