import { packageConfig } from '../../vitest.shared.js';

export default packageConfig({ dir: import.meta.dirname });
