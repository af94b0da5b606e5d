import { packageConfig } from '../../vitest.shared.js';

// the end-to-end test builds the page and drives Chromium
export default packageConfig({ dir: import.meta.dirname, include: ['test/**/*.test.ts'], hookTimeout: 180_000 });
