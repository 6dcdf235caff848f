import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueFromText } from '../../../src/core/issue/types';
import { handleViewMessage, type ChatHost } from '../../../src/ui/chat/chat-actions';
import { ChatSession } from '../../../src/ui/chat/chat-session';
import { failureResponse, refusalFor } from '../../../src/ui/chat/refusal';
import { RunController } from '../../../src/ui/run-controller';
import { editorAdvice, isPullRequestPage, taskInputProblem } from '../../../src/ui/task-refusals';
import { HostMessageSchema, parseViewMessage } from '../../../src/webview/protocol';

/** What a hostile user types, and what the host answers before any run or fetch. */

test('a task longer than the chat protocol allows is refused with its length and the way around it', () => {
  const problem = taskInputProblem('x'.repeat(200_000));
  assert.match(problem ?? '', /200,000 characters long; the limit is 100,000\. Save a long task as a Markdown file/);
  assert.equal(taskInputProblem('x'.repeat(100_000)), undefined, 'the limit itself is allowed');
  assert.match(taskInputProblem('   ') ?? '', /The task is empty/);
});

test('pull request URLs are refused; issue URLs, references and text are not', () => {
  for (const pr of ['https://github.com/owner/repo/pull/3', 'https://github.com/owner/repo/pull/3/files', 'http://ghe.example.com/o/r/pull/12?tab=x', '  https://github.com/owner/repo/pull/3  ']) {
    assert.match(taskInputProblem(pr) ?? '', /is a pull request, not an issue: Foreman solves issues/, pr);
  }
  for (const ok of ['https://github.com/owner/repo/issues/3', 'owner/repo#3', '#3', 'Review https://github.com/owner/repo/pull/3 and fix what it missed']) {
    assert.equal(taskInputProblem(ok), undefined, ok);
  }
  assert.ok(isPullRequestPage('https://github.com/owner/repo/pull/3'));
  assert.ok(!isPullRequestPage('https://github.com/owner/repo/issues/3'));
  assert.ok(!isPullRequestPage(undefined));
});

test('a refusal quoting a huge URL stays short', () => {
  const problem = taskInputProblem(`https://github.com/owner/repo/pull/3?${'q'.repeat(50_000)}`) ?? '';
  assert.ok(problem.length < 600, `${problem.length} characters`);
  assert.match(problem, /…/);
});

test('a view request the host cannot parse is answered, so the view never waits in silence', () => {
  const raw = { type: 'submit', requestId: 'r7', text: 'x'.repeat(200_000) };
  const parsed = parseViewMessage(raw);
  assert.equal(parsed.ok, false);
  const answer = refusalFor(raw, parsed.ok ? '' : parsed.error);
  assert.ok(answer && answer.type === 'response');
  assert.equal(answer.requestId, 'r7');
  assert.equal(answer.ok, false);
  assert.match(answer.error ?? '', /^Foreman could not accept this request: invalid message 'submit' at text/);
  assert.ok(HostMessageSchema.safeParse(answer).success, 'the answer passes the view-side schema');
  // No id, a bad id, not an object: nobody is waiting, nothing to answer.
  for (const bad of [{ type: 'submit', text: '' }, { type: 'stop', requestId: 42 }, { type: 'stop', requestId: 'x'.repeat(65) }, 'stop', null]) {
    assert.equal(refusalFor(bad, 'invalid'), undefined, JSON.stringify(bad));
  }
});

test('a handler error longer than the protocol allows is clipped, not dropped by the view', () => {
  const answer = failureResponse('r1', `"${'a/b#'.padEnd(99_000, 'x')}" is not a valid owner/repo#N reference`);
  assert.ok(HostMessageSchema.safeParse(answer).success);
  assert.ok(answer.type === 'response' && (answer.error ?? '').length <= 2_000);
});

test('Stop twice: the second one after the run ended is no error; Stop before any run is', async () => {
  const host = new Proxy({} as ChatHost, { get: () => async () => undefined });
  const controller = new RunController({
    launcher: { launch: (req) => new Promise<never>((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted')))) },
    session: new ChatSession(),
    persistAlways: async () => true,
    newRunId: () => 'run-1',
    newId: () => 'a1',
  });
  const send = (raw: unknown) => {
    const parsed = parseViewMessage(raw);
    assert.ok(parsed.ok);
    return handleViewMessage(parsed.message, controller, host);
  };
  await assert.rejects(send({ type: 'stop' }), /No run is going/);
  const run = controller.start(issueFromText('fix it'));
  await new Promise((r) => setImmediate(r));
  await send({ type: 'stop' });
  await run.done.catch(() => undefined);
  assert.equal(controller.active, false);
  await send({ type: 'stop' });
});

test("core's GitHub advice names the editor's way to a token, not the CLI's variable", async () => {
  const { errorFromResponse } = await import('../../../src/core/issue/github-errors');
  const none = new Headers();
  const limited = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60) });
  for (const err of [errorFromResponse(404, none, 'Not Found', 'issue o/r#404', false), errorFromResponse(403, limited, undefined, 'issue o/r#7', false)]) {
    assert.match(err.message, /GITHUB_TOKEN/, 'core still advises the variable (the CLI reads it)');
    const shown = editorAdvice(err.message);
    assert.doesNotMatch(shown, /GITHUB_TOKEN/);
    assert.match(shown, /sign(ing)? in to GitHub/i);
  }
});
