#!/usr/bin/env node
// Every check a change must pass, in one command (`pnpm test:all`, run by .ci/run):
// type-check, lint, the test suites of every package (with the browser end-to-end test),
// the build, and the packaging check from tarballs. Installs Debian's Chromium first if it is
// missing (the browser test drives it; no browser is ever downloaded by a test tool).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
const started = Date.now();
const steps = [];

function step(name, cmd, args) {
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - t0) / 1000 });
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return true;
  console.log('\n=== /usr/bin/chromium is missing: installing Debian\'s chromium for the browser test');
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error('not root: install it with `sudo apt-get install chromium` and run again');
    return false;
  }
  const apt = { cwd: root, stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update'], apt);
  return spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], apt).status === 0 && existsSync('/usr/bin/chromium');
}

const reportFiles = () =>
  ['packages', 'apps']
    .flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(root, group, d, '.vitest-report.json')) : []))
    .concat(existsSync(join(root, 'bench')) ? [join(root, 'bench', '.vitest-report.json')] : []);

for (const file of reportFiles()) rmSync(file, { force: true });

steps.push({ name: 'chromium', ok: ensureChromium(), seconds: 0 });
step('typecheck', 'pnpm', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);
step('lint', 'pnpm', ['lint']);
// the import-direction check of docs/architecture.md, and the checker's own test on a fixture
step('layers', 'pnpm', ['check:layers']);
// two packages at a time: their import and transform phases overlap (measured on 2 cores: 279 s
// against 492 s one at a time, the same tests passing); then the demo alone, whose browser test
// measures the page's main-thread long tasks (under another package's load one reached 124 ms)
step('tests', 'pnpm', ['turbo', 'run', 'test', '--concurrency=2', '--continue', '--filter=!@stochgrad/demo']);
step('demo tests', 'pnpm', ['turbo', 'run', 'test', '--filter=@stochgrad/demo']);
step('build', 'pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only']);
step('pack check', 'node', ['scripts/pack-check.mjs']);

let passed = 0;
let failed = 0;
for (const file of reportFiles()) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
}
const failedSteps = steps.filter((s) => !s.ok);
console.log('\n=== summary');
for (const s of steps) console.log(`  ${s.ok ? 'ok    ' : 'FAILED'} ${s.name}${s.seconds ? ` (${s.seconds.toFixed(1)} s)` : ''}`);
console.log(`  total ${((Date.now() - started) / 1000).toFixed(0)} s`);
// the plain closing line CI reads: tests passed and failed (a failed non-test step counts as a failure)
console.log(`${passed} passed, ${failed + failedSteps.filter((s) => s.name !== 'tests' && s.name !== 'demo tests').length} failed`);
process.exit(failedSteps.length === 0 ? 0 : 1);
