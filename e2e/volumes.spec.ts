import type { Locator, Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

/**
 * The Volumes pages against the demo Keystone + Cinder (fakes/cinder, a separate process the demo
 * starts and registers as "Demo (simulated Cinder)"). Its storage back end takes seconds per
 * request, as a real one does, so every intermediate status word is visible before the volume
 * settles. Each test works on volumes of its own, named with a per-run suffix.
 */

const RUN = Date.now().toString(36).slice(-5);
const SETTLE = 30_000;

test.describe.configure({ mode: 'serial' });

const row = (page: Page, name: string) => page.getByTestId('volume-row').filter({ has: page.getByRole('link', { name, exact: true }) });
const statusOf = (scope: Locator | Page) => scope.getByTestId('volume-status');
const headerStatus = (page: Page) => page.getByTestId('volume-title').getByTestId('volume-status');

/** The names in the list, top to bottom. */
async function names(page: Page): Promise<string[]> {
  await expect(page.getByTestId('volume-table')).toBeVisible();
  return (await page.getByTestId('volume-table').locator('tbody tr td:first-child a').allTextContents()).map((s) => s.trim());
}

async function createVolume(page: Page, name: string, options: { size?: number; type?: string; image?: string } = {}) {
  await page.goto('/volumes/new');
  const form = page.getByTestId('volume-create-form');
  if (options.image) {
    await form.getByLabel('Image', { exact: true }).check();
    await form.getByLabel('Image ID').fill(options.image);
  }
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Size (GiB)').fill(String(options.size ?? 1));
  if (options.type) await form.getByLabel('Volume type').selectOption(options.type);
  await form.getByRole('button', { name: 'Create volume' }).click();
  await expect(page).toHaveURL(/\/volumes\?connection=/);
}

async function openVolume(page: Page, name: string) {
  await page.goto(`/volumes?q=${encodeURIComponent(name)}`);
  await row(page, name).getByRole('link', { name, exact: true }).click();
  await expect(page.getByTestId('volume-title')).toContainText(name);
}

test('the list: search, status, bootable and sort live in the URL; the service pages, filters and sorts', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/volumes');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Demo (simulated Cinder)');
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('simulated')).toBeVisible();
  // The project's quotas and, for an admin, the back end pools with their capacity.
  await expect(page.getByTestId('quota-gigabytes')).toContainText(/\d+ \/ 600 GiB/);
  await expect(page.getByTestId('volume-pools')).toContainText('cinder-volume-1@lvm#lvm');
  await expect(page.getByTestId('volume-pools')).toContainText('GiB free of 500 GiB');

  const filters = page.getByRole('search');
  await filters.getByLabel('Search by name').fill('scratch');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=scratch/);
  await expect.poll(async () => (await names(page)).sort()).toEqual(['scratch-1', 'scratch-2']);

  // The status filter speaks the neutral states; the adapter asks Cinder for its own word.
  await page.goto('/volumes');
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'In use' });
  await expect(page).toHaveURL(/status=in_use/);
  await expect.poll(() => names(page)).toEqual(['app-server-boot']);
  await expect(row(page, 'app-server-boot')).toContainText('/dev/vdb');

  await page.goto('/volumes');
  await page.getByLabel('Bootable', { exact: true }).selectOption({ label: 'Bootable only' });
  await expect(page).toHaveURL(/bootable=true/);
  await expect.poll(() => names(page)).toEqual(expect.arrayContaining(['web-root', 'app-server-boot', 'build-runner-boot']));
  expect(await names(page)).not.toContain('db-data');

  // Sort by name: the header sorts on the server, and the order is Cinder's.
  await page.goto('/volumes');
  await page.getByTestId('volume-table').getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect.poll(async () => (await names(page))[0]).toBe('analytics');
  const sorted = await names(page);
  expect(sorted).toEqual([...sorted].sort());

  // Size, largest first. db-data (40 GiB) is the largest volume of the demo project.
  await page.goto('/volumes?sort=size&dir=desc');
  await expect.poll(async () => (await names(page))[0]).toBe('db-data');
});

test('create blank → creating → available; extend, set bootable, change type, delete with the name typed', async ({ page }) => {
  await signInAsAdmin(page);
  const name = `e2e-blank-${RUN}`;
  await createVolume(page, name, { size: 2, type: 'standard' });
  // The word and the state read together: the list may move on to "available" between two reads.
  await expect(row(page, name).locator('[data-testid="volume-status"][data-status="creating"]')).toContainText('Creating');
  await expect(statusOf(row(page, name))).toHaveAttribute('data-status', 'available', { timeout: SETTLE });

  await row(page, name).getByRole('link', { name, exact: true }).click();
  await expect(page.getByTestId('volume-size')).toHaveText('2 GiB');
  await expect(page.getByTestId('volume-type')).toHaveText('standard');
  await expect(page.getByTestId('volume-bootable-value')).toHaveText('No');
  // Admins see the back end host the volume lives on.
  await expect(page.getByTestId('volume-host')).toHaveText('cinder-volume-1@lvm#lvm');

  const extend = page.getByTestId('volume-extend');
  await extend.getByLabel('New size (GiB)').fill('3');
  await extend.getByRole('button', { name: 'Extend' }).click();
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'extending');
  await expect(headerStatus(page)).toContainText('Extending');
  await expect(page.getByTestId('volume-actions-wait')).toBeVisible();
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'available', { timeout: SETTLE });
  await expect(page.getByTestId('volume-size')).toHaveText('3 GiB');

  await page.getByTestId('volume-bootable').getByRole('button', { name: 'Make bootable' }).click();
  await expect(page.getByTestId('volume-bootable-value')).toHaveText('Yes');

  // lvm-thick lives on the same LVM back end: Cinder changes it in place, no migration needed.
  const retype = page.getByTestId('volume-retype');
  await retype.getByLabel('New type').selectOption('lvm-thick');
  await expect(retype.getByLabel('Do not migrate')).toBeChecked();
  await retype.getByRole('button', { name: 'Change type' }).click();
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'retyping');
  await expect(headerStatus(page)).toContainText('Changing type');
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'available', { timeout: SETTLE });
  await expect(page.getByTestId('volume-type')).toHaveText('lvm-thick');

  const del = page.getByTestId('volume-delete');
  await del.getByLabel(`Type ${name} to confirm`).fill('not-the-name');
  await del.getByRole('button', { name: 'Delete' }).click();
  await expect(del).toContainText("Type the volume's name exactly to confirm.");
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'available');
  await del.getByLabel(`Type ${name} to confirm`).fill(name);
  await del.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/volumes\?connection=/);
  await expect(statusOf(row(page, name))).toHaveAttribute('data-status', 'deleting');
  // Once Cinder no longer knows it, the list refreshes without it ("Deleted" shows only for the
  // moment before that refresh, too short to wait for).
  await expect(row(page, name)).toHaveCount(0, { timeout: SETTLE });
  await page.reload();
  await expect(row(page, name)).toHaveCount(0);
});

test('a volume from an image copies it in (downloading) and ends bootable; a clone starts from another volume', async ({ page }) => {
  await signInAsAdmin(page);
  const name = `e2e-image-${RUN}`;
  await createVolume(page, name, { size: 1, image: 'cirros-0.6.2' });
  await expect(row(page, name).locator('[data-testid="volume-status"][data-status="downloading"]')).toContainText('Copying the image in', { timeout: SETTLE });
  await expect(statusOf(row(page, name))).toHaveAttribute('data-status', 'available', { timeout: SETTLE });
  await expect(row(page, name)).toContainText('bootable');

  await openVolume(page, name);
  await page.getByTestId('volume-clone-link').click();
  const form = page.getByTestId('volume-create-form');
  await expect(form.getByLabel('Another volume')).toBeChecked();
  await form.getByLabel('Name', { exact: true }).fill(`${name}-clone`);
  await form.getByRole('button', { name: 'Create volume' }).click();
  await expect(page).toHaveURL(/\/volumes\?connection=/);
  await expect(statusOf(row(page, `${name}-clone`))).toHaveAttribute('data-status', 'available', { timeout: SETTLE });
  // A clone of a bootable volume is bootable too.
  await expect(row(page, `${name}-clone`)).toContainText('bootable');
});

test('snapshots: create, revert to the latest only, a new volume from one, delete', async ({ page }) => {
  await signInAsAdmin(page);
  const name = `e2e-snap-${RUN}`;
  await createVolume(page, name, { size: 1 });
  await expect(statusOf(row(page, name))).toHaveAttribute('data-status', 'available', { timeout: SETTLE });
  await openVolume(page, name);
  await page.getByRole('tab', { name: /Snapshots/ }).click();
  await expect(page).toHaveURL(/tab=snapshots/);
  await expect(page.getByTestId('volume-snapshots')).toContainText('This volume has no snapshots.');

  for (const snap of ['s1', 's2']) {
    const create = page.getByTestId('snapshot-create');
    await create.getByLabel('Snapshot name').fill(snap);
    await create.getByRole('button', { name: 'Take snapshot' }).click();
    const status = page.getByTestId(`snapshot-row-${snap}`).getByTestId('snapshot-status');
    await expect(status).toHaveAttribute('data-status', 'creating');
    await expect(status).toHaveAttribute('data-status', 'available', { timeout: SETTLE });
  }
  // Cinder reverts only to the latest snapshot: the action is on s2 and not on s1.
  await expect(page.getByTestId('snapshot-row-s2')).toContainText('latest');
  await expect(page.getByTestId('snapshot-revert-s1')).toHaveCount(0);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('snapshot-revert-s2').getByRole('button', { name: 'Revert to this' }).click();
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'reverting');
  await expect(headerStatus(page)).toContainText('Reverting to a snapshot');
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'available', { timeout: SETTLE });

  await page.getByTestId('snapshot-new-volume-s1').click();
  const form = page.getByTestId('volume-create-form');
  await expect(form).toContainText('From snapshot s1 (1 GiB).');
  await form.getByLabel('Name', { exact: true }).fill(`${name}-from-s1`);
  await form.getByRole('button', { name: 'Create volume' }).click();
  await expect(page).toHaveURL(/\/volumes\?connection=/);
  await expect(statusOf(row(page, `${name}-from-s1`))).toHaveAttribute('data-status', 'available', { timeout: SETTLE });

  await openVolume(page, name);
  await page.getByRole('tab', { name: /Snapshots/ }).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('snapshot-delete-s1').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('snapshot-row-s1').getByTestId('snapshot-status')).toHaveAttribute('data-status', 'deleting');
  await expect(page.getByTestId('snapshot-row-s1')).toHaveCount(0, { timeout: SETTLE });
  await expect(page.getByTestId('snapshot-row-s2')).toBeVisible();
});

test('quotas: checked before submitting; a 413 from Cinder is explained and nothing is created', async ({ page, context }) => {
  await signInAsAdmin(page);
  await page.goto('/volumes/new');
  const form = page.getByTestId('volume-create-form');
  const quota = (await page.getByTestId('quota-gigabytes').textContent()) ?? '';
  const [, used, limit] = /(\d+) \/ (\d+)/.exec(quota)!.map(Number);
  const left = limit! - used!;
  await form.getByLabel('Size (GiB)').fill(String(left + 1));
  await expect(page.getByTestId('volume-quota-precheck')).toHaveText(`${left + 1} GiB is more than the ${left} GiB the project's quota leaves.`);
  await expect(form.getByRole('button', { name: 'Create volume' })).toBeDisabled();

  // Exactly what is left passes the check here; meanwhile another tab uses 1 GiB of it, so Cinder refuses.
  const name = `e2e-quota-${RUN}`;
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Size (GiB)').fill(String(left));
  await expect(page.getByTestId('volume-quota-precheck')).toHaveCount(0);
  const other = await context.newPage();
  await createVolume(other, `e2e-quota-other-${RUN}`, { size: 1 });
  await other.close();
  await form.getByRole('button', { name: 'Create volume' }).click();
  await expect(form.getByRole('status')).toContainText(
    `The project’s quota does not allow this; nothing was changed. Cinder says: VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${left}G, quota is ${limit}G and ${used! + 1}G has been consumed.`,
  );
  await expect(page).toHaveURL(/\/volumes\/new/);
  await page.goto(`/volumes?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId('volume-table')).toContainText('No volume matches.');
  await expect(row(page, name)).toHaveCount(0);
  await expect(page.getByTestId('quota-gigabytes')).toContainText(`${used! + 1} / ${limit} GiB`);
});

test("Cinder's refusal in its own words: an attached volume cannot be deleted; error states are explained", async ({ page }) => {
  await signInAsAdmin(page);
  await openVolume(page, 'app-server-boot');
  await expect(page.getByTestId('volume-attachments')).toContainText('as /dev/vdb (compute host compute-1)');
  // The demo has no libvirt host: attach/detach is not offered, and the page says why.
  await expect(page.getByTestId('volume-attach-unavailable')).toContainText('No connected compute backend can take this Cinder');
  const del = page.getByTestId('volume-delete');
  await expect(del).toContainText('Cinder refuses to delete it until it is detached');
  await del.getByLabel('Type app-server-boot to confirm').fill('app-server-boot');
  await del.getByRole('button', { name: 'Delete' }).click();
  await expect(del.getByRole('status')).toContainText('but current status is: in-use.');
  await expect(del.getByRole('status')).toContainText('Invalid volume: Volume status must be available or error');
  await expect(headerStatus(page)).toHaveAttribute('data-status', 'in_use');

  await openVolume(page, 'failed-restore');
  const alert = page.getByTestId('volume-error-explained');
  await expect(alert).toContainText('Cinder could not create or change this volume.');
  await expect(alert).toContainText('schedule allocate volume: Could not find any available weighted backend.');

  await openVolume(page, 'archive-2019');
  await expect(page.getByTestId('volume-error-explained')).toContainText('Extending failed on the back end.');
});
