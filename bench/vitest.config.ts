import { packageConfig } from '../vitest.shared.js';

// the CLI tests spawn the scripts, which import the built packages (turbo builds them first)
export default packageConfig({ dir: import.meta.dirname, include: ['test/**/*.test.ts'] });
