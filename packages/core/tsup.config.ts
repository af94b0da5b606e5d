import { packageBuild } from '../../tsup.base.js';

export default packageBuild({
  entry: ['src/index.ts', 'src/vite.ts'],
  splitting: false,
  // tfjs-core's gradient registrations are extensionless ESM that Node cannot import: bundle them.
  // They register into tfjs's global engine and registries, so there is still one engine.
  noExternal: [/@tensorflow\/tfjs-core\/dist\//],
  // The chained methods' types: tfjs-core's own `declare module` augmentations of Tensor. The .d.ts
  // bundler drops side-effect imports, so a reference directive brings them to users' programs
  // (resolved as CommonJS: those declaration files use extensionless relative paths).
  dts: {
    banner: '/// <reference types="@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops" resolution-mode="require" />',
  },
  // `?url` imports stay as they are for Vite to resolve (the `@stochgrad/core/vite` entry).
  external: [/\.wasm\?url$/],
});
