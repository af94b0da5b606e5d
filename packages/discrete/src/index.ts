// @stochgrad/discrete — the table of contents.
export { arm } from './arm';
export type { ArmOptions } from './arm';
export { disarm } from './disarm';
export type { DisarmOptions } from './disarm';
export { localDisarm } from './local-disarm';
export type { LocalDisarmOptions } from './local-disarm';
export { vimco } from './vimco';
export type { VimcoOptions } from './vimco';
