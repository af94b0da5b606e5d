/**
 * LunarLander (Gymnasium LunarLander-v3 / LunarLanderContinuous-v3): land a rocket on the pad
 * at (0, 0) of the observation frame, on a random moon, with a main engine and two side engines.
 * Physics: a planck.js (Box2D algorithms in JS) world at 50 Hz, world.step(1/50, 6·30, 2·30),
 * gravity g ∈ (−12, 0); a six-sided hull (density 5) with two legs on motorised revolute joints
 * (torque 40, speed ±0.3, limits as Gymnasium's, reference angle ±0.05 = the legs' initial
 * angles); an initial force U(−1000, 1000)² on the hull; engine recoil as linear impulses at the
 * nozzles, with a U(−1, 1)/30 dispersion drawn every step; optional wind and turbulence
 * tanh(sin(0.02 t) + sin(0.01 π t)) from a random phase.
 * Observation (float32): [(x − W/2)/(W/2), (y − (y_pad + 18/30))/(H/2), v_x (W/2)/50, v_y (H/2)/50,
 *   angle, 20 ω/50, leg 1 contact, leg 2 contact], W = 20, H = 40/3. A leg's contact flag follows
 *   Gymnasium's rule: set when a contact with the leg begins, cleared when any contact with it ends
 *   (so a leg resting across two terrain edges can read 0 after one of them separates).
 * Reward: shaping_t − shaping_{t−1} − 0.30·m_power − 0.03·s_power, with shaping =
 *   −100‖(x, y)‖ − 100‖(v_x, v_y)‖ − 100|angle| + 10·leg1 + 10·leg2 (on the observation in float64);
 *   −100 and terminated when the hull touches the moon or |x| ≥ 1; +100 and terminated when the
 *   hull falls asleep (at rest), which overrides.
 * Properties: the exhaust particles of Gymnasium's renderer are left out (decorative bodies that
 * collide only with the ground, never with the lander); the engines' recoil impulses on the
 * lander are applied exactly as Gymnasium applies them, the side engine's quirky 17/30 lever
 * included. Trajectories match pybox2d's behaviourally, not bitwise: same constants, solver
 * iterations and sleep rules, and planck keeps Box2D 2.3's revolute-joint solver (pybox2d is
 * 2.3.10), but planck computes in float64 and Box2D in float32, and the random streams differ. A
 * PD pilot lands with mean return > 200 (the tests); Gymnasium's own heuristic rule scored
 * 259 (discrete) and 279 (continuous) on average over seeds 0–9 here. All randomness (terrain,
 * initial force, dispersion, wind phase) comes from the environment's seeded stream, so a seed
 * fixes the episode bit for bit.
 * Reference: Gymnasium `envs/box2d/lunar_lander.py` (Oleg Klimov; Farama Foundation, MIT), HEAD 3f0476a8c.
 */
import { ArgumentError, checkOptions } from '@stochgrad/core';
import { type Body, BoxShape, type Contact, EdgeShape, PolygonShape, RevoluteJoint, World } from 'planck';
import { type Action, type Env, type Rng, defineEnv } from '../env';
import type { RenderFrame, Shape } from '../render';
import { box, discrete } from '../spaces';

const FPS = 50;
const SCALE = 30;
const MAIN_ENGINE_POWER = 13;
const SIDE_ENGINE_POWER = 0.6;
const INITIAL_RANDOM = 1000;
const LANDER_POLY: readonly (readonly [number, number])[] = [
  [-14, 17],
  [-17, 0],
  [-17, -10],
  [17, -10],
  [17, 0],
  [14, 17],
];
const LEG_AWAY = 20;
const LEG_DOWN = 18;
const LEG_W = 2;
const LEG_H = 8;
const LEG_SPRING_TORQUE = 40;
const SIDE_ENGINE_HEIGHT = 14;
const SIDE_ENGINE_AWAY = 12;
const MAIN_ENGINE_Y_LOCATION = 4;
const VIEWPORT_W = 600;
const VIEWPORT_H = 400;
const W = VIEWPORT_W / SCALE;
const H = VIEWPORT_H / SCALE;
const CHUNKS = 11;
const VELOCITY_ITERATIONS = 6 * 30;
const POSITION_ITERATIONS = 2 * 30;

const HULL_FILL = 'rgb(128, 102, 230)';
const HULL_STROKE = 'rgb(77, 77, 128)';

export interface LunarLanderOptions {
  /** Box(−1, 1, [2]) throttles instead of Discrete(4) (default false). */
  continuous?: boolean;
  /** The moon's gravity, in (−12, 0) (default −10). */
  gravity?: number;
  /** Wind and turbulence on the hull while no leg touches the ground (default false). */
  enableWind?: boolean;
  /** The wind force's amplitude (default 15; Gymnasium recommends [0, 20]). */
  windPower?: number;
  /** The turbulence torque's amplitude (default 1.5; Gymnasium recommends [0, 2]). */
  turbulencePower?: number;
}

/** The planck bodies of the current episode, for tests and custom renderers. */
export interface LunarLanderPhysics {
  readonly world: World;
  readonly lander: Body;
  /** Leg 1 (observation index 6) at x = W/2 + 20/30, leg 2 (index 7) at x = W/2 − 20/30. */
  readonly legs: readonly [Body, Body];
  /** The moon's surface: x0, y0, x1, y1, … for the 11 smoothed chunk points. */
  readonly terrain: readonly number[];
  readonly helipad: { readonly x1: number; readonly x2: number; readonly y: number };
  /** The hull has touched the moon this episode. */
  readonly gameOver: boolean;
}

export interface LunarLanderExtra {
  /** Undefined before the first reset and after close. */
  readonly physics: LunarLanderPhysics | undefined;
}

interface Episode {
  world: World;
  lander: Body;
  legs: [Body, Body];
  legContact: [boolean, boolean];
  gameOver: boolean;
  terrain: number[];
  helipadX1: number;
  helipadX2: number;
  helipadY: number;
  prevShaping: number | undefined;
  windIndex: number;
  torqueIndex: number;
}

function checkNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(`lunarLander ${name}`, `got ${typeof value === 'number' ? value : typeof value}`, 'a finite number');
  return value;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ArgumentError(`lunarLander ${name}`, `got ${typeof value}`, 'true or false');
  return value;
}

/** tanh(sin(2k t) + sin(π k t)) with k = 0.01: Gymnasium's never-periodic wind profile. */
const windProfile = (t: number) => Math.tanh(Math.sin(0.02 * t) + Math.sin(Math.PI * 0.01 * t));

/**
 * The raw LunarLander environment (no time limit; `make('LunarLander-v3')` adds 1000 steps).
 * Discrete actions: 0 = nothing, 1 = left engine, 2 = main engine, 3 = right engine. Continuous
 * [main, lateral] ∈ [−1, 1]²: main > 0 fires the main engine at (1 + main)/2; |lateral| > 0.5 fires
 * the left (< 0) or right (> 0) engine at |lateral|.
 * @example
 * const env = lunarLander({ continuous: true });
 * const { observation } = env.reset({ seed: 1 });
 * env.step([0.5, 0]);
 */
export function lunarLander(options: LunarLanderOptions = {}): Env<Float32Array, Action> & LunarLanderExtra {
  checkOptions('lunarLander', options, ['continuous', 'gravity', 'enableWind', 'windPower', 'turbulencePower']);
  const continuous = checkBoolean('continuous', options.continuous);
  const gravity = checkNumber('gravity', options.gravity, -10);
  if (!(gravity > -12 && gravity < 0)) throw new ArgumentError('lunarLander gravity', `got ${gravity}`, 'a number in the open interval (−12, 0)');
  const enableWind = checkBoolean('enableWind', options.enableWind);
  const windPower = checkNumber('windPower', options.windPower, 15);
  const turbulencePower = checkNumber('turbulencePower', options.turbulencePower, 1.5);

  let rng: Rng | undefined;
  let episode: Episode | undefined;

  const destroy = () => {
    if (!episode) return;
    const { world } = episode;
    world.off('begin-contact', beginContact);
    world.off('end-contact', endContact);
    for (let b = world.getBodyList(); b; ) {
      const next = b.getNext();
      world.destroyBody(b);
      b = next;
    }
    episode = undefined;
  };

  function beginContact(contact: Contact) {
    if (!episode) return;
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    if (a === episode.lander || b === episode.lander) episode.gameOver = true;
    for (let i = 0; i < 2; i++) if (a === episode.legs[i] || b === episode.legs[i]) episode.legContact[i] = true;
  }

  function endContact(contact: Contact) {
    if (!episode) return;
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    for (let i = 0; i < 2; i++) if (a === episode.legs[i] || b === episode.legs[i]) episode.legContact[i] = false;
  }

  const build = (draw: Rng): Episode => {
    const world = new World({ gravity: { x: 0, y: gravity } });
    world.on('begin-contact', beginContact);
    world.on('end-contact', endContact);

    // terrain: 12 heights, the 5 around the middle flattened to the pad, then smoothed with
    // 0.33·(h[i−1] + h[i] + h[i+1]); h[−1] is the last height (Python's negative index)
    const height = Array.from(draw.uniform(CHUNKS + 1, 0, H / 2));
    const chunkX = Array.from({ length: CHUNKS }, (_, i) => (W / (CHUNKS - 1)) * i);
    const helipadY = H / 4;
    const mid = Math.floor(CHUNKS / 2);
    for (let k = -2; k <= 2; k++) height[mid + k] = helipadY;
    const smoothY = chunkX.map((_, i) => 0.33 * ((height[(i - 1 + CHUNKS + 1) % (CHUNKS + 1)] as number) + (height[i] as number) + (height[i + 1] as number)));

    const moon = world.createBody();
    moon.createFixture(new EdgeShape({ x: 0, y: 0 }, { x: W, y: 0 }), { density: 0, friction: 0.2 });
    const terrain: number[] = [];
    for (let i = 0; i < CHUNKS; i++) terrain.push(chunkX[i] as number, smoothY[i] as number);
    for (let i = 0; i < CHUNKS - 1; i++) {
      const p1 = { x: chunkX[i] as number, y: smoothY[i] as number };
      const p2 = { x: chunkX[i + 1] as number, y: smoothY[i + 1] as number };
      moon.createFixture(new EdgeShape(p1, p2), { density: 0, friction: 0.1 });
    }

    const initialX = W / 2;
    const initialY = H;
    const lander = world.createBody({ type: 'dynamic', position: { x: initialX, y: initialY }, angle: 0 });
    lander.createFixture({
      shape: new PolygonShape(LANDER_POLY.map(([x, y]) => ({ x: x / SCALE, y: y / SCALE }))),
      density: 5,
      friction: 0.1,
      restitution: 0,
      filterCategoryBits: 0x0010,
      filterMaskBits: 0x0001,
    });
    const force = draw.uniform(2, -INITIAL_RANDOM, INITIAL_RANDOM);
    lander.applyForceToCenter({ x: force[0] as number, y: force[1] as number }, true);

    let windIndex = 0;
    let torqueIndex = 0;
    if (enableWind) {
      windIndex = draw.integer(19998) - 9999;
      torqueIndex = draw.integer(19998) - 9999;
    }

    const legs: Body[] = [];
    for (const i of [-1, 1]) {
      const leg = world.createBody({ type: 'dynamic', position: { x: initialX - (i * LEG_AWAY) / SCALE, y: initialY }, angle: i * 0.05 });
      leg.createFixture({
        shape: new BoxShape(LEG_W / SCALE, LEG_H / SCALE),
        density: 1,
        friction: 0.2,
        restitution: 0,
        filterCategoryBits: 0x0020,
        filterMaskBits: 0x0001,
      });
      world.createJoint(
        new RevoluteJoint({
          bodyA: lander,
          bodyB: leg,
          localAnchorA: { x: 0, y: 0 },
          localAnchorB: { x: (i * LEG_AWAY) / SCALE, y: LEG_DOWN / SCALE },
          // pybox2d fills the reference angle from the bodies' angles when it is not given
          referenceAngle: i * 0.05,
          enableMotor: true,
          enableLimit: true,
          maxMotorTorque: LEG_SPRING_TORQUE,
          motorSpeed: 0.3 * i,
          lowerAngle: i === -1 ? 0.9 - 0.5 : -0.9,
          upperAngle: i === -1 ? 0.9 : -0.9 + 0.5,
        }),
      );
      legs.push(leg);
    }

    return {
      world,
      lander,
      legs: legs as [Body, Body],
      legContact: [false, false],
      gameOver: false,
      terrain,
      helipadX1: chunkX[mid - 1] as number,
      helipadX2: chunkX[mid + 1] as number,
      helipadY,
      prevShaping: undefined,
      windIndex,
      torqueIndex,
    };
  };

  const advance = (action: Action) => {
    const e = episode as Episode;
    const draw = rng as Rng;
    const { lander } = e;

    if (enableWind && !(e.legContact[0] || e.legContact[1])) {
      lander.applyForceToCenter({ x: windProfile(e.windIndex) * windPower, y: 0 }, true);
      e.windIndex += 1;
      lander.applyTorque(windProfile(e.torqueIndex) * turbulencePower, true);
      e.torqueIndex += 1;
    }

    let mainPower = 0;
    let sidePower = 0;
    let direction = 0;
    if (continuous) {
      const a = action as ArrayLike<number>;
      const main = Math.min(Math.max(a[0] as number, -1), 1);
      const lateral = Math.min(Math.max(a[1] as number, -1), 1);
      if (main > 0) mainPower = (Math.min(main, 1) + 1) * 0.5;
      if (Math.abs(lateral) > 0.5) {
        direction = Math.sign(lateral);
        sidePower = Math.min(Math.max(Math.abs(lateral), 0.5), 1);
      }
    } else {
      if (action === 2) mainPower = 1;
      if (action === 1 || action === 3) {
        direction = (action as number) - 2;
        sidePower = 1;
      }
    }

    const angle = lander.getAngle();
    const tipX = Math.sin(angle);
    const tipY = Math.cos(angle);
    const sideX = -tipY;
    const sideY = tipX;
    const dispersion = draw.uniform(2, -1, 1);
    const d0 = (dispersion[0] as number) / SCALE;
    const d1 = (dispersion[1] as number) / SCALE;

    if (mainPower > 0) {
      const along = MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0;
      const ox = tipX * along + sideX * d1;
      const oy = -tipY * along - sideY * d1;
      const p = lander.getPosition();
      const at = { x: p.x + ox, y: p.y + oy };
      lander.applyLinearImpulse({ x: -ox * MAIN_ENGINE_POWER * mainPower, y: -oy * MAIN_ENGINE_POWER * mainPower }, at, true);
    }
    if (sidePower > 0) {
      const across = 3 * d1 + (direction * SIDE_ENGINE_AWAY) / SCALE;
      const ox = tipX * d0 + sideX * across;
      const oy = -tipY * d0 - sideY * across;
      const p = lander.getPosition();
      // Gymnasium's lever: 17/30 along x, SIDE_ENGINE_HEIGHT/30 along y (an orientation-dependent torque)
      const at = { x: p.x + ox - (tipX * 17) / SCALE, y: p.y + oy + (tipY * SIDE_ENGINE_HEIGHT) / SCALE };
      lander.applyLinearImpulse({ x: -ox * SIDE_ENGINE_POWER * sidePower, y: -oy * SIDE_ENGINE_POWER * sidePower }, at, true);
    }

    e.world.step(1 / FPS, VELOCITY_ITERATIONS, POSITION_ITERATIONS);

    const pos = lander.getPosition();
    const vel = lander.getLinearVelocity();
    const state = [
      (pos.x - W / 2) / (W / 2),
      (pos.y - (e.helipadY + LEG_DOWN / SCALE)) / (H / 2),
      (vel.x * (W / 2)) / FPS,
      (vel.y * (H / 2)) / FPS,
      lander.getAngle(),
      (20 * lander.getAngularVelocity()) / FPS,
      e.legContact[0] ? 1 : 0,
      e.legContact[1] ? 1 : 0,
    ] as const;

    const shaping =
      -100 * Math.sqrt(state[0] * state[0] + state[1] * state[1]) -
      100 * Math.sqrt(state[2] * state[2] + state[3] * state[3]) -
      100 * Math.abs(state[4]) +
      10 * state[6] +
      10 * state[7];
    let reward = e.prevShaping === undefined ? 0 : shaping - e.prevShaping;
    e.prevShaping = shaping;
    reward -= mainPower * 0.3;
    reward -= sidePower * 0.03;

    let terminated = false;
    if (e.gameOver || Math.abs(state[0]) >= 1) {
      terminated = true;
      reward = -100;
    }
    if (!lander.isAwake()) {
      terminated = true;
      reward = 100;
    }
    return { observation: Float32Array.from(state), reward, terminated };
  };

  const bodyPolygons = (body: Body): number[][] => {
    const out: number[][] = [];
    for (let f = body.getFixtureList(); f; f = f.getNext()) {
      const shape = f.getShape();
      if (shape instanceof PolygonShape) {
        const points: number[] = [];
        for (const v of shape.m_vertices) {
          const w = body.getWorldPoint(v);
          points.push(w.x, w.y);
        }
        out.push(points);
      }
    }
    return out;
  };

  const observationLow = [-2.5, -2.5, -10, -10, -2 * Math.PI, -10, -0, -0].map(Math.fround);
  const observationHigh = [2.5, 2.5, 10, 10, 2 * Math.PI, 10, 1, 1].map(Math.fround);

  return defineEnv<Float32Array, Action, LunarLanderExtra>(
    {
      observationSpace: box({ low: observationLow, high: observationHigh }),
      actionSpace: continuous ? box({ low: -1, high: 1, shape: [2] }) : discrete(4),
      metadata: { renderFps: FPS },
      reset(draw) {
        destroy();
        rng = draw;
        episode = build(draw);
        // Gymnasium returns the observation after one no-op step
        const { observation } = advance(continuous ? [0, 0] : 0);
        return { observation };
      },
      step: (action) => advance(action),
      render(): RenderFrame {
        const e = episode as Episode;
        const ground: number[] = [0, 0, ...e.terrain, W, 0];
        const shapes: Shape[] = [{ type: 'polygon', points: ground, fill: '#ffffff' }];
        for (const x of [e.helipadX1, e.helipadX2]) {
          const y1 = e.helipadY;
          const y2 = y1 + 50 / SCALE;
          shapes.push({ type: 'polyline', points: [x, y1, x, y2], stroke: '#ffffff', lineWidth: 1 / SCALE });
          shapes.push({ type: 'polygon', points: [x, y2, x, y2 - 10 / SCALE, x + 25 / SCALE, y2 - 5 / SCALE], fill: 'rgb(204, 204, 0)' });
        }
        for (const body of [e.lander, ...e.legs]) {
          for (const points of bodyPolygons(body)) shapes.push({ type: 'polygon', points, fill: HULL_FILL, stroke: HULL_STROKE, lineWidth: 1 / SCALE });
        }
        return { bounds: { xMin: 0, xMax: W, yMin: 0, yMax: H }, shapes, background: '#000000' };
      },
      close() {
        destroy();
        rng = undefined;
      },
    },
    {
      get physics(): LunarLanderPhysics | undefined {
        const e = episode;
        if (!e) return undefined;
        return Object.freeze({
          world: e.world,
          lander: e.lander,
          legs: Object.freeze([e.legs[0], e.legs[1]]) as readonly [Body, Body],
          terrain: Object.freeze(e.terrain.slice()),
          helipad: Object.freeze({ x1: e.helipadX1, x2: e.helipadX2, y: e.helipadY }),
          gameOver: e.gameOver,
        });
      },
    },
  );
}
