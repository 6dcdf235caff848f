import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ORCHESTRATED_SCRIPT, solveDemoIssue } from '../support/flows';
import { Review } from '../support/review';
import { withSession } from '../support/session';

/**
 * Scenario 3 — inline review: from the review panel, "Open diff" shows
 * src/cart.js against Foreman's proposal in VS Code's diff editor. With the
 * cursor in the first hunk, "Foreman: Accept Hunk" accepts it; "Go to Next
 * Proposed Hunk" then "Reject Hunk" rejects the second. In the plain file
 * editor the CodeLens above each hunk shows those decisions, and its
 * "Accept" changes the second one. The review panel follows every step;
 * nothing is written to disk. (VS Code hides CodeLens in diff editors unless
 * `diffEditor.codeLens` is on, so the diff editor is driven by commands.)
 */
test('3. inline review: decide hunks from the diff editor and the CodeLens', { timeout: 300_000 }, async (t) => {
  await withSession(t, { name: 'inline-review', script: ORCHESTRATED_SCRIPT }, async (s) => {
    const { wb, page } = s;
    const cartPath = join(s.workspace, 'src', 'cart.js');
    const original = readFileSync(cartPath);

    const { chat } = await solveDemoIssue(s);
    await chat.click('chat-open-review');
    let review = await Review.find(wb);
    const counts = () => review.get('review-counts').innerText();
    await review.file('src/cart.js').locator('[data-testid="file-open-diff"]').first().click();

    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 20_000 });
    await wb.until('a diff editor tab for the proposal', async () => (await wb.tabTitles()).some((n) => /cart\.js.*Foreman proposal/.test(n)), 15_000, async () => (await wb.tabTitles()).join(' | '));
    await wb.shot('01-diff-editor');

    // Cursor into the first hunk (the proposal side), then accept it by command.
    await diff.locator('.editor.modified .view-line').filter({ hasText: 'item.quantity' }).first().click();
    await wb.runCommand('Foreman: Accept Hunk');
    await wb.runCommand('Foreman: Go to Next Proposed Hunk');
    await wb.runCommand('Foreman: Reject Hunk');
    await wb.shot('02-decided-in-diff-editor');

    // The review panel (a tab of the same group: its webview is rebuilt when shown again) agrees.
    await wb.clickTab('Foreman: Review');
    review = await Review.find(wb);
    await wb.until('the review panel to count the rejected hunk', async () => /1 accepted · 1 rejected/.test(await counts()), 10_000, counts);
    assert.match(await review.decision('src/cart.js', 0), /accepted/i);
    assert.match(await review.decision('src/cart.js', 1), /rejected/i);

    // The plain editor of the file: CodeLens above each hunk, showing the decisions.
    await review.hunk('src/cart.js', 0).locator('.hunk-range').click();
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    const lens = (title: string) => editor.locator('.codelens-decoration a').filter({ hasText: new RegExp(`^${title}$`) });
    const lensTexts = async () => (await editor.locator('.codelens-decoration').allInnerTexts()).join(' | ');
    await wb.until('CodeLens with both decisions', async () => (await lens('✓ Accept').count()) === 1 && (await lens('✗ Reject').count()) === 1, 20_000, lensTexts);
    await wb.shot('03-codelens');
    await lens('Accept').first().click();
    await wb.until('the CodeLens to show both accepted', async () => (await lens('✓ Accept').count()) === 2, 10_000, lensTexts);
    await wb.shot('04-accepted-from-codelens');
    await wb.clickTab('Foreman: Review');
    review = await Review.find(wb);
    await wb.until('the review panel to count both accepted', async () => /2 accepted · 0 rejected/.test(await counts()), 10_000, counts);

    assert.ok(readFileSync(cartPath).equals(original), 'deciding in the editor writes nothing to disk');
  });
});
