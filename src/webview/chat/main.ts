import { z } from 'zod';
import { h } from '../dom';
import { parseHostMessage, type HostMessage, type ViewMessage } from '../protocol';
import { ChatStateSchema, type ChatItem, type ChatState } from './chat-state';
import { renderItem, type ItemContext } from './render-items';
import { renderCost, renderHeader, renderHistory, renderPlan } from './render-panels';
import { initialChatState, reduceChatEvents } from './run-view-model';
import { clipText, taskTextProblem } from './task-text';

/**
 * The chat webview (browser side). It renders the view model the host sends
 * (a snapshot on `ready`, then batches of events reduced with the same
 * reducer as the host), and sends the user's actions back. Messages are
 * validated both ways; model text only ever reaches the DOM as text.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** What survives the view being hidden (the host's snapshot then refreshes it). */
const SavedSchema = z.object({
  chat: ChatStateSchema,
  draft: z.string(),
  openCards: z.array(z.number()),
  open: z.array(z.string()),
});

const saved = SavedSchema.safeParse(vscode.getState());
let state: ChatState = saved.success ? saved.data.chat : initialChatState();
let draft = saved.success ? saved.data.draft : '';
const openCards = new Set<number>(saved.success ? saved.data.openCards : []);
const openPanels = new Set<string>(saved.success ? saved.data.open : []);

// Requests waiting for the host's response.
let nextRequest = 0;
const waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();

function send(message: ViewMessage): Promise<void> {
  const requestId = `r${++nextRequest}`;
  return new Promise<void>((resolve, reject) => {
    waiting.set(requestId, { resolve, reject });
    vscode.postMessage({ ...message, requestId });
  }).catch((err: Error) => {
    showError(err.message);
    throw err;
  });
}

function post(message: ViewMessage): void {
  vscode.postMessage(message);
}

// Layout: header (run + controls), plan, cost, timeline, composer, history.
const root = document.getElementById('root')!;
const headerSlot = h('div', { class: 'slot sticky-top' });
const planSlot = h('div', { class: 'slot' });
const costSlot = h('div', { class: 'slot' });
const timeline = h('section', { class: 'timeline', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'data-testid': 'chat-timeline' });
const errorLine = h('div', { class: 'error-line', role: 'alert', 'data-testid': 'chat-error' });
const input = h('textarea', {
  rows: '3',
  'aria-label': 'Task, issue reference or follow-up',
  'data-testid': 'chat-input',
  placeholder: '',
});
const sendButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'chat-send' }, 'Start');
const composer = h('form', { class: 'composer', 'aria-label': 'Message' }, input, h('div', { class: 'buttons' }, sendButton));
const historySlot = h('div', { class: 'slot' });
root.append(headerSlot, planSlot, costSlot, timeline, errorLine, composer, historySlot);
input.value = draft;

function submit(): void {
  const text = input.value.trim();
  if (!text) return;
  // Refused here, text kept in the box: the host would drop an invalid message without an answer.
  const problem = taskTextProblem(text);
  if (problem) {
    showError(problem);
    return;
  }
  errorLine.textContent = ''; // an earlier refusal no longer applies
  input.value = '';
  draft = '';
  persist();
  void send({ type: 'submit', text }).catch(() => {
    // Give the text back so nothing typed is lost.
    if (!input.value) input.value = text;
  });
}

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submit();
  }
});
input.addEventListener('input', () => {
  draft = input.value;
  persist();
});
sendButton.addEventListener('click', submit);
composer.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});

function showError(full: string): void {
  const message = clipText(full);
  errorLine.textContent = message;
  setTimeout(() => {
    if (errorLine.textContent === message) errorLine.textContent = '';
  }, 8_000);
}

// Rendering: panels re-render when their slice changed; timeline items are keyed.
const itemCache = new Map<number, { item: ChatItem; el: HTMLElement }>();
let rendered: { run?: unknown; status?: unknown; plan?: unknown; cost?: unknown; workers?: unknown; history?: unknown } = {};
let frame = 0;

const itemContext: ItemContext = {
  send,
  openCards,
  onToggle: persist,
  workerLabel: (workerId) => {
    if (!workerId) return undefined;
    const worker = state.workers.find((w) => w.id === workerId);
    return worker ? `${worker.role ?? 'worker'} ${worker.subtaskId ?? worker.id}` : workerId;
  },
};

function schedule(): void {
  if (!frame) frame = requestAnimationFrame(render);
}

function render(): void {
  frame = 0;
  const live = state.run !== undefined && !state.run.replay && state.run.phase !== 'finished';
  if (rendered.run !== state.run || rendered.status !== state.status) {
    headerSlot.replaceChildren(renderHeader(state, send));
  }
  if (rendered.plan !== state.plan) planSlot.replaceChildren(...optional(renderPlan(state.plan)));
  if (rendered.cost !== state.cost || rendered.workers !== state.workers || rendered.run !== state.run) {
    costSlot.replaceChildren(...optional(renderCost(state, Date.now())));
  }
  if (rendered.history !== state.history || rendered.run !== state.run) historySlot.replaceChildren(renderHistory(state.history, live, send));
  rendered = { run: state.run, status: state.status, plan: state.plan, cost: state.cost, workers: state.workers, history: state.history };
  restorePanels();
  renderTimeline();
  sendButton.textContent = live ? 'Send follow-up' : 'Start';
  input.placeholder = live
    ? 'A follow-up for the agent (it reads it at its next turn)'
    : 'A task, an issue URL, owner/repo#N or #N — Enter to start, Shift+Enter for a new line';
  persist();
}

function renderTimeline(): void {
  const page = document.scrollingElement ?? document.documentElement;
  const nearBottom = page.scrollHeight - page.scrollTop - page.clientHeight < 80;
  const before = itemCache.size;
  const ids = new Set<number>();
  const wanted: HTMLElement[] = [];
  for (const item of state.items) {
    ids.add(item.id);
    const cached = itemCache.get(item.id);
    if (cached && cached.item === item) {
      wanted.push(cached.el);
      continue;
    }
    const el = renderItem(item, itemContext);
    if (cached) cached.el.replaceWith(el);
    itemCache.set(item.id, { item, el });
    wanted.push(el);
  }
  for (const [id, cached] of itemCache) {
    if (ids.has(id)) continue;
    cached.el.remove();
    itemCache.delete(id);
    openCards.delete(id);
  }
  wanted.forEach((el, i) => {
    const at = timeline.children[i];
    if (at !== el) timeline.insertBefore(el, at ?? null);
  });
  if (nearBottom && itemCache.size >= before) page.scrollTop = page.scrollHeight;
  // A new command prompt must be seen: bring it into view wherever the user scrolled.
  const prompt = timeline.querySelector<HTMLElement>('.approval:not(.decided)');
  if (prompt && prompt.dataset.shown !== '1') {
    prompt.dataset.shown = '1';
    prompt.scrollIntoView({ block: 'nearest' });
  }
}

/** Keeps collapsible panels open across re-renders; opening history refreshes it. */
function restorePanels(): void {
  for (const details of root.querySelectorAll<HTMLDetailsElement>('details[data-key]')) {
    const key = details.dataset.key!;
    details.open = openPanels.has(key);
    if (details.dataset.bound) continue;
    details.dataset.bound = '1';
    details.addEventListener('toggle', () => {
      if (details.open === openPanels.has(key)) return; // our own restore, not the user
      if (details.open) openPanels.add(key);
      else openPanels.delete(key);
      persist();
      if (key === 'history' && details.open) post({ type: 'refreshHistory' });
    });
  }
}

function optional(el: HTMLElement | undefined): HTMLElement[] {
  return el ? [el] : [];
}

function persist(): void {
  vscode.setState({ chat: state, draft, openCards: [...openCards], open: [...openPanels] });
}

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'snapshot':
      state = message.state;
      schedule();
      return;
    case 'events':
      state = reduceChatEvents(state, message.events);
      schedule();
      return;
    case 'response': {
      const entry = waiting.get(message.requestId);
      if (!entry) return;
      waiting.delete(message.requestId);
      if (message.ok) entry.resolve();
      else entry.reject(new Error(message.error ?? 'The request failed.'));
      return;
    }
    case 'focusInput':
      if (message.text !== undefined) input.value = message.text;
      input.focus();
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    // Dropped, never acted on; the host logs it in the Foreman output channel.
    post({ type: 'log', level: 'warn', message: `dropped ${parsed.error}`.slice(0, 2_000) });
    return;
  }
  receive(parsed.message);
});

// A time-left display needs a tick while a run is live.
setInterval(() => {
  if (state.run && state.run.phase !== 'finished' && state.run.budgets.maxMinutes !== undefined) {
    rendered = { ...rendered, cost: undefined };
    schedule();
  }
}, 30_000);

render();
post({ type: 'ready' });
