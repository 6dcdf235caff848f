import { h } from '../dom';
import type { ChatState, PlanView, RunSummary, WorkerView } from './chat-state';
import { button, type Send } from './render-items';
import { cacheHitRate, usd } from './run-view-model';

/** The run's header: what runs, its phase, and the buttons that act on it. */
export function renderHeader(state: ChatState, send: Send): HTMLElement {
  const run = state.run;
  if (!run) {
    const intro = h(
      'section',
      { class: 'header empty', 'aria-label': 'No run' },
      h('p', {}, 'Type a task, an issue URL, owner/repo#N or #N below, or pick an open issue. Foreman plans, works in a sandbox, and you review every change before it touches your files.'),
    );
    const buttons = h('div', { class: 'buttons' }, button('Pick an issue…', () => void send({ type: 'pickIssue' }).catch(() => undefined), 'chat-pick-issue', 'secondary'));
    if (!state.status.hasApiKey) {
      buttons.append(
        button('Set API Key', () => void send({ type: 'setApiKey' }).catch(() => undefined), 'chat-set-api-key'),
        button('Try the demo', () => void send({ type: 'tryDemo' }).catch(() => undefined), 'chat-try-demo', 'secondary'),
      );
    }
    if (!state.status.trusted) {
      intro.append(h('p', { class: 'notice warn', role: 'alert' }, 'This workspace is not trusted: Foreman will not run the agent or commands here.'));
      buttons.append(button('Manage Workspace Trust', () => void send({ type: 'manageTrust' }).catch(() => undefined), 'chat-manage-trust', 'secondary'));
    }
    intro.append(buttons);
    return intro;
  }
  const phase = run.replay ? 'saved run' : run.phase === 'finished' ? (run.stop?.kind === 'done' ? 'finished' : 'stopped') : run.paused ? 'paused' : run.phase;
  const header = h(
    'section',
    { class: `header ${run.phase}`, 'aria-label': 'Run' },
    h('div', { class: 'title' }, h('span', { class: `phase ${phase}`, 'data-testid': 'chat-run-phase' }, phase), ' ', h('strong', { 'data-testid': 'chat-run-title' }, run.task.title)),
    h('div', { class: 'meta' }, `${run.task.ref}${run.model ? ` · ${run.model}` : ''}${state.status.demo ? ' · demo model' : ''}`),
  );
  const buttons = h('div', { class: 'buttons', role: 'toolbar', 'aria-label': 'Run controls' });
  const live = !run.replay && run.phase !== 'finished';
  if (live) {
    buttons.append(button('Stop', () => void send({ type: 'stop' }).catch(() => undefined), 'chat-stop-button'));
    buttons.append(
      run.paused
        ? button('Resume', () => void send({ type: 'resume' }).catch(() => undefined), 'chat-resume-button', 'secondary')
        : button('Pause', () => void send({ type: 'pause' }).catch(() => undefined), 'chat-pause-button', 'secondary'),
    );
  }
  if (live && run.planPending) {
    // With an edit open, Approve takes the edited text: the label says so.
    const approve = run.planEditing ? 'Approve edited plan' : 'Approve plan';
    buttons.append(
      button(approve, () => void send({ type: 'approvePlan', approved: true }).catch(() => undefined), 'chat-approve-plan'),
      button(run.planEditing ? 'Show plan editor' : 'Edit plan…', () => void send({ type: 'editPlan' }).catch(() => undefined), 'chat-edit-plan', 'secondary'),
      button('Reject plan', () => void send({ type: 'approvePlan', approved: false }).catch(() => undefined), 'chat-reject-plan', 'secondary'),
    );
  }
  if (run.filesChanged > 0 && !run.replay) buttons.append(button('Open review', () => void send({ type: 'openReview' }).catch(() => undefined), 'chat-open-review'));
  buttons.append(button('Log', () => void send({ type: 'showRunLog', runId: run.runId }).catch(() => undefined), 'chat-show-log', 'secondary', 'Show run log'));
  header.append(buttons);
  if (run.stop) header.append(h('div', { class: `stop-reason ${run.stop.kind}`, role: 'status', 'data-testid': 'chat-stop-reason' }, run.stop.message));
  return header;
}

/** Live cost: tokens by kind, dollars, budget left, cache hit rate and savings; per worker below. */
export function renderCost(state: ChatState, now: number): HTMLElement | undefined {
  const run = state.run;
  if (!run) return undefined;
  const { usage, costUsd, savedUsd, budgetUsd } = state.cost;
  const hit = cacheHitRate(usage);
  const totalTokens = usage.inputTokens + usage.outputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  const rows: Array<[string, string]> = [
    ['Tokens in / out', `${fmt(usage.inputTokens)} / ${fmt(usage.outputTokens)}`],
    ['Cache write / read', `${fmt(usage.cacheWriteTokens)} / ${fmt(usage.cacheReadTokens)}`],
    ['Cost', usd(costUsd)],
    ['Cache hit rate', hit === undefined ? '—' : `${Math.round(hit * 100)}%`],
    ['Cache saved', usd(savedUsd)],
  ];
  const maxUsd = budgetUsd ?? run.budgets.maxUsd;
  if (maxUsd !== undefined && costUsd !== null) rows.push(['Budget left', `${usd(Math.max(0, maxUsd - costUsd))} of ${usd(maxUsd)}`]);
  if (run.budgets.maxTokens !== undefined) rows.push(['Tokens left', fmt(Math.max(0, run.budgets.maxTokens - totalTokens))]);
  if (run.budgets.maxMinutes !== undefined && run.startedAt && run.phase !== 'finished') {
    const left = run.budgets.maxMinutes - (now - Date.parse(run.startedAt)) / 60_000;
    rows.push(['Time left', `${Math.max(0, Math.floor(left))} min`]);
  }
  const section = h('section', { class: 'cost', 'aria-label': 'Cost', 'data-testid': 'chat-cost' });
  const table = h('dl', {});
  for (const [k, v] of rows) table.append(h('dt', {}, k), h('dd', {}, v));
  section.append(table);
  if (state.workers.length) section.append(renderWorkers(state.workers));
  return section;
}

function renderWorkers(workers: WorkerView[]): HTMLElement {
  const details = h('details', { class: 'workers', 'data-key': 'workers' }, h('summary', {}, `Per worker (${workers.length})`));
  const table = h('table', { 'aria-label': 'Cost per worker' }, h('thead', {}, h('tr', {}, ...['Worker', 'State', 'Calls', 'In', 'Out', 'Cache r/w', 'Cost'].map((c) => h('th', { scope: 'col' }, c)))));
  const body = h('tbody', {});
  for (const w of workers) {
    const u = w.cost.usage;
    body.append(
      h(
        'tr',
        {},
        h('td', {}, `${w.role ?? ''} ${w.title ?? w.id}`.trim()),
        h('td', {}, w.state),
        h('td', {}, String(w.calls)),
        h('td', {}, fmt(u.inputTokens)),
        h('td', {}, fmt(u.outputTokens)),
        h('td', {}, `${fmt(u.cacheReadTokens)}/${fmt(u.cacheWriteTokens)}`),
        h('td', {}, usd(w.cost.costUsd)),
      ),
    );
  }
  table.append(body);
  details.append(table);
  return details;
}

const STATE_ICON: Record<string, string> = { pending: '○', running: '◐', succeeded: '✓', failed: '✗', cancelled: '■', skipped: '–' };

/** The plan as a tree: a subtask hangs under the first subtask it depends on. */
export function renderPlan(plan: PlanView | undefined): HTMLElement | undefined {
  if (!plan) return undefined;
  const section = h('section', { class: 'plan', 'aria-label': 'Plan', 'data-testid': 'chat-plan' });
  section.append(
    h('div', { class: 'who' }, `Plan${plan.mode ? ` (${plan.mode})` : ''}${plan.approved ? '' : ' — not yet approved'}${plan.estimateUsd !== undefined ? ` · est. ${usd(plan.estimateUsd)}` : ''}`),
  );
  if (plan.strategy) section.append(h('div', { class: 'meta' }, plan.strategy));
  const ids = new Set(plan.subtasks.map((s) => s.id));
  const children = new Map<string, PlanView['subtasks']>();
  const roots: PlanView['subtasks'] = [];
  for (const s of plan.subtasks) {
    const parent = s.dependsOn.find((d) => ids.has(d) && d !== s.id);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), s]);
    else roots.push(s);
  }
  const seen = new Set<string>();
  const list = (items: PlanView['subtasks']): HTMLElement => {
    const ul = h('ul', {});
    for (const s of items) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      const li = h(
        'li',
        { class: `subtask ${s.state}`, 'data-testid': 'chat-plan-subtask', 'aria-label': `${s.id}, ${s.role}, ${s.state}: ${s.description}` },
        h('span', { class: 'state-icon', 'aria-hidden': 'true' }, STATE_ICON[s.state] ?? '?'),
        ' ',
        h('span', { class: `role role-${s.role}` }, s.role),
        ' ',
        h('span', { class: 'desc' }, `${s.id}: ${s.description}`),
      );
      const kids = children.get(s.id);
      if (kids?.length) li.append(list(kids));
      ul.append(li);
    }
    return ul;
  };
  // Nested lists: a screen reader announces the nesting; no custom tree keyboard model needed.
  section.append(list(roots));
  return section;
}

export function renderHistory(history: RunSummary[], active: boolean, send: Send): HTMLElement {
  const details = h('details', { class: 'history', 'data-testid': 'chat-history', 'data-key': 'history' }, h('summary', {}, `Earlier runs (${history.length})`));
  if (history.length === 0) details.append(h('div', { class: 'meta' }, 'No saved runs yet.'));
  const ul = h('ul', {});
  for (const run of history) {
    const li = h(
      'li',
      {},
      h('span', { class: `phase ${run.status}` }, run.status),
      ' ',
      h('span', {}, run.title),
      h('span', { class: 'meta' }, ` ${run.ref ?? ''} · ${run.startedAt ? new Date(run.startedAt).toLocaleString() : ''}${run.costUsd !== undefined ? ` · ${usd(run.costUsd)}` : ''}`),
    );
    if (run.stopMessage) li.append(h('div', { class: 'meta' }, run.stopMessage));
    const buttons = h('div', { class: 'buttons' });
    if (!active) buttons.append(button('Open', () => void send({ type: 'openRun', runId: run.runId }).catch(() => undefined), 'chat-history-open', 'secondary', `Open run ${run.title}`));
    if (!active && run.resumable) buttons.append(button('Resume', () => void send({ type: 'resumeRun', runId: run.runId }).catch(() => undefined), 'chat-history-resume', 'secondary', `Resume run ${run.title}`));
    buttons.append(button('Log', () => void send({ type: 'showRunLog', runId: run.runId }).catch(() => undefined), 'chat-history-log', 'secondary', `Log of run ${run.title}`));
    li.append(buttons);
    ul.append(li);
  }
  details.append(ul);
  return details;
}

function fmt(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}
