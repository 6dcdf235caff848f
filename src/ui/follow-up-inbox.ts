/**
 * Follow-ups typed in the chat while a run is going. The agent takes them at
 * its next turn (`inbox.take()`); each one is delivered exactly once.
 */
export class FollowUpInbox {
  private queue: string[] = [];

  push(text: string): void {
    const trimmed = text.trim();
    if (trimmed) this.queue.push(trimmed);
  }

  take(): string[] {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }

  get size(): number {
    return this.queue.length;
  }
}
