import type { ReviewDecision } from '../review-protocol';
import { openReasonEditor } from './files-view';

/**
 * Keyboard review: j/k (or ↓/↑ on a hunk or file header) move between file
 * headers and hunks; a / r / Shift+R decide the focused hunk or file; Space or
 * Enter on a hunk toggles accept ↔ reject; d opens the file's diff.
 */

export interface KeyboardActions {
  decide(path: string, hunkId: string | undefined, decision: ReviewDecision | null, reason?: string): void;
  openDiff(path: string): void;
}

interface Target {
  /** The hunk article or the file section. */
  container: HTMLElement;
  path: string;
  hunkId: string | undefined;
}

function targetOf(el: Element | null): Target | undefined {
  const nav = el?.closest<HTMLElement>('[data-nav]');
  if (!nav) return undefined;
  if (nav.dataset.nav === 'hunk') {
    return { container: nav, path: nav.dataset.path ?? '', hunkId: nav.dataset.hunkId };
  }
  const section = nav.closest<HTMLElement>('section.file');
  return section ? { container: section, path: section.dataset.path ?? '', hunkId: undefined } : undefined;
}

function navigable(doc: Document): HTMLElement[] {
  // Hidden (collapsed) hunks have no layout box: skip them.
  return [...doc.querySelectorAll<HTMLElement>('[data-nav]')].filter((el) => el.getClientRects().length > 0);
}

function move(doc: Document, delta: 1 | -1): void {
  const items = navigable(doc);
  if (items.length === 0) return;
  const current = (doc.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-nav]');
  const index = current ? items.indexOf(current) : -1;
  const next = items[index < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, index + delta))];
  next?.focus();
  next?.scrollIntoView({ block: 'nearest' });
}

export function installKeyboard(doc: Document, actions: KeyboardActions): void {
  doc.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const active = doc.activeElement as HTMLElement | null;
    if (active && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT')) return;
    const onNav = !!active?.closest('[data-nav]');
    const target = targetOf(active);
    const key = ev.key;
    if (key === 'j' || (key === 'ArrowDown' && onNav)) {
      ev.preventDefault();
      move(doc, 1);
    } else if (key === 'k' || (key === 'ArrowUp' && onNav)) {
      ev.preventDefault();
      move(doc, -1);
    } else if (!target) {
      return;
    } else if (key === 'a') {
      ev.preventDefault();
      actions.decide(target.path, target.hunkId, 'accept');
    } else if (key === 'r') {
      ev.preventDefault();
      actions.decide(target.path, target.hunkId, 'reject');
    } else if (key === 'R') {
      ev.preventDefault();
      const editor = target.container.querySelector<HTMLElement>(':scope > .reason-editor');
      if (editor) openReasonEditor(editor, (reason) => actions.decide(target.path, target.hunkId, 'reject', reason));
    } else if (key === 'd') {
      ev.preventDefault();
      actions.openDiff(target.path);
    } else if ((key === ' ' || key === 'Enter') && active?.tagName === 'ARTICLE' && target.hunkId) {
      ev.preventDefault();
      actions.decide(target.path, target.hunkId, target.container.dataset.decision === 'accept' ? 'reject' : 'accept');
    }
  });
}
