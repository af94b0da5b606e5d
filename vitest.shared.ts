/**
 * What every vitest project of the monorepo shares, in one place: workspace packages resolve to
 * their source (the `@stochgrad/source` export condition), so tests need no build; tfjs-core's
 * gradient and chained-op registrations are inlined (extensionless ESM that Node cannot import);
 * long timeouts for the statistical tests; a test during which tfjs wasm prints an XNN error line
 * fails (vitest.no-xnn.ts); a JSON report per package (`.vitest-report.json`, read by
 * scripts/test-all.mjs). Each package's vitest.config.ts is one call of `packageConfig`, so
 * `pnpm --filter <pkg> test` runs that package alone; the root vitest.config.ts lists them as
 * projects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

export interface PackageTestOptions {
  /** the package directory (pass `import.meta.dirname`) */
  dir: string;
  /** test files (default: colocated src/**\/*.test.ts and test/**\/*.test.ts) */
  include?: string[];
  /** modules run before each test file, relative to the package */
  setupFiles?: string[];
  testTimeout?: number;
  hookTimeout?: number;
}

export function packageConfig(options: PackageTestOptions): ViteUserConfig {
  const { dir, include = ['src/**/*.test.ts', 'test/**/*.test.ts'], setupFiles: ownSetupFiles = [], testTimeout = 120_000, hookTimeout = 120_000 } = options;
  const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
  return defineConfig({
    root: dir,
    resolve: { conditions: ['@stochgrad/source'] },
    ssr: { resolve: { conditions: ['@stochgrad/source'] } },
    test: {
      name,
      include,
      // every package: a test during which tfjs wasm prints an XNN error line fails
      setupFiles: [join(import.meta.dirname, 'vitest.no-xnn.ts'), ...ownSetupFiles],
      testTimeout,
      hookTimeout,
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-report.json' },
      server: { deps: { inline: [/tfjs-core[\\/]dist[\\/](register_all_gradients|gradients|ops|public[\\/]chained_ops)/] } },
    },
  });
}
