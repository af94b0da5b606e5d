/**
 * Where a bench result came from: the commit and the versions of the packages measured, for the
 * header of a results file (rl-a2c-speed, rl-sac-speed).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The short hash of HEAD, or 'unknown' outside a git checkout. */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The version of a workspace package, e.g. workspaceVersion('rl'). */
export function workspaceVersion(name: string): string {
  const path = fileURLToPath(new URL(`../../packages/${name}/package.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/**
 * The medians over blocks of every rate, and the median over blocks of one rate's ratio to
 * another (each block pairs the two sides under about the same load, so the latter is the steadier
 * figure on a shared machine).
 */
export function blockMedians<T extends Record<string, number>>(rates: readonly T[], median: (values: readonly number[]) => number): { medians: T; blockRatio: (mine: keyof T, theirs: keyof T) => number } {
  const keys = Object.keys(rates[0] as T) as (keyof T)[];
  const medians = Object.fromEntries(keys.map((k) => [k, median(rates.map((r) => r[k] as number))])) as T;
  return { medians, blockRatio: (mine, theirs) => median(rates.map((r) => (r[mine] as number) / (r[theirs] as number))) };
}
