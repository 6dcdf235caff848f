/**
 * The message list of one agent, kept valid for the Messages API: roles
 * alternate, every tool_use is answered by a tool_result in the next user
 * message, no content is empty, and a paused assistant turn is continued in
 * the same assistant message.
 */
import type { AssistantBlock, Message, UserBlock } from '../model/types';

export class Conversation {
  constructor(public messages: Message[]) {}

  static start(task: string): Conversation {
    return new Conversation([{ role: 'user', content: task }]);
  }

  get last(): Message | undefined {
    return this.messages.at(-1);
  }

  /** Appends the model's reply; continues the previous assistant message after pause_turn. */
  addAssistant(content: AssistantBlock[]): void {
    const last = this.last;
    if (last?.role === 'assistant') {
      const before = typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content;
      this.messages[this.messages.length - 1] = { role: 'assistant', content: [...before, ...content] };
      return;
    }
    // The API rejects an empty assistant message (a reply that was only a cut-off tool call).
    this.messages.push({ role: 'assistant', content: content.length > 0 ? content : [{ type: 'text', text: '[reply cut off]' }] });
  }

  /** Appends a user message, or adds to the last one when the model has not answered yet. */
  addUser(blocks: UserBlock[]): void {
    if (blocks.length === 0) return;
    const last = this.last;
    if (last?.role === 'user') {
      const before: UserBlock[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
      this.messages[this.messages.length - 1] = { role: 'user', content: [...before, ...blocks] };
      return;
    }
    this.messages.push({ role: 'user', content: blocks });
  }

  /**
   * Replaces the input of a tool_use in the last assistant message. A refused
   * oversized input would otherwise be resent with every later turn and fill
   * the context window (compaction only shrinks tool results).
   */
  replaceToolInput(toolUseId: string, input: Record<string, unknown>): void {
    const index = this.messages.findLastIndex((m) => m.role === 'assistant');
    const message = this.messages[index];
    if (!message || message.role !== 'assistant' || typeof message.content === 'string') return;
    this.messages[index] = {
      role: 'assistant',
      content: message.content.map((b) => (b.type === 'tool_use' && b.id === toolUseId ? { ...b, input } : b)),
    };
  }

  /** tool_use blocks of the last assistant message that have no tool_result yet. */
  unansweredToolUses(): { id: string; name: string }[] {
    const last = this.last;
    if (last?.role !== 'assistant' || typeof last.content === 'string') return [];
    return last.content.flatMap((b) => (b.type === 'tool_use' ? [{ id: b.id, name: b.name }] : []));
  }

  /** Text blocks of one assistant reply, joined. */
  static textOf(content: AssistantBlock[]): string {
    return content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  }
}
