import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// Push (issue 21): a VM started from its page shows Running in the page's header and overview, and
// in the VM list open in another tab, without a reload. Both tabs wait until their change stream is
// connected: from then on their polls run once a minute, so seeing the change within the wait below
// is the stream's doing. The demo engine logs the start once the VM is up; its feed is followed
// every 2.5 s.

const WAIT = { timeout: 30_000 };
const NAME = 'web-05';

const pushConnected = (page: Page) => expect(page.locator('html')).toHaveAttribute('data-push', 'connected', WAIT);
const header = (page: Page) => page.getByRole('heading', { level: 1 }).locator('[data-status]');
const overview = (page: Page) => page.getByTestId('vm-overview').locator('[data-status]');
const controls = (page: Page) => page.getByTestId('vm-power-controls');
const verb = (page: Page, name: string) => controls(page).getByRole('group', { name: 'Power actions' }).getByRole('button', { name, exact: true });

test('start a VM from its page: header, overview and the list in another tab show Running, no reload', async ({ page, context }) => {
  await signInAsAdmin(page);
  await page.goto(`/vms?q=${NAME}`);
  const link = page.getByTestId('vm-row').getByRole('link', { name: NAME, exact: true });
  await expect(link).toBeVisible(WAIT);
  const href = (await link.getAttribute('href'))!;
  await page.goto(href);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(NAME);

  // From stopped (the seed leaves it either way).
  const pill = controls(page).getByTestId('live-status');
  if ((await pill.getAttribute('data-status')) !== 'stopped') {
    await verb(page, 'Power off').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Power off', exact: true }).click();
  }
  await expect(header(page)).toHaveAttribute('data-status', 'stopped', WAIT);

  const list = await context.newPage();
  await list.goto(`/vms?q=${NAME}`);
  const row = list.getByTestId('vm-row').filter({ has: list.getByRole('link', { name: NAME, exact: true }) });
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'stopped', WAIT);
  await pushConnected(page);
  await pushConnected(list);

  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  list.on('load', () => loads.push(list.url()));
  await verb(page, 'Start').click();
  await expect(header(page)).toHaveAttribute('data-status', 'running', WAIT);
  await expect(overview(page)).toHaveAttribute('data-status', 'running', WAIT);
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'running', WAIT);
  // Not one of the two tabs was reloaded.
  expect(loads).toEqual([]);
});
