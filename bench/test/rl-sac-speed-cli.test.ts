// The rl-sac-speed bench as a user runs it (a child process under tsx): --help lists the options
// with their defaults; a bad option, a missing Python and a Python without torch each end it with
// exit code 1 and a one-line message, before any backend, environment or timing starts. No torch
// needed: the torch-less Python is python3 -S (no site-packages).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './run-script';

const SCRIPT = 'src/rl-sac-speed/main.ts';
// past its options the script would run for minutes: stop it (the test then fails)
const run = (args: string[]) => runScript(SCRIPT, args, 30_000);

const scratch = mkdtempSync(join(tmpdir(), 'stochgrad-rl-sac-speed-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('rl-sac-speed', () => {
  it('--help lists the options with their defaults and exits 0 without running', async () => {
    const { code, stdout } = await run(['--', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: /);
    expect(stdout).toMatch(/--seconds <s>.*\(default: 3\)/s);
    expect(stdout).toMatch(/--blocks <n>.*\(default: 5\)/s);
    expect(stdout).toMatch(/--learning-starts <n>.*\(default: 1000\)/s);
    expect(stdout).toMatch(/--python <path>.*default: "\/usr\/bin\/python3"/s);
    expect(stdout).toMatch(/--out <dir>.*default:\s+bench\/results\/rl-sac-speed/s);
  });

  it.each([
    [['--blocks', '0'], /--blocks <n>' argument '0' is invalid/],
    [['--seconds', 'abc'], /--seconds <s>' argument 'abc' is invalid/],
    [['--backend', 'webgl'], /Allowed choices are wasm, cpu/],
    [['--learning-starts', '10'], /--learning-starts <n>' argument '10' is invalid/],
    [['--block', '3'], /unknown option '--block'/],
  ])('rejects %j before any work', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('says which Python could not start and how to pick another', async () => {
    const missing = join(scratch, 'no-such-python');
    const { code, stdout, stderr } = await run(['--python', missing]);
    expect(code).toBe(1);
    expect(stderr).toContain(`error: could not start the PyTorch side with ${missing}`);
    expect(stderr).toMatch(/pass --python <path>/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('says when the Python cannot import torch', async () => {
    const python = join(scratch, 'python-without-site-packages');
    writeFileSync(python, '#!/bin/sh\nexec python3 -S "$@"\n');
    chmodSync(python, 0o755);
    const { code, stdout, stderr } = await run(['--python', python]);
    expect(code).toBe(1);
    expect(stderr).toContain(`error: ${python} cannot import torch (No module named 'torch')`);
    expect(stderr).toMatch(/apt install python3-torch/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});
