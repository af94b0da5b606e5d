// The layer check on a small workspace built in a temporary directory: it passes a clean one and
// names each kind of wrong edge (upward import, app → bench by name and by path, app → testing,
// testing outside tests, a manifest edge, a package the table does not know).
// Run: node --test scripts/check-layers.test.mjs (scripts/test-all.mjs does).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkLayers, importsOf } from './check-layers.mjs';

const roots = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A workspace: packages/{core,discrete,testing}, apps/demo, bench, each with one clean source file; `extra` adds or replaces files. */
function workspace(extra = {}) {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  roots.push(root);
  const files = {
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - apps/*\n  - bench\nonlyBuiltDependencies:\n  - esbuild\n',
    'packages/core/package.json': JSON.stringify({ name: '@stochgrad/core' }),
    'packages/core/src/index.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const one = 1;\n",
    'packages/discrete/package.json': JSON.stringify({ name: '@stochgrad/discrete', dependencies: { '@stochgrad/core': 'workspace:^' }, devDependencies: { '@stochgrad/testing': 'workspace:*' } }),
    'packages/discrete/src/index.ts': "export { one } from '@stochgrad/core';\n",
    'packages/discrete/src/arm.test.ts': "import { describeConformance } from '@stochgrad/testing';\n",
    'packages/testing/package.json': JSON.stringify({ name: '@stochgrad/testing', private: true, dependencies: { '@stochgrad/core': 'workspace:*' } }),
    'packages/testing/src/index.ts': "import { one } from '@stochgrad/core';\nimport { arm } from '@stochgrad/discrete';\n",
    'apps/demo/package.json': JSON.stringify({ name: '@stochgrad/demo', private: true, dependencies: { '@stochgrad/core': 'workspace:*', '@stochgrad/discrete': 'workspace:*' } }),
    'apps/demo/src/cli.ts': "import {\n  one,\n} from '@stochgrad/core';\nconst lazy = await import('@stochgrad/discrete');\n",
    'bench/package.json': JSON.stringify({ name: '@stochgrad/bench', private: true, dependencies: { '@stochgrad/core': 'workspace:*', '@stochgrad/testing': 'workspace:*' } }),
    'bench/src/main.ts': "import '@stochgrad/core';\nimport { expectUnbiased } from '@stochgrad/testing';\n",
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const whats = (root) => checkLayers(root).map((v) => `${v.where}: ${v.what}`);

describe('checkLayers', () => {
  it('passes a workspace whose edges all point down', () => {
    assert.deepEqual(whats(workspace()), []);
  });

  it('fails on an upward import in a package source, with file and line', () => {
    const root = workspace({ 'packages/core/src/bad.ts': "// core must not know its users\nexport { arm } from '@stochgrad/discrete/internal';\n" });
    assert.deepEqual(whats(root), ['packages/core/src/bad.ts:2: @stochgrad/core → @stochgrad/discrete (estimators)']);
  });

  it('fails when the demo depends on bench in its manifest or imports it, by name or by path', () => {
    const root = workspace({
      'apps/demo/package.json': JSON.stringify({ name: '@stochgrad/demo', private: true, dependencies: { '@stochgrad/bench': 'workspace:*' } }),
      'apps/demo/src/plot.ts': "const p = import('@stochgrad/bench/plot');\nimport { problems } from '../../../bench/src/problems';\n",
    });
    assert.deepEqual(whats(root), [
      'apps/demo/package.json dependencies: @stochgrad/demo → @stochgrad/bench (bench)',
      'apps/demo/src/plot.ts:1: @stochgrad/demo → @stochgrad/bench (bench)',
      'apps/demo/src/plot.ts:2: @stochgrad/demo → @stochgrad/bench by a relative path (../../../bench/src/problems)',
      'apps/demo/src/plot.ts:2: @stochgrad/demo → @stochgrad/bench (bench)',
    ]);
  });

  it('lets package tests import the private test helpers, but not package sources or the demo', () => {
    const root = workspace({
      'packages/discrete/src/uses-testing.ts': "import { expectUnbiased } from '@stochgrad/testing';\n",
      'apps/demo/test/cli.test.ts': "import { expectUnbiased } from '@stochgrad/testing';\n",
    });
    assert.deepEqual(whats(root), [
      'packages/discrete/src/uses-testing.ts:1: @stochgrad/discrete → @stochgrad/testing (test helpers (private))',
      'apps/demo/test/cli.test.ts:1: @stochgrad/demo → @stochgrad/testing (test helpers (private))',
    ]);
  });

  it('fails on a package the layer table does not know, and on an edge to it', () => {
    const root = workspace({
      'packages/extra/package.json': JSON.stringify({ name: '@stochgrad/extra' }),
      'packages/discrete/src/extra.ts': "import '@stochgrad/extra';\n",
    });
    assert.deepEqual(whats(root), [
      'packages/discrete/src/extra.ts:1: @stochgrad/discrete → @stochgrad/extra (not in the layer table)',
      'packages/extra/package.json: @stochgrad/extra is not in the layer table',
    ]);
  });
});

describe('importsOf', () => {
  it('finds static, re-export, side-effect, dynamic and require imports, with lines', () => {
    const text = "import a from 'a';\nexport * from 'b';\nimport 'c';\nconst d = await import('d');\nconst e = require('e');\nimport {\n  f,\n} from 'f';\nimport type { G } from 'g';\n";
    assert.deepEqual(importsOf(text).map((i) => `${i.specifier}@${i.line}`).sort(), ['a@1', 'b@2', 'c@3', 'd@4', 'e@5', 'f@6', 'g@9']);
  });
});
