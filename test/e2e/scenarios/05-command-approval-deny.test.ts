import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Chat } from '../support/chat';
import { agentRequests, mentions } from '../support/model-requests';
import { agentTurn, script, singleAgentPlan, text, tool } from '../support/scripts';
import { withSession } from '../support/session';
import { changedFiles, snapshotFiles } from '../support/workspace';

const DENY_REASON = 'Do not write outside the project.';

/**
 * Scenario 5 — a command outside the allow list (`touch` of a file outside
 * the workspace): the approval prompt appears in the chat with the command
 * and why it asks; the user types a reason and denies. The reason reaches
 * the agent in its next request, and the command never ran: the file it
 * would have created does not exist.
 */
test('5. a command outside the allow list: Deny sends the reason and nothing runs', { timeout: 300_000 }, async (t) => {
  const marker = join(tmpdir(), `foreman-e2e-must-not-exist-${process.pid}-${Date.now().toString(36)}`);
  const command = `touch ${marker}`;
  const fakeScript = script(
    singleAgentPlan('Check that the workspace can be written.', null),
    agentTurn(0, [text('Let me check I can write files.'), tool('run_command', { command })]),
    // Finishing (not giving up): a worker that gives up is retried, and the retry would ask again.
    agentTurn(1, [tool('finish', { summary: 'The user denied the write check; nothing was changed.' })]),
  );
  try {
    await withSession(t, { name: 'command-approval-deny', script: fakeScript }, async (s) => {
      const { wb } = s;
      const before = snapshotFiles(s.workspace);
      const chat = new Chat(wb);
      await chat.open();
      await chat.send('Check whether the workspace is writable.');

      const approval = (await chat.get('chat-approval')).first();
      await approval.waitFor({ state: 'visible', timeout: 60_000 });
      assert.equal((await (await chat.get('chat-approval-command')).first().innerText()).trim(), command, 'the prompt shows the exact command');
      await wb.shot('01-approval-prompt');

      await (await chat.get('chat-approval-reason')).first().fill(DENY_REASON);
      await chat.click('chat-approve-deny');
      await chat.waitForCount('chat-approval-decision', 1, 10_000);
      const decision = await (await chat.get('chat-approval-decision')).first().innerText();
      assert.match(decision, /den/i, `the prompt records the denial: ${decision}`);

      await wb.until('the reason in the agent\'s next request', async () => agentRequests(s.model.requests).some((r) => mentions(r, DENY_REASON)), 30_000, async () => `${agentRequests(s.model.requests).length} agent requests`);
      const reason = (await chat.get('chat-stop-reason')).first();
      await wb.until('the run to end', async () => (await reason.count()) > 0, 60_000, () => chat.text());
      await wb.shot('02-denied-run-ended');

      assert.equal(existsSync(marker), false, `the denied command never ran (${marker} does not exist)`);
      assert.deepEqual(changedFiles(before, snapshotFiles(s.workspace)), [], 'no file in the workspace changed');
    });
  } finally {
    rmSync(marker, { force: true });
  }
});
