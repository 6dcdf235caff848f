/** The standard tool sets handed to agents. */
import { createFileTool } from './create-file';
import { deleteFileTool } from './delete-file';
import { editFileTool } from './edit-file';
import { finishTool } from './finish';
import { giveUpTool } from './give-up';
import { listFilesTool } from './list-files';
import { readFileTool } from './read-file';
import { runCommandTool } from './run-command';
import { searchCodebaseTool } from './search-codebase';
import type { Tool } from './tool';

/** All nine tools, in the order the model sees them. */
export function defaultTools(): Tool[] {
  return [
    readFileTool,
    listFilesTool,
    searchCodebaseTool,
    editFileTool,
    createFileTool,
    deleteFileTool,
    runCommandTool,
    finishTool,
    giveUpTool,
  ];
}

/**
 * Tools that cannot change anything or run commands (risk 'read' and
 * 'control'), for analyze/design workers: they read and search, then finish or give up.
 */
export function readOnlyTools(): Tool[] {
  return defaultTools().filter((tool) => tool.risk === 'read' || tool.risk === 'control');
}
