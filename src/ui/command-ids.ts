/** Command ids: also in package.json `contributes.commands` (a unit test keeps them in step). */
export const COMMANDS = {
  solveIssue: 'foreman.solveIssue',
  stopRun: 'foreman.stopRun',
  pauseRun: 'foreman.pauseRun',
  continueRun: 'foreman.continueRun',
  setApiKey: 'foreman.setApiKey',
  clearApiKey: 'foreman.clearApiKey',
  showRunLog: 'foreman.showRunLog',
  resumeRun: 'foreman.resumeRun',
  tryDemo: 'foreman.tryDemo',
  editPlan: 'foreman.editPlan',
  approveEditedPlan: 'foreman.approveEditedPlan',
  rejectPlan: 'foreman.rejectPlan',
} as const;
