import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat } from '../support/chat';
import { agentRequests, mentions } from '../support/model-requests';
import { agentTurn, QUANTITY_EDIT, script, singleAgentPlan, text, tool } from '../support/scripts';
import { withSession } from '../support/session';
import { changedFiles, snapshotFiles } from '../support/workspace';

const FOLLOW_UP = 'Please also keep formatPrice exactly as it is.';

/**
 * Scenario 4 — chat: a free-text task typed into the sidebar starts a run
 * (single agent). While the model is thinking, a follow-up typed into the
 * same box reaches the agent with its next request. The agent then waits on
 * a model that never answers; Stop ends the run within 2 seconds with the
 * reason "cancelled by user", and no file in the workspace changed.
 */
test('4. chat: free-text task, follow-up reaches the agent, Stop within 2 s', { timeout: 300_000 }, async (t) => {
  const fakeScript = script(
    singleAgentPlan('Make subtotal count every unit of a line.'),
    // Slow first turn: time for the user's follow-up to arrive before the next request.
    agentTurn(0, [text('Fixing subtotal first.'), tool('edit_file', QUANTITY_EDIT)], { delayMs: 6_000 }),
    // The second request carries the follow-up; the model then never answers.
    { match: { system: '^Foreman agent', turn: 1 }, fault: { kind: 'hang' } },
  );
  await withSession(t, { name: 'chat-followup-stop', script: fakeScript }, async (s) => {
    const { wb } = s;
    const before = snapshotFiles(s.workspace);
    const chat = new Chat(wb);
    await chat.open();

    await chat.send('Subtotal ignores the quantity of each cart line; fix it.');
    await wb.until('the agent\'s first model request', async () => agentRequests(s.model.requests).length > 0, 60_000, () => chat.text());
    await wb.shot('01-running');

    await chat.send(FOLLOW_UP);
    await chat.waitForText(/queued for the next turn|delivered to the agent/, 10_000);
    await wb.until('the follow-up in a model request', async () => agentRequests(s.model.requests).some((r) => mentions(r, FOLLOW_UP)), 30_000, async () => `${s.model.requests.length} requests`);
    await chat.waitForText(/delivered to the agent/, 10_000);
    await wb.shot('02-follow-up-delivered');

    const stopButton = (await chat.get('chat-stop-button')).first();
    await stopButton.waitFor({ state: 'visible', timeout: 10_000 });
    const clicked = performance.now();
    await stopButton.click();
    const reason = (await chat.get('chat-stop-reason')).first();
    await wb.until('the stop reason', async () => (await reason.count()) > 0, 5_000, () => chat.text());
    const stopMs = Math.round(performance.now() - clicked);
    t.diagnostic(`e2e.stop_to_reason_ms: ${stopMs}`);
    await wb.shot('03-stopped');
    assert.ok(stopMs <= 2_000, `the run ended ${stopMs} ms after Stop (at most 2000)`);
    assert.match(await reason.innerText(), /cancelled by user/i);

    assert.deepEqual(changedFiles(before, snapshotFiles(s.workspace)), [], 'no file in the workspace changed');
  });
});
