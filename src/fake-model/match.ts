import type { CountTokensRequest, RequestBlock } from './request-schema';
import type { FakeScript, ScriptEntry } from './script';

/** What script entries match on, taken from a request. */
export interface RequestSummary {
  /** The system prompt, text blocks joined with "\n". */
  system: string;
  /** The text of the first user message (its text blocks joined with "\n"). */
  firstUser: string;
  /** Number of assistant messages already in `messages`. */
  turn: number;
}

const textOf = (content: string | RequestBlock[]): string =>
  typeof content === 'string'
    ? content
    : content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');

export function summarise(request: CountTokensRequest): RequestSummary {
  const system =
    typeof request.system === 'string' ? request.system : (request.system ?? []).map((b) => b.text).join('\n');
  const first = request.messages[0];
  return {
    system,
    firstUser: first && first.role === 'user' ? textOf(first.content) : '',
    turn: request.messages.filter((m) => m.role === 'assistant').length,
  };
}

/** A readable name for a request, so a script that matches nothing is obvious. */
export function describeRequest(summary: RequestSummary): string {
  const firstLine = summary.system.split('\n')[0] ?? '';
  const user = summary.firstUser.length > 60 ? `${summary.firstUser.slice(0, 60)}…` : summary.firstUser;
  return `system ${JSON.stringify(firstLine)}, turn ${summary.turn}, first user message ${JSON.stringify(user)}`;
}

/**
 * Picks the answering entry: entries are tried in file order, the first that
 * matches and has answers left answers. Matching depends only on the request,
 * so parallel conversations each get their own entries whatever the order in
 * which their requests arrive.
 */
export class ScriptMatcher {
  private readonly left: number[];
  private readonly patterns: Array<{ system?: RegExp; firstUser?: RegExp }>;

  constructor(private readonly script: FakeScript) {
    this.left = script.entries.map((entry) => entry.times ?? Number.POSITIVE_INFINITY);
    this.patterns = script.entries.map((entry) => ({
      ...(entry.match?.system !== undefined ? { system: new RegExp(entry.match.system) } : {}),
      ...(entry.match?.firstUser !== undefined ? { firstUser: new RegExp(entry.match.firstUser) } : {}),
    }));
  }

  /** Takes one answer from the first matching entry; null when none matches. */
  take(summary: RequestSummary): { index: number; entry: ScriptEntry } | null {
    for (const [index, entry] of this.script.entries.entries()) {
      if (this.left[index]! <= 0 || !this.matches(index, entry, summary)) continue;
      this.left[index]! -= 1;
      return { index, entry };
    }
    return null;
  }

  private matches(index: number, entry: ScriptEntry, summary: RequestSummary): boolean {
    const pattern = this.patterns[index]!;
    if (pattern.system && !pattern.system.test(summary.system)) return false;
    if (pattern.firstUser && !pattern.firstUser.test(summary.firstUser)) return false;
    if (entry.match?.turn !== undefined && entry.match.turn !== summary.turn) return false;
    return true;
  }
}
