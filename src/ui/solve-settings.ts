import { SolveSettingsSchema, type SolveSettings } from '../core/orchestrator/settings';
import { budgetsOf, type ForemanSettings } from '../vscode/settings-schema';

/** The orchestrator's settings from the user's `foreman.*` settings (pure, unit-tested). */
export function toSolveSettings(settings: ForemanSettings): SolveSettings {
  return SolveSettingsSchema.parse({
    maxStepsPerWorker: settings.maxSteps,
    budgets: budgetsOf(settings),
    concurrency: settings.concurrency,
    planApproval: settings.planApproval ? 'ask' : 'auto',
    compactAtShare: settings.compactAtShare,
    commandPolicy: { allow: settings.commandAllow, deny: settings.commandDeny },
    commandTimeoutMs: settings.commandTimeoutSeconds * 1000,
  });
}
