/**
 * Scripted controllers for the environment gallery: a few lines of physics intuition per task,
 * enough to make each environment do something recognisable (balance, swing up, climb, land, run).
 * They are demonstrations, not agents (the agents are in @stochgrad/rl's a2c and sac).
 */
import type { Action, Observation } from '@stochgrad/rl';

export type ScriptedPolicy = (observation: Observation, t: number) => Action;

const at = (o: Observation, i: number) => o[i] as number;
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export const scriptedPolicies: Readonly<Record<string, ScriptedPolicy>> = {
  // push the cart under the pole: lean plus a little angular velocity and cart drift
  'CartPole-v1': (o) => (at(o, 2) + 0.5 * at(o, 3) + 0.01 * at(o, 0) + 0.05 * at(o, 1) > 0 ? 1 : 0),
  'CartPole-v0': (o) => (at(o, 2) + 0.5 * at(o, 3) + 0.01 * at(o, 0) + 0.05 * at(o, 1) > 0 ? 1 : 0),
  // pump energy until near the top, then a PD hold
  'Pendulum-v1': (o) => {
    const cos = at(o, 0);
    const sin = at(o, 1);
    const speed = at(o, 2);
    const angle = Math.atan2(sin, cos);
    if (cos > 0.85) return [clip(-10 * angle - 2 * speed, -2, 2)];
    return [speed >= 0 ? 2 : -2];
  },
  // push with the velocity: the car rocks higher each swing
  'MountainCarContinuous-v0': (o) => [at(o, 1) >= 0 ? 1 : -1],
  // torque the second joint along the first joint's velocity
  'Acrobot-v1': (o) => (at(o, 4) > 0 ? 2 : at(o, 4) < 0 ? 0 : 1),
  // fire the main engine when falling too fast, side engines against the tilt
  'LunarLander-v3': (o) => {
    const angleTarget = clip(0.5 * at(o, 0) + at(o, 2), -0.4, 0.4);
    const angleTodo = (angleTarget - at(o, 4)) * 0.5 - at(o, 5);
    const hoverTodo = (0.55 * Math.abs(at(o, 0)) - at(o, 1)) * 0.5 - at(o, 3) * 0.5;
    if (at(o, 6) || at(o, 7)) return hoverTodo > 0.05 ? 2 : 0;
    if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) return 2;
    if (angleTodo < -0.05) return 3;
    if (angleTodo > 0.05) return 1;
    return 0;
  },
  'LunarLanderContinuous-v3': (o) => {
    const angleTarget = clip(0.5 * at(o, 0) + at(o, 2), -0.4, 0.4);
    const angleTodo = (angleTarget - at(o, 4)) * 0.5 - at(o, 5);
    const hoverTodo = (0.55 * Math.abs(at(o, 0)) - at(o, 1)) * 0.5 - at(o, 3) * 0.5;
    if (at(o, 6) || at(o, 7)) return [0, 0];
    return [clip(hoverTodo * 20 - 1, -1, 1), clip(-angleTodo * 20, -1, 1)];
  },
  // a slider PD on the pole angle
  'InvertedPendulum-v5': (o) => [clip(2 * at(o, 1) + 0.3 * at(o, 3) + 0.05 * at(o, 0) + 0.05 * at(o, 2), -3, 3)],
  // a travelling sine wave over the joints: a gait, not a policy
  'HalfCheetah-v5': (_o, t) => Array.from({ length: 6 }, (_, j) => Math.sin(0.4 * t + (j < 3 ? 0 : Math.PI) + 0.8 * (j % 3))),
  'Hopper-v5': (_o, t) => Array.from({ length: 3 }, (_, j) => 0.6 * Math.sin(0.3 * t + j)),
  'Walker2d-v5': (_o, t) => Array.from({ length: 6 }, (_, j) => 0.6 * Math.sin(0.3 * t + (j < 3 ? 0 : Math.PI) + j)),
};
