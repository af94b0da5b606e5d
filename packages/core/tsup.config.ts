import { packageBuild } from '../../tsup.base.js';

export default packageBuild({
  entry: ['src/index.ts', 'src/vite.ts'],
  splitting: false,
  // tfjs-core's gradient registrations are extensionless ESM that Node cannot import: bundle them.
  // They register into tfjs's global engine and registries, so there is still one engine.
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
  // `?url` imports stay as they are for Vite to resolve (the `@stochgrad/core/vite` entry).
  external: [/\.wasm\?url$/],
});
