import type { AgentInbox } from '../agent/types';

/**
 * Follow-ups the user types during a run, fanned out to the agent workers:
 * a message reaches every agent worker running when it arrives (at its next
 * turn), and one that arrives while none is running goes to the next agent
 * worker that starts. Each worker sees each message once.
 */
export class FollowUpFanOut {
  private readonly messages: string[] = [];
  /** Messages [0, delivered) have reached at least one worker. */
  private delivered = 0;

  constructor(private readonly source: AgentInbox) {}

  /** An inbox for one agent worker, from its start. */
  subscribe(): AgentInbox {
    this.pull();
    let cursor = this.delivered;
    return {
      take: () => {
        this.pull();
        const fresh = this.messages.slice(cursor);
        cursor = this.messages.length;
        this.delivered = Math.max(this.delivered, cursor);
        return fresh;
      },
    };
  }

  private pull(): void {
    this.messages.push(...this.source.take());
  }
}
