import { packageBuild } from '../../tsup.base.js';

// the vector worker is its own file beside the entry: parallelVectorEnv finds it with
// new URL('./vector-worker.js', import.meta.url) (shims give import.meta.url in the CJS build)
export default packageBuild({ entry: { index: 'src/index.ts', 'vector-worker': 'src/vector/vector-worker.ts' }, shims: true });
