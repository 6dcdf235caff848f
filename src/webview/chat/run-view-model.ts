import type { RunEvent, Stop } from '../../core/run/events';
import { cacheSavingsUsd } from '../../core/model/pricing';
import type { Usage } from '../../core/model/types';
import type { ChatEvent, ChatItem, ChatState, CostView, SubtaskState, WorkerView } from './chat-state';
import { planView, synthesisText } from './plan-view';
import { cap, summarizeToolInput, SUMMARY_MAX, tail, usd } from './view-format';

export { cacheHitRate, cap, summarizeToolInput, tail, usd } from './view-format';

/**
 * The pure reducer from chat events to the chat view model. The host keeps the
 * authoritative state with it (and sends snapshots); the webview applies the
 * same reducer to live events, so both sides agree. Updates are immutable
 * with structural sharing: the webview re-renders only items whose object
 * changed. Every text is capped so a long run cannot grow the view unbounded.
 */

export const LIMITS = { items: 400, text: 20_000, output: 4_000, summary: SUMMARY_MAX } as const;

const zeroUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });
const zeroCost = (): CostView => ({ usage: zeroUsage(), costUsd: 0, savedUsd: null });

export function initialChatState(): ChatState {
  return {
    status: { hasApiKey: false, trusted: true, demo: false },
    workers: [],
    items: [],
    cost: zeroCost(),
    history: [],
    nextItemId: 1,
    openText: {},
  };
}

export function reduceChatEvents(state: ChatState, events: readonly ChatEvent[]): ChatState {
  return events.reduce(reduceChat, state);
}

export function reduceChat(state: ChatState, event: ChatEvent): ChatState {
  switch (event.kind) {
    case 'run':
      return reduceRunEvent(state, event.event);
    case 'reset':
      return { ...initialChatState(), status: state.status, history: state.history };
    case 'run_launched':
      return {
        ...initialChatState(),
        status: state.status,
        history: state.history,
        run: {
          runId: event.runId,
          task: event.task,
          phase: 'starting',
          paused: false,
          budgets: {},
          filesChanged: 0,
          planPending: false,
          replay: false,
        },
      };
    case 'run_ended':
      return finishRun(state, event.stop, event.filesChanged);
    case 'paused':
      return state.run ? { ...state, run: { ...state.run, paused: event.paused } } : state;
    case 'approval_pending':
      return addItem(state, {
        kind: 'approval',
        approvalId: event.approvalId,
        command: event.command,
        cwd: event.cwd,
        reason: event.reason,
      });
    case 'approval_resolved':
      return updateItems(state, (item) =>
        item.kind === 'approval' && item.approvalId === event.approvalId
          ? { ...item, decision: event.decision, ...(event.reason ? { denyReason: event.reason } : {}) }
          : item,
      );
    case 'plan_pending': {
      const withPlan = event.plan === undefined ? state : { ...state, plan: planView(event.plan, state.plan) };
      return withPlan.run ? { ...withPlan, run: { ...withPlan.run, planPending: true } } : withPlan;
    }
    case 'plan_editing':
      return state.run ? { ...state, run: { ...state.run, planEditing: event.open } } : state;
    case 'plan_resolved': {
      const run = state.run ? { ...state.run, planPending: false, planEditing: false } : undefined;
      const plan = state.plan && event.approved ? { ...state.plan, approved: true } : state.plan;
      const next = { ...state, run, plan };
      return event.approved ? next : addItem(next, { kind: 'notice', level: 'warn', text: `Plan rejected${event.reason ? `: ${event.reason}` : ''}` });
    }
    case 'user_message':
      return addItem(state, { kind: 'user', text: cap(event.text, LIMITS.text), as: event.as });
    case 'notice':
      return addItem(state, { kind: 'notice', level: event.level, text: event.text, ...(event.action ? { action: event.action } : {}) });
    case 'history':
      return { ...state, history: event.runs };
    case 'status':
      return { ...state, status: { hasApiKey: event.hasApiKey, trusted: event.trusted, demo: event.demo } };
  }
}

function reduceRunEvent(state: ChatState, event: RunEvent): ChatState {
  switch (event.type) {
    case 'run_started': {
      const known = state.run && state.run.runId === event.runId;
      const base = known ? state : { ...initialChatState(), status: state.status, history: state.history };
      return {
        ...base,
        run: {
          runId: event.runId,
          task: event.task,
          model: event.model,
          phase: 'running',
          paused: known ? (state.run?.paused ?? false) : false,
          startedAt: event.ts,
          budgets: event.budgets,
          filesChanged: 0,
          planPending: known ? (state.run?.planPending ?? false) : false,
          ...(known && state.run?.planEditing ? { planEditing: true } : {}),
          replay: known ? (state.run?.replay ?? false) : true,
        },
        cost: { ...base.cost, ...(event.budgets.maxUsd !== undefined ? { budgetUsd: event.budgets.maxUsd } : {}) },
      };
    }
    case 'issue_loaded':
      return addItem(state, {
        kind: 'notice',
        level: 'info',
        text: `Issue ${event.issue.ref}: ${event.issue.title} (${event.issue.comments} comment${event.issue.comments === 1 ? '' : 's'})`,
      });
    case 'plan_proposed':
      return addItem({ ...state, plan: planView(event.plan, state.plan, event.estimateUsd) }, {
        kind: 'notice',
        level: 'info',
        // A plan after the approval is the user's edit (or a re-plan): the tree now shows it.
        text: `${state.plan?.approved ? 'Plan updated' : 'Plan proposed'}${event.estimateUsd !== undefined ? ` (estimate ${usd(event.estimateUsd)})` : ''}`,
      });
    case 'plan_approved':
      return state.plan ? { ...state, plan: { ...state.plan, approved: true } } : state;
    case 'plan_invalid':
      return addItem(state, { kind: 'notice', level: 'warn', text: `Plan invalid (attempt ${event.attempt}): ${cap(event.error, 500)}` });
    case 'worker_started': {
      const worker: WorkerView = {
        id: event.workerId ?? event.subtaskId,
        role: event.role,
        subtaskId: event.subtaskId,
        title: event.title,
        state: 'running',
        cost: zeroCost(),
        calls: 0,
      };
      const next = setSubtask(upsertWorker(state, worker.id, (w) => ({ ...worker, cost: w?.cost ?? worker.cost, calls: w?.calls ?? 0 })), event.subtaskId, 'running');
      return addItem(next, {
        kind: 'worker',
        workerId: worker.id,
        role: event.role,
        title: event.title,
        phase: 'started',
        state: 'running',
        ...(event.attempt > 1 ? { detail: `attempt ${event.attempt}` } : {}),
      });
    }
    case 'worker_finished': {
      const id = event.workerId ?? event.subtaskId;
      const next = setSubtask(
        upsertWorker(closeText(state, id), id, (w) => ({ ...(w ?? newWorker(id)), state: event.status, stopMessage: event.stop.message })),
        event.subtaskId,
        event.status,
      );
      const worker = next.workers.find((w) => w.id === id);
      return addItem(next, {
        kind: 'worker',
        workerId: id,
        role: worker?.role ?? '',
        title: worker?.title ?? event.subtaskId,
        phase: 'finished',
        state: event.status,
        detail: event.stop.message,
      });
    }
    case 'model_text_delta':
      return appendText(state, event.workerId, event.text);
    case 'model_call_finished': {
      const key = event.workerId ?? '';
      let next = state;
      const open = state.openText[key];
      if (open !== undefined) {
        next = updateItems(closeText(state, key), (item) =>
          item.id === open && item.kind === 'text' ? { ...item, text: event.text ? cap(event.text, LIMITS.text) : item.text, streaming: false } : item,
        );
      } else if (event.text.trim()) {
        next = addItem(state, { kind: 'text', text: cap(event.text, LIMITS.text), streaming: false, ...(event.workerId ? { workerId: event.workerId } : {}) });
      }
      if (event.workerId) {
        next = upsertWorker(next, event.workerId, (w) => {
          const worker = w ?? newWorker(event.workerId!);
          return { ...worker, calls: worker.calls + 1, cost: addCost(worker.cost, event.usage, event.costUsd, event.model) };
        });
      }
      // Run totals accumulate per call until an authoritative `cost` event says otherwise.
      return { ...next, cost: { ...next.cost, ...addCost(next.cost, event.usage, event.costUsd, event.model) } };
    }
    case 'model_retry':
      return addItem(state, {
        kind: 'notice',
        level: 'warn',
        text: `Model busy: retry ${event.attempt} in ${Math.round(event.delayMs / 100) / 10} s (${cap(event.reason, 200)})`,
        ...(event.workerId ? { workerId: event.workerId } : {}),
      });
    case 'tool_call':
      return addItem(closeText(state, event.workerId ?? ''), {
        kind: 'tool',
        toolUseId: event.toolUseId,
        name: event.name,
        summary: summarizeToolInput(event.input),
        status: 'running',
        output: '',
        ...(event.workerId ? { workerId: event.workerId } : {}),
      });
    case 'command_output':
      return updateLastTool(state, event.toolUseId, (item) => ({ ...item, output: tail(item.output + event.chunk, LIMITS.output) }));
    case 'tool_result': {
      const exit = event.details?.exitCode;
      return updateLastTool(state, event.toolUseId, (item) => ({
        ...item,
        status: event.isError ? 'error' : 'ok',
        output: tail(event.output, LIMITS.output),
        durationMs: event.durationMs,
        ...(typeof exit === 'number' || exit === null ? { exitCode: exit } : {}),
      }));
    }
    case 'approval_decided':
      return event.decision === 'auto_deny'
        ? addItem(state, { kind: 'notice', level: 'warn', text: `A command was refused by the deny rules${event.reason ? `: ${cap(event.reason, 300)}` : ''}` })
        : state;
    case 'change_proposed':
      return addItem(state, {
        kind: 'notice',
        level: 'info',
        text: `${event.kind === 'create' ? 'Create' : event.kind === 'delete' ? 'Delete' : 'Change'} ${event.path} (+${event.added} −${event.removed})`,
        ...(event.workerId ? { workerId: event.workerId } : {}),
      });
    case 'change_conflict':
      return addItem(state, { kind: 'notice', level: 'warn', text: `Conflict in ${event.path} between ${event.workers.join(', ')}: ${cap(event.message, 300)}` });
    case 'context_compacted':
      return addItem(state, {
        kind: 'notice',
        level: 'info',
        text: `Context compacted (${event.strategy}): ${event.beforeTokens} → ${event.afterTokens} tokens`,
        ...(event.workerId ? { workerId: event.workerId } : {}),
      });
    case 'user_message': {
      const pending = state.items.findIndex((i) => i.kind === 'user' && i.as === 'followup' && i.text === event.text && !('delivered' in i && i.delivered));
      if (pending >= 0) return updateItems(state, (item, index) => (index === pending ? { ...item, delivered: true } : item));
      return addItem(state, { kind: 'user', text: cap(event.text, LIMITS.text), as: 'followup', delivered: true });
    }
    case 'cost':
      return {
        ...state,
        cost: {
          usage: event.usage,
          costUsd: event.costUsd,
          // The per-call savings summed here stand when the event has none.
          savedUsd: event.savedUsd ?? state.cost.savedUsd,
          ...(event.budgetUsd !== undefined ? { budgetUsd: event.budgetUsd } : state.cost.budgetUsd !== undefined ? { budgetUsd: state.cost.budgetUsd } : {}),
        },
      };
    case 'synthesis': {
      const summary = synthesisText(event.synthesis);
      return summary ? addItem(state, { kind: 'text', text: cap(summary, LIMITS.text), streaming: false }) : state;
    }
    case 'replan':
      return addItem(state, { kind: 'notice', level: 'info', text: `Re-planning (round ${event.round}): ${cap(event.reason, 300)}` });
    case 'log':
      return event.level === 'warn' || event.level === 'error'
        ? addItem(state, { kind: 'notice', level: event.level, text: cap(event.message, 500) })
        : state;
    case 'run_finished':
      return {
        ...finishRun(state, event.stop, event.filesChanged),
        cost: { ...state.cost, usage: event.usage, costUsd: event.costUsd },
      };
    case 'model_call_started':
    case 'approval_requested':
    case 'review_decision':
      return state;
  }
}

function finishRun(state: ChatState, stop: Stop, filesChanged: number): ChatState {
  if (!state.run) return addItem(state, { kind: 'stop', stop, filesChanged });
  if (state.run.stop) return state; // run_finished and the host's run_ended both report the end
  let next: ChatState = { ...state, run: { ...state.run, phase: 'finished', paused: false, planPending: false, planEditing: false, stop, filesChanged }, openText: {} };
  next = updateItems(next, (item) => {
    if (item.kind === 'text' && item.streaming) return { ...item, streaming: false };
    if (item.kind === 'tool' && item.status === 'running') return { ...item, status: 'error' };
    return item;
  });
  next = {
    ...next,
    workers: next.workers.map((w) => (w.state === 'running' ? { ...w, state: 'cancelled' as const } : w)),
    plan: next.plan && { ...next.plan, subtasks: next.plan.subtasks.map((s) => (s.state === 'running' || s.state === 'pending' ? { ...s, state: s.state === 'running' ? ('cancelled' as const) : ('skipped' as const) } : s)) },
  };
  return addItem(next, { kind: 'stop', stop, filesChanged });
}

type NewItem = ChatItem extends infer I ? (I extends ChatItem ? Omit<I, 'id'> : never) : never;

function addItem(state: ChatState, item: NewItem): ChatState {
  const items = [...state.items, { ...item, id: state.nextItemId } as ChatItem];
  // Oldest items go first; a pending approval is never dropped (its buttons must stay reachable).
  while (items.length > LIMITS.items) {
    const drop = items.findIndex((i) => !(i.kind === 'approval' && !i.decision));
    if (drop < 0) break;
    items.splice(drop, 1);
  }
  return { ...state, items, nextItemId: state.nextItemId + 1 };
}

function updateItems(state: ChatState, fn: (item: ChatItem, index: number) => ChatItem): ChatState {
  let changed = false;
  const items = state.items.map((item, index) => {
    const next = fn(item, index);
    if (next !== item) changed = true;
    return next;
  });
  return changed ? { ...state, items } : state;
}

function updateLastTool(state: ChatState, toolUseId: string, fn: (item: Extract<ChatItem, { kind: 'tool' }>) => ChatItem): ChatState {
  for (let i = state.items.length - 1; i >= 0; i--) {
    const item = state.items[i]!;
    if (item.kind === 'tool' && item.toolUseId === toolUseId) {
      const items = state.items.slice();
      items[i] = fn(item);
      return { ...state, items };
    }
  }
  return state;
}

function appendText(state: ChatState, workerId: string | undefined, text: string): ChatState {
  const key = workerId ?? '';
  const open = state.openText[key];
  if (open !== undefined) {
    const index = state.items.findIndex((i) => i.id === open);
    const item = state.items[index];
    if (item && item.kind === 'text') {
      const items = state.items.slice();
      items[index] = { ...item, text: tail(item.text + text, LIMITS.text) };
      return { ...state, items };
    }
  }
  const next = addItem(state, { kind: 'text', text: tail(text, LIMITS.text), streaming: true, ...(workerId ? { workerId } : {}) });
  return { ...next, openText: { ...next.openText, [key]: next.nextItemId - 1 } };
}

function closeText(state: ChatState, key: string): ChatState {
  if (state.openText[key] === undefined) return state;
  const open = state.openText[key];
  const { [key]: _closed, ...rest } = state.openText;
  return updateItems({ ...state, openText: rest }, (item) => (item.id === open && item.kind === 'text' && item.streaming ? { ...item, streaming: false } : item));
}

function newWorker(id: string): WorkerView {
  return { id, state: 'running', cost: zeroCost(), calls: 0 };
}

function upsertWorker(state: ChatState, id: string, fn: (w: WorkerView | undefined) => WorkerView): ChatState {
  const index = state.workers.findIndex((w) => w.id === id);
  const workers = state.workers.slice();
  if (index >= 0) workers[index] = fn(workers[index]);
  else workers.push(fn(undefined));
  return { ...state, workers };
}

function setSubtask(state: ChatState, subtaskId: string, subtaskState: SubtaskState): ChatState {
  if (!state.plan || !state.plan.subtasks.some((s) => s.id === subtaskId)) return state;
  return { ...state, plan: { ...state.plan, subtasks: state.plan.subtasks.map((s) => (s.id === subtaskId ? { ...s, state: subtaskState } : s)) } };
}

function addCost(cost: CostView, usage: Usage, costUsd: number | null, model: string): CostView {
  const saved = cacheSavingsUsd(model, usage);
  return {
    usage: {
      inputTokens: cost.usage.inputTokens + usage.inputTokens,
      outputTokens: cost.usage.outputTokens + usage.outputTokens,
      cacheWriteTokens: cost.usage.cacheWriteTokens + usage.cacheWriteTokens,
      cacheReadTokens: cost.usage.cacheReadTokens + usage.cacheReadTokens,
    },
    // Unknown price anywhere makes the total unknown rather than wrong.
    costUsd: cost.costUsd === null || costUsd === null ? null : cost.costUsd + costUsd,
    savedUsd: saved === null ? cost.savedUsd : (cost.savedUsd ?? 0) + saved,
  };
}

