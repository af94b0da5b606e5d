// The rl-sac bench as a user runs it (a child process under tsx): --help lists the parts and the
// options with their defaults; a bad option ends it with exit code 1 and a one-line message, before
// any backend, environment or training starts (nothing is written to the output directory).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './run-script';

const SCRIPT = 'src/rl-sac/main.ts';
// past its options the script would train for minutes: stop it (the test then fails)
const run = (args: string[]) => runScript(SCRIPT, args, 30_000);

const scratch = mkdtempSync(join(tmpdir(), 'stochgrad-rl-sac-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('rl-sac', () => {
  it('--help lists the parts and the options with their defaults and exits 0 without running', async () => {
    const { code, stdout } = await run(['--', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: rl-sac/);
    // help text wraps at the terminal width: compare with whitespace runs collapsed
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/--parts <list> comma-separated subset of: pendulum, pendulum-implicit, halfcheetah, hopper, report \(default: \["pendulum","pendulum-implicit"\]\)/);
    expect(text).toMatch(/--steps <n> .*\(default: 20000 on Pendulum, 100000 on MuJoCo;/);
    expect(stdout).toMatch(/--eval-episodes <n>.*\(default: 10\)/s);
    expect(stdout).toMatch(/--checkpoint-every <n>/);
    expect(stdout).toMatch(/--shard <i\/k>/);
    expect(stdout).toMatch(/--out <dir>.*default:\s+".*results\/rl-sac"/s);
  });

  it.each([
    [['--parts', 'pendulum,walker'], /unknown: walker/],
    [['--steps', '0'], /--steps <n>' argument '0' is invalid/],
    [['--shard', '2/2'], /--shard <i\/k>' argument '2\/2' is invalid/],
    [['--seed', '1'], /unknown option '--seed'/],
  ])('rejects %j before any work', async (args, message) => {
    const out = join(scratch, `out-${args.join('_').replace(/[^\w]/g, '_')}`);
    const { code, stdout, stderr } = await run([...args, '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});
