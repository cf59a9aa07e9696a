// One Esc path (issue 10): every dialog closes with Esc through the Overlay's one
// handler — the confirmation dialogs (clear the corpus; replace it with a backup)
// and the label picker included — and Esc closes only the dialog: the span
// selected behind it stays selected, and a cancelled question changes nothing.
//   .mark--selected                 the selected span
//   [data-testid="confirm-dialog"]  the confirmation dialog (confirm-yes, confirm-cancel)
//   [data-testid="label-picker"]    the type-ahead label picker
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const marks = (page) => page.locator('[data-testid=mark]');
const selected = (page) => page.locator('.mark--selected');

async function openExample(page) {
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  await page.locator('[data-testid=load-example]').click();
  await expect(marks(page)).toHaveCount(11);
}

/** The dialogs: the button that opens each, and the dialog's data-testid. */
const DIALOGS = [
  ['export-menu', 'export-dialog'],
  ['paste-open', 'paste-dialog'],
  ['manage-labels', 'label-manager'],
  ['show-shortcuts', 'shortcuts'],
  ['clear-corpus', 'confirm-dialog'],
];

test.describe('Esc', () => {
  const pageErrors = [];
  test.beforeEach(async ({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  test.afterEach(() => expect(pageErrors).toEqual([]));

  test('closes each dialog, and only the dialog: the selected span stays selected', async ({ page }) => {
    await openExample(page);
    await marks(page).nth(2).click();
    await expect(selected(page)).toHaveCount(1);
    for (const [button, dialog] of DIALOGS) {
      await page.locator(`[data-testid="${button}"]`).click();
      await expect(page.locator(`[data-testid="${dialog}"]`)).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.locator(`[data-testid="${dialog}"]`), `${dialog} closed by Esc`).toHaveCount(0);
      await expect(selected(page), `Esc in ${dialog} left the span selected`).toHaveCount(1);
    }
    // Nothing was cleared by the confirmation dialog that Esc closed.
    await expect(marks(page)).toHaveCount(11);
    await expect(page.locator('[data-testid=doc-item]')).toHaveCount(1);
    // With no dialog open, Esc deselects.
    await page.keyboard.press('Escape');
    await expect(selected(page)).toHaveCount(0);
  });

  test('closes the label picker, and the selection it was opened for stays', async ({ page }) => {
    await openExample(page);
    await marks(page).first().click();
    await page.keyboard.press('h');
    await expect(page.locator('[data-testid=label-picker]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid=label-picker]')).toHaveCount(0);
    await expect(selected(page)).toHaveCount(1);
    await expect(marks(page).first()).toHaveAttribute('data-label', 'model');
  });

  test('closes the question before a backup replaces the corpus, and nothing is replaced', async ({ page }) => {
    await openExample(page);
    // A backup of the example, then a second document open: importing the backup asks first.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=export-backup]').click(),
    ]);
    const backup = readFileSync(await download.path());
    await page.locator('[data-testid=import-files]').setInputFiles([
      { name: 'second.txt', mimeType: 'text/plain', buffer: Buffer.from('a <x>second</x> document') },
    ]);
    await expect(page.locator('[data-testid=doc-item]')).toHaveCount(2);
    await page.locator('[data-testid=import-backup]').setInputFiles([
      { name: 'backup.json', mimeType: 'application/json', buffer: backup },
    ]);
    const question = page.locator('[data-testid=confirm-dialog]');
    await expect(question).toContainText('Replace the 2 open documents');
    await page.keyboard.press('Escape');
    await expect(question).toHaveCount(0);
    await expect(page.locator('[data-testid=doc-item]'), 'Esc replaced nothing').toHaveCount(2);
  });
});
