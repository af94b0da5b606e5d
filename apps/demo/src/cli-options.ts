/**
 * The demo CLI's options (commander): `--help` lists each with its default and exits 0; an unknown
 * option or a bad value ends the program with "error: ..." and exit code 1. This module imports
 * neither tfjs nor the packages, so all of that happens before any work starts. The value checks
 * throw commander's InvalidArgumentError; bench has its own copy of them (bench/src/cli-options.ts):
 * the demo never imports bench.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { VAE_ESTIMATOR_NAMES } from './vae-estimator-names';

/** The shipped HalfCheetah agent's default drive: 10 s of simulated time (a second or two to run). */
export const HALFCHEETAH_STEPS = 200;

/** The CartPole race's default length: a few seconds per method on one core. */
export const CARTPOLE_EPISODES = 100;

export interface DemoOptions {
  /** objective evaluations per estimator on each toy problem (undefined: each problem's own) */
  budget?: number;
  seed: number;
  /** absolute path of the report directory */
  out: string;
  backend: 'wasm' | 'cpu';
  vaeEstimator: string;
  /** 0 skips the VAE */
  vaeSteps: number;
  /** seconds each environment is timed for the environment table (0 skips it) */
  envSeconds: number;
  /** episodes each of A2C and RELAX trains on CartPole-v1 (0 skips the race) */
  cartpoleEpisodes: number;
  /** steps the shipped SAC agent drives HalfCheetah-v5 for (0 skips it) */
  halfcheetahSteps: number;
}

/** The demo's options from argv (process.argv form: node, script, args...); exits on --help or an error. */
export function parseDemoOptions(argv: readonly string[]): DemoOptions {
  const program = new Command('pnpm demo')
    .description('Compares every gradient estimator on the toy problems, trains a Bernoulli VAE on MNIST, runs coupled chains, times the RL environments, trains A2C and RELAX on CartPole-v1, drives HalfCheetah with the shipped SAC agent, and writes an HTML report.')
    .addOption(new Option('--budget <n>', "objective evaluations per estimator on each toy problem (default: each problem's own, 40000)").argParser(integerAtLeast(1)))
    .addOption(new Option('--seed <n>', 'root key seed (an integer ≥ 0)').argParser(integerAtLeast(0)).default(0))
    .addOption(new Option('--out <dir>', 'where index.html and results.json are written').default(new URL('../report', import.meta.url).pathname, 'apps/demo/report'))
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
    .addOption(new Option('--vae-estimator <name>', 'estimator the Bernoulli VAE trains with').choices(VAE_ESTIMATOR_NAMES).default('disarm'))
    .addOption(new Option('--vae-steps <n>', 'Bernoulli VAE training steps (0 skips the VAE)').argParser(integerAtLeast(0)).default(2000))
    .addOption(new Option('--env-seconds <s>', 'seconds each RL environment is timed for the environment table (0 skips it)').argParser(nonNegativeNumber).default(0.3))
    .addOption(new Option('--cartpole-episodes <n>', 'episodes each of A2C and RELAX trains on CartPole-v1, side by side (0 skips it)').argParser(integerAtLeast(0)).default(CARTPOLE_EPISODES))
    .addOption(new Option('--halfcheetah-steps <n>', "steps the web page's shipped SAC agent drives HalfCheetah-v5 for, deterministic (0 skips it)").argParser(integerAtLeast(0)).default(HALFCHEETAH_STEPS))
    .showHelpAfterError('(run with --help for the options and their defaults)')
    .parse(userArgv(argv));
  const options = program.opts<DemoOptions>();
  return { ...options, out: resolve(options.out) };
}

/** A parser for an integer ≥ `min` written in decimal digits (rejects 1.5, 1e3, abc, ''). */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}.`);
    }
    return n;
  };
}

/** A parser for a finite number ≥ 0. */
export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

/** A parser for a finite number > 0. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}

/**
 * process.argv without the literal `--` that `pnpm <script> -- --flag` passes on (commander would
 * read everything after it as positional arguments).
 */
export function userArgv(argv: readonly string[] = process.argv): string[] {
  const [node = 'node', script = 'script', ...rest] = argv;
  while (rest[0] === '--') rest.shift();
  return [node, script, ...rest];
}
