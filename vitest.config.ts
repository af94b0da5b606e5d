// The monorepo's one vitest configuration: every package is a project (`npx vitest run` at the root
// runs them all; `--project @stochgrad/core` one). Each project's settings come from
// vitest.shared.ts through its one-line vitest.config.ts, which `pnpm --filter <pkg> test` (turbo's
// `pnpm test`) also uses on its own.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/core', 'packages/discrete', 'packages/entropy', 'packages/mcmc', 'packages/models', 'packages/rl', 'packages/testing', 'packages/plots', 'apps/demo', 'bench'],
  },
});
