import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@stochgrad/source'] },
  ssr: { resolve: { conditions: ['@stochgrad/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    server: { deps: { inline: [/tfjs-core[\\/]dist[\\/](register_all_gradients|gradients|ops)/] } },
  },
});
