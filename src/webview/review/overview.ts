import { h } from '../dom';
import type { ReviewModel } from '../review-protocol';

/**
 * What the run says about its changes, above the diff: the summary, the
 * acceptance criteria (met or not, with evidence) and the test evidence
 * (what failed before, what passes after).
 */
export function renderOverview(model: ReviewModel): HTMLElement {
  const root = h('div', {});
  if (model.stop) root.append(h('p', { class: 'stop', 'data-testid': 'run-stop' }, `Run ended: ${model.stop}`));
  if (model.summary) root.append(h('p', { class: 'summary', 'data-testid': 'run-summary' }, model.summary));

  if (model.criteria.length > 0) {
    const list = h('ul', { class: 'criteria-list', 'data-testid': 'criteria' });
    for (const c of model.criteria) {
      const mark = c.met === undefined ? '•' : c.met ? '✓' : '✗';
      const state = c.met === undefined ? 'unjudged' : c.met ? 'met' : 'not met';
      const item = h('li', { 'data-met': state, 'aria-label': `${c.criterion}: ${state}` }, h('span', { class: 'mark', 'aria-hidden': 'true' }, mark), ' ', c.criterion);
      if (c.evidence) item.append(h('div', { class: 'evidence-text' }, c.evidence));
      list.append(item);
    }
    root.append(h('details', { open: true }, h('summary', {}, 'Acceptance criteria'), list));
  }

  if (model.evidence.length > 0) {
    const box = h('div', { class: 'evidence', 'data-testid': 'test-evidence' });
    for (const e of model.evidence) {
      const card = h('div', { class: 'evidence-card' }, h('div', { class: 'evidence-title' }, [e.title ?? e.subtaskId ?? e.workerId, e.command ? `$ ${e.command}` : ''].filter(Boolean).join(' — ')));
      if (e.testsAdded && e.testsAdded.length > 0) card.append(h('div', { class: 'tests-added' }, `Tests added: ${e.testsAdded.join(', ')}`));
      const pair = h('div', { class: 'before-after' });
      pair.append(
        h('figure', { 'data-testid': 'evidence-before' }, h('figcaption', {}, 'Before the change'), h('pre', {}, e.before ?? '(not recorded)')),
        h('figure', { 'data-testid': 'evidence-after' }, h('figcaption', {}, 'After the change'), h('pre', {}, e.after ?? '(not recorded)')),
      );
      card.append(pair);
      box.append(card);
    }
    root.append(h('details', { open: true }, h('summary', {}, 'Test evidence'), box));
  }
  return root;
}
