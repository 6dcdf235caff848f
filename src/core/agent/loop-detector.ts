/**
 * Notices an agent going round in circles. Two signals:
 *
 * - Repeats: the same tool call (name + input) made `maxRepeats` times
 *   (default 3) within the last `window` calls (default 12), with no
 *   successful edit in between. The edit count is part of the call's key,
 *   so running the tests again after an edit is not a repeat.
 * - No progress: `maxIdleTurns` turns in a row (default 8) that brought
 *   nothing new: no call the agent had not made before (in the same state
 *   of the edits) and no successful edit. A turn with no tool call at all
 *   counts as idle.
 */
import type { Stop } from '../run/events';

export interface LoopDetectorOptions {
  maxRepeats?: number;
  window?: number;
  maxIdleTurns?: number;
}

export interface TurnCall {
  name: string;
  input: unknown;
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same call. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export class LoopDetector {
  private readonly maxRepeats: number;
  private readonly window: number;
  private readonly maxIdleTurns: number;
  private readonly recent: string[] = [];
  private readonly seen = new Set<string>();
  private edits = 0;
  private idleTurns = 0;

  constructor(options: LoopDetectorOptions = {}) {
    this.maxRepeats = options.maxRepeats ?? 3;
    this.window = options.window ?? 12;
    this.maxIdleTurns = options.maxIdleTurns ?? 8;
  }

  /** Records one turn's calls (in order) and whether any edit succeeded; returns a stop when looping. */
  recordTurn(calls: TurnCall[], editedSomething: boolean): Stop | undefined {
    let novel = false;
    for (const call of calls) {
      const key = `${this.edits}|${call.name}|${canonicalJson(call.input)}`;
      if (!this.seen.has(key)) novel = true;
      this.seen.add(key);
      this.recent.push(key);
      if (this.recent.length > this.window) this.recent.shift();
      const repeats = this.recent.filter((k) => k === key).length;
      if (repeats >= this.maxRepeats) {
        return {
          kind: 'loop',
          message: `stopped a loop: ${call.name} was called ${repeats} times with the same input and no edit in between`,
        };
      }
    }
    if (editedSomething) this.edits++;
    this.idleTurns = novel || editedSomething ? 0 : this.idleTurns + 1;
    if (this.idleTurns >= this.maxIdleTurns) {
      return { kind: 'loop', message: `stopped a loop: ${this.idleTurns} turns in a row brought no new information and no edit` };
    }
    return undefined;
  }
}
