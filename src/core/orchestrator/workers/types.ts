import type { FollowUpFanOut } from '../follow-ups';
import type { Issue } from '../../issue/types';
import type { ModelClient, Usage } from '../../model/types';
import type { EventSink } from '../../run/bus';
import type { Budget } from '../../run/budget';
import type { Stop } from '../../run/events';
import type { CommandApproval, CommandApprovalRequest } from '../../tools/tool';
import type { CommandRunner, FileSystem, Search } from '../../workspace/ports';
import type { ChangeSet } from '../../changes/changeset';
import type { LayerConflict, OrchestratorDeps, SandboxFactory } from '../deps';
import type { Plan, Subtask } from '../plan-schema';
import type { SolveSettings } from '../settings';
import type { DependencyResult } from './dependency-context';

/** What every worker of a run shares. */
export interface WorkerEnv {
  runId: string;
  model: ModelClient;
  issue: Issue;
  plan: Plan;
  settings: SolveSettings;
  deps: OrchestratorDeps;
  /** Run-level sink; workers tag their events with their worker id. */
  events: EventSink;
  /** The run's change set; agent workers write to a layer of it. */
  changes: ChangeSet;
  workspace: { fs: FileSystem; search: Search; runner: CommandRunner; sandboxes: SandboxFactory };
  /** Policy first, then the user (see command-approval.ts). */
  approveCommand: (request: CommandApprovalRequest, events?: EventSink) => Promise<CommandApproval>;
  /** The user's follow-ups, fanned out to agent workers. */
  followUps?: FollowUpFanOut;
}

/** One attempt at one subtask. */
export interface WorkerAttempt {
  subtask: Subtask;
  attempt: number;
  workerId: string;
  /** worker_started event id: the cause of the worker's events. */
  causeId: string;
  dependencies: DependencyResult[];
  retryError?: string;
  /** The worker's slice of the run budget. */
  budget: Budget;
  /** Whether a failure will be retried (a final attempt keeps its partial work in some cases). */
  willRetryOnFailure: boolean;
  signal: AbortSignal;
}

export type WorkerStatus = 'succeeded' | 'failed' | 'cancelled';

export interface WorkerOutcome {
  status: WorkerStatus;
  stop: Stop;
  result?: unknown;
  usage: Usage;
  costUsd: number | null;
  steps: number;
  /** Overlapping edits found when merging this worker's layer. */
  conflicts: LayerConflict[];
  /** Files whose proposals were merged into the run's change set. */
  filesChanged: string[];
}
