import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // tfjs-core's gradient registrations are extensionless ESM that Node cannot import: bundle them.
  // They register into tfjs's global engine and registries, so there is still one engine.
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
});
