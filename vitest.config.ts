// The monorepo's one vitest configuration: every package is a project (`npx vitest run` at the root
// runs them all; `--project @stochgrad/core` one). Each project's settings come from
// vitest.shared.ts through its one-line vitest.config.ts, which `pnpm --filter <pkg> test` (turbo's
// `pnpm test`) also uses on its own.
// packages/rl and packages/plots join this list once they are built (they are under construction
// and keep their own configuration until then).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/core', 'packages/discrete', 'packages/entropy', 'packages/mcmc', 'packages/testing', 'apps/demo', 'bench'],
  },
});
