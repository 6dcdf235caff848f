/**
 * Faults of the model service, through the real SDK against the fake
 * Messages API (and a raw SSE server for cut tool JSON): each ends in a retry
 * that succeeds or a stop with a readable reason, and the change set and the
 * run record survive every one. Turn 0 always proposes a file, so there is a
 * proposal to lose when turn 1 fails.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { reliabilityFile, type Verdict } from './support/tally';
import { agentRun, agentTurn, fullTreeHash, readableStop, smallRepo, toolUse, type AgentRun, type AgentRunSetup } from './support/harness';
import { rawReply, startRawSseServer } from './support/raw-sse-server';
import type { TempRepo } from '../support/temp-repo';

const { scenario } = reliabilityFile(__filename);
const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.cleanup()));

const NOTE = 'Notes written before the fault.\n';
const PROPOSE = agentTurn(0, { reply: { content: [toolUse('create_file', { filePath: 'NOTES.md', content: NOTE })] } });
const FINISH = (turn: number) => agentTurn(turn, { reply: { content: [toolUse('finish', { summary: 'notes written' })] } });

/** Runs and checks what must survive whatever happened: the proposal, the record, the untouched repo. */
async function faultRun(verdict: Verdict, setup: Omit<AgentRunSetup, 'repo'>): Promise<AgentRun> {
  const repo = smallRepo();
  repos.push(repo);
  const before = fullTreeHash(repo.root);
  const run = await agentRun({ repo, ...setup });
  if ((await run.changes.readText('NOTES.md').catch(() => undefined)) !== NOTE) verdict.lost('the proposal made before the fault is gone from the change set');
  if (run.record.problems.length > 0) verdict.lost(`run record: ${run.record.problems.join('; ')}`);
  if (fullTreeHash(repo.root) !== before) verdict.lost("the user's repository changed");
  assert.ok(readableStop(run.outcome.stop), `readable stop: ${JSON.stringify(run.outcome.stop)}`);
  return run;
}

const retries = (run: AgentRun) => run.record.events.filter((e) => e.type === 'model_retry');

scenario('429 with retry-after is waited out, then the call succeeds', { timeout: 20_000 }, async (_t, verdict) => {
  const started = Date.now();
  const run = await faultRun(verdict, {
    script: { entries: [PROPOSE, agentTurn(1, { times: 1, fault: { kind: 'http', status: 429, retryAfter: 1 } }), FINISH(1)] },
  });
  assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
  const [retry] = retries(run);
  assert.equal(retry?.type === 'model_retry' && retry.delayMs, 1000, 'retry-after is honoured');
  assert.match(retry?.type === 'model_retry' ? retry.reason : '', /rate limit/i);
  assert.ok(Date.now() - started >= 1000);
});

for (const status of [529, 500] as const) {
  scenario(`HTTP ${status} is retried with backoff, then the call succeeds`, { timeout: 20_000 }, async (_t, verdict) => {
    const run = await faultRun(verdict, {
      script: { entries: [PROPOSE, agentTurn(1, { times: 2, fault: { kind: 'http', status } }), FINISH(1)] },
    });
    assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
    assert.equal(retries(run).length, 2);
  });
}

scenario('an error event in the middle of the stream is retried', { timeout: 20_000 }, async (_t, verdict) => {
  const run = await faultRun(verdict, {
    script: { entries: [PROPOSE, agentTurn(1, { times: 1, fault: { kind: 'stream-error', afterEvents: 4 }, reply: { content: [{ type: 'text', text: 'half a reply that breaks off' }] } }), FINISH(1)] },
  });
  assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
  assert.equal(retries(run).length, 1);
  assert.match((retries(run)[0] as { reason: string }).reason, /in the middle of the reply|overloaded/i);
});

scenario('a dropped connection mid-stream is retried', { timeout: 20_000 }, async (_t, verdict) => {
  const run = await faultRun(verdict, {
    script: { entries: [PROPOSE, agentTurn(1, { times: 1, fault: { kind: 'drop', afterEvents: 3 } }), FINISH(1)] },
  });
  assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
  assert.equal(retries(run).length, 1);
});

scenario('a hung response is cut by the idle timeout and retried', { timeout: 20_000 }, async (_t, verdict) => {
  const started = Date.now();
  const run = await faultRun(verdict, {
    client: { timeoutMs: 400 },
    script: { entries: [PROPOSE, agentTurn(1, { times: 1, fault: { kind: 'hang' } }), FINISH(1)] },
  });
  assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
  assert.match((retries(run)[0] as { reason: string }).reason, /sent nothing for too long/);
  assert.ok(Date.now() - started < 8000, 'the hang did not hold the run');
});

scenario('overload that never ends stops the run with a readable model_error, proposals kept', { timeout: 20_000 }, async (_t, verdict) => {
  const run = await faultRun(verdict, {
    script: { entries: [PROPOSE, agentTurn(1, { fault: { kind: 'http', status: 529 } })] },
  });
  assert.equal(run.outcome.stop.kind, 'model_error');
  assert.match(run.outcome.stop.message, /overloaded \(HTTP 529\)/i);
  assert.equal(retries(run).length, 2, 'bounded retries');
});

scenario('a response that hangs on every attempt stops the run (timeout), proposals kept', { timeout: 20_000 }, async (_t, verdict) => {
  const run = await faultRun(verdict, {
    client: { timeoutMs: 300, maxRetries: 1 },
    script: { entries: [PROPOSE, agentTurn(1, { fault: { kind: 'hang' } })] },
  });
  assert.equal(run.outcome.stop.kind, 'model_error');
  assert.match(run.outcome.stop.message, /no data for 300 ms/);
});

scenario('a 400 is not retried and stops with the API message', { timeout: 20_000 }, async (_t, verdict) => {
  // A request no entry matches gets the fake's 400 naming the request.
  const run = await faultRun(verdict, { script: { entries: [PROPOSE] } });
  assert.equal(run.outcome.stop.kind, 'model_error');
  assert.match(run.outcome.stop.message, /rejected the request \(HTTP 400\).*no script entry matches/);
  assert.equal(retries(run).length, 0);
});

scenario('refusal stops the run with a readable reason, proposals kept', { timeout: 20_000 }, async (_t, verdict) => {
  const run = await faultRun(verdict, {
    script: { entries: [PROPOSE, agentTurn(1, { reply: { content: [{ type: 'text', text: 'I cannot help with that.' }], stop_reason: 'refusal' } })] },
  });
  assert.equal(run.outcome.stop.kind, 'refusal');
  assert.match(run.outcome.stop.message, /declined/);
});

scenario('max_tokens in the middle of a tool call: not run, the model is told, the run goes on', { timeout: 20_000 }, async (_t, verdict) => {
  const server = await startRawSseServer((turn) => {
    if (turn === 0) return rawReply({ stopReason: 'tool_use', tool: { name: 'create_file', jsonPieces: [JSON.stringify({ filePath: 'NOTES.md', content: NOTE })] } });
    if (turn === 1) {
      // The cut call would overwrite NOTES.md with a fragment if it ran.
      return rawReply({ stopReason: 'max_tokens', text: 'Rewriting the notes.', tool: { name: 'create_file', jsonPieces: ['{"filePath": "NOTES.md", "content": "trunc', 'ated conte'] } });
    }
    return rawReply({ stopReason: 'tool_use', tool: { name: 'finish', jsonPieces: ['{"summary": "done in smaller steps"}'] } });
  });
  try {
    const run = await faultRun(verdict, { baseURL: server.url });
    assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
    assert.deepEqual(server.turns, [0, 1, 2]);
    const toolCalls = run.record.events.filter((e) => e.type === 'tool_call');
    assert.equal(toolCalls.length, 2, 'the cut call was never run');
    const told = JSON.stringify(run.outcome.messages.slice(3, 5));
    assert.match(told, /cut off by the output token limit in the middle of the call to create_file/);
  } finally {
    await server.close();
  }
});

scenario('tool input that is not JSON (no max_tokens) is retried, then stops readably', { timeout: 20_000 }, async (_t, verdict) => {
  const server = await startRawSseServer((turn) =>
    turn === 0
      ? rawReply({ stopReason: 'tool_use', tool: { name: 'create_file', jsonPieces: [JSON.stringify({ filePath: 'NOTES.md', content: NOTE })] } })
      : rawReply({ stopReason: 'tool_use', tool: { name: 'edit_file', jsonPieces: ['{"filePath": NOTES.md, oops'] } }),
  );
  try {
    const run = await faultRun(verdict, { baseURL: server.url, client: { maxRetries: 1 } });
    assert.equal(run.outcome.stop.kind, 'model_error');
    assert.match(run.outcome.stop.message, /not valid JSON/);
    assert.deepEqual(server.turns, [0, 1, 1], 'one bounded retry');
  } finally {
    await server.close();
  }
});
