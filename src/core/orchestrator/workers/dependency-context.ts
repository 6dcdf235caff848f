/**
 * Results of dependencies are passed on summarised when large: each gets a
 * character budget, and strings and lists inside it are cut until it fits,
 * so a verbose analysis never floods a dependent worker's context.
 */

export interface DependencyResult {
  subtaskId: string;
  role: string;
  status: string;
  result?: unknown;
  /** The stop message, for failed dependencies. */
  note?: string;
}

function cutValue(value: unknown, maxString: number, maxItems: number): unknown {
  if (typeof value === 'string') {
    return value.length > maxString ? `${value.slice(0, maxString)}… [${value.length - maxString} chars cut]` : value;
  }
  if (Array.isArray(value)) {
    const kept = value.slice(0, maxItems).map((v) => cutValue(v, maxString, maxItems));
    return value.length > maxItems ? [...kept, `… ${value.length - maxItems} more`] : kept;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutValue(v, maxString, maxItems)]));
  }
  return value;
}

/** JSON of `value` in at most `maxChars`, cutting long strings and lists first. */
export function compactJson(value: unknown, maxChars: number): string {
  let text = JSON.stringify(value, null, 1) ?? 'null';
  let maxString = 4000;
  let maxItems = 50;
  while (text.length > maxChars && maxString > 20) {
    maxString = Math.floor(maxString / 2);
    maxItems = Math.max(3, Math.floor(maxItems / 2));
    text = JSON.stringify(cutValue(value, maxString, maxItems), null, 1) ?? 'null';
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}… [cut]` : text;
}

export function renderDependencies(deps: DependencyResult[], charsPerDependency: number): string {
  return deps
    .map((d) => {
      const head = `<result subtask="${d.subtaskId}" role="${d.role}" status="${d.status}">`;
      const body = d.result !== undefined ? compactJson(d.result, charsPerDependency) : (d.note ?? '(no result)');
      return `${head}\n${body}\n</result>`;
    })
    .join('\n');
}
