import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Chat } from '../support/chat';
import { agentRequests } from '../support/model-requests';
import { Review } from '../support/review';
import type { FakeScript } from '../../../src/fake-model';
import { agentTurn, QUANTITY_EDIT, script, singleAgentPlan, text, tool } from '../support/scripts';
import { withSession } from '../support/session';

/** Scenario 6 — faults the user must understand. */
describe('6. faults the user must understand', () => {
  /**
   * No API key: starting a task says so in the chat, with a "Set API Key"
   * button, and in a notification with the same button. The chat's button
   * opens the key prompt; with a key stored, the same task starts.
   */
  test('6a. no API key: a clear message with a button to set it', { timeout: 240_000 }, async (t) => {
    const fakeScript = script(singleAgentPlan('Fix subtotal.', null), agentTurn(0, [tool('finish', { summary: 'Nothing to do in this scenario.' })]));
    await withSession(t, { name: 'fault-no-api-key', script: fakeScript, noApiKey: true }, async (s) => {
      const { wb } = s;
      const chat = new Chat(wb);
      await chat.open();
      await chat.send('Subtotal ignores quantities; fix it.');

      await chat.waitForText(/No Anthropic API key is set/, 20_000);
      const toast = wb.notification(/No Anthropic API key is set/).first();
      await toast.waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok((await toast.locator('.monaco-button').filter({ hasText: 'Set API Key' }).count()) > 0, 'the notification offers "Set API Key"');
      await wb.shot('01-no-key-message');
      assert.equal(s.model.requests.length, 0, 'no model request without a key');

      const action = (await chat.get('chat-action-setApiKey')).first();
      await action.waitFor({ state: 'visible', timeout: 10_000 });
      await action.click();
      await wb.answerQuickInput('sk-ant-e2e-0123456789-not-a-real-key', { title: 'Anthropic API key' });
      await chat.waitForText(/API key stored/, 10_000);

      await chat.send('Subtotal ignores quantities; fix it.');
      await wb.until('the planner request with the key set', async () => s.model.requests.length > 0, 30_000, () => chat.text());
      await wb.shot('02-key-set-run-started');
    });
  });

  /**
   * The model server answers 529 (overloaded) to every request after the
   * agent's first edit: the run ends with a stop the user can read, and the
   * edit made before the failure is kept for review.
   */
  test('6b. the model overloaded (529) repeatedly: a readable stop, work kept', { timeout: 300_000 }, async (t) => {
    // After the agent's first edit, every request (agent retries, synthesis) is answered 529.
    const fakeScript: FakeScript = {
      entries: [
        singleAgentPlan('Fix subtotal.', null),
        agentTurn(0, [text('Fixing subtotal.'), tool('edit_file', QUANTITY_EDIT)], { times: 1 }),
        { fault: { kind: 'http', status: 529, retryAfter: 0 } },
      ],
    };
    await withSession(t, { name: 'fault-overloaded', script: fakeScript }, async (s) => {
      const { wb } = s;
      const cartPath = join(s.workspace, 'src', 'cart.js');
      const original = readFileSync(cartPath);
      const chat = new Chat(wb);
      await chat.open();
      await chat.send('Subtotal ignores quantities; fix it.');

      const reason = (await chat.get('chat-stop-reason')).first();
      await wb.until('the run to stop', async () => (await reason.count()) > 0, 120_000, () => chat.text());
      const stop = (await reason.innerText()).trim();
      await wb.shot('01-overloaded-stop');
      const overloaded = s.model.requests.filter((r) => r.status === 529).length;
      t.diagnostic(`529 answers: ${overloaded}, agent requests: ${agentRequests(s.model.requests).length}, stop: ${stop}`);
      assert.ok(overloaded >= 3, `the model was retried after 529s (${overloaded} answered 529)`);
      assert.match(stop, /overload|529/i, `the stop says the model service failed: "${stop}"`);
      assert.doesNotMatch(stop, /\{|"type"|undefined|\[object/, `the stop is prose, not a raw error: "${stop}"`);

      // Work kept: the edit made before the failure is still proposed, and the disk is untouched.
      const openReview = (await chat.get('chat-open-review')).first();
      await openReview.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      assert.ok(
        (await openReview.count()) > 0,
        `work kept: the agent's edit of src/cart.js made before the model failed should be offered for review, but the chat has no "Open review" (stop: "${stop}")`,
      );
      await openReview.click();
      const review = await Review.find(wb);
      assert.equal(await review.hunkCount('src/cart.js'), 1, 'the edit made before the failure is in the review');
      await wb.shot('02-work-kept');
      assert.ok(readFileSync(cartPath).equals(original), 'nothing was applied');
    });
  });
});
