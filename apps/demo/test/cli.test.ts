// The demo CLI's options, run as a user runs them (a child process under tsx): --help prints every
// option with its default and exits 0; unknown options and bad values exit 1 with a message, all
// before any work (no backend line, well under the seconds a toy run takes).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const demoDir = fileURLToPath(new URL('..', import.meta.url));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: demoDir, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // a run that got past the options would train for tens of seconds: stop it and fail
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

describe('demo CLI options', () => {
  it('--help lists every option with its default and exits 0 without running anything', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const option of ['--budget', '--seed', '--out', '--backend', '--vae-estimator', '--vae-steps', '--env-seconds', '--cartpole-episodes', '--halfcheetah-steps']) expect(stdout).toContain(option);
    expect(stdout).toMatch(/--halfcheetah-steps <n>[^]*default: 200/);
    expect(stdout).toMatch(/--cartpole-episodes <n>[^]*default: 100/);
    expect(stdout).toMatch(/--env-seconds <s>[^]*default: 0.3/);
    expect(stdout).toMatch(/--seed <n>[^]*default: 0/);
    expect(stdout).toMatch(/--vae-steps <n>[^]*default: 2000/);
    expect(stdout).toMatch(/--backend <name>[^]*default:\s+"wasm"/); // commander wraps the help at 80 columns
    expect(stdout).toMatch(/--budget <n>[^]*default: each problem's own, 40000/);
    expect(stdout + stderr).not.toContain('backend:');
  });

  it.each([
    [['--bugdet', '100'], /unknown option '--bugdet'[^]*Did you mean --budget/],
    [['--vae-steps', 'abc'], /--vae-steps <n>' argument 'abc' is invalid. expected an integer ≥ 0/],
    [['--seed', '1.5'], /--seed <n>' argument '1.5' is invalid. expected an integer ≥ 0/],
    [['--budget', 'abc'], /--budget <n>' argument 'abc' is invalid. expected an integer ≥ 1/],
    [['--backend', 'gpu'], /--backend <name>' argument 'gpu' is invalid. Allowed choices are wasm, cpu/],
    [['--vae-estimator', 'bogus'], /--vae-estimator <name>' argument 'bogus' is invalid. Allowed choices are disarm, /],
    [['--budget'], /option '--budget <n>' argument missing/],
    [['--env-seconds', '-1'], /--env-seconds <s>' argument '-1' is invalid. expected a number ≥ 0/],
    [['--cartpole-episodes', '-1'], /--cartpole-episodes <n>' argument '-1' is invalid. expected an integer ≥ 0/],
    [['--cartpole-episodes', '2.5'], /--cartpole-episodes <n>' argument '2.5' is invalid. expected an integer ≥ 0/],
    [['--halfcheetah-steps', '-5'], /--halfcheetah-steps <n>' argument '-5' is invalid. expected an integer ≥ 0/],
  ])('rejects %j before any work', async (args, message) => {
    const { code, stdout, stderr, seconds } = await runCli(args);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(stdout).not.toContain('backend:');
    expect(seconds).toBeLessThan(15);
  });

  it('ignores the literal -- that `pnpm demo -- --flag` passes on', async () => {
    const { code, stdout } = await runCli(['--', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--vae-steps');
    const bad = await runCli(['--', '--seed', '1.5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("'1.5' is invalid");
  });
});
