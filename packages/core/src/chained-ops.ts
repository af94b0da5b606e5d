/**
 * Installs tfjs's chained tensor methods on import (idempotent): `x.add(y)`, `x.reshape(s)`,
 * `x.sum()`, ... — every op tfjs-core documents as chained, on every tensor, including the ones
 * stochgrad returns. tfjs-core alone installs none (the `@tensorflow/tfjs` union does), and its
 * registration module cannot be imported by Node (extensionless ESM paths): the build bundles it,
 * as it bundles the gradients. It patches the one global Tensor class (`getGlobalTensorClass`), so
 * there is still one Tensor class and one engine.
 *
 * Types: tfjs-core's own `declare module` augmentations of Tensor come with the import below (for
 * the workspace, which reads this source); the published .d.ts files get them through a reference
 * directive the build adds (tsup.config.ts), so `x.add(y)` typechecks for every user of core.
 */
// tfjs-core itself first: the chained-op modules patch the Tensor class it defines.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
