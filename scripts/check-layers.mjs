#!/usr/bin/env node
// The import-direction check (docs/architecture.md, "What may import what"): every workspace
// package's manifest (dependencies, devDependencies, peerDependencies, optionalDependencies) and
// every import in its sources (import/export ... from, import(), require(), and relative paths that
// leave the package) may reach only the @stochgrad packages its layer allows. Fails (exit 1) on an
// upward import, an app importing bench or the private test helpers, or a package the table does
// not know. `node scripts/check-layers.mjs` (no arguments; its test calls checkLayers(root) on a
// fixture); run by `pnpm lint`, `pnpm check:layers` and scripts/test-all.mjs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE = '@stochgrad/core';
const ESTIMATORS = ['@stochgrad/discrete', '@stochgrad/entropy', '@stochgrad/mcmc'];
const TESTING = '@stochgrad/testing';

/**
 * What each package may import, by name. `published` = every package of the workspace that is not
 * private (so a new published package is open to the demo at once); `notApps` = every package but
 * those under apps/. Test files (`*.test.*`, `test/`) may also import @stochgrad/testing, and it may
 * be a devDependency, except in apps.
 */
export const LAYERS = {
  '@stochgrad/core': { layer: 'ground', may: [] },
  '@stochgrad/discrete': { layer: 'estimators', may: [CORE] },
  '@stochgrad/entropy': { layer: 'estimators', may: [CORE] },
  '@stochgrad/mcmc': { layer: 'estimators', may: [CORE] },
  '@stochgrad/models': { layer: 'models and data', may: [CORE, ...ESTIMATORS] },
  '@stochgrad/rl': { layer: 'rl', may: [CORE, '@stochgrad/discrete', '@stochgrad/entropy'] },
  '@stochgrad/plots': { layer: 'charts (beside the stack)', may: [] },
  '@stochgrad/testing': { layer: 'test helpers (private)', may: [CORE, ...ESTIMATORS, '@stochgrad/rl'] },
  '@stochgrad/demo': { layer: 'apps', may: 'published' },
  '@stochgrad/bench': { layer: 'bench', may: 'notApps' },
};

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage', 'report', 'results', '.vite']);
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
// import x from 'a'; export { y } from 'a'; import 'a'; import('a'); require('a')
const SPECIFIERS = [/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];

/** The workspace packages: { name, dir (absolute), private, manifest }, from pnpm-workspace.yaml's globs. */
export function workspacePackages(root) {
  // the items of the top-level `packages:` list
  const globs = [];
  let inPackages = false;
  for (const line of readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n')) {
    if (/^\S/.test(line)) inPackages = /^packages:/.test(line);
    const item = /^\s+-\s*['"]?([^'"#\s]+)['"]?/.exec(line)?.[1];
    if (inPackages && item) globs.push(item);
  }
  const dirs = globs.flatMap((glob) => {
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2));
      return existsSync(parent) ? readdirSync(parent).map((d) => join(parent, d)) : [];
    }
    return [join(root, glob)];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, dir, private: manifest.private === true, manifest };
    });
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry) || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const isTestFile = (pkgDir, file) => /\.test\.[cm]?[jt]sx?$/.test(file) || relative(pkgDir, file).split(sep)[0] === 'test';
const packageOf = (specifier) => specifier.split('/').slice(0, 2).join('/');

/** The import specifiers of one file's text, with their line numbers (comments are not stripped: keep examples out of import syntax). */
export function importsOf(text) {
  const found = [];
  for (const pattern of SPECIFIERS) {
    for (const match of text.matchAll(pattern)) found.push({ specifier: match[1], line: text.slice(0, match.index).split('\n').length });
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Every violation in the workspace at `root`: { where, what, rule } (an empty list passes). */
export function checkLayers(root) {
  const packages = workspacePackages(root);
  const byName = new Map(packages.map((p) => [p.name, p]));
  const published = packages.filter((p) => !p.private && p.name.startsWith('@stochgrad/')).map((p) => p.name);
  const notApps = packages.filter((p) => relative(root, p.dir).split(sep)[0] !== 'apps').map((p) => p.name);
  const violations = [];

  for (const pkg of packages) {
    const rule = LAYERS[pkg.name];
    const isApp = relative(root, pkg.dir).split(sep)[0] === 'apps';
    if (!rule) {
      violations.push({ where: relative(root, join(pkg.dir, 'package.json')), what: `${pkg.name} is not in the layer table`, rule: 'add it to LAYERS in scripts/check-layers.mjs and to docs/architecture.md' });
      continue;
    }
    const allowed = new Set(rule.may === 'published' ? published : rule.may === 'notApps' ? notApps : rule.may);
    allowed.add(pkg.name);
    const describeRule = `${pkg.name} (${rule.layer}) may import ${rule.may === 'published' ? 'published packages only' : rule.may === 'notApps' ? 'any package but apps' : rule.may.length ? rule.may.join(', ') : 'no @stochgrad package'}`;
    const check = (target, where, testOnly, devOnly) => {
      if (!target.startsWith('@stochgrad/') || allowed.has(target)) return;
      if (target === TESTING && !isApp && (testOnly || devOnly)) return;
      const layer = LAYERS[target]?.layer ?? (byName.has(target) ? 'not in the layer table' : 'not in the workspace');
      violations.push({ where, what: `${pkg.name} → ${target} (${layer})`, rule: describeRule });
    };

    for (const field of DEPENDENCY_FIELDS) {
      for (const dep of Object.keys(pkg.manifest[field] ?? {})) {
        check(dep, `${relative(root, join(pkg.dir, 'package.json'))} ${field}`, false, field === 'devDependencies');
      }
    }
    for (const file of sourceFiles(pkg.dir)) {
      const text = readFileSync(file, 'utf8');
      const testOnly = isTestFile(pkg.dir, file);
      for (const { specifier, line } of importsOf(text)) {
        const where = `${relative(root, file)}:${line}`;
        if (specifier.startsWith('@stochgrad/')) check(packageOf(specifier), where, testOnly, false);
        else if (specifier.startsWith('.')) {
          // a relative path into another package counts as an import of that package
          const target = resolve(dirname(file), specifier);
          const owner = packages.find((p) => p !== pkg && (target === p.dir || target.startsWith(p.dir + sep)));
          if (owner) {
            violations.push({ where, what: `${pkg.name} → ${owner.name} by a relative path (${specifier})`, rule: 'import another package by its name, never by a path into it' });
            check(owner.name, where, testOnly, false);
          }
        }
      }
    }
  }
  return violations;
}

function main() {
  if (process.argv.length > 2) {
    console.error(`check-layers takes no arguments (got ${process.argv.slice(2).join(' ')})`);
    return 2;
  }
  const root = resolve(join(dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkLayers(root);
  if (violations.length === 0) {
    console.log(`check-layers: ${workspacePackages(root).length} packages, manifests and imports follow docs/architecture.md`);
    return 0;
  }
  console.error(`check-layers: ${violations.length} import(s) against the layers of docs/architecture.md:`);
  for (const v of violations) console.error(`  ${v.where}: ${v.what}\n      ${v.rule}`);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
