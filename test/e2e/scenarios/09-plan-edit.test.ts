import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat } from '../support/chat';
import { systemOf } from '../support/model-requests';
import { PLANNER, QUANTITY_EDIT, script, synthesis, text, tool } from '../support/scripts';
import { withSession } from '../support/session';
import { changedFiles, snapshotFiles } from '../support/workspace';
import type { ScriptEntry } from '../../../src/fake-model';

const PLAN = {
  analysis: 'src/cart.js: subtotal() ignores item.quantity.',
  strategy: 'An analysis first, then one code worker.',
  mode: 'orchestrated',
  acceptanceCriteria: ['subtotal counts every unit of a line'],
  subtasks: [
    { id: 'look', role: 'analyze', description: 'Find every place that sums the cart.' },
    { id: 'fix', role: 'code', description: 'Make subtotal count every unit of a line.', dependsOn: ['look'], files: ['src/cart.js'] },
  ],
};
const EDITED_DESCRIPTION = 'Multiply each line price by its quantity in subtotal(); nothing else.';
/** The user's edit: no analysis, the code subtask on its own with their own words. */
const EDITED_PLAN = { ...PLAN, subtasks: [{ ...PLAN.subtasks[1]!, description: EDITED_DESCRIPTION, dependsOn: [] }] };
/** A plan that parses as JSON but fails the plan checks (a dependency on nothing). */
const INVALID_PLAN = { ...PLAN, subtasks: [PLAN.subtasks[1]!] };

const worker = (role: string, id: string, turn: number, content: ReturnType<typeof tool>[]): ScriptEntry => ({
  match: { system: `^Foreman worker: ${role} ${id}(\\n|$)`, turn },
  reply: { content },
});

/**
 * Scenario 9 — plan approval on (`foreman.planApproval`), light theme. The
 * planner proposes two subtasks; "Edit plan…" opens the plan as JSON in an
 * editor. An edit that fails the plan checks is refused by the CodeLens
 * "Approve edited plan" with a readable error, and the plan stays pending.
 * Fixed (the analysis removed, the code subtask reworded), "Approve edited
 * plan" in the chat starts the workers on it: the plan tree shows the edited
 * plan, only the code worker runs (the fake model never sees the analysis
 * worker), and the edit closes without a save prompt.
 */
test('9. edit the plan before workers start', { timeout: 300_000 }, async (t) => {
  const fakeScript = script(
    { match: { system: PLANNER, turn: 0 }, delayMs: 100, reply: { content: [text('Analysis, then a fix.'), tool('submit_plan', PLAN)] } },
    // Scripted so a wrong turn fails on the assertion below, not on a missing answer.
    worker('analyze', 'look', 0, [tool('submit_result', { findings: 'subtotal() only', relevantFiles: ['src/cart.js'], reproduction: 'npm test' })]),
    worker('code', 'fix', 0, [text('Counting every unit.'), tool('edit_file', QUANTITY_EDIT)]),
    worker('code', 'fix', 1, [tool('finish', { summary: 'subtotal() multiplies price by quantity.' })]),
    synthesis('subtotal() now counts every unit of a line.'),
  );
  const settings = {
    'foreman.planApproval': true,
    'workbench.colorTheme': 'Light 2026',
    // The edit is typed as one insertion; no auto-closing or surrounding may add characters to it.
    'editor.autoClosingBrackets': 'never',
    'editor.autoClosingQuotes': 'never',
    'editor.autoSurround': 'never',
  };
  await withSession(t, { name: 'plan-edit', script: fakeScript, settings }, async (s) => {
    const { wb, page } = s;
    const before = snapshotFiles(s.workspace);
    const chat = new Chat(wb);
    await chat.open();
    await chat.send('Subtotal ignores the quantity of each cart line; fix it.');

    // The proposal waits for the user: two subtasks, and the three plan buttons.
    await chat.waitForCount('chat-plan-subtask', 2, 60_000);
    await (await chat.get('chat-edit-plan')).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await (await chat.get('chat-plan')).first().innerText(), /not yet approved/i);
    await wb.shot('01-plan-pending');

    await chat.click('chat-edit-plan');
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 20_000 });
    await wb.until('the plan JSON in the editor', async () => /"subtasks"/.test(await wb.editorText()), 20_000, () => wb.editorText());
    assert.match(await wb.editorText(), /"id": "look"/, 'the editor opens with the proposed plan');
    assert.ok((await wb.tabTitles()).some((title) => /^Untitled/.test(title)), `an untitled editor, never a file: ${(await wb.tabTitles()).join(' | ')}`);
    const approveLens = page.locator('.codelens-decoration a').filter({ hasText: 'Approve edited plan' }).first();
    await approveLens.waitFor({ state: 'visible', timeout: 20_000 });
    await wb.until('the chat button to say it approves the edit', async () => (await (await chat.get('chat-approve-plan')).first().innerText()).includes('Approve edited plan'), 10_000, () => chat.text());
    await wb.shot('02-plan-in-editor');

    // An edit that fails the plan checks: refused, readable, and the plan still waits.
    await replaceEditorText(s, JSON.stringify(INVALID_PLAN));
    await approveLens.click();
    await wb.notification(/edited plan is not valid/).first().waitFor({ state: 'visible', timeout: 15_000 });
    await chat.waitForText(/not approved; it is still waiting[\s\S]*unknown subtask "look"/, 15_000);
    assert.equal(await (await chat.get('chat-approve-plan')).count(), 1, 'the plan is still pending');
    assert.equal(s.model.requests.filter((r) => systemOf(r).startsWith('Foreman worker:')).length, 0, 'no worker started');
    await wb.shot('03-invalid-edit-refused');

    // The fixed edit, approved from the chat.
    await replaceEditorText(s, JSON.stringify(EDITED_PLAN));
    await wb.until('the edit in the editor', async () => (await wb.editorText()).includes(EDITED_DESCRIPTION), 10_000, () => wb.editorText());
    await chat.click('chat-approve-plan');
    await chat.waitForText(/Approving your edited plan \(1 subtask\)/, 15_000);
    await wb.until('the plan tree to show the edited plan', async () => {
      const subtasks = await (await chat.get('chat-plan-subtask')).allInnerTexts();
      return subtasks.length === 1 && subtasks[0]!.includes(EDITED_DESCRIPTION);
    }, 30_000, () => chat.text());
    await wb.shot('04-edited-plan-approved');

    const reason = (await chat.get('chat-stop-reason')).first();
    await wb.until('the run to end', async () => (await reason.count()) > 0, 120_000, () => chat.text());
    const stop = await reason.innerText();
    assert.doesNotMatch(stop, /error|failed|invalid|cancel/i, `the run ends well: ${stop}`);
    const subtasks = await (await chat.get('chat-plan-subtask')).allInnerTexts();
    assert.equal(subtasks.length, 1, `only the edited plan's subtask is shown: ${subtasks.join(' | ')}`);
    assert.match(subtasks[0]!, /fix: Multiply each line price/);

    const workers = [...new Set(s.model.requests.map((r) => systemOf(r).split('\n', 1)[0]!).filter((line) => line.startsWith('Foreman worker:')))];
    assert.deepEqual(workers, ['Foreman worker: code fix'], 'only the remaining subtask\'s worker ran');
    const fixRequest = s.model.requests.find((r) => systemOf(r).startsWith('Foreman worker: code fix'));
    assert.ok(fixRequest && JSON.stringify(fixRequest.body).includes(EDITED_DESCRIPTION), 'the worker was given the edited description');

    // The edit is gone with the decision: no tab, no save prompt.
    await wb.until('the plan editor to close', async () => !(await wb.tabTitles()).some((title) => /^Untitled/.test(title)), 10_000, async () => (await wb.tabTitles()).join(' | '));
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no "save changes?" dialog');
    await wb.shot('05-run-ended');
    assert.deepEqual(changedFiles(before, snapshotFiles(s.workspace)), [], 'nothing written to the workspace (no plan file, no edit)');
  });
});

/**
 * Empties the active editor and types `text` into it (one insertion, as a
 * paste would); anything the editor added after the cursor is removed.
 */
async function replaceEditorText(s: { page: import('../support/playwright').Page }, text: string): Promise<void> {
  const { keyboard } = s.page;
  await s.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await keyboard.press('Control+A');
  await keyboard.press('Delete');
  await keyboard.insertText(text);
  await keyboard.press('Control+Shift+End');
  await keyboard.press('Delete');
}
