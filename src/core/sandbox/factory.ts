import { createSandbox } from './create-sandbox';
import type { CreateSandboxOptions, SandboxFactory } from './types';

/** A SandboxFactory bound to one workspace (and optional base dir and heavy-folder policy). */
export function createSandboxFactory(options: Omit<CreateSandboxOptions, 'runId' | 'signal'>): SandboxFactory {
  return { create: (runId, signal) => createSandbox({ ...options, runId, ...(signal ? { signal } : {}) }) };
}
