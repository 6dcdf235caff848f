/**
 * Run events as readable lines for a terminal (or JSON lines with --json).
 * Streaming text is not printed piecewise: a turn's text is printed once,
 * when the model call finishes.
 */
import type { RunEvent } from '../core/run/events';

const MAX_INPUT = 160;
const MAX_OUTPUT_LINES = 6;

const one = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const tokens = (n: number): string => n.toLocaleString('en-US');
const dollars = (usd: number | null): string => (usd === null ? '$?' : `$${usd.toFixed(4)}`);

function outputPreview(output: string): string {
  // A command's stdout tail says more than npm's warnings on stderr.
  const stdout = output.split('\n--- stderr ---')[0] ?? output;
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const shown = lines.slice(-MAX_OUTPUT_LINES).map((l) => `      ${l.length > 200 ? `${l.slice(0, 199)}…` : l}`);
  const more = lines.length > MAX_OUTPUT_LINES ? [`      … (${lines.length - MAX_OUTPUT_LINES} earlier lines)`] : [];
  return [...more, ...shown].join('\n');
}

/** One event as text lines; undefined for events not shown in the readable view. */
export function formatEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run_started':
      return `▶ run ${event.runId.slice(0, 8)} · ${event.workspace} · model ${event.model}`;
    case 'issue_loaded':
      return `  task: ${event.issue.title} (${event.issue.ref})`;
    case 'model_call_started':
      return undefined;
    case 'model_call_finished': {
      const u = event.usage;
      const head = event.text.trim() ? `  ${event.text.trim()}` : '';
      const cache = u.cacheReadTokens || u.cacheWriteTokens ? `, cache ${tokens(u.cacheReadTokens)} read / ${tokens(u.cacheWriteTokens)} written` : '';
      const meta = `  · step ${event.step} · ${tokens(u.inputTokens)} in, ${tokens(u.outputTokens)} out${cache} · ${dollars(event.costUsd)} · ${event.durationMs} ms`;
      return head ? `${head}\n${meta}` : meta;
    }
    case 'model_retry':
      return `  ↻ model retry ${event.attempt} in ${event.delayMs} ms: ${event.reason}`;
    case 'tool_call':
      return `  → ${event.name} ${one(JSON.stringify(event.input ?? {}), MAX_INPUT)}`;
    case 'tool_result': {
      // A command's own result is its exit code, not whether the tool worked.
      const exitCode = event.details?.exitCode;
      const status = exitCode !== undefined && exitCode !== null ? `exit ${String(exitCode)}` : event.isError ? 'error' : 'ok';
      const preview = event.name === 'run_command' || event.isError ? `\n${outputPreview(event.output)}` : ` ${one(event.output, 100)}`;
      // How commands run (confined or not) is said once per run, on the first command.
      const notice = typeof event.details?.notice === 'string' ? `\n  ⚑ ${event.details.notice}` : '';
      return `  ← ${event.name} ${status}, ${event.durationMs} ms:${notice}${preview}`;
    }
    case 'approval_requested':
      return `  ? approval needed for \`${event.command}\`: ${event.reason}`;
    case 'approval_decided':
      return `  ${event.decision.includes('deny') ? '✗' : '✓'} ${event.decision.replace('_', ' ')}${event.reason ? `: ${event.reason}` : ''}`;
    case 'context_compacted':
      return `  ⇣ context ${event.strategy}: ${tokens(event.beforeTokens)} → ${tokens(event.afterTokens)} tokens`;
    case 'change_proposed':
      return `  ✎ ${event.kind} ${event.path} (+${event.added} −${event.removed})`;
    case 'user_message':
      return `  ✉ ${one(event.text, 200)}`;
    case 'log':
      return event.level === 'debug' ? undefined : `  ${event.level === 'info' ? '·' : '!'} ${event.message}`;
    case 'cost':
      return `  $ ${tokens(event.usage.inputTokens + event.usage.outputTokens + event.usage.cacheReadTokens + event.usage.cacheWriteTokens)} tokens · ${dollars(event.costUsd)}${event.savedUsd ? ` (cache saved ${dollars(event.savedUsd)})` : ''}`;
    case 'run_finished':
      return `■ ${event.stop.kind}: ${event.stop.message} · ${event.filesChanged} file(s) changed · ${dollars(event.costUsd)}`;
    case 'worker_started':
      return `  ▸ worker ${event.subtaskId} (${event.role}): ${event.title}`;
    case 'worker_finished':
      return `  ▪ worker ${event.subtaskId} ${event.status}: ${event.stop.message}`;
    case 'plan_proposed':
      return '  plan proposed';
    case 'plan_invalid':
      return `  ! plan invalid (attempt ${event.attempt}): ${event.error}`;
    case 'replan':
      return `  ↺ re-plan ${event.round}: ${event.reason}`;
    default:
      return undefined;
  }
}

/** Writes events to a stream, readable or as JSON lines. */
export function eventPrinter(write: (line: string) => void, json: boolean): (event: RunEvent) => void {
  return (event) => {
    if (json) {
      write(JSON.stringify(event));
      return;
    }
    const line = formatEvent(event);
    if (line !== undefined) write(line);
  };
}
