import { z } from 'zod';
import type { CriterionView, EvidenceView } from '../../webview/review-protocol';

/**
 * What the review shows from the run's outcome: acceptance criteria, test
 * evidence (before/after) and subtask titles. The outcome comes from another
 * layer and partly from the model, so it is read best effort with loose zod
 * schemas: a piece that does not parse is left out, never fatal.
 */

const text = z.string().max(20_000);

const SubtaskSchema = z.looseObject({
  id: z.string(),
  role: z.string().optional(),
  description: z.string().optional(),
  title: z.string().optional(),
  files: z.array(z.string()).optional(),
});

const PlanSchema = z.looseObject({
  acceptanceCriteria: z.array(text).optional(),
  subtasks: z.array(z.unknown()).optional(),
});

const SynthesisSchema = z.looseObject({
  summary: text.optional(),
  criteria: z.array(z.unknown()).optional(),
});

const CriterionSchema = z.looseObject({ criterion: text, met: z.boolean().optional(), evidence: text.optional() });

const WorkerSchema = z.looseObject({
  id: z.string().optional(),
  workerId: z.string().optional(),
  subtaskId: z.string().optional(),
  role: z.string().optional(),
  title: z.string().optional(),
  result: z.unknown().optional(),
});

/** A test worker's result (`submit_result` for role test); field names per the public contract. */
const TestResultSchema = z.looseObject({
  command: text.optional(),
  resultBefore: text.optional(),
  resultAfter: text.optional(),
  testsAdded: z.array(text).optional(),
  tests: z.array(text).optional(),
});

const OutcomeSchema = z.looseObject({
  stop: z.looseObject({ message: text }).optional(),
  plan: z.unknown().optional(),
  synthesis: z.unknown().optional(),
  workers: z.array(z.unknown()).optional(),
  /** Subtask states ({id, workerId, result}) where the outcome carries them. */
  subtasks: z.array(z.unknown()).optional(),
});

export interface OutcomeView {
  summary?: string;
  stop?: string;
  criteria: CriterionView[];
  evidence: EvidenceView[];
  /** subtask id → its title/description and files, for provenance and criteria. */
  subtasks: Map<string, { title?: string; files: string[] }>;
}

function parsed<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  const result = schema.safeParse(raw);
  return result.success ? result.data : undefined;
}

export function readOutcome(raw: unknown): OutcomeView {
  const view: OutcomeView = { criteria: [], evidence: [], subtasks: new Map() };
  const outcome = parsed(OutcomeSchema, raw);
  if (!outcome) return view;
  if (outcome.stop) view.stop = outcome.stop.message;

  const plan = parsed(PlanSchema, outcome.plan);
  for (const raw of plan?.subtasks ?? []) {
    const subtask = parsed(SubtaskSchema, raw);
    if (subtask) view.subtasks.set(subtask.id, { title: subtask.title ?? subtask.description, files: subtask.files ?? [] });
  }

  const synthesis = parsed(SynthesisSchema, outcome.synthesis);
  if (synthesis?.summary) view.summary = synthesis.summary;
  for (const raw of synthesis?.criteria ?? []) {
    const c = parsed(CriterionSchema, raw);
    if (c) view.criteria.push({ criterion: c.criterion, ...(c.met !== undefined ? { met: c.met } : {}), ...(c.evidence ? { evidence: c.evidence } : {}) });
  }
  // Without a synthesis, the plan's criteria (not yet judged) are still worth showing.
  if (view.criteria.length === 0) for (const criterion of plan?.acceptanceCriteria ?? []) view.criteria.push({ criterion });

  // Test results can ride on worker records or on subtask states, depending on the producer.
  const entries = [
    ...(outcome.workers ?? []).map((raw) => ({ raw, isSubtask: false })),
    ...(outcome.subtasks ?? []).map((raw) => ({ raw, isSubtask: true })),
  ];
  for (const { raw, isSubtask } of entries) {
    const worker = parsed(WorkerSchema, raw);
    if (!worker) continue;
    const result = parsed(TestResultSchema, worker.result);
    if (!result || (result.resultBefore === undefined && result.resultAfter === undefined)) continue;
    // On a subtask state `id` is the subtask; on a worker record it is the worker.
    const subtaskId = worker.subtaskId ?? (isSubtask ? worker.id : undefined);
    const workerId = worker.workerId ?? (isSubtask ? undefined : worker.id) ?? subtaskId ?? 'worker';
    if (view.evidence.some((e) => e.workerId === workerId && e.subtaskId === subtaskId)) continue;
    const title = worker.title ?? (subtaskId ? view.subtasks.get(subtaskId)?.title : undefined);
    const tests = result.testsAdded ?? result.tests;
    view.evidence.push({
      workerId,
      ...(subtaskId ? { subtaskId } : {}),
      ...(title ? { title } : {}),
      ...(result.command ? { command: result.command } : {}),
      ...(result.resultBefore !== undefined ? { before: result.resultBefore } : {}),
      ...(result.resultAfter !== undefined ? { after: result.resultAfter } : {}),
      ...(tests ? { testsAdded: tests } : {}),
    });
  }
  return view;
}

/**
 * Best effort: the criteria a change serves are those whose text or evidence
 * names the file (path or base name). Empty when nothing links them: the
 * panel then shows the run's criteria once, not a guess per hunk.
 */
export function criteriaForFile(path: string, criteria: readonly CriterionView[]): string[] {
  const base = path.split('/').pop() ?? path;
  const mentions = (s: string | undefined): boolean => !!s && (s.includes(path) || (base.length > 2 && s.includes(base)));
  return criteria.filter((c) => mentions(c.criterion) || mentions(c.evidence)).map((c) => c.criterion);
}
