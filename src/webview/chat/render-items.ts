import { h } from '../dom';
import type { ChatItem } from './chat-state';
import type { ViewMessage } from '../protocol';

/** Sends a message to the host; returns a promise of its response. */
export type Send = (message: ViewMessage) => Promise<void>;

export interface ItemContext {
  send: Send;
  /** Tool cards the user opened (kept across re-renders and reloads). */
  openCards: Set<number>;
  onToggle(): void;
  workerLabel(workerId: string | undefined): string | undefined;
}

/** One timeline entry. All model and issue text goes through textContent (via h()): it is hostile. */
export function renderItem(item: ChatItem, ctx: ItemContext): HTMLElement {
  switch (item.kind) {
    case 'user':
      return h(
        'div',
        { class: `item user ${item.as}`, 'data-testid': 'chat-user-message' },
        h('div', { class: 'who' }, item.as === 'task' ? 'Task' : 'You'),
        h('div', { class: 'body' }, item.text),
        item.as === 'followup' ? h('div', { class: 'meta' }, item.delivered ? 'delivered to the agent' : 'queued for the next turn') : undefined,
      );
    case 'text': {
      const label = ctx.workerLabel(item.workerId);
      return h(
        'div',
        { class: `item text${item.streaming ? ' streaming' : ''}`, 'data-testid': 'chat-model-text' },
        label ? h('div', { class: 'who' }, label) : undefined,
        h('div', { class: 'body' }, item.text),
      );
    }
    case 'tool':
      return renderTool(item, ctx);
    case 'notice':
      return h(
        'div',
        { class: `item notice ${item.level}`, role: item.level === 'error' ? 'alert' : undefined, 'data-testid': 'chat-notice' },
        h('span', { class: 'body' }, item.text),
        item.action ? actionButton(item.action, ctx.send) : undefined,
      );
    case 'approval':
      return renderApproval(item, ctx.send);
    case 'worker':
      return h(
        'div',
        { class: `item worker ${item.state}`, 'data-testid': 'chat-worker' },
        h('span', { class: `role role-${item.role}` }, item.role || 'worker'),
        ` ${item.title} `,
        h('span', { class: 'state' }, item.phase === 'started' ? 'started' : item.state),
        item.detail ? h('span', { class: 'meta' }, ` — ${item.detail}`) : undefined,
      );
    case 'stop':
      return h(
        'div',
        { class: `item stop ${item.stop.kind}`, role: 'status', 'data-testid': 'chat-stop' },
        h('strong', {}, item.stop.kind === 'done' ? 'Run finished: ' : 'Run stopped: '),
        item.stop.message,
        item.filesChanged !== undefined ? h('span', { class: 'meta' }, ` (${item.filesChanged} file${item.filesChanged === 1 ? '' : 's'} changed)`) : undefined,
      );
  }
}

function renderTool(item: Extract<ChatItem, { kind: 'tool' }>, ctx: ItemContext): HTMLElement {
  const details = h('details', { class: `item tool ${item.status}`, 'data-testid': 'chat-tool-card', open: ctx.openCards.has(item.id) });
  const exit = item.exitCode !== undefined ? (item.exitCode === null ? 'killed' : `exit ${item.exitCode}`) : item.status === 'running' ? 'running…' : item.status === 'error' ? 'error' : 'ok';
  const label = ctx.workerLabel(item.workerId);
  details.append(
    h(
      'summary',
      { 'aria-label': `${item.name} ${item.summary}, ${exit}` },
      h('span', { class: 'tool-name' }, item.name),
      ' ',
      h('code', { class: 'tool-summary' }, item.summary),
      ' ',
      h('span', { class: `badge ${item.status}` }, exit),
      label ? h('span', { class: 'meta' }, ` ${label}`) : undefined,
      item.durationMs !== undefined ? h('span', { class: 'meta' }, ` ${formatMs(item.durationMs)}`) : undefined,
    ),
    h('pre', { class: 'output' }, item.output || (item.status === 'running' ? '…' : '(no output)')),
  );
  details.addEventListener('toggle', () => {
    if (details.open) ctx.openCards.add(item.id);
    else ctx.openCards.delete(item.id);
    ctx.onToggle();
  });
  return details;
}

function renderApproval(item: Extract<ChatItem, { kind: 'approval' }>, send: Send): HTMLElement {
  const box = h('div', { class: `item approval${item.decision ? ' decided' : ''}`, role: 'group', 'aria-label': 'Command approval', 'data-testid': 'chat-approval' });
  box.append(
    h('div', { class: 'who' }, 'The agent wants to run'),
    h('pre', { class: 'command', 'data-testid': 'chat-approval-command' }, item.command),
    h('div', { class: 'meta' }, `Why it asks: ${item.reason}`),
  );
  if (item.decision) {
    const said = item.decision === 'run_once' ? 'Allowed once' : item.decision === 'always' ? 'Allowed for this workspace' : `Denied${item.denyReason ? `: ${item.denyReason}` : ''}`;
    box.append(h('div', { class: 'decision', 'data-testid': 'chat-approval-decision' }, said));
    return box;
  }
  const reason = h('input', { type: 'text', class: 'reason', placeholder: 'Reason for denying (optional, goes to the agent)', 'aria-label': 'Reason for denying', 'data-testid': 'chat-approval-reason' });
  const decide = (decision: 'run_once' | 'always' | 'deny') => {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    void send({ type: 'approveCommand', approvalId: item.approvalId, decision, ...(decision === 'deny' && reason.value.trim() ? { reason: reason.value.trim() } : {}) }).catch(() => {
      for (const b of box.querySelectorAll('button')) b.disabled = false;
    });
  };
  reason.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') decide('deny');
  });
  box.append(
    h(
      'div',
      { class: 'buttons' },
      button('Run once', () => decide('run_once'), 'chat-approve-once'),
      button('Always for this workspace', () => decide('always'), 'chat-approve-always', 'secondary'),
      button('Deny', () => decide('deny'), 'chat-approve-deny', 'secondary'),
    ),
    reason,
  );
  return box;
}

const ACTION_LABELS = {
  setApiKey: 'Set API Key',
  tryDemo: 'Try the demo',
  manageTrust: 'Manage Workspace Trust',
  openReview: 'Open review',
  showLog: 'Show log',
} as const;

export function actionButton(action: keyof typeof ACTION_LABELS, send: Send): HTMLButtonElement {
  const message: ViewMessage =
    action === 'showLog' ? { type: 'showRunLog' } : action === 'openReview' ? { type: 'openReview' } : { type: action };
  return button(ACTION_LABELS[action], () => void send(message).catch(() => undefined), `chat-action-${action}`, 'secondary');
}

export function button(label: string, onClick: () => void, testId: string, kind: 'primary' | 'secondary' = 'primary', ariaLabel?: string): HTMLButtonElement {
  const el = h('button', { type: 'button', class: kind, 'data-testid': testId, 'aria-label': ariaLabel }, label);
  el.addEventListener('click', onClick);
  return el;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
