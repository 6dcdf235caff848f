import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Chat } from '../support/chat';
import { clearNotifications, paletteOffers, refusedFromPalette } from '../support/flows';
import { agentRequests } from '../support/model-requests';
import { AGENT, script, singleAgentPlan } from '../support/scripts';
import { demoIssue, withSession } from '../support/session';
import { changedFiles, snapshotFiles } from '../support/workspace';

/** What a stack trace or a raw error object looks like in a message the user reads. */
const NOT_PROSE = /\n\s+at |\[object |"type":|undefined|TypeError|ZodError/;

/** Every run record the extension wrote (meta.json under its global storage's runs/). */
function runMetas(root: string): { status: string; stop?: { kind: string; message: string } }[] {
  const found: { status: string; stop?: { kind: string; message: string } }[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 8 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (!entry.isDirectory()) continue;
      const meta = join(full, 'meta.json');
      if (entry.name !== 'runs' && existsSync(meta) && existsSync(join(full, 'events.jsonl'))) found.push(JSON.parse(readFileSync(meta, 'utf8')));
      else walk(full, depth + 1);
    }
  };
  walk(root, 0);
  return found;
}

/**
 * Scenario 10 — a hostile user. "Foreman: Solve Issue" with nothing, blanks,
 * malformed references, a pull request, a rate-limited and a 404ing GitHub;
 * a 200 KB paste into the chat; a second task while a run is going; Stop
 * twice; Stop and Open Review with nothing to act on. Each gets a clear
 * message (no stack trace, no silent nothing), no run starts from bad input,
 * the one real run's record is intact and no file in the workspace changed.
 */
test('10. bad input: clear messages, no crash, nothing lost', { timeout: 240_000 }, async (t) => {
  // The one real run: the agent's first request never answers, so the run is going until stopped.
  const fakeScript = script(singleAgentPlan('Make subtotal count every unit of a line.'), { match: { system: AGENT, turn: 0 }, fault: { kind: 'hang' } });
  const pr = { ...demoIssue(3), title: 'Fix subtotal (PR)', pullRequest: true };
  await withSession(t, { name: 'bad-input', script: fakeScript, issues: [demoIssue(7), pr] }, async (s) => {
    const { wb } = s;
    const before = snapshotFiles(s.workspace);
    const chat = new Chat(wb);
    await chat.open();
    const openPicker = async () => {
      await wb.runCommand('Foreman: Solve Issue', 60_000);
      await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Foreman: Solve Issue' }).waitFor({ state: 'visible', timeout: 10_000 });
    };

    // Nothing to act on: the palette offers neither Stop nor Open Review.
    assert.equal(await paletteOffers(wb, 'Foreman: Stop Run'), false, 'no "Stop Run" without a run');
    assert.equal(await paletteOffers(wb, 'Foreman: Open Review'), false, 'no "Open Review" without changes');

    // GitHub rate-limited from the start: the picker still opens (its issue list stays empty).
    s.github.setMode({ kind: 'rate-limited', resetEpochSeconds: Math.floor(Date.now() / 1000) + 3_600 });

    // Escape: the picker closes, nothing else happens.
    await openPicker();
    await wb.page.keyboard.press('Escape');
    await wb.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });

    // Enter on nothing, then on blanks: the picker stays open and says what is missing.
    await openPicker();
    for (const blank of ['', '   ']) {
      await wb.quickInput.fill(blank);
      await wb.page.keyboard.press('Enter');
      await wb.until('the picker to say what is missing', async () => /Nothing to solve yet/.test((await wb.quickInput.getAttribute('placeholder')) ?? ''), 5_000);
      assert.ok(await wb.quickInput.isVisible(), `the picker stays open after Enter on "${blank}"`);
    }
    await wb.shot('01-empty-enter-hint');
    await wb.page.keyboard.press('Escape');

    // Malformed references and a pull request: refused before any request, in a toast and in the chat.
    const refusals: [string, RegExp][] = [
      ['owner/repo#abc', /"owner\/repo#abc": owner\/repo#N must be a positive issue number, got "abc"/],
      ['#0', /#N must be a positive issue number, got "0"/],
      ['https://github.com/owner/repo/pull/3', /is a pull request, not an issue/],
      // The rate-limited GitHub: when the limit resets.
      ['owner/repo#7', /rate limit reached .* rate limited until \d\d:\d\d \(local\); signing in to GitHub raises the limit/],
    ];
    for (const [ref, message] of refusals) {
      const seen = await refusedFromPalette(s, chat, ref, message);
      assert.doesNotMatch(seen, NOT_PROSE, `a readable message for ${ref}: "${seen}"`);
      assert.doesNotMatch(seen, /GITHUB_TOKEN/, 'no advice the extension does not follow');
      await clearNotifications(wb);
    }
    await wb.shot('02-refusals-in-chat');

    // An issue GitHub does not have: said so (with the offer to sign in for private repositories).
    s.github.setMode({ kind: 'normal' });
    await wb.runCommand('Foreman: Solve Issue', 60_000);
    await wb.answerQuickInput('owner/repo#404', { title: 'Foreman: Solve Issue' });
    const notFound = wb.notification(/GitHub could not find issue owner\/repo#404/).first();
    await notFound.waitFor({ state: 'visible', timeout: 20_000 });
    await wb.shot('03-not-found');
    // Declining the sign-in ends with the same message in the chat.
    await notFound.locator('.codicon-notifications-clear, .codicon-close').first().click();
    await chat.waitForText(/GitHub could not find issue owner\/repo#404/, 10_000);
    await clearNotifications(wb);
    assert.equal(s.model.requests.length, 0, 'no bad input reached the model');
    assert.equal((await (await chat.get('chat-stop-reason')).count()) + (await (await chat.get('chat-stop-button')).count()), 0, 'no run started from bad input');

    // 200 KB pasted into the chat: refused at once with the limit, the text kept in the box.
    const paste = 'Subtotal ignores quantities. '.repeat(7_000).trimEnd(); // 202,999 characters
    const input = (await chat.get('chat-input')).first();
    await input.fill(paste);
    const sent = performance.now();
    await (await chat.get('chat-send')).first().click();
    const error = (await chat.get('chat-error')).first();
    await wb.until('the chat to refuse the paste', async () => /limit is 100,000/.test(await error.innerText()), 5_000, () => chat.text());
    const refuseMs = Math.round(performance.now() - sent);
    t.diagnostic(`e2e.paste_refused_ms: ${refuseMs}`);
    assert.match(await error.innerText(), /202,999 characters long; the limit is 100,000\. Save a long task as a Markdown file/);
    assert.equal((await input.inputValue()).length, paste.length, 'the pasted text is kept in the box');
    await wb.shot('04-paste-refused');
    await input.fill('');
    assert.equal(s.model.requests.length, 0, 'the paste reached no model');

    // A real task; while it runs, a second task from the palette is refused before the picker opens.
    await chat.send('Subtotal ignores the quantity of each cart line; fix it.');
    await wb.until("the agent's first model request", async () => agentRequests(s.model.requests).length > 0, 60_000, () => chat.text());
    await wb.runCommand('Foreman: Solve Issue', 20_000);
    await wb.notification(/A run is already going: stop it first/).first().waitFor({ state: 'visible', timeout: 10_000 });
    // The palette fades out and no picker follows it.
    await wb.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await wb.quickInput.isVisible(), false, 'no picker while a run is going');
    await clearNotifications(wb);
    // A second task typed into the chat is a follow-up of the running one, said so.
    await chat.send('Also fix the tax rounding.');
    await chat.waitForText(/queued for the next turn|delivered to the agent/, 10_000);
    await wb.shot('05-second-task-while-running');

    // Stop twice: one readable stop, no error.
    const stop = (await chat.get('chat-stop-button')).first();
    await stop.click();
    await stop.click({ timeout: 1_000 }).catch(() => undefined); // gone already, or a second Stop
    const reason = (await chat.get('chat-stop-reason')).first();
    await wb.until('the stop reason', async () => (await reason.count()) > 0, 10_000, () => chat.text());
    assert.match(await reason.innerText(), /cancelled by user/i);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await (await chat.get('chat-error')).first().innerText()).trim(), '', 'the second Stop shows no error');
    assert.equal(await paletteOffers(wb, 'Foreman: Stop Run'), false, 'no "Stop Run" once the run has ended');
    await wb.shot('06-stopped');

    // The record: exactly the one real run, finished as cancelled; the workspace untouched.
    const metas = runMetas(s.profile.dir);
    assert.equal(metas.length, 1, `one run record (bad input starts none): ${JSON.stringify(metas)}`);
    assert.equal(metas[0]?.status, 'finished');
    assert.equal(metas[0]?.stop?.kind, 'cancelled');
    assert.deepEqual(changedFiles(before, snapshotFiles(s.workspace)), [], 'no file in the workspace changed');
  });
});
