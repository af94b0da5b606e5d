// Every bench script run as a user runs it (a child process under tsx): --help lists its options
// with their defaults and exits 0; an unknown option or a bad value exits 1 with a message and no
// stack trace, before a backend starts. The scripts import the built packages (turbo builds them
// before this package's tests: turbo.json "@stochgrad/bench#test").
import { describe, expect, it } from 'vitest';
import { runScript } from './run-script';

// a script that got past its options would run for minutes: stop it (the test then fails)
const run = (script: string, args: string[]) => runScript(script, args, 30_000);

// script, options its help must list (with a default where it has one), one bad invocation and its message
const SCRIPTS: [string, RegExp[], string[], RegExp][] = [
  ['src/main.ts', [/--only <list>.*\(default: all\)/s, /--seed <n>.*\(default: 0\)/s, /--quick/, /--out <dir>/], ['--seed', '1.5'], /--seed <n>' argument '1.5' is invalid/],
  ['src/mnist-vae/main.ts', [/--steps <n>.*\(default: 20000\)/s, /--model <name>.*default:\s+"linear"/s, /--estimators <list>/, /--jobs <n>/], ['--steps', 'abc'], /--steps <n>' argument 'abc' is invalid/],
  ['src/mcmc/main.ts', [/--steps <n>.*\(default: 800\)/s, /--seeds <list>.*\(default: 1,2\)/s, /--iwae-match <method>/], ['--bugdet', '100'], /unknown option '--bugdet'/],
  ['src/vae-speed/main.ts', [/--seconds <s>.*\(default: 1.5\)/s, /--blocks <n>.*\(default: 6\)/s, /--python <path>/], ['--blocks', '2.5'], /--blocks <n>' argument '2.5' is invalid/],
  ['src/relax-toy/main.ts', [/--steps <n>.*\(default: 5000\)/s, /--control-beta1 <x>.*\(default: 0.9\)/s, /--only <list>/], ['--only', 'relax,bogus'], /unknown: bogus/],
  ['src/entropy/main.ts', [/--steps-b <n>/, /--only <section>/, /--seed <n>.*\(default: 0\)/s], ['--only', 'c'], /Allowed choices are a, b/],
];

describe.each(SCRIPTS)('%s', (script, helpLines, badArgs, message) => {
  it('--help lists the options with their defaults and exits 0 without running', async () => {
    const { code, stdout } = await run(script, ['--', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: /);
    for (const line of helpLines) expect(stdout).toMatch(line);
  });

  it(`rejects ${badArgs.join(' ')} before any work`, async () => {
    const { code, stdout, stderr } = await run(script, badArgs);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});
