import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChangeSet } from '../core/changes/changeset';
import type { SandboxFactory } from '../core/orchestrator/deps';
import { newRunId } from '../core/run/bus';
import type { RunStore } from '../core/run/store';
import { Disposable } from '../vscode/lifecycle';
import { ApiKeyStore } from '../vscode/secrets';
import { SettingsService } from '../vscode/settings';
import { ChatActionError, handleViewMessage, type ChatHost } from './chat/chat-actions';
import { ChatSession } from './chat/chat-session';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat/chat-view-provider';
import { replayEvents, runHistory } from './chat/run-history';
import { allowRulesFor } from './approval-rules';
import { ModelProvider } from './model-provider';
import type { ReviewSource, RunOutcome } from './review-source';
import { createReviewSource } from './run-review-source';
import { RunController } from './run-controller';
import { createRunEnvironment } from './run-environment';
import { SolveLauncher, type SolveEntry } from './solve-launcher';
import { RunStatusBar } from './status-bar';
import { TaskStarter } from './task-starter';

export interface ForemanAppOptions {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** The orchestrator's entry, imported on the first run. */
  solve(): Promise<SolveEntry>;
  /** The sandbox factory for a workspace, imported on the first run. */
  sandboxes(workspaceRoot: string): Promise<SandboxFactory>;
  /** The fake model's script for the demo, loaded on first use. */
  demoScript(): Promise<unknown>;
}

const PENDING_DEMO = 'foreman.pendingDemoFolder';

/**
 * Everything the extension holds, wired once: settings, secrets, the chat
 * session and view, the run controller on the orchestrator, and the review
 * source. Also the chat's host (what its buttons do). Cheap to construct:
 * the store, the core and the model client load when the first run starts.
 */
export class ForemanApp extends Disposable implements ChatHost {
  readonly settings = this._register(new SettingsService());
  readonly apiKeys: ApiKeyStore;
  readonly session = new ChatSession();
  readonly models: ModelProvider;
  readonly controller: RunController<ChangeSet, RunOutcome>;
  readonly starter: TaskStarter;
  readonly chat: ChatViewProvider;
  readonly reviewSource: ReviewSource;
  private storePromise: Promise<RunStore> | undefined;

  constructor(private readonly options: ForemanAppOptions) {
    super();
    const { context, log } = options;
    this.apiKeys = this._register(new ApiKeyStore(context.secrets));
    this.models = this._register(
      new ModelProvider({
        getKey: () => this.apiKeys.get(),
        settings: () => this.settings.current,
        demoScript: options.demoScript,
        log: (m) => log.info(m),
      }),
    );
    this.controller = new RunController<ChangeSet, RunOutcome>({
      launcher: new SolveLauncher(options.solve, async (request) => {
        const root = this.workspaceRoot();
        if (!root) throw new Error('No workspace folder is open.');
        const model = await this.models.create();
        if (!model) throw new Error('No Anthropic API key is set (Foreman: Set API Key).');
        const [store, sandboxes] = await Promise.all([this.runStore(model.secrets), options.sandboxes(root)]);
        log.info(`run ${request.runId}: ${request.task.ref} on ${model.demo ? 'the demo model' : model.client.model}`);
        return createRunEnvironment({ workspaceRoot: root, appRoot: vscode.env.appRoot, settings: this.settings.current, model, store, sandboxes, output: log });
      }),
      session: this.session,
      persistAlways: (command) => this.persistAllow(command),
      newRunId,
      newId: () => newRunId().slice(0, 13),
    });
    this.starter = new TaskStarter({
      controller: this.controller,
      session: this.session,
      settings: this.settings,
      models: this.models,
      hasApiKey: () => this.apiKeys.has(),
      workspaceRoot: () => this.workspaceRoot(),
    });
    this.chat = this._register(new ChatViewProvider(context.extensionUri, this.session, (m) => handleViewMessage(m, this.controller, this), log));
    this.reviewSource = createReviewSource(this.controller, async (feedback) => {
      const last = this.controller.current;
      if (!last) throw new ChatActionError('There is no run to revise.');
      await this.starter.startIssue({ ...last.task, body: `${last.task.body}\n\n${feedback}`, ref: last.task.ref });
    });

    // Closing the window stops the run: its commands are killed and its sandbox released.
    this._register({ dispose: () => void this.controller.stop() });
    this._register(new RunStatusBar(this.session));
    this._register(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.chat, { webviewOptions: { retainContextWhenHidden: false } }));
    let recorded: string | undefined;
    this._register(
      this.controller.onDidChange(() => {
        this.updateContextKeys();
        // A run just ended: its record belongs in the history list.
        const run = this.controller.current;
        if (run?.finished && recorded !== run.runId) {
          recorded = run.runId;
          void this.viewReady();
        }
      }),
    );
    this._register(this.apiKeys.onDidChange((has) => {
      if (has) this.models.chooseDemo(false);
      void this.pushStatus();
    }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.pushStatus()));
    this._register(this.settings.onDidChange(() => void this.pushStatus()));
    for (const problem of this.settings.problems) log.warn(problem);
    this.updateContextKeys();
    void this.pushStatus();
    void this.checkPendingDemo();
  }

  workspaceRoot(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  }

  /** The run record store, created on first use (outside the workspace, in the extension's storage). */
  store(): Promise<RunStore> {
    this.storePromise ??= (async () => {
      const { RunStore } = await import('../core/run/store');
      const store = new RunStore(path.join(this.options.context.globalStorageUri.fsPath, 'runs'));
      const interrupted = store.markInterrupted();
      if (interrupted.length) this.options.log.info(`${interrupted.length} interrupted run(s) can be resumed (Foreman: Resume Run)`);
      return store;
    })();
    return this.storePromise;
  }

  /** The store a run records into: same folder, with a redactor that knows this run's secrets. */
  private async runStore(secrets: string[]): Promise<RunStore> {
    const shared = await this.store();
    const [{ RunStore }, { Redactor }] = await Promise.all([import('../core/run/store'), import('../core/run/redact')]);
    return new RunStore(shared.dir, new Redactor(secrets));
  }

  // ---- ChatHost: what the chat's buttons do ----

  async viewReady(): Promise<void> {
    await this.refreshHistory().catch((err: unknown) => this.options.log.warn(`run history unavailable: ${String(err)}`));
  }

  async startTask(text: string): Promise<void> {
    await this.starter.start(text);
  }

  async openReview(): Promise<void> {
    await vscode.commands.executeCommand('foreman.openReview');
  }

  async showRunLog(runId?: string): Promise<void> {
    const id = runId ?? this.controller.current?.runId;
    if (id) {
      const file = path.join((await this.store()).folder(id), 'events.jsonl');
      try {
        await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
        return;
      } catch {
        this.options.log.info(`no record for run ${id} yet`);
      }
    }
    this.options.log.show(true);
  }

  async openRun(runId: string): Promise<void> {
    const store = await this.store();
    for (const event of replayEvents(store, runId)) this.session.push(event);
  }

  async resumeRun(runId: string): Promise<void> {
    const store = await this.store();
    const { parseSavedRunState, isResumable } = await import('../core/orchestrator/state');
    const raw = store.loadState(runId);
    if (raw === undefined) throw new ChatActionError('This run saved no state to resume from.');
    const state = parseSavedRunState(raw);
    if (!isResumable(state)) throw new ChatActionError('This run had already finished; nothing to resume.');
    await this.starter.startIssue(state.issue, state, runId);
  }

  async refreshHistory(): Promise<void> {
    const store = await this.store();
    this.session.push({ kind: 'history', runs: runHistory(store) });
  }

  async pickIssue(): Promise<void> {
    await vscode.commands.executeCommand('foreman.solveIssue');
  }

  async setApiKey(): Promise<void> {
    if (await this.apiKeys.prompt()) {
      this.models.chooseDemo(false);
      this.session.push({ kind: 'notice', level: 'info', text: 'API key stored in the OS keychain.' });
      await this.pushStatus();
    }
  }

  async manageTrust(): Promise<void> {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }

  /**
   * "Try the demo": the embedded fake model with a scripted run on the demo
   * project. In the demo project it starts at once; elsewhere it offers to
   * create the project in a new folder and open it.
   */
  async tryDemo(): Promise<void> {
    const { createDemoProject, isDemoFolder } = await import('./demo/demo-project');
    const { DEMO_ISSUE } = await import('./demo/demo-files');
    const { issueFromText } = await import('../core/issue/types');
    this.models.chooseDemo(true);
    await this.pushStatus();
    const root = this.workspaceRoot();
    if (root && (await isDemoFolder(root))) {
      await this.starter.startIssue(issueFromText(DEMO_ISSUE, 'demo'));
      return;
    }
    const choice = await vscode.window.showInformationMessage(
      'The demo runs a scripted model (no key, no cost) on a small sample project with a real bug. Create the project in a new folder and open it?',
      { modal: true },
      'Create and open',
    );
    if (choice !== 'Create and open') return;
    const dir = path.join(os.tmpdir(), `foreman-demo-${Date.now().toString(36)}`);
    await createDemoProject(dir);
    await this.options.context.globalState.update(PENDING_DEMO, dir);
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: false });
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.log[level](message);
  }

  // ---- internals ----

  /** After "Try the demo" opened the demo folder: demo mode on, the task ready in the chat. */
  private async checkPendingDemo(): Promise<void> {
    const pending = this.options.context.globalState.get<string>(PENDING_DEMO);
    if (!pending || pending !== this.workspaceRoot()) return;
    await this.options.context.globalState.update(PENDING_DEMO, undefined);
    this.models.chooseDemo(true);
    const { DEMO_ISSUE } = await import('./demo/demo-files');
    await this.pushStatus();
    await this.chat.reveal(DEMO_ISSUE);
  }

  private async persistAllow(command: string): Promise<boolean> {
    const rules = allowRulesFor(command);
    if (!rules) return false;
    for (const rule of rules) await this.settings.addAllowRule(rule);
    this.options.log.info(`allowed for this workspace: ${rules.join(' ; ')}`);
    return true;
  }

  async pushStatus(): Promise<void> {
    this.session.push({ kind: 'status', hasApiKey: await this.apiKeys.has(), trusted: vscode.workspace.isTrusted, demo: this.models.demo });
  }

  private updateContextKeys(): void {
    const c = this.controller;
    const set = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
    set('foreman.runActive', c.active);
    set('foreman.runPaused', c.paused);
    set('foreman.hasChanges', c.hasChanges);
    set('foreman.planPending', c.awaitingPlan);
    set('foreman.hasRun', c.current !== undefined);
  }
}
