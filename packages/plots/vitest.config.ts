import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@stochgrad/source'] },
  ssr: { resolve: { conditions: ['@stochgrad/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
