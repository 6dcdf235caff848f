/** The sandbox: a scratch copy of the workspace where commands run and proposals are tried. */
export { createSandbox, defaultSandboxBaseDir } from './create-sandbox';
export { cleanupStaleSandboxes, type CleanupOptions } from './cleanup';
export { createSandboxFactory } from './factory';
export { HEAVY_DIR_NAMES } from './heavy-dirs';
export type { CreateSandboxOptions, Sandbox, SandboxFactory } from './types';
