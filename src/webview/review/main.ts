import { h } from '../dom';
import {
  parseToWebview,
  ToHostSchema,
  type ApplyResultView,
  type DecisionsView,
  type ReviewModel,
  type ToHost,
  type ToWebview,
} from '../review-protocol';
import { FilesView, type GroupBy } from './files-view';
import { installKeyboard } from './keyboard';
import type { ViewMode } from './render-diff';
import { renderOverview } from './overview';

/**
 * The review panel (browser side). Renders what the host sends, sends clicks
 * back as typed messages, keeps view state (mode, grouping, expanded files)
 * across hide/show with getState/setState.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  mode: ViewMode;
  groupBy: GroupBy;
  expanded: Record<string, boolean>;
}

/** Beyond this many files (or changed lines) files start collapsed: render on demand. */
const EXPAND_FILES = 25;
const EXPAND_LINES = 2_000;

const vscode = acquireVsCodeApi();
const saved = vscode.getState() as Partial<ViewState> | undefined;
const view: ViewState = {
  mode: saved?.mode === 'split' ? 'split' : 'unified',
  groupBy: saved?.groupBy === 'worker' ? 'worker' : 'file',
  expanded: typeof saved?.expanded === 'object' && saved.expanded ? saved.expanded : {},
};
let model: ReviewModel | null = null;
let decisions: DecisionsView | undefined;
let busy = false;

function post(message: ToHost): void {
  // Validated on the way out too: a bug here should show up in the console, not as a silent no-op in the host.
  const checked = ToHostSchema.safeParse(message);
  if (!checked.success) {
    console.error('review: refusing to send an invalid message', checked.error);
    return;
  }
  vscode.postMessage(checked.data);
}

const revision = (): number => model?.revision ?? -1;
const persist = (): void => vscode.setState(view);

// ---- layout ----
const title = h('h1', { 'data-testid': 'review-title' }, 'Foreman review');
const counts = h('span', { class: 'counts', 'data-testid': 'review-counts', 'aria-live': 'polite' });
const acceptAll = h('button', { type: 'button', 'data-testid': 'accept-all' }, 'Accept all');
const rejectAll = h('button', { type: 'button', 'data-testid': 'reject-all' }, 'Reject all');
const modeToggle = h('button', { type: 'button', 'data-testid': 'toggle-view', 'aria-pressed': 'false' }, 'Side by side');
const groupToggle = h('button', { type: 'button', 'data-testid': 'toggle-group', 'aria-pressed': 'false' }, 'Group by worker');
const feedback = h('button', { type: 'button', 'data-testid': 'send-feedback', title: 'Send the rejections that have a reason back to the run, which revises that part' }, 'Send rejections to the run');
const apply = h('button', { type: 'button', class: 'primary', 'data-testid': 'apply' }, 'Apply');
const status = h('div', { class: 'status', role: 'status', 'data-testid': 'review-status', 'aria-live': 'polite' });
const toolbar = h('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Review actions' }, title, counts, h('span', { class: 'spacer' }), acceptAll, rejectAll, modeToggle, groupToggle, feedback, apply);
const applyResult = h('section', { class: 'apply-result', 'data-testid': 'apply-result', 'aria-label': 'Apply result', hidden: true });
const overview = h('section', { class: 'overview', 'data-testid': 'overview' });
const filesRoot = h('main', { class: 'files', 'data-testid': 'files', 'aria-label': 'Proposed changes' });
const help = h('p', { class: 'help' }, 'Keys: j/k or ↓/↑ next/previous, a accept, r reject, Shift+R reject with reason, Space/Enter toggle, d open diff.');
document.body.append(toolbar, status, applyResult, overview, filesRoot, help);

const files = new FilesView(filesRoot, {
  decide: (path, hunkId, decision, reason) =>
    post({ type: 'decide', revision: revision(), path, ...(hunkId ? { hunkId } : {}), decision, ...(reason ? { reason } : {}) }),
  openDiff: (path) => post({ type: 'openDiff', path }),
  openFile: (path, line) => post({ type: 'openFile', path, ...(line ? { line } : {}) }),
  expandedChanged: (path, expanded) => {
    view.expanded[path] = expanded;
    persist();
  },
});

acceptAll.addEventListener('click', () => post({ type: 'decideAll', revision: revision(), decision: 'accept' }));
rejectAll.addEventListener('click', () => post({ type: 'decideAll', revision: revision(), decision: 'reject' }));
feedback.addEventListener('click', () => post({ type: 'sendFeedback', revision: revision() }));
apply.addEventListener('click', () => post({ type: 'apply', revision: revision() }));
modeToggle.addEventListener('click', () => {
  view.mode = view.mode === 'split' ? 'unified' : 'split';
  persist();
  renderAll();
});
groupToggle.addEventListener('click', () => {
  view.groupBy = view.groupBy === 'worker' ? 'file' : 'worker';
  persist();
  renderAll();
});

installKeyboard(document, {
  decide: (path, hunkId, decision, reason) =>
    post({ type: 'decide', revision: revision(), path, ...(hunkId ? { hunkId } : {}), decision, ...(reason ? { reason } : {}) }),
  openDiff: (path) => post({ type: 'openDiff', path }),
});

// ---- rendering ----
function isExpanded(path: string): boolean {
  const explicit = view.expanded[path];
  if (explicit !== undefined) return explicit;
  if (!model) return false;
  const lines = model.files.reduce((n, f) => n + f.added + f.removed, 0);
  return model.files.length <= EXPAND_FILES && lines <= EXPAND_LINES;
}

function renderAll(): void {
  modeToggle.setAttribute('aria-pressed', String(view.mode === 'split'));
  modeToggle.textContent = view.mode === 'split' ? 'Unified' : 'Side by side';
  groupToggle.setAttribute('aria-pressed', String(view.groupBy === 'worker'));
  groupToggle.textContent = view.groupBy === 'worker' ? 'Group by file' : 'Group by worker';
  if (!model) {
    title.textContent = 'Foreman review';
    overview.replaceChildren();
    files.render([], view.mode, view.groupBy, isExpanded);
    filesRoot.replaceChildren(h('p', { class: 'empty', 'data-testid': 'no-run' }, 'No run with proposed changes yet.'));
    renderCounts();
    return;
  }
  title.textContent = `Foreman review · ${model.files.length} file${model.files.length === 1 ? '' : 's'}`;
  overview.replaceChildren(renderOverview(model));
  files.render(model.files, view.mode, view.groupBy, isExpanded);
  if (decisions) files.update(decisions);
  renderCounts();
}

function renderCounts(): void {
  const c = decisions?.counts;
  const enabled = !!model && !busy && model.files.length > 0;
  counts.textContent = c ? `${c.accepted} accepted · ${c.rejected} rejected · ${c.undecided} undecided (${c.hunks} hunks)` : '';
  acceptAll.disabled = !enabled;
  rejectAll.disabled = !enabled;
  apply.disabled = !enabled || !c || c.accepted === 0;
  apply.textContent = c && c.accepted > 0 ? `Apply ${c.accepted} accepted hunk${c.accepted === 1 ? '' : 's'}` : 'Apply';
  feedback.disabled = !enabled || !c || c.withReason === 0;
  feedback.textContent = c && c.withReason > 0 ? `Send ${c.withReason} rejection${c.withReason === 1 ? '' : 's'} to the run` : 'Send rejections to the run';
}

function renderApplyResult(result: ApplyResultView): void {
  applyResult.hidden = false;
  applyResult.dataset.ok = String(result.ok);
  const list = h('ul', {});
  for (const f of result.files) {
    const label = f.status === 'conflict' ? 'conflict' : f.status === 'skipped' ? 'left out' : f.status === 'merged' ? 'merged and applied' : 'applied';
    const item = h(
      'li',
      { 'data-testid': 'apply-file', 'data-path': f.path, 'data-status': f.status },
      h('span', { class: `apply-badge ${f.status}` }, label),
      ' ',
      h('code', {}, f.path),
      ` — ${f.hunksApplied} hunk${f.hunksApplied === 1 ? '' : 's'} applied, ${f.hunksLeftOut} left out`,
    );
    if (f.message) item.append(h('div', { class: 'apply-message' }, f.message));
    list.append(item);
    files.markApplied(f.path, label, f.message);
  }
  applyResult.replaceChildren(h('h2', {}, result.ok ? 'Applied' : 'Not applied'), h('p', {}, result.message), list);
}

function receive(message: ToWebview): void {
  switch (message.type) {
    case 'model':
      model = message.model;
      decisions = message.decisions;
      applyResult.hidden = true;
      renderAll();
      return;
    case 'decisions':
      if (message.revision !== revision()) return;
      decisions = message.decisions;
      files.update(decisions);
      renderCounts();
      return;
    case 'busy':
      busy = message.busy;
      status.textContent = message.busy ? (message.label ?? 'Working…') : '';
      renderCounts();
      return;
    case 'applyResult':
      if (message.revision === revision()) renderApplyResult(message.result);
      return;
    case 'notice':
      status.textContent = message.message;
      status.dataset.level = message.level;
      return;
    case 'focusHunk': {
      const selector = message.hunkId
        ? `article.hunk[data-hunk-id="${CSS.escape(message.hunkId)}"]`
        : `section.file[data-path="${CSS.escape(message.path)}"] .twisty`;
      if (!document.querySelector(selector)) {
        view.expanded[message.path] = true;
        renderAll();
      }
      const el = document.querySelector<HTMLElement>(selector);
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseToWebview(event.data);
  if (!parsed.ok) {
    console.warn('review: dropped an invalid message from the host:', parsed.error);
    return;
  }
  receive(parsed.message);
});

renderAll();
post({ type: 'ready' });
