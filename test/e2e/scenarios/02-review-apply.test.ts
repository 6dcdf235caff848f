import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ORCHESTRATED_SCRIPT, solveDemoIssue } from '../support/flows';
import { Review } from '../support/review';
import { withSession } from '../support/session';

/**
 * Scenario 2 — review: after the demo run, accept the first hunk of
 * src/cart.js, reject the second with a reason, leave the new test file
 * undecided, apply. On disk, src/cart.js is byte for byte the original plus
 * the accepted hunk only; the undecided file was not created. One undo in the
 * editor (then save) gives back the original bytes.
 */
test('2. review: accept a hunk, reject one with a reason, apply, undo', { timeout: 300_000 }, async (t) => {
  await withSession(t, { name: 'review-apply', script: ORCHESTRATED_SCRIPT }, async (s) => {
    const { wb, page } = s;
    const cartPath = join(s.workspace, 'src', 'cart.js');
    const original = readFileSync(cartPath);
    const accepted = Buffer.from(original.toString('utf8').replace('    total += item.price;', '    total += item.price * item.quantity;'), 'utf8');
    assert.notDeepEqual(accepted, original, 'the expected result differs from the original');

    const { chat } = await solveDemoIssue(s);
    await chat.click('chat-open-review');
    const review = await Review.find(wb);
    assert.equal(await review.hunkCount('src/cart.js'), 2, 'src/cart.js has two hunks (quantity, discount)');

    await review.accept('src/cart.js', 0);
    await review.rejectWithReason('src/cart.js', 1, 'Keep the discount in cents for now');
    assert.match(await review.decision('src/cart.js', 1), /Keep the discount in cents/, 'the reason shows with the decision');
    await wb.shot('01-decided');
    assert.match(await review.get('review-counts').innerText(), /1 accepted · 1 rejected/);

    await review.get('apply').click();
    const result = review.get('apply-result');
    await result.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.shot('02-applied');
    const resultText = await result.innerText();
    assert.match(resultText, /Applied/, `apply result: ${resultText}`);

    await wb.until('src/cart.js on disk to hold the accepted hunk', async () => readFileSync(cartPath).equals(accepted), 15_000, async () => readFileSync(cartPath, 'utf8'));
    assert.ok(readFileSync(cartPath).equals(accepted), 'src/cart.js is byte for byte the approved content');
    assert.doesNotMatch(readFileSync(cartPath, 'utf8'), /Math\.round/, 'the rejected hunk is absent');
    assert.equal(existsSync(join(s.workspace, 'test', 'cart-issue.test.js')), false, 'the undecided new file was not created');

    // One undo in the file's editor reverts the applied edit; saving puts the original bytes back.
    // The hunk's range link in the review opens the file at the hunk.
    await review.hunk('src/cart.js', 0).locator('.hunk-range').click();
    await wb.until('the src/cart.js editor', async () => (await wb.tabTitles()).some((n) => n.startsWith('cart.js')), 15_000, async () => (await wb.tabTitles()).join(', '));
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await editor.click();
    await page.keyboard.press('Control+z');
    await wb.until('the editor to show the original line again', async () => /total \+= item\.price;/.test(await wb.editorText()), 10_000, () => wb.editorText());
    await page.keyboard.press('Control+s');
    await wb.until('src/cart.js on disk to be the original again', async () => readFileSync(cartPath).equals(original), 15_000, async () => readFileSync(cartPath, 'utf8'));
    await wb.shot('03-undone');
  });
});
