#!/usr/bin/env node
// Packaging check, from built tarballs, outside the workspace. For every published package:
// publint --strict and attw, `pnpm pack`, then a fresh project in a temporary directory that
// installs only that package, @stochgrad/core and tfjs (npm, from the tarballs), and runs the
// package's test/pack-smoke.mjs from ESM (import) and CJS (require): the package loads, importing
// it makes tf.grad work, one tfjs engine is loaded, and its estimators give the exact gradient.
// For core, tsc also checks a user's TypeScript there (tfjs's chained methods, x.add(y), typecheck),
// and a Vite page built there runs in Chromium (wasm, chained methods).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('..', import.meta.url).pathname);
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options });
const output = (cmd, args, options = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...options });
const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

// `node scripts/pack-check.mjs @stochgrad/rl` smoke-tests only the packages named (all are still packed)
const only = process.argv.slice(2);
const published = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => !manifest(dir).private);

// tsc in the fresh project (the workspace's TypeScript, the user's strict NodeNext settings, ESM and
// CJS files): core's published types bring tfjs's chained methods, so `x.add(y)` typechecks; the
// @ts-expect-error line proves tsc really checks those calls.
function typecheckChainedOps(project) {
  const user = `
    import * as tf from '@tensorflow/tfjs-core';
    import { exactBernoulli } from '@stochgrad/core';
    const x: tf.Tensor = tf.tensor1d([1, 2, 3]);
    const y: tf.Tensor = x.reshape([3, 1]).add(x).sum();
    const m: tf.Tensor = exactBernoulli({ logits: x, objective: (b) => b.sum(-1) }).gradient.mean();
    // @ts-expect-error: not a tfjs op
    x.notAChainedOp();
    export const used = [y, m];
  `;
  writeFileSync(join(project, 'user.mts'), user);
  writeFileSync(join(project, 'user.cts'), user.replace("import * as tf from '@tensorflow/tfjs-core';", "import tf = require('@tensorflow/tfjs-core');"));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
    files: ['user.mts', 'user.cts'],
  }, null, 2));
  run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project });
  console.log('@stochgrad/core: tsc accepts x.add(y) in a fresh TypeScript project (ESM and CJS files)');
}

// A page built by Vite in the fresh project and opened in Debian's Chromium (the demo's Vite and
// playwright-core; skipped without /usr/bin/chromium): the published core starts wasm there and
// tfjs's chained methods work on a user's tensor and on one core returned.
async function browserChainedOps(project) {
  if (!existsSync('/usr/bin/chromium')) {
    console.log('@stochgrad/core: Vite page skipped (no /usr/bin/chromium)');
    return;
  }
  const demo = createRequire(join(root, 'apps', 'demo', 'package.json'));
  const vite = await import(pathToFileURL(demo.resolve('vite')).href);
  const playwright = await import(pathToFileURL(demo.resolve('playwright-core')).href);
  const chromium = playwright.chromium ?? playwright.default.chromium;
  const web = join(project, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>loading</title><script type="module" src="./main.js"></script>');
  writeFileSync(join(web, 'main.js'), `
    import * as tf from '@tensorflow/tfjs-core';
    import { ready, exactBernoulli } from '@stochgrad/core';
    import { wasmPaths } from '@stochgrad/core/vite';
    try {
      const info = await ready({ wasmPaths });
      const sum = tf.tensor1d([1, 2, 3]).reshape([3, 1]).add(1).sum().dataSync()[0];
      const mean = exactBernoulli({ logits: tf.tensor1d([0, 1]), objective: (b) => tf.sum(b, -1) }).gradient.mean().dataSync()[0];
      document.title = 'ok ' + info.backend + ' ' + sum + ' ' + mean.toFixed(6);
    } catch (error) {
      document.title = 'error ' + error.message;
    }
  `);
  const config = { root: web, configFile: false, logLevel: 'warn', build: { outDir: join(project, 'web-dist'), emptyOutDir: true, target: 'es2022' } };
  await vite.build(config);
  const server = await vite.preview({ ...config, preview: { port: 0 } });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForFunction(() => document.title !== 'loading', null, { timeout: 60_000 });
    const title = await page.title();
    // d/dα E[b₁ + b₂] at α = (0, 1): σ'(0) = 0.25 and σ'(1); their mean
    const sigma1 = 1 / (1 + Math.exp(-1));
    const expected = `ok wasm 9 ${((0.25 + sigma1 * (1 - sigma1)) / 2).toFixed(6)}`;
    if (title !== expected) throw new Error(`@stochgrad/core in a Vite page: got "${title}", expected "${expected}"`);
    console.log(`@stochgrad/core: a Vite page in Chromium: ok (${title})`);
  } finally {
    await browser.close();
    await server.close();
  }
}

const work = mkdtempSync(join(tmpdir(), 'stochgrad-pack-'));
let failed = false;
try {
  const tarballs = new Map();
  for (const dir of published) {
    const { name } = manifest(dir);
    console.log(`\n== ${name}: publint --strict, attw`);
    run('pnpm', ['exec', 'publint', '--strict'], { cwd: dir });
    run('pnpm', ['exec', 'attw', '--pack', '.', '--profile', 'node16', '--format', 'table-flipped'], { cwd: dir });
    const packed = output('pnpm', ['pack', '--pack-destination', work], { cwd: dir }).trim().split('\n').pop();
    tarballs.set(name, resolve(dir, packed));
  }

  for (const dir of published.filter((d) => only.length === 0 || only.includes(manifest(d).name))) {
    const { name } = manifest(dir);
    const smoke = join(dir, 'test', 'pack-smoke.mjs');
    if (!existsSync(smoke)) throw new Error(`${name} has no test/pack-smoke.mjs: every published package needs one`);
    const project = join(work, `consumer-${name.replace(/\W/g, '-')}`);
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
    copyFileSync(smoke, join(project, 'smoke.mjs'));
    // the package, core, and the @stochgrad packages it depends on (transitively), all from tarballs
    const closure = new Set([name, '@stochgrad/core']);
    const queue = [name];
    while (queue.length > 0) {
      const next = queue.shift(); // once per step, not once per candidate find() looks at
      const from = published.find((d) => manifest(d).name === next);
      for (const dep of Object.keys(manifest(from).dependencies ?? {})) {
        if (dep.startsWith('@stochgrad/') && !closure.has(dep)) {
          closure.add(dep);
          queue.push(dep);
        }
      }
    }
    const wanted = [...closure].map((n) => tarballs.get(n));
    console.log(`\n== ${name}: a fresh project with ${[...closure].join(', ')} only`);
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...wanted, '@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'], { cwd: project });
    writeFileSync(join(project, 'esm.mjs'), `
      import * as tf from '@tensorflow/tfjs-core';
      import * as core from '@stochgrad/core';
      import * as pkg from '${name}';
      import smoke from './smoke.mjs';
      console.log('${name} ESM import: ok (' + (await smoke({ tf, core, pkg, label: '${name} ESM' })) + ')');
    `);
    writeFileSync(join(project, 'cjs.cjs'), `
      const tf = require('@tensorflow/tfjs-core');
      const core = require('@stochgrad/core');
      const pkg = require('${name}');
      import('./smoke.mjs').then((m) => m.default({ tf, core, pkg, label: '${name} CJS' }))
        .then((r) => console.log('${name} CJS require: ok (' + r + ')'))
        .catch((e) => { console.error(e); process.exit(1); });
    `);
    writeFileSync(join(project, 'pkg-first.mjs'), `
      import * as pkg from '${name}';
      import * as core from '@stochgrad/core';
      import * as tf from '@tensorflow/tfjs-core';
      import smoke from './smoke.mjs';
      console.log('${name} imported before tfjs-core: ok (' + (await smoke({ tf, core, pkg, label: '${name} first' })) + ')');
    `);
    for (const file of ['esm.mjs', 'cjs.cjs', 'pkg-first.mjs']) run('node', [file], { cwd: project });
    const copies = output('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], { cwd: project }).trim().split('\n').filter(Boolean);
    if (new Set(copies).size !== 1) throw new Error(`more than one installed copy of @tensorflow/tfjs-core:\n${copies.join('\n')}`);
    console.log(`${name}: one installed copy of @tensorflow/tfjs-core`);
    if (name === '@stochgrad/core') {
      typecheckChainedOps(project);
      await browserChainedOps(project);
    }
  }
} catch (error) {
  console.error(error.message);
  failed = true;
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('\npack check passed');
