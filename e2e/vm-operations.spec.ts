import type { Locator, Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// Every flow drives the real UI against the demo engine (a separate process speaking the oVirt
// REST API). Each test uses its own demo VMs, or makes what it needs, and first brings them to the
// state it starts from, so no test depends on what another one left behind.

const LONG = { timeout: 30_000 };

/** The VM's page (optionally one tab), found through the list's search like an operator would. */
async function openVm(page: Page, name: string, tab?: 'snapshots' | 'manage' | 'disks') {
  await page.goto(`/vms?q=${encodeURIComponent(name)}`);
  const link = page.getByTestId('vm-row').getByRole('link', { name, exact: true });
  await expect(link).toBeVisible(LONG);
  const href = (await link.getAttribute('href'))!;
  await page.goto(tab ? `${href}?tab=${tab}` : href);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

const toolbar = (page: Page) => page.getByTestId('vm-power-controls');
const pill = (page: Page) => toolbar(page).getByTestId('live-status');
const verb = (page: Page, name: string) => toolbar(page).getByRole('group', { name: 'Power actions' }).getByRole('button', { name, exact: true });

async function expectStatus(page: Page, status: string) {
  await expect(pill(page)).toHaveAttribute('data-status', status, LONG);
}

/** Confirms the open dialog with its own confirm button. */
async function confirm(page: Page, label: string) {
  await page.getByRole('dialog').getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** Power the VM off if it is running in any way, and wait until it is down. */
async function ensureStopped(page: Page) {
  await expect(pill(page)).toBeVisible();
  if ((await pill(page).getAttribute('data-status')) !== 'stopped') {
    await expect(verb(page, 'Power off')).toBeEnabled(LONG);
    await verb(page, 'Power off').click();
    await confirm(page, 'Power off');
  }
  await expectStatus(page, 'stopped');
}

async function ensureRunning(page: Page) {
  await expect(pill(page)).toBeVisible();
  const status = await pill(page).getAttribute('data-status');
  if (status === 'stopped') await verb(page, 'Start').click();
  else if (status === 'suspended' || status === 'paused') await verb(page, 'Resume').click();
  await expectStatus(page, 'running');
}

const outcome = (results: Locator, name: string) => results.getByTestId('bulk-result').filter({ hasText: name });

test.describe('VM operations against the demo engine', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('lifecycle: start, suspend, resume, reboot, shut down, run once from an ISO; intermediate states; a refusal in the engine’s words', async ({ page }) => {
    test.setTimeout(180_000);
    await openVm(page, 'test-03');
    await ensureStopped(page);
    // Only what the engine accepts for a stopped VM.
    await expect(verb(page, 'Start')).toBeEnabled();
    for (const name of ['Shut down', 'Reboot', 'Suspend', 'Reset', 'Power off', 'Migrate']) await expect(verb(page, name)).toBeDisabled();

    await verb(page, 'Start').click();
    await expect(pill(page)).toHaveAttribute('data-status', 'starting', LONG);
    await expect(pill(page)).toHaveAttribute('data-native', /wait_for_launch|powering_up/);
    await expectStatus(page, 'running');
    await expect(verb(page, 'Start')).toBeDisabled();
    await expect(toolbar(page)).toContainText('On host lab-01');

    await verb(page, 'Suspend').click();
    await confirm(page, 'Suspend');
    await expect(pill(page)).toHaveAttribute('data-native', 'saving_state', LONG);
    await expectStatus(page, 'suspended');
    await verb(page, 'Resume').click();
    await expect(pill(page)).toHaveAttribute('data-native', 'restoring_state', LONG);
    await expectStatus(page, 'running');

    // The lab cluster has one host: the engine refuses, says why, and the VM keeps running where it is.
    await verb(page, 'Migrate').click();
    await confirm(page, 'Migrate');
    const status = toolbar(page).getByRole('status');
    await expect(status).toContainText('Cannot migrate VM. There is no host that satisfies current scheduling constraints');
    await expectStatus(page, 'running');
    await expect(toolbar(page)).toContainText('On host lab-01');

    await verb(page, 'Reboot').click();
    await confirm(page, 'Reboot');
    await expect(pill(page)).toHaveAttribute('data-status', 'rebooting', LONG);
    await expectStatus(page, 'running');

    await verb(page, 'Shut down').click();
    await confirm(page, 'Shut down');
    await expect(pill(page)).toHaveAttribute('data-native', 'powering_down', LONG);
    await expectStatus(page, 'stopped');

    // Run once offers only ISOs the engine can use: the Lab data center has no ISO domain.
    await toolbar(page).getByRole('button', { name: 'Run once' }).click();
    let dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('No ISO file is available in this VM’s data center.', LONG);
    await expect(dialog.getByRole('button', { name: 'Run once' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // In the Default data center: boots once from a chosen ISO of its ISO domain.
    await openVm(page, 'backup-01');
    await ensureStopped(page);
    await toolbar(page).getByRole('button', { name: 'Run once' }).click();
    dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: 'Run once' })).toBeDisabled();
    const iso = dialog.getByLabel('Boot from ISO');
    await expect(iso.locator('option')).not.toHaveCount(1, LONG);
    await iso.selectOption({ index: 1 });
    await confirm(page, 'Run once');
    await expect(toolbar(page).getByRole('status')).toContainText('Run once requested');
    await expect(pill(page)).toHaveAttribute('data-status', 'starting', LONG);
    await expectStatus(page, 'running');
    await ensureStopped(page);
  });

  test('migrate to a chosen host with progress, then let the scheduler choose', async ({ page }) => {
    test.setTimeout(120_000);
    await openVm(page, 'lb-01');
    await ensureRunning(page);
    const from = (await toolbar(page).textContent())!.match(/On host (host-0\d)/)![1]!;
    await verb(page, 'Migrate').click();
    const target = page.getByRole('dialog').getByLabel('Destination host');
    // Only other up hosts of the VM's cluster are offered (host-04 is in maintenance).
    await expect(target.locator('option')).toHaveCount(3, LONG);
    await expect(target.locator('option', { hasText: from })).toHaveCount(0);
    await expect(target.locator('option', { hasText: 'host-04' })).toHaveCount(0);
    const to = ['host-01', 'host-02', 'host-03'].find((h) => h !== from)!;
    await target.selectOption({ label: to });
    await confirm(page, 'Migrate');
    await expect(pill(page)).toHaveAttribute('data-status', 'migrating', LONG);
    await expect(toolbar(page).getByRole('progressbar', { name: /Migration/ })).toBeVisible();
    await expectStatus(page, 'running');
    await expect(toolbar(page)).toContainText(`On host ${to}`);

    await verb(page, 'Migrate').click();
    await confirm(page, 'Migrate');
    await expect(toolbar(page).getByRole('status')).toContainText('the scheduler chooses the destination host');
    await expect(pill(page)).toHaveAttribute('data-status', 'migrating', LONG);
    await expectStatus(page, 'running');
    await expect(toolbar(page)).not.toContainText(`On host ${to}`);
  });

  test('edit: CPU and memory of a running VM are hot-plugged, other changes wait for the next start; bad input is refused before sending', async ({ page }) => {
    await openVm(page, 'dns-02', 'manage');
    await expect(pill(page)).toHaveAttribute('data-status', 'running', LONG);
    const form = page.getByTestId('vm-edit-form');
    const memory = form.getByLabel('Memory (MiB)');
    const before = Number(await memory.inputValue());

    await memory.fill('100');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form).toContainText('Please check the highlighted fields.');
    await expect(form).toContainText('Memory is a whole number of MiB, from 256 MiB to 4 TiB.');

    // More memory in 256 MiB steps and one more socket: the engine hot-plugs both.
    await memory.fill(String(before + 256));
    const sockets = form.getByLabel('CPU sockets');
    const socketsBefore = Number(await sockets.inputValue());
    await sockets.fill(String(socketsBefore + 1));
    await form.getByLabel('Description').fill('Internal DNS, edited by e2e');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status')).toContainText('The changes were saved and applied.');
    // What the engine now reports, read afresh.
    await page.reload();
    await expect(memory).toHaveValue(String(before + 256));
    await expect(sockets).toHaveValue(String(socketsBefore + 1));
    await expect(form.getByLabel('Description')).toHaveValue('Internal DNS, edited by e2e');

    // Threads per core cannot change under a running guest: saved for the next start.
    await form.getByLabel('Threads per core').fill('2');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status')).toContainText('some take effect at the VM’s next start');
    // Read back: the engine kept it for the next run, so once the VM is off the VM has it.
    await ensureStopped(page);
    await page.reload();
    await expect(form.getByLabel('Threads per core')).toHaveValue('2', LONG);
    await expect(memory).toHaveValue(String(before + 256));
    await ensureRunning(page);
  });

  test('snapshots: take one with memory, preview then undo, preview then commit, delete', async ({ page }) => {
    test.setTimeout(150_000);
    await openVm(page, 'ldap-01', 'snapshots');
    await ensureRunning(page);
    const panel = page.getByTestId('snapshots-panel');
    const rows = panel.getByTestId('snapshot-row');
    await panel.getByLabel('Description').fill('e2e with memory');
    await panel.getByLabel('Save the memory too').check();
    await panel.getByRole('button', { name: 'Take snapshot' }).click();
    const mine = rows.filter({ hasText: 'e2e with memory' });
    await expect(mine.getByTestId('live-status')).toHaveAttribute('data-status', 'locked', LONG);
    await expect(mine.getByTestId('live-status')).toHaveAttribute('data-status', 'ok', LONG);
    await expect(mine).toContainText('Yes');
    // Preview needs the VM down, as the engine says; the button says so before the engine has to.
    await expect(mine.getByRole('button', { name: 'Preview' })).toBeDisabled();

    await ensureStopped(page);
    await mine.getByRole('button', { name: 'Preview' }).click();
    await confirm(page, 'Preview');
    const banner = panel.getByRole('status').filter({ hasText: 'Previewing' });
    await expect(banner).toContainText('e2e with memory', LONG);
    await banner.getByRole('button', { name: 'Undo' }).click();
    await confirm(page, 'Undo');
    await expect(banner).toHaveCount(0, LONG);
    await expect(mine.getByTestId('live-status')).toHaveAttribute('data-status', 'ok', LONG);

    await expect(mine.getByRole('button', { name: 'Preview' })).toBeEnabled(LONG);
    await mine.getByRole('button', { name: 'Preview' }).click();
    await confirm(page, 'Preview');
    await expect(banner).toBeVisible(LONG);
    await banner.getByRole('button', { name: 'Commit' }).click();
    await confirm(page, 'Commit');
    await expect(banner).toHaveCount(0, LONG);

    await expect(mine.getByRole('button', { name: 'Delete' })).toBeEnabled(LONG);
    await mine.getByRole('button', { name: 'Delete' }).click();
    await confirm(page, 'Delete');
    await expect(mine).toHaveCount(0, LONG);
  });

  test('clone a VM from a snapshot: the new VM appears, locked until its disks are copied', async ({ page }) => {
    const name = `e2e-clone-${Date.now().toString(36)}`;
    await openVm(page, 'win-ad-01', 'snapshots');
    const row = page.getByTestId('snapshot-row').filter({ hasText: 'pre AD schema update' });
    await expect(row.getByRole('button', { name: 'Clone' })).toBeEnabled(LONG);
    await row.getByRole('button', { name: 'Clone' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: 'Clone' })).toBeDisabled();
    await dialog.getByLabel('Name of the new VM').fill(name);
    await confirm(page, 'Clone');
    await expect(page.getByTestId('snapshots-panel').getByRole('status').last()).toContainText(name);
    await openVm(page, name);
    await expectStatus(page, 'stopped');
    await page.goto(`${page.url()}?tab=disks`);
    await expect(page.getByTestId('vm-disks')).toContainText(`${name}_Disk1`);
  });

  test('delete a stopped VM with or without its disks, typing its name; a running VM cannot be deleted', async ({ page }) => {
    test.setTimeout(120_000);
    await openVm(page, 'web-02', 'manage');
    await expect(pill(page)).toHaveAttribute('data-status', 'running', LONG);
    await expect(page.getByTestId('vm-delete')).toContainText('Only a stopped VM can be deleted');
    await expect(page.getByRole('button', { name: 'Delete VM' })).toBeDisabled();

    // Two throw-away VMs, cloned from a snapshot of web-01.
    const stamp = Date.now().toString(36);
    const names = [`e2e-del-${stamp}-a`, `e2e-del-${stamp}-b`];
    for (const name of names) {
      await openVm(page, 'web-01', 'snapshots');
      const row = page.getByTestId('snapshot-row').filter({ hasText: 'pre-patch 2024-05' });
      await expect(row.getByRole('button', { name: 'Clone' })).toBeEnabled(LONG);
      await row.getByRole('button', { name: 'Clone' }).click();
      await page.getByRole('dialog').getByLabel('Name of the new VM').fill(name);
      await confirm(page, 'Clone');
      await expect(page.getByTestId('snapshots-panel').getByRole('status').last()).toContainText(name);
      // The engine locks the snapshot while it copies the disks; the new VM is down once it is done.
      await openVm(page, name);
      await expectStatus(page, 'stopped');
    }

    // Where the clones' disks live (the storage domain of web-01's disk).
    await openVm(page, names[0]!, 'disks');
    const storageHref = (await page.getByTestId('vm-disks').getByRole('link').first().getAttribute('href'))!;

    for (const [name, keep] of [[names[0]!, false], [names[1]!, true]] as const) {
      await openVm(page, name, 'manage');
      await expectStatus(page, 'stopped');
      const del = page.getByRole('button', { name: 'Delete VM' });
      await expect(del).toBeEnabled();
      await del.click();
      const dialog = page.getByRole('dialog');
      if (keep) await dialog.getByLabel('Keep the disks').check();
      await dialog.getByLabel(`Type ${name} to confirm.`).fill(`${name}-typo`);
      await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
      await dialog.getByLabel(`Type ${name} to confirm.`).fill(name);
      await confirm(page, 'Delete');
      await expect(page.getByTestId('vm-delete').getByRole('status')).toContainText(keep ? 'its disks are kept' : `Deletion of ${name} requested`);
      await expect(page.getByTestId('vm-manage')).toContainText(`${name} no longer exists`, LONG);
    }

    // The kept disks stay on their storage domain as floating disks; the others went with their VM.
    await page.goto(storageHref);
    await expect
      .poll(async () => {
        await page.reload();
        const text = (await page.getByTestId('storage-disks').textContent()) ?? '';
        return [text.includes(`${names[1]}_Disk1`), text.includes(`${names[0]}_Disk1`)];
      }, LONG)
      .toEqual([true, false]);
  });

  test('make a template from a stopped VM; it shows in the templates list', async ({ page }) => {
    test.setTimeout(120_000);
    const name = `e2e-tpl-${Date.now().toString(36)}`;
    await openVm(page, 'dns-01', 'manage');
    await ensureStopped(page);
    const form = page.getByTestId('template-from-vm');
    await form.getByLabel('Template name').fill('bad name!');
    await form.getByRole('button', { name: 'Create template' }).click();
    await expect(form).toContainText('Use letters, digits and _ - . only (no spaces).');
    await form.getByLabel('Template name').fill(name);
    await form.getByLabel('Description').fill('made by e2e');
    await form.getByRole('button', { name: 'Create template' }).click();
    await expect(form.getByRole('status')).toContainText(`Template ${name} is being created`);
    await page.goto(`/templates?q=${name}`);
    const row = page.getByTestId('template-row').filter({ hasText: name });
    await expect(row).toBeVisible(LONG);
    await row.getByRole('link', { name }).click();
    await expect(page.getByTestId('template-actions').getByTestId('live-status')).toHaveAttribute('data-status', 'ok', LONG);
  });

  test('templates: a template in use cannot be deleted (the engine says which VMs), an unused one is deleted by typing its name; new VM link', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/templates?q=debian-12');
    await page.getByTestId('template-row').getByRole('link', { name: 'debian-12', exact: true }).click();
    const actions = page.getByTestId('template-actions');
    await expect(actions.getByRole('link', { name: 'New VM from this template' })).toHaveAttribute('href', /^\/vms\/new\?connection=.+&template=.+/);
    await actions.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByLabel('Type debian-12 to confirm.').fill('debian-12');
    await confirm(page, 'Delete');
    await expect(actions.getByRole('status')).toContainText('Cannot remove Template. Template is being used by the following VMs');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('debian-12');

    // An unused template of our own, made from a stopped VM, goes away.
    const name = `e2e-tpl-del-${Date.now().toString(36)}`;
    await openVm(page, 'jump-01', 'manage');
    await ensureStopped(page);
    const form = page.getByTestId('template-from-vm');
    await form.getByLabel('Template name').fill(name);
    await form.getByRole('button', { name: 'Create template' }).click();
    await expect(form.getByRole('status')).toContainText(name);
    await page.goto(`/templates?q=${name}`);
    await page.getByTestId('template-row').getByRole('link', { name }).click();
    const mine = page.getByTestId('template-actions');
    await expect(mine.getByTestId('live-status')).toHaveAttribute('data-status', 'ok', LONG);
    await mine.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByLabel(`Type ${name} to confirm.`).fill(name);
    await confirm(page, 'Delete');
    await expect(mine.getByTestId('live-status')).toHaveAttribute('data-status', 'removed', LONG);
  });

  test('bulk actions on /vms report per VM: one start refused by the engine, one done; then power off both', async ({ page }) => {
    test.setTimeout(120_000);
    // build-win-01 starts stopped; lb-02 is always up, so the engine refuses to start it.
    await openVm(page, 'build-win-01');
    await ensureStopped(page);
    await page.goto('/vms?q=l');
    const bulk = page.getByTestId('vm-bulk-actions');
    await expect(bulk.getByRole('button', { name: 'Start' })).toBeDisabled();
    await page.goto('/vms?q=build-win-01');
    await page.getByRole('checkbox', { name: /build-win-01/ }).check();
    // The selection survives a new search: the list's state lives in the URL, the ticks do not.
    await page.getByRole('searchbox').fill('lb-02');
    await page.getByRole('searchbox').press('Enter');
    await expect(page.getByTestId('vm-row')).toHaveCount(1, LONG);
    await page.getByRole('checkbox', { name: /lb-02/ }).check();
    await expect(bulk).toContainText('2 VMs selected');

    await bulk.getByRole('button', { name: 'Start' }).click();
    await confirm(page, 'Start');
    const results = page.getByTestId('bulk-results');
    await expect(outcome(results, 'build-win-01')).toHaveAttribute('data-ok', 'true', LONG);
    await expect(outcome(results, 'lb-02')).toHaveAttribute('data-ok', 'false');
    await expect(outcome(results, 'lb-02')).toContainText('Cannot run VM. VM is running.');
    await expect(results).toContainText('2 of 2 done, 1 failed');

    await bulk.getByRole('button', { name: 'Power off' }).click();
    await confirm(page, 'Power off');
    await expect(outcome(results, 'build-win-01')).toHaveAttribute('data-ok', 'true', LONG);
    await expect(outcome(results, 'lb-02')).toHaveAttribute('data-ok', 'true');
    await openVm(page, 'lb-02');
    await expectStatus(page, 'stopped');
    await verb(page, 'Start').click();
    await expectStatus(page, 'running');
  });

  test('the VM list filters by owner, status, cluster and host, with 25/50/100/500 rows a page', async ({ page }) => {
    await page.goto('/vms');
    const size = page.getByLabel('Rows per page');
    await expect(size.locator('option')).toHaveText(['25 per page', '50 per page', '100 per page', '500 per page']);
    await size.selectOption('100');
    await expect(page).toHaveURL(/size=100/);
    await expect.poll(() => page.getByTestId('vm-row').count(), LONG).toBeGreaterThan(50);

    await page.getByLabel('Owner (user name)').fill('user1');
    await page.getByLabel('Owner (user name)').press('Enter');
    await expect(page).toHaveURL(/owner=user1/);
    await expect.poll(async () => (await page.getByTestId('vm-row').getByRole('link').allTextContents()).sort(), LONG).toEqual(
      ['desk-user1-01', 'desk-user1-02', 'dev-user1-01', 'web-03'],
    );
    await page.getByLabel('Cluster').selectOption('lab');
    await expect(page).toHaveURL(/cluster=lab/);
    await expect.poll(async () => page.getByTestId('vm-row').getByRole('link').allTextContents(), LONG).toEqual(['dev-user1-01']);
    await page.getByLabel('Status', { exact: true }).selectOption('suspended');
    await expect(page.getByTestId('vm-row')).toHaveCount(0, LONG);
  });
});
