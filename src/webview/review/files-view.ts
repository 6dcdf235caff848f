import { h } from '../dom';
import type { DecisionEntry, DecisionsView, FileView, HunkView, ReviewDecision } from '../review-protocol';
import { provenanceText } from './provenance-text';
import { renderHunkDiff, type ViewMode } from './render-diff';

/**
 * The change set as file sections with their hunks. Collapsed file bodies are
 * not rendered at all until expanded: the cost of a 200-file set is 200
 * headers. Decisions update the existing elements in place (no re-render).
 */

export interface FilesViewActions {
  decide(path: string, hunkId: string | undefined, decision: ReviewDecision | null, reason?: string): void;
  openDiff(path: string): void;
  openFile(path: string, line?: number): void;
  expandedChanged(path: string, expanded: boolean): void;
}

export type GroupBy = 'file' | 'worker';

const DECISION_LABEL: Record<string, string> = { accept: 'accepted', reject: 'rejected', mixed: 'mixed', undecided: 'undecided' };

interface Rendered {
  section: HTMLElement;
  file: FileView;
  hunks: HunkView[];
}

export class FilesView {
  private rendered: Rendered[] = [];
  private decisions: DecisionsView | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: FilesViewActions,
  ) {}

  render(files: FileView[], mode: ViewMode, groupBy: GroupBy, isExpanded: (path: string) => boolean): void {
    this.root.replaceChildren();
    this.rendered = [];
    if (files.length === 0) {
      this.root.append(h('p', { class: 'empty', 'data-testid': 'no-changes' }, 'No proposed changes.'));
      return;
    }
    if (groupBy === 'file') {
      for (const file of files) this.root.append(this.fileSection(file, file.hunks, mode, isExpanded(file.path)));
    } else {
      for (const [worker, entries] of groupByWorker(files)) {
        const group = h('section', { class: 'group', 'data-testid': 'worker-group', 'data-worker': worker });
        group.append(h('h2', { class: 'group-title' }, `Worker ${worker}`));
        for (const { file, hunks } of entries) group.append(this.fileSection(file, hunks, mode, isExpanded(file.path)));
        this.root.append(group);
      }
    }
    if (this.decisions) this.update(this.decisions);
  }

  /** Reflects decisions on the rendered headers and hunks. */
  update(decisions: DecisionsView): void {
    this.decisions = decisions;
    for (const r of this.rendered) updateSection(r, decisions);
  }

  /** Marks a file's apply outcome on its header ("applied", "conflict", ...). */
  markApplied(path: string, status: string, message: string | undefined): void {
    for (const r of this.rendered) {
      if (r.file.path !== path) continue;
      const badge = r.section.querySelector<HTMLElement>('.apply-status');
      if (!badge) continue;
      badge.textContent = status;
      badge.dataset.status = status;
      badge.title = message ?? '';
      badge.hidden = false;
    }
  }

  private fileSection(file: FileView, hunks: HunkView[], mode: ViewMode, expanded: boolean): HTMLElement {
    const section = h('section', {
      class: 'file',
      'data-testid': 'file',
      'data-path': file.path,
      role: 'region',
      'aria-label': `${file.path}, ${file.kind}`,
    });
    const body = h('div', { class: 'file-body', id: `body-${this.rendered.length}` });
    const toggle = h(
      'button',
      { class: 'twisty', type: 'button', 'data-testid': 'file-toggle', 'data-nav': 'file', 'aria-expanded': String(expanded), 'aria-controls': body.id },
      file.path,
    );
    const stats = h('span', { class: 'stats' }, h('span', { class: 'added' }, `+${file.added}`), ' ', h('span', { class: 'removed' }, `−${file.removed}`));
    const workers = file.provenance.map((p) => h('span', { class: 'worker', title: provenanceText(p) }, p.workerId));
    const header = h(
      'div',
      { class: 'file-header' },
      toggle,
      h('span', { class: `kind ${file.kind}` }, file.kind),
      stats,
      ...workers,
      h('span', { class: 'decision', 'data-testid': 'file-decision', 'aria-live': 'polite' }),
      h('span', { class: 'apply-status', 'data-testid': 'file-apply-status', hidden: true }),
      h('span', { class: 'spacer' }),
      ...this.decisionButtons(file.path, undefined, 'file'),
      button('Open diff', 'file-open-diff', () => this.actions.openDiff(file.path), `Open ${file.path} in the diff editor`),
    );
    section.append(header, reasonEditor(), body);
    if (file.binary) body.append(h('p', { class: 'note' }, 'Binary file: accept or reject it as a whole.'));
    if (file.wholeFile) body.append(h('p', { class: 'note' }, 'Shown as a whole-file replacement (the diff was too large to compute line by line).'));

    let filled = false;
    const setExpanded = (open: boolean): void => {
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
      if (open && !filled) {
        filled = true;
        hunks.forEach((hunk, i) => body.append(this.hunkElement(file, hunk, i, hunks.length, mode)));
        // Only this section: updating all of them here would make expanding every file quadratic.
        if (this.decisions) updateSection(rendered, this.decisions);
      }
    };
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      setExpanded(open);
      this.actions.expandedChanged(file.path, open);
    });
    const rendered: Rendered = { section, file, hunks };
    this.rendered.push(rendered);
    setExpanded(expanded);
    return section;
  }

  private hunkElement(file: FileView, hunk: HunkView, index: number, total: number, mode: ViewMode): HTMLElement {
    const article = h('article', {
      class: 'hunk',
      tabindex: '0',
      'data-testid': 'hunk',
      'data-nav': 'hunk',
      'data-path': file.path,
      'data-hunk-id': hunk.id,
      'aria-label': `Hunk ${index + 1} of ${total} in ${file.path}, +${hunk.added} −${hunk.removed}`,
    });
    const headerLink = h('button', { class: 'link hunk-range', type: 'button', title: 'Open the file at this hunk' }, hunk.header);
    headerLink.addEventListener('click', () => this.actions.openFile(file.path, Math.max(1, hunk.oldStart)));
    const provenance = h('div', { class: 'provenance' });
    for (const p of hunk.provenance) provenance.append(h('span', { class: 'why', 'data-testid': 'hunk-provenance' }, provenanceText(p)));
    const criteria = h('div', { class: 'criteria' });
    for (const c of hunk.criteria) criteria.append(h('span', { class: 'criterion', 'data-testid': 'hunk-criterion', title: 'Acceptance criterion' }, c));
    const header = h(
      'div',
      { class: 'hunk-header' },
      headerLink,
      h('span', { class: 'decision', 'data-testid': 'hunk-decision', 'aria-live': 'polite' }),
      h('span', { class: 'spacer' }),
      ...this.decisionButtons(file.path, hunk.id, 'hunk'),
    );
    article.append(header, provenance, criteria, reasonEditor(), renderHunkDiff(hunk, mode));
    return article;
  }

  /** Accept / Reject / Reject with reason… for a file (hunkId undefined) or a hunk. */
  private decisionButtons(path: string, hunkId: string | undefined, scope: 'file' | 'hunk'): HTMLButtonElement[] {
    const what = scope === 'file' ? 'file' : 'hunk';
    const accept = button('Accept', `${scope}-accept`, (ev) => {
      const pressed = (ev.currentTarget as HTMLElement).getAttribute('aria-pressed') === 'true';
      this.actions.decide(path, hunkId, pressed ? null : 'accept');
    }, `Accept this ${what}`);
    const reject = button('Reject', `${scope}-reject`, (ev) => {
      const pressed = (ev.currentTarget as HTMLElement).getAttribute('aria-pressed') === 'true';
      this.actions.decide(path, hunkId, pressed ? null : 'reject');
    }, `Reject this ${what}`);
    const withReason = button('Reject with reason…', `${scope}-reject-reason`, (ev) => {
      const container = (ev.currentTarget as HTMLElement).closest(scope === 'file' ? 'section.file' : 'article.hunk');
      const editor = container?.querySelector<HTMLElement>(':scope > .reason-editor');
      if (editor) openReasonEditor(editor, (reason) => this.actions.decide(path, hunkId, 'reject', reason));
    }, `Reject this ${what} and say why (can be sent back to the run)`);
    accept.classList.add('accept');
    reject.classList.add('reject');
    accept.dataset.role = 'accept';
    reject.dataset.role = 'reject';
    return [accept, reject, withReason];
  }
}

function button(label: string, testid: string, onClick: (ev: MouseEvent) => void, aria?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', 'data-testid': testid, ...(aria ? { 'aria-label': aria, title: aria } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}

function reasonEditor(): HTMLElement {
  return h('div', { class: 'reason-editor', hidden: true });
}

/** An inline form (webviews have no prompt()): Enter or the button submits, Escape cancels. */
export function openReasonEditor(editor: HTMLElement, submit: (reason: string) => void): void {
  const input = h('textarea', { rows: '2', 'aria-label': 'Reason for rejecting', 'data-testid': 'reason-input', placeholder: 'Why? (sent back to the run if you choose)' });
  const ok = h('button', { type: 'button', 'data-testid': 'reason-submit' }, 'Reject with this reason');
  const cancel = h('button', { type: 'button', 'data-testid': 'reason-cancel' }, 'Cancel');
  const close = (): void => {
    editor.hidden = true;
    editor.replaceChildren();
  };
  const done = (): void => {
    const reason = input.value.trim();
    if (!reason) {
      input.focus();
      return;
    }
    close();
    submit(reason);
  };
  ok.addEventListener('click', done);
  cancel.addEventListener('click', close);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      done();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      close();
    }
  });
  editor.replaceChildren(input, ok, cancel);
  editor.hidden = false;
  input.focus();
}

function updateSection(r: Rendered, decisions: DecisionsView): void {
  setDecision(r.section, decisionOfFile(r.file, decisions), decisions.files[r.file.path]?.reason);
  for (const el of r.section.querySelectorAll<HTMLElement>('article.hunk')) {
    const entry = decisions.hunks[r.file.path]?.[el.dataset.hunkId ?? ''];
    setDecision(el, entry?.decision ?? 'undecided', entry?.reason);
  }
}

function decisionOfFile(file: FileView, decisions: DecisionsView): ReviewDecision | 'mixed' | 'undecided' {
  if (file.hunks.length === 0) return decisions.files[file.path]?.decision ?? 'undecided';
  const map = decisions.hunks[file.path] ?? {};
  const all = file.hunks.map((hk) => map[hk.id]?.decision);
  if (all.every((d) => d === 'accept')) return 'accept';
  if (all.every((d) => d === 'reject')) return 'reject';
  return all.some((d) => d === undefined) ? 'undecided' : 'mixed';
}

function setDecision(el: HTMLElement, decision: DecisionEntry['decision'] | 'mixed' | 'undecided', reason: string | undefined): void {
  el.dataset.decision = decision;
  const badge = el.querySelector<HTMLElement>(':scope > .file-header > .decision, :scope > .hunk-header > .decision');
  if (badge) badge.textContent = DECISION_LABEL[decision] + (reason ? `: ${reason}` : '');
  for (const b of el.querySelectorAll<HTMLElement>(':scope > .file-header > button[data-role], :scope > .hunk-header > button[data-role]')) {
    b.setAttribute('aria-pressed', String(b.dataset.role === decision));
  }
  if (el.tagName === 'ARTICLE') {
    const label = el.getAttribute('aria-label')?.replace(/, (accepted|rejected|undecided)$/, '') ?? '';
    el.setAttribute('aria-label', `${label}, ${DECISION_LABEL[decision]}`);
  }
}

/** Worker id → the files (and only that worker's hunks) it touched. */
function groupByWorker(files: FileView[]): Map<string, Array<{ file: FileView; hunks: HunkView[] }>> {
  const groups = new Map<string, Array<{ file: FileView; hunks: HunkView[] }>>();
  for (const file of files) {
    const workers = new Set(file.provenance.map((p) => p.workerId));
    for (const hunk of file.hunks) for (const p of hunk.provenance) workers.add(p.workerId);
    if (workers.size === 0) workers.add('unknown');
    for (const worker of workers) {
      const hunks = file.hunks.filter((hk) => hk.provenance.length === 0 ? worker === 'unknown' : hk.provenance.some((p) => p.workerId === worker));
      const list = groups.get(worker) ?? [];
      list.push({ file, hunks: file.hunks.length === 0 ? [] : hunks });
      groups.set(worker, list);
    }
  }
  return groups;
}
