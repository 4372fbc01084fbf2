import type { Page } from '@playwright/test';
import { createUserViaUi, expect, sameOrigin, signIn, signInAsAdmin, test } from './fixtures';

/**
 * Live behaviour against the demo engine: a job the app starts (a disk upload through the
 * dashboard's own upload API, whose job the test holds open until it sends the last byte) shows
 * in the header's task center while it runs and raises a toast when it ends or is aborted; the
 * tasks page shows its steps and progress; the events page and the lists refresh by themselves
 * without losing what the operator was doing.
 */

const MiB = 1024 * 1024;
/** Polls of the lists and the task list: one interval of the slowest list used below (VMs, events). */
const POLL_MS = 5_000;

interface Upload {
  transferId: string;
  name: string;
  size: number;
}

async function dataDomainId(page: Page): Promise<string> {
  const response = await page.request.get('/api/inventory/storageDomains?type=data&q=nfs-data');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { items: Array<{ id: string; name: string }> };
  const domain = body.items.find((d) => d.name === 'nfs-data');
  expect(domain, 'the demo estate has the nfs-data domain').toBeDefined();
  return domain!.id;
}

/** Starts an upload through the dashboard's API: the engine opens a job that runs until finalize or cancel. */
async function startUpload(page: Page, label: string, size = 2 * MiB): Promise<Upload> {
  const name = `e2e-${label}-${Date.now()}.iso`;
  const response = await page.request.post('/api/uploads', { data: { storageDomainId: await dataDomainId(page), name, sizeBytes: size }, headers: sameOrigin(page) });
  expect(response.status(), await response.text()).toBe(201);
  const { transferId } = (await response.json()) as { transferId: string };
  // The engine takes bytes once its image daemon is ready, as the browser's uploader waits too.
  await expect
    .poll(async () => ((await (await page.request.get(`/api/uploads/${encodeURIComponent(transferId)}`)).json()) as { phase?: string }).phase)
    .toBe('transferring');
  return { transferId, name, size };
}

async function sendBytes(page: Page, upload: Upload, offset: number, length: number) {
  const url = `/api/uploads/${encodeURIComponent(upload.transferId)}?offset=${offset}&length=${length}&total=${upload.size}`;
  const response = await page.request.put(url, { data: Buffer.alloc(length, 7), headers: { 'content-type': 'application/octet-stream', ...sameOrigin(page) } });
  expect(response.ok(), await response.text()).toBe(true);
}

async function finalize(page: Page, upload: Upload) {
  const response = await page.request.post(`/api/uploads/${encodeURIComponent(upload.transferId)}/finalize`, { headers: sameOrigin(page) });
  expect(response.ok(), await response.text()).toBe(true);
}

async function cancel(page: Page, upload: Upload) {
  const response = await page.request.delete(`/api/uploads/${encodeURIComponent(upload.transferId)}`, { headers: sameOrigin(page) });
  expect(response.ok(), await response.text()).toBe(true);
}

const taskCenterButton = (page: Page) => page.getByRole('button', { name: /^Tasks: / });
const toastOf = (page: Page, text: string) => page.getByTestId('task-toast').filter({ hasText: text });
const nextPoll = (page: Page, resource: string) =>
  page.waitForResponse((r) => r.url().includes(`/api/inventory/${resource}`) && r.request().method() === 'GET', { timeout: 3 * POLL_MS });

test.describe.configure({ mode: 'serial' });

test.describe('task center and live pages (demo engine)', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('a running job shows in the header task center with its progress, then a toast when it ends; /tasks shows its steps', async ({ page }) => {
    await page.goto('/hosts');
    const upload = await startUpload(page, 'task-center');
    const job = `Uploading disk ${upload.name}`;
    await sendBytes(page, upload, 0, upload.size / 2);

    // The header counts it and, opened, lists it with the engine's progress.
    await expect(taskCenterButton(page)).toHaveAccessibleName(/^Tasks: \d+ running$/);
    await expect(page.getByTestId('task-center-count')).toHaveText(/^\d+$/);
    await taskCenterButton(page).click();
    const panel = page.getByRole('dialog', { name: 'Running tasks' });
    const item = panel.getByTestId('task-center-item').filter({ hasText: job });
    await expect(item).toBeVisible();
    // Half the bytes: the executing step is at 50 %, the job between its start and its end.
    const meter = item.getByRole('meter', { name: `Progress of ${job}` });
    await expect(meter).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
    const progress = await meter.getAttribute('aria-valuenow');
    await expect(toastOf(page, job)).toHaveCount(0);

    // Its link opens the tasks page: the job with its steps and progress.
    await panel.getByRole('link', { name: 'All tasks' }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(panel).toBeHidden();
    const row = page.getByTestId('task-row').filter({ hasText: job });
    await expect(row.locator('[data-status]').first()).toHaveAttribute('data-status', 'running');
    await expect(row.getByRole('meter', { name: 'Progress' })).toHaveAttribute('aria-valuenow', progress!);
    await expect(row.locator('ol li')).toHaveCount(2);
    await expect(row.locator('ol li').nth(0)).toContainText('Validating');
    await expect(row.locator('ol li').nth(1)).toContainText('50%');

    // The last bytes and finalize end the job: a success toast, and the row turns finished without a reload.
    await sendBytes(page, upload, upload.size / 2, upload.size / 2);
    await finalize(page, upload);
    const toast = toastOf(page, job);
    await expect(toast).toBeVisible({ timeout: 15_000 });
    await expect(toast).toHaveAttribute('data-status', 'finished');
    await expect(toast).toHaveRole('status');
    await expect(toast).toContainText('Task finished');
    await expect(page.getByRole('region', { name: 'Task notifications' })).toHaveAttribute('aria-live', 'polite');
    await expect(row.locator('[data-status]').first()).toHaveAttribute('data-status', 'finished');
    await expect(row.getByRole('meter', { name: 'Progress' })).toHaveCount(0);

    // One toast per ending, closed by its button.
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await expect(toast).toHaveCount(0);
    await nextPoll(page, 'tasks');
    await nextPoll(page, 'tasks');
    await expect(toastOf(page, job)).toHaveCount(0);

    // A job that had ended before the page loaded is no news.
    await page.reload();
    await nextPoll(page, 'tasks');
    await nextPoll(page, 'tasks');
    await expect(page.getByTestId('task-row').filter({ hasText: job })).toBeVisible();
    await expect(toastOf(page, job)).toHaveCount(0);
  });

  test('an aborted job raises a failure toast (an alert) that also closes by itself; the count goes back down', async ({ page }) => {
    await page.goto('/storage');
    const upload = await startUpload(page, 'task-abort');
    const job = `Uploading disk ${upload.name}`;
    await taskCenterButton(page).click();
    await expect(page.getByRole('dialog', { name: 'Running tasks' }).getByTestId('task-center-item').filter({ hasText: job })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Running tasks' })).toBeHidden();
    await expect(taskCenterButton(page)).toBeFocused();

    await cancel(page, upload);
    const toast = toastOf(page, job);
    await expect(toast).toBeVisible({ timeout: 15_000 });
    await expect(toast).toHaveAttribute('data-status', 'aborted');
    await expect(toast).toHaveRole('alert');
    await expect(toast).toContainText('Task aborted');
    await taskCenterButton(page).click();
    await expect(page.getByRole('dialog', { name: 'Running tasks' }).getByTestId('task-center-item').filter({ hasText: job })).toHaveCount(0);
    await page.keyboard.press('Escape');
    // Failures stay 20 s unless closed; with the pointer away it goes by itself.
    await page.mouse.move(5, 5);
    await expect(toast).toHaveCount(0, { timeout: 30_000 });
  });

  test('the events page shows a new event without a reload', async ({ page }) => {
    await page.goto('/events');
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    const upload = await startUpload(page, 'events-live');
    await expect(page.getByTestId('event-row').filter({ hasText: `Image Upload with disk ${upload.name} was initiated` })).toBeVisible({
      timeout: 3 * POLL_MS,
    });
    await cancel(page, upload);
    await expect(page.getByTestId('event-row').filter({ hasText: `Image Upload with disk ${upload.name} was cancelled` })).toBeVisible({
      timeout: 3 * POLL_MS,
    });
  });

  test('a live refresh of the VM list keeps the ticked rows and the scroll position', async ({ page }) => {
    await page.goto('/vms');
    const rows = page.getByTestId('vm-row');
    await expect(rows.nth(39)).toBeVisible();
    const row = rows.nth(39);
    const name = (await row.getByRole('link').first().textContent())!.trim();
    const box = row.getByRole('checkbox', { name: `Select ${name}` });
    await box.scrollIntoViewIfNeeded();
    await box.check();
    await page.evaluate(() => window.scrollBy(0, 40));
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(200);

    // Past at least one poll: the rows were replaced by fresh ones from the server.
    await nextPoll(page, 'vms');
    await nextPoll(page, 'vms');
    await expect(box).toBeChecked();
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThanOrEqual(1);
    await expect(page.getByRole('checkbox', { checked: true, name: /^Select (?!all)/ })).toHaveCount(1);
  });

  test('hosts: search, status, sort, page size and page go into the URL and come back after a reload', async ({ page }) => {
    await page.goto('/hosts');
    const rows = page.getByTestId('host-row');
    await expect(rows.first()).toBeVisible();
    const names = async () => (await rows.getByRole('link').allTextContents()).map((n) => n.trim());

    await page.getByRole('searchbox', { name: 'Search hosts by name' }).fill('host');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/[?&]q=host/);
    await expect.poll(async () => (await names()).length > 1 && (await names()).every((n) => n.includes('host'))).toBe(true);

    await page.getByRole('combobox', { name: 'Status' }).selectOption('up');
    await expect(page).toHaveURL(/status=up/);
    await page.getByRole('button', { name: 'Name', exact: true }).click();
    await expect(page).toHaveURL(/sort=name/);
    await page.getByRole('button', { name: 'Name', exact: true }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('25');
    await expect(page).toHaveURL(/size=25/);
    await expect
      .poll(async () => {
        const shown = await names();
        return shown.length > 1 && shown.join() === [...shown].sort().reverse().join();
      })
      .toBe(true);
    const shown = await names();
    for (const status of await rows.locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(status).toBe('up');

    await page.reload();
    await expect(page.getByRole('searchbox', { name: 'Search hosts by name' })).toHaveValue('host');
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('up');
    await expect(page.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('25');
    await expect(page.getByRole('columnheader', { name: 'Name', exact: true })).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(names).toEqual(shown);

    // A page past the end keeps the filters; Previous goes back to page 1 with the same rows.
    const url = new URL(page.url());
    url.searchParams.set('page', '2');
    await page.goto(url.pathname + url.search);
    await expect(page.getByTestId('page-number')).toHaveText('Page 2');
    await expect(rows).toHaveCount(0);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect(page).not.toHaveURL(/page=/);
    await expect(page).toHaveURL(/q=host/);
    await expect(page).toHaveURL(/dir=desc/);
    await expect.poll(names).toEqual(shown);
  });

  test('a self-service user has no task center, and the task list stays closed to them', async ({ page, browser }) => {
    const user = await createUserViaUi(page, `tasks-user-${Date.now()}`);
    const context = await browser.newContext();
    const other = await context.newPage();
    try {
      await signIn(other, user.username, user.password);
      await expect(other).toHaveURL(/\/portal/);
      await expect(other.getByRole('button', { name: /^Tasks: / })).toHaveCount(0);
      const response = await other.request.get('/api/inventory/tasks');
      expect(response.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
