#!/usr/bin/env node
// Packaging check, from built tarballs, outside the workspace: for every published package,
// publint --strict and attw, then `pnpm pack`, install the tarballs with npm into a fresh project
// in a temporary directory, and run ESM and CJS consumers there: import/require work, importing
// makes tf.grad work, one tfjs engine is loaded, and an estimator gives the exact gradient.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options });
const output = (cmd, args, options = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...options });

const published = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return !pkg.private;
  });

const work = mkdtempSync(join(tmpdir(), 'stochgrad-pack-'));
let failed = false;
try {
  const tarballs = [];
  for (const dir of published) {
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
    console.log(`\n== ${name}: publint --strict, attw`);
    run('pnpm', ['exec', 'publint', '--strict'], { cwd: dir });
    run('pnpm', ['exec', 'attw', '--pack', '.', '--profile', 'node16', '--format', 'table-flipped'], { cwd: dir });
    const packed = output('pnpm', ['pack', '--pack-destination', work], { cwd: dir }).trim().split('\n').pop();
    tarballs.push(resolve(dir, packed));
  }

  const project = join(work, 'consumer');
  run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  console.log('\n== installing the tarballs with npm into', project);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, '@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'], { cwd: project });

  const checks = `
    const checkAll = async (tf, core, label) => {
      const assert = (ok, message) => { if (!ok) { console.error(label + ': FAILED: ' + message); process.exit(1); } };
      const info = await core.ready();
      assert(info.backend === 'wasm' && info.simd, 'ready() did not start wasm with SIMD: ' + JSON.stringify(info));
      const g = tf.grad((x) => tf.sum(tf.sin(x)))(tf.tensor1d([0, 1]));
      assert(Math.abs(g.dataSync()[1] - Math.cos(1)) < 1e-5, 'tf.grad gave a wrong value');
      // one engine: the one this consumer's tfjs-core sees is the global one core registered into
      assert(globalThis._tfengine === tf.engine(), 'more than one tfjs engine');
      const u = tf.tensor1d([0.2, 0.7]);
      const gl = tf.grad((p) => tf.sum(tf.mul(tf.cast(tf.less(u, p), 'float32'), p)))(tf.tensor1d([0.5, 0.5]));
      assert(gl.dataSync()[0] === 1, 'comparison gradients are missing');
      const logits = tf.tensor2d([[0.5, -1, 0.2]]);
      const f = (b) => tf.sum(tf.square(tf.sub(b, 0.45)), -1);
      const exact = core.exactBernoulli({ logits, objective: f });
      const est = core.scoreFunction({ controlVariate: core.leaveOneOut(), numSamples: 2 });
      const m = 20000;
      const e = est.estimate({ key: core.key(1), logits: tf.broadcastTo(logits, [m, 3]), objective: f });
      const check = core.checkUnbiased({ estimates: e.gradient, exact: exact.gradient });
      assert(check.passed, check.message);
      assert(e.gradient instanceof tf.Tensor, 'tensors from core are not instances of the consumer\\'s tf.Tensor');
      console.log(label + ': ok (' + core.describeBackend(info) + '; ' + check.message + ')');
    };
  `;
  writeFileSync(join(project, 'esm.mjs'), `${checks}
    import * as tf from '@tensorflow/tfjs-core';
    import * as core from '@stochgrad/core';
    await checkAll(tf, core, 'ESM import');
  `);
  writeFileSync(join(project, 'cjs.cjs'), `${checks}
    const tf = require('@tensorflow/tfjs-core');
    const core = require('@stochgrad/core');
    checkAll(tf, core, 'CJS require').catch((e) => { console.error(e); process.exit(1); });
  `);
  writeFileSync(join(project, 'core-first.mjs'), `${checks}
    import * as core from '@stochgrad/core';
    import * as tf from '@tensorflow/tfjs-core';
    await checkAll(tf, core, 'ESM import, core before tfjs-core');
  `);
  for (const file of ['esm.mjs', 'cjs.cjs', 'core-first.mjs']) run('node', [file], { cwd: project });
  const copies = output('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], { cwd: project }).trim().split('\n').filter(Boolean);
  if (new Set(copies).size !== 1) {
    console.error(`more than one installed copy of @tensorflow/tfjs-core:\n${copies.join('\n')}`);
    failed = true;
  } else console.log('one installed copy of @tensorflow/tfjs-core');
} catch (error) {
  console.error(error.message);
  failed = true;
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('\npack check passed');
