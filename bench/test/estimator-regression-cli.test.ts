// The estimator-regression bench as a user runs it (a child process under tsx): --help lists the
// options with their defaults and exits 0; a bad option, a missing --before and a --before that is
// not a built checkout each end it with exit code 1 and a message, before any child process,
// backend or timing starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './run-script';

const SCRIPT = 'src/estimator-regression/main.ts';
// past its options the script would run for minutes: stop it (the test then fails)
const run = (args: string[]) => runScript(SCRIPT, args, 30_000);

const scratch = mkdtempSync(join(tmpdir(), 'stochgrad-estimator-regression-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('estimator-regression', () => {
  it('--help lists the options with their defaults and exits 0 without running', async () => {
    const { code, stdout } = await run(['--', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: /);
    expect(stdout).toMatch(/--before <dir>/);
    expect(stdout).toMatch(/--after <dir>.*default:\s+this repository/s);
    expect(stdout).toMatch(/--seconds <s>.*\(default:\s+0\.25\)/s);
    expect(stdout).toMatch(/--blocks <n>.*\(default:\s+11\)/s);
    expect(stdout).toMatch(/--batches <list>.*\(default:\s+1,1000\)/s);
    expect(stdout).toMatch(/--warmup-blocks <n>.*\(default:\s+2\)/s);
    expect(stdout).toMatch(/--out <dir>.*default:\s+bench\/results\/estimator-regression/s);
  });

  it.each([
    [['--before', scratch, '--blocks', '0'], /--blocks <n>' argument '0' is invalid/],
    [['--before', scratch, '--warmup-blocks', '-1'], /--warmup-blocks <n>' argument '-1' is invalid/],
    [['--before', scratch, '--seconds', 'abc'], /--seconds <s>' argument 'abc' is invalid/],
    [['--before', scratch, '--backend', 'webgl'], /Allowed choices are wasm, cpu/],
    [['--before', scratch, '--block', '3'], /unknown option '--block'/],
    [[], /required option '--before <dir>' not specified/],
    [['--before', scratch], /has no packages\/core\/dist\/index\.js: build it first/],
  ])('rejects %j before any work', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});
