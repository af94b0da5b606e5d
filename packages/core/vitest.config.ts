import { packageConfig } from '../../vitest.shared.js';

// what importing the package does first: register gradients
export default packageConfig({ dir: import.meta.dirname, setupFiles: ['./src/gradients.ts'] });
