import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat } from '../support/chat';
import { ORCHESTRATED_SCRIPT, solveFromPalette, waitForRunEnd } from '../support/flows';
import { withSession } from '../support/session';
import { changedFiles, snapshotFiles } from '../support/workspace';

/**
 * Scenario 1 — Command palette → "Foreman: Solve Issue" → `owner/repo#7`
 * (served by the fake GitHub) → the chat shows the plan, the workers, tool
 * cards and the live cost → the run ends with its reason → "Open review"
 * opens the review panel with the proposed files. The workspace on disk is
 * untouched throughout (nothing is applied before approval).
 */
test('1. solve an issue from the command palette', { timeout: 300_000 }, async (t) => {
  await withSession(t, { name: 'solve-issue', script: ORCHESTRATED_SCRIPT }, async (s) => {
    const { wb } = s;
    const before = snapshotFiles(s.workspace);
    const chat = new Chat(wb);

    await solveFromPalette(s, 'owner/repo#7');
    await chat.open(60_000, 20_000);
    await chat.waitForText(/Cart total is wrong/, 30_000);
    assert.ok(
      s.github.requests.some((r) => r.method === 'GET' && /\/repos\/owner\/repo\/issues\/7(\?|$)/.test(r.url)),
      `the issue was fetched from the fake GitHub; it saw: ${s.github.requests.map((r) => r.url).join(', ')}`,
    );

    // The plan with its subtasks, then the workers at work.
    await chat.waitForCount('chat-plan-subtask', 2, 60_000);
    await wb.shot('01-plan');
    const subtasks = await (await chat.get('chat-plan-subtask')).allInnerTexts();
    assert.ok(subtasks.some((x) => /fix-cart/.test(x)), `plan lists the code subtask: ${subtasks.join(' | ')}`);
    await chat.waitForCount('chat-worker', 1, 60_000);
    await chat.waitForCount('chat-tool-card', 1, 60_000);
    await wb.shot('02-workers-and-tools');

    const stop = await waitForRunEnd(chat, 180_000);
    await wb.shot('03-run-ended');
    assert.match(stop, /\S/, 'the run ends with a reason the user can read');
    assert.doesNotMatch(stop, /error|failed|budget|cancel/i, `the demo run ends well, not with: ${stop}`);

    const tools = await (await chat.get('chat-tool-card')).allInnerTexts();
    for (const name of ['read_file', 'edit_file', 'run_command']) {
      assert.ok(tools.some((x) => x.includes(name)), `a ${name} tool card is shown; cards: ${tools.map((x) => x.split('\n')[0]).join(' | ')}`);
    }
    const cost = await (await chat.get('chat-cost')).first().innerText();
    assert.match(cost, /\$\d/, `the cost panel shows dollars: ${cost}`);
    assert.ok(s.model.requests.some((r) => r.summary !== undefined), 'the extension talked to the fake model');

    assert.deepEqual(changedFiles(before, snapshotFiles(s.workspace)), [], 'nothing on disk changed before review');

    await chat.click('chat-open-review');
    const review = await wb.frameWith('[data-testid="review-title"]', 30_000);
    const files = review.locator('[data-testid="file"]');
    await files.first().waitFor({ state: 'visible', timeout: 20_000 });
    const labels = await Promise.all(Array.from({ length: await files.count() }, (_, i) => files.nth(i).getAttribute('aria-label')));
    assert.ok(labels.some((l) => l?.startsWith('src/cart.js')), `review lists src/cart.js: ${labels.join(' | ')}`);
    await wb.shot('04-review-open');
  });
});
