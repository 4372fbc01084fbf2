import { createUserViaUi, expect, signInAsAdmin, test } from './fixtures';

/**
 * The audit log an admin reads: each change with who, what, on what and the result, filtered
 * through the form (and so the URL), a refusal recorded as a failure.
 */
test('an admin finds a change and a refusal in the audit log, filtered by who, what and result', async ({ page }) => {
  await signInAsAdmin(page);
  const name = `audited-${Date.now()}`;
  await createUserViaUi(page, name);

  // The same name again: refused (taken), and the refusal is recorded too.
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Create user' }) });
  await form.getByLabel('Username').fill(name);
  await form.getByLabel('Password').fill(`${name}-password`);
  await form.getByRole('button', { name: 'Create user' }).click();
  // The refusal in its own words, and still one user of that name (read back from the list).
  await expect(form).toContainText(`A user named ${name} already exists.`);
  await page.reload();
  await expect(page.getByTestId(`user-row-${name}`)).toHaveCount(1);

  await page.goto('/admin/audit');
  const search = page.getByRole('search');
  await search.getByLabel('Who').fill('e2e-admin');
  await search.getByLabel('Action').fill('users.create');
  await search.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/actor=e2e-admin/);
  await expect(page).toHaveURL(/action=users\.create/);
  const mine = page.locator('tbody tr').filter({ hasText: name });
  await expect(mine.filter({ hasText: 'Success' })).toHaveCount(1);
  await expect(mine.first()).toContainText('e2e-admin');
  await expect(mine.first()).toContainText('users.create');

  await search.getByLabel('Result').selectOption('failure');
  await search.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/result=failure/);
  await expect(page.locator('tbody tr').filter({ hasText: 'Success' })).toHaveCount(0);
  await expect(page.locator('tbody tr').filter({ hasText: name })).toContainText(['Failure']);

  // Someone who never did anything: nothing matches, and the page says so.
  await page.goto('/admin/audit?actor=nobody-at-all');
  await expect(page.getByText('No entries match.')).toBeVisible();
});
