import * as vscode from 'vscode';
import { Disposable } from '../vscode/lifecycle';
import type { ChatSession } from './chat/chat-session';
import { usd } from '../webview/chat/run-view-model';

/**
 * A status bar entry while a run is going (and after it, until the next):
 * its phase and live cost; a click brings the chat forward.
 */
export class RunStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('foreman.run', vscode.StatusBarAlignment.Left, 50));
  private last = '';

  constructor(session: ChatSession) {
    super();
    this.item.name = 'Foreman run';
    this.item.command = 'foreman.chat.focus';
    this._register(session.onEvent((_event, state) => {
      const run = state.run;
      if (!run || run.replay) {
        this.item.hide();
        return;
      }
      const icon = run.phase === 'finished' ? (run.stop?.kind === 'done' ? '$(check)' : '$(circle-slash)') : run.paused ? '$(debug-pause)' : '$(sync~spin)';
      const phase = run.phase === 'finished' ? (run.stop?.kind === 'done' ? 'finished' : 'stopped') : run.paused ? 'paused' : 'running';
      const text = `${icon} Foreman ${phase} · ${usd(state.cost.costUsd)}`;
      if (text === this.last) return;
      this.last = text;
      this.item.text = text;
      this.item.tooltip = `${run.task.ref}: ${run.task.title}${run.stop ? `\n${run.stop.message}` : ''}`;
      this.item.accessibilityInformation = { label: `Foreman run ${phase}, cost ${usd(state.cost.costUsd)}` };
      this.item.show();
    }));
  }
}
