import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, needsEnvironment, signInAsAdmin, test } from './fixtures';
import { createKvmVm, pickOption } from './kvm-wizard';

/**
 * A KVM host managed through the pages only, against a real libvirtd with QEMU (TCG): a VM made in
 * the wizard as a copy-on-write overlay on a base image volume, then start, console, suspend,
 * resume, snapshot and revert, power off and delete with its storage; pool volumes created, grown
 * and deleted on the storage page; and the two libvirt connections, both named into cluster
 * "kvm-e2e" by `?cluster=` in their URIs (with the rig's host B, "KVM qemu B"), as ONE cluster.
 *
 * Runs in scripts/test.sh's libvirt step (scripts/real/libvirt.sh, a BACKENDS_FILE naming "KVM
 * fixture" and "KVM qemu", both with ?cluster=kvm-e2e). By hand:
 *
 *   set -a; eval "$(scripts/real/libvirt.sh up)"; set +a
 *   echo '{"connections":[{"name":"KVM fixture","kind":"libvirt","url":"'$LIBVIRT_TEST_URI_PREFIX$PWD'/test/fixtures/libvirt/node.xml?cluster=kvm-e2e"},{"name":"KVM qemu","kind":"libvirt","url":"'$LIBVIRT_QEMU_URI'?cluster=kvm-e2e"}]}' > /tmp/backends.json
 *   E2E_LIBVIRT=1 BACKENDS_FILE=/tmp/backends.json npx playwright test e2e/libvirt-lifecycle.spec.ts
 *
 * virsh is used only to make the base image and to check and clean up what the pages did.
 */
const URI = process.env.LIBVIRT_QEMU_URI;
const POOL = process.env.LIBVIRT_POOL;
const POOL_DIR = process.env.LIBVIRT_POOL_DIR;
const CLUSTER = 'kvm-e2e';
const run = promisify(execFile);
const tag = `${process.pid}`;
const base = `vd-e2e-base-${tag}.qcow2`;
const vmName = `vd-e2e-life-${tag}`;
const overlay = `${vmName}-disk0.qcow2`;
const volume = `vd-e2e-vol-${tag}.qcow2`;

async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-q', '-c', URI!, ...args], { timeout: 60_000 });
  return stdout;
}

async function volumes(): Promise<string[]> {
  return (await virsh('vol-list', '--pool', POOL!)).split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

async function capacity(name: string): Promise<number> {
  const info = await virsh('vol-info', '--pool', POOL!, '--bytes', name);
  return Number(/Capacity:\s+(\d+) bytes/.exec(info)?.[1]);
}

/** The live state the VM page's power controls show (their own poll of the backend). */
function liveStatus(page: Page) {
  return page.getByTestId('vm-power-controls').getByTestId('live-status');
}

async function power(page: Page, verb: string, expected: string): Promise<void> {
  const controls = page.getByTestId('vm-power-controls');
  await controls.getByRole('button', { name: verb, exact: true }).click();
  // Verbs that ask first (suspend, power off) open a dialog whose confirm button carries the verb too.
  const dialog = page.getByRole('dialog');
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: verb, exact: true }).click();
  await expect(liveStatus(page)).toHaveAttribute('data-status', expected, { timeout: 30_000 });
}

test.describe('a KVM host through the pages', () => {
  needsEnvironment(Boolean(process.env.E2E_LIBVIRT), 'set E2E_LIBVIRT=1 with LIBVIRT_QEMU_URI and a BACKENDS_FILE naming it (scripts/test.sh does)');

  test.beforeAll(async () => {
    // Asked for but without a daemon: a failure, never a silent skip.
    if (!URI || !POOL || !POOL_DIR) throw new Error('E2E_LIBVIRT is set but LIBVIRT_QEMU_URI / LIBVIRT_POOL / LIBVIRT_POOL_DIR are not (eval "$(scripts/real/libvirt.sh up)")');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(POOL_DIR, base), '64M']);
    await virsh('pool-refresh', POOL);
  });

  test.afterAll(async () => {
    if (!URI || !POOL) return;
    // Whatever a failed run left behind: the VM (with its snapshots) and every volume this run made.
    await virsh('destroy', vmName).catch(() => undefined);
    await virsh('undefine', vmName, '--snapshots-metadata').catch(() => undefined);
    for (const name of [overlay, volume, base]) await virsh('vol-delete', '--pool', POOL, name).catch(() => undefined);
  });

  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('a VM from a base image: create in the wizard, start, console, suspend, resume, snapshot and revert, power off, delete with its storage', async ({ page }) => {
    test.setTimeout(240_000);
    // The base image is the boot disk.
    const progress = await createKvmVm(page, vmName, async (wizard) => {
      await wizard.getByRole('radio', { name: /From a base image/ }).check();
      await pickOption(wizard.getByLabel('Base image', { exact: true }), base);
    });

    // libvirt made the overlay: a qcow2 in the pool whose backing store is the base image.
    expect(await virsh('vol-dumpxml', '--pool', POOL!, overlay)).toContain(`<path>${path.join(POOL_DIR!, base)}</path>`);

    await progress.getByRole('link', { name: `Open ${vmName}` }).click();
    await expect(page.getByRole('heading', { name: vmName })).toBeVisible();
    await expect(liveStatus(page)).toHaveAttribute('data-status', 'stopped');
    await power(page, 'Start', 'running');

    // The console (its own window): noVNC through the relay, connected with the VM's generated password.
    await page.reload();
    const [consoleWindow] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Open console' }).click()]);
    await expect(consoleWindow.getByRole('heading', { name: vmName })).toBeVisible();
    await expect(consoleWindow.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
    await expect(consoleWindow.getByText('vnc', { exact: true })).toBeVisible();
    await consoleWindow.close();

    await power(page, 'Suspend', 'paused');
    expect(await virsh('domstate', vmName)).toContain('paused');
    await power(page, 'Resume', 'running');

    // Snapshots: libvirt goes straight back to one (no preview/commit), and cannot clone from one.
    await page.goto(`${new URL(page.url()).pathname}?tab=snapshots`);
    const panel = page.getByTestId('snapshots-panel');
    await panel.getByLabel('Description').fill('before the change');
    await panel.getByLabel('Save the memory too').check();
    await panel.getByRole('button', { name: 'Take snapshot' }).click();
    const row = panel.getByTestId('snapshot-row').filter({ hasText: 'before the change' });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByRole('button', { name: 'Revert' })).toBeEnabled();
    await expect(row.getByRole('button', { name: 'Preview' })).toHaveCount(0);
    await expect(row.getByRole('button', { name: 'Clone' })).toHaveCount(0);
    // A change after the snapshot that the revert must undo: the guest is paused, then reverted to running.
    await virsh('suspend', vmName);
    await expect.poll(async () => (await virsh('domstate', vmName)).trim(), { timeout: 15_000 }).toBe('paused');
    await row.getByRole('button', { name: 'Revert' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revert to this snapshot?' });
    await expect(confirm).toContainText(`${vmName} goes back to snapshot “before the change”`);
    await confirm.getByRole('button', { name: 'Revert' }).click();
    await expect(panel.getByText('Revert to the snapshot requested.')).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => (await virsh('domstate', vmName)).trim(), { timeout: 30_000 }).toBe('running');
    expect(await virsh('snapshot-list', vmName, '--name')).toMatch(/snap-/);

    await power(page, 'Power off', 'stopped');

    // Delete with its storage, the name typed: the domain, its snapshots and the overlay go; the base image stays.
    await page.goto(`${new URL(page.url()).pathname}?tab=manage`);
    const manage = page.getByTestId('vm-delete');
    await manage.getByRole('button', { name: 'Delete VM' }).click();
    const del = page.getByRole('dialog', { name: `Delete ${vmName}?` });
    await del.getByLabel(`Type ${vmName} to confirm.`).fill(vmName);
    await del.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(async () => (await virsh('list', '--all', '--name')).split('\n').map((l) => l.trim()), { timeout: 30_000 }).not.toContain(vmName);
    expect(await volumes()).not.toContain(overlay);
    expect(await volumes()).toContain(base);
  });

  test('pool volumes on the storage page: create, grow (never shrink), delete by name; a base image in use is refused in libvirt’s words', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/storage');
    await page.getByRole('link', { name: POOL!, exact: true }).click();
    await expect(page.getByRole('heading', { name: new RegExp(POOL!) })).toBeVisible();
    const disks = page.getByTestId('storage-disks');
    await expect(disks.getByTestId('storage-disk-row').filter({ hasText: base })).toBeVisible();

    const create = page.getByRole('form', { name: 'New disk in this storage domain' });
    await create.getByLabel('Disk name').fill(volume);
    await create.getByLabel('Size (GiB)').fill('0.25');
    await create.getByLabel('Format').selectOption('qcow2');
    await create.getByRole('button', { name: 'Create disk' }).click();
    await expect(page.getByText(`Disk ${volume} was created.`)).toBeVisible({ timeout: 20_000 });
    const row = disks.getByTestId('storage-disk-row').filter({ hasText: volume });
    await expect(row).toContainText('256 MiB');
    expect(await capacity(volume)).toBe(256 * 1024 ** 2);

    // Grow: a smaller size is refused before anything is asked; a larger one reaches libvirt.
    await row.getByRole('button', { name: `Grow ${volume}` }).click();
    const grow = page.getByRole('dialog', { name: `Grow disk ${volume}` });
    await grow.getByLabel('New size (GiB)').fill('0.125');
    await expect(grow.getByText('the new size must be larger (a disk never shrinks)')).toBeVisible();
    await expect(grow.getByRole('button', { name: 'Grow' })).toBeDisabled();
    await grow.getByLabel('New size (GiB)').fill('0.5');
    await grow.getByRole('button', { name: 'Grow' }).click();
    await expect(page.getByText(`Disk ${volume} now holds 0.5 GiB.`)).toBeVisible({ timeout: 20_000 });
    await expect(row).toContainText('512 MiB');
    expect(await capacity(volume)).toBe(512 * 1024 ** 2);

    // An overlay on the base image (made outside the dashboard) makes the base image undeletable.
    await virsh('vol-create-as', POOL!, `${tag}-child.qcow2`, '64M', '--format', 'qcow2', '--backing-vol', path.join(POOL_DIR!, base), '--backing-vol-format', 'qcow2');
    try {
      await page.reload();
      await disks.getByTestId('storage-disk-row').filter({ hasText: base }).getByRole('button', { name: `Delete ${base}` }).click();
      const refuse = page.getByRole('dialog', { name: `Delete disk ${base}?` });
      await refuse.getByLabel(`Type ${base} to confirm.`).fill(base);
      await refuse.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(refuse.getByText(`The volume "${base}" is the base image of "${tag}-child.qcow2"`)).toBeVisible({ timeout: 20_000 });
      await refuse.getByRole('button', { name: 'Cancel' }).click();
      expect(await volumes()).toContain(base);
    } finally {
      await virsh('vol-delete', '--pool', POOL!, `${tag}-child.qcow2`).catch(() => undefined);
    }

    // Delete: the name must be typed exactly.
    await row.getByRole('button', { name: `Delete ${volume}` }).click();
    const del = page.getByRole('dialog', { name: `Delete disk ${volume}?` });
    const typed = del.getByLabel(`Type ${volume} to confirm.`);
    await typed.fill(volume.slice(0, -1));
    await expect(del.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
    await typed.fill(volume);
    await del.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByText(`Disk ${volume} was deleted.`)).toBeVisible({ timeout: 20_000 });
    await expect(disks.getByTestId('storage-disk-row').filter({ hasText: volume })).toHaveCount(0);
    expect(await volumes()).not.toContain(volume);
  });

  test('the libvirt connections named into one cluster are one cluster row and one page with every host', async ({ page }) => {
    await page.goto('/clusters');
    const rows = page.getByTestId('cluster-row').filter({ has: page.getByRole('link', { name: CLUSTER, exact: true }) });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('KVM fixture, KVM qemu, KVM qemu B');
    await rows.getByRole('link', { name: CLUSTER, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${encodeURIComponent(`cluster-group:${CLUSTER}`)}$`));
    await expect(page.getByRole('heading', { name: CLUSTER })).toBeVisible();
    // One host per connection, and the fixture host's domains among the cluster's VMs.
    await expect(page.getByTestId('related-hosts').locator('tbody tr')).toHaveCount(3);
    await expect(page.getByRole('link', { name: 'web01', exact: true })).toBeVisible();

    // A host page's link to its connection's own copy of the cluster lands on the group too.
    await page.getByTestId('related-hosts').locator('tbody tr').first().getByRole('link').click();
    await page.getByRole('link', { name: CLUSTER, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${encodeURIComponent(`cluster-group:${CLUSTER}`)}$`));
  });
});
