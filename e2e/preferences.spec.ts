import { expect, signInAsAdmin, test } from './fixtures';

test('the language switch sticks across reloads', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '概览' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '概览' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByLabel('语言').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
});

test('the theme switch sticks across reloads', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('radio', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe('rgb(248, 250, 252)');
  await page.getByRole('radio', { name: 'Light theme' }).click();
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

test('a reload right after choosing a theme keeps it, even before the server has answered', async ({ page }) => {
  await signInAsAdmin(page);
  // The server action that also stores the choice never gets an answer here: a slow server.
  await page.route('**/*', (route) => (route.request().method() === 'POST' ? undefined : route.continue()));
  await page.getByRole('radio', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('radio', { name: 'Light theme' }).click();
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

test('the theme follows the system when set to system', async ({ browser }) => {
  const ctx = await browser.newContext({ colorScheme: 'dark' });
  const page = await ctx.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await ctx.close();
});
