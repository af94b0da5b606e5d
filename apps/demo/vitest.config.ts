import { defineConfig } from 'vitest/config';

export default defineConfig({
  // tests import workspace packages from source, as in packages/*
  resolve: { conditions: ['@stochgrad/source'] },
  ssr: { resolve: { conditions: ['@stochgrad/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // the end-to-end test builds the page and drives Chromium
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    server: { deps: { inline: [/tfjs-core[\\/]dist[\\/](register_all_gradients|gradients|ops)/] } },
  },
});
