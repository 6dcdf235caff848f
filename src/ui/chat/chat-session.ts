import type { ChatEvent, ChatState } from '../../webview/chat/chat-state';
import { initialChatState, reduceChat } from '../../webview/chat/run-view-model';
import type { IDisposable } from '../../vscode/lifecycle';

export type ChatListener = (event: ChatEvent, state: ChatState) => void;

/**
 * The host's copy of the chat: every event is reduced into the authoritative
 * view model (what a freshly shown webview gets as its snapshot) and passed
 * on to listeners (the view bridge, context keys). No vscode here.
 */
export class ChatSession {
  private current: ChatState = initialChatState();
  private readonly listeners = new Set<ChatListener>();

  get state(): ChatState {
    return this.current;
  }

  push(event: ChatEvent): void {
    this.current = reduceChat(this.current, event);
    for (const listener of this.listeners) {
      try {
        listener(event, this.current);
      } catch {
        // A broken listener must not lose the event for the others.
      }
    }
  }

  onEvent(listener: ChatListener): IDisposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
