import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// oVirt Managed Block Storage (issue 16 point 4) against the demo engine: a domain made from the
// Ceph RBD preset, listed as managed block, attached; a raw disk on it for a VM (mq-02, which no
// other spec touches); a driver option set without volume_driver refused in the engine's words with
// nothing created; the sensitive keyring never shown again.

const LONG = { timeout: 30_000 };
const stamp = Date.now().toString(36);
const MBS = `mbs-e2e-${stamp}`;
const BAD = `mbs-bad-${stamp}`;
const KEYRING = `[client.ovirt] key = AQBe2e${stamp}SECRETxx==`;

async function fillOption(page: Page, row: number, name: string, value: string) {
  await page.getByLabel(`Option ${row} name`).fill(name);
  await page.getByLabel(`Option ${row} value`).fill(value);
}

test.describe('managed block storage against the demo engine', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('options without volume_driver are refused in the engine’s words and nothing is created', async ({ page }) => {
    await page.goto('/storage/new');
    await page.getByLabel('Name').fill(BAD);
    await page.getByLabel('Storage type').selectOption({ label: 'Managed block storage (Cinder driver)' });
    await fillOption(page, 1, 'rbd_pool', 'volumes');
    await page.getByRole('button', { name: 'Create storage domain' }).click();
    await expect(page.getByText('The driver options must contain volume_driver')).toBeVisible(LONG);
    // What was typed stays for the fix.
    await expect(page.getByLabel('Option 1 name')).toHaveValue('rbd_pool');
    await page.goto('/storage/manage');
    await expect(page.getByRole('link', { name: new RegExp(`^${BAD}\\b`) })).toHaveCount(0);
  });

  test('Ceph RBD preset → listed as managed block, attached; a raw disk on it attached to a VM', async ({ page }) => {
    await page.goto('/storage/new');
    await page.getByLabel('Name').fill(MBS);
    await page.getByLabel('Storage type').selectOption({ label: 'Managed block storage (Cinder driver)' });
    await page.getByRole('button', { name: 'Fill in the Ceph RBD preset' }).click();
    await expect(page.getByLabel('Option 1 name')).toHaveValue('volume_driver');
    await expect(page.getByLabel('Option 1 value')).toHaveValue('cinder.volume.drivers.rbd.RBDDriver');
    await expect(page.getByLabel('Option 2 name')).toHaveValue('rbd_pool');
    await page.getByLabel('Option 2 value').fill('ovirt-volumes');
    await page.getByLabel('Option 3 value').fill('ovirt');
    await expect(page.getByLabel('Option 4 name')).toHaveValue('rbd_ceph_conf');
    // The keyring is sensitive: typed into a password field, sent once.
    await expect(page.getByLabel('Option 5 name')).toHaveValue('rbd_keyring_conf');
    await expect(page.getByLabel('Option 5 is sensitive')).toBeChecked();
    await expect(page.getByLabel('Option 5 value')).toHaveAttribute('type', 'password');
    await page.getByLabel('Option 5 value').fill(KEYRING);
    await page.getByRole('button', { name: 'Create storage domain' }).click();
    await expect(page.getByRole('status').getByText(`Storage domain ${MBS} was created`)).toBeVisible(LONG);

    // Listed among the storage domains as managed block.
    await page.goto(`/storage?q=${MBS}`);
    await expect(page.getByTestId('storage-row').filter({ hasText: MBS })).toContainText('Managed block', LONG);

    await page.goto('/storage/manage');
    await page.getByRole('link', { name: new RegExp(`^${MBS}\\b`) }).first().click();
    await expect(page.getByRole('heading', { name: MBS, exact: true })).toBeVisible(LONG);
    await page.getByLabel('Attach to data center').selectOption({ label: 'Default' });
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await expect(page.getByTestId('sd-status')).toHaveText('active', LONG);
    // The engine never returns sensitive driver options, and neither does the page.
    expect(await page.content()).not.toContain(`AQBe2e${stamp}`);

    await page.goto(`/vms?q=mq-02`);
    const link = page.getByTestId('vm-row').getByRole('link', { name: 'mq-02', exact: true });
    await expect(link).toBeVisible(LONG);
    await page.goto(`${await link.getAttribute('href')}?tab=disks`);
    const form = page.getByTestId('vm-disk-actions').getByTestId('disk-add-form');
    await expect(form).toBeVisible(LONG);
    await form.getByLabel('Disk name').fill('mq02-mbs');
    await form.getByLabel('Size (GiB)').fill('2');
    await form.getByLabel('Storage domain').selectOption({ label: MBS });
    // Raw is forced on managed block storage, and the form says why.
    await expect(form.getByLabel('Format')).toBeDisabled();
    await expect(form.getByLabel('Format')).toHaveValue('raw');
    await expect(form).toContainText('a disk on managed block storage is a Cinder volume');
    await form.getByRole('button', { name: 'Add disk' }).click();
    await expect(form.getByRole('status')).toContainText('Disk mq02-mbs is being created and attached.', LONG);
    await expect(page.getByTestId('vm-disk-actions').getByTestId('disk-row-mq02-mbs')).toBeVisible(LONG);
    await expect(page.getByTestId('vm-disks')).toContainText('mq02-mbs', LONG);
  });
});
