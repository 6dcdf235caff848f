import { h } from '../dom';
import type { HunkView } from '../review-protocol';
import { splitRows, unifiedRows, type Segment, type SideCell, type SplitRow, type UnifiedRow } from './rows';

/**
 * A hunk's lines as a table, unified or side by side. Long hunks render in
 * chunks ("Show N more lines") so a 5,000-line whole-file hunk never blocks
 * the panel. Text goes in through text nodes only: model output is hostile.
 */

export type ViewMode = 'unified' | 'split';

/** Rows rendered at once; more on request. */
export const ROW_CHUNK = 400;

const SIGN = { context: ' ', add: '+', remove: '-' } as const;

function text(segments: Segment[]): HTMLElement {
  const code = h('code', { class: 'text' });
  for (const s of segments) code.append(s.hl ? h('mark', { class: 'hl' }, s.text) : document.createTextNode(s.text));
  return code;
}

function num(n: number | undefined): HTMLTableCellElement {
  return h('td', { class: 'num', 'aria-hidden': 'true' }, n === undefined ? '' : String(n));
}

const NO_NEWLINE = '\\ No newline at end of file';

function unifiedRowElement(row: UnifiedRow): HTMLTableRowElement {
  const body = h('td', { class: 'code' }, h('span', { class: 'sign', 'aria-hidden': 'true' }, SIGN[row.kind]), text(row.segments));
  if (row.noNewline) body.append(h('span', { class: 'nonl' }, NO_NEWLINE));
  return h('tr', { class: `line ${row.kind}`, 'data-kind': row.kind }, num(row.old), num(row.new), body);
}

function sideCells(cell: SideCell | undefined): HTMLTableCellElement[] {
  if (!cell) return [h('td', { class: 'num empty' }), h('td', { class: 'code empty' })];
  const body = h('td', { class: `code ${cell.kind}` }, text(cell.segments));
  if (cell.noNewline) body.append(h('span', { class: 'nonl' }, NO_NEWLINE));
  return [num(cell.line), body];
}

function splitRowElement(row: SplitRow): HTMLTableRowElement {
  return h('tr', { class: 'line split' }, ...sideCells(row.left), ...sideCells(row.right));
}

/** Row data is cheap; elements are made per chunk, only for what is shown. */
function rowFactory(hunk: HunkView, mode: ViewMode): { count: number; make: (i: number) => HTMLTableRowElement } {
  if (mode === 'split') {
    const rows = splitRows(hunk.lines);
    return { count: rows.length, make: (i) => splitRowElement(rows[i]!) };
  }
  const rows = unifiedRows(hunk.lines);
  return { count: rows.length, make: (i) => unifiedRowElement(rows[i]!) };
}

/** The diff table of a hunk; returns the element to insert (table plus an optional "more" button). */
export function renderHunkDiff(hunk: HunkView, mode: ViewMode): HTMLElement {
  const rows = rowFactory(hunk, mode);
  const label = mode === 'split' ? 'Side-by-side diff' : 'Unified diff';
  const tbody = h('tbody');
  const table = h('table', { class: `diff ${mode}`, 'aria-label': label, 'data-testid': 'hunk-diff' }, tbody);
  const wrap = h('div', { class: 'diff-wrap' }, table);
  let shown = 0;
  const showMore = (): void => {
    const end = Math.min(rows.count, shown + ROW_CHUNK);
    const fragment = document.createDocumentFragment();
    for (; shown < end; shown++) fragment.append(rows.make(shown));
    tbody.append(fragment);
    if (shown >= rows.count) more.remove();
    else more.textContent = `Show ${Math.min(ROW_CHUNK, rows.count - shown)} more lines (${rows.count - shown} hidden)`;
  };
  const more = h('button', { class: 'more', type: 'button', 'data-testid': 'show-more' });
  more.addEventListener('click', showMore);
  wrap.append(more);
  showMore();
  return wrap;
}
