/**
 * The build every published package shares (tsup): ESM and CJS with their type declarations and
 * source maps, dist/ cleaned first. Each package's tsup.config.ts is one call of `packageBuild`
 * with what differs (more entries, bundling rules), so a later move to another bundler is this file.
 */
import { defineConfig, type Options } from 'tsup';

export function packageBuild(overrides: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    ...overrides,
  });
}
