import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, needsEnvironment, signInAsAdmin, test } from './fixtures';

/**
 * Live migration of a running KVM guest from the VM page, between the rig's two real daemons: host
 * A ("KVM qemu") and host B ("KVM qemu B"), both named into cluster "kvm-e2e". The dialog has no
 * "let the scheduler choose" for libvirt (each host is its own connection): it lists the group's
 * other hosts, and nothing can be confirmed until one is chosen. After the move the VM runs on B
 * and the page of its old id says it is gone from A.
 *
 * Runs in scripts/test.sh's libvirt step (scripts/real/libvirt.sh starts both daemons).
 */
const URI = process.env.LIBVIRT_QEMU_URI;
const URI_B = process.env.LIBVIRT_QEMU_URI_B;
const run = promisify(execFile);
const vmName = `vd-e2e-move-${process.pid}`;
const LONG = { timeout: 60_000 };

async function virsh(uri: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-q', '-c', uri, ...args], { timeout: 60_000 });
  return stdout.trim();
}

const toolbar = (page: Page) => page.getByTestId('vm-power-controls');

test.describe('libvirt live migration from the VM page', () => {
  needsEnvironment(Boolean(process.env.E2E_LIBVIRT), 'set E2E_LIBVIRT=1 with LIBVIRT_QEMU_URI(_B) and a BACKENDS_FILE naming both (scripts/test.sh does)');

  test.beforeAll(async () => {
    if (!URI || !URI_B) throw new Error('E2E_LIBVIRT is set but LIBVIRT_QEMU_URI / LIBVIRT_QEMU_URI_B are not (eval "$(scripts/real/libvirt.sh up)")');
    // A guest with no disk (nothing to share between the hosts), running on A.
    const file = path.join(os.tmpdir(), `${vmName}.xml`);
    await fs.writeFile(file, `<domain type='qemu'><name>${vmName}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`);
    await virsh(URI, 'define', file);
    await fs.rm(file, { force: true });
    await virsh(URI, 'start', vmName);
  });

  test.afterAll(async () => {
    for (const uri of [URI, URI_B]) {
      if (!uri) continue;
      await virsh(uri, 'destroy', vmName).catch(() => undefined);
      await virsh(uri, 'undefine', vmName).catch(() => undefined);
    }
  });

  test('a running guest moves from host A to host B: the host must be named, then it runs on B', async ({ page }) => {
    test.setTimeout(180_000);
    await signInAsAdmin(page);
    await page.goto(`/vms?q=${vmName}`);
    await page.getByRole('link', { name: vmName, exact: true }).first().click();
    await expect(toolbar(page).getByTestId('live-status')).toHaveAttribute('data-status', 'running', LONG);

    await toolbar(page).getByRole('group', { name: 'Power actions' }).getByRole('button', { name: 'Migrate', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const target = dialog.getByLabel('Destination host');
    const peer = target.locator('optgroup[label="Other hosts of the cluster group"] option', { hasText: '(KVM qemu B)' });
    await expect(peer).toHaveCount(1, LONG);
    // libvirt has no scheduler: no "let it choose", and confirming waits for a host.
    await expect(target.locator('option', { hasText: 'the scheduler' })).toHaveCount(0);
    const go = dialog.getByRole('button', { name: 'Migrate', exact: true });
    await expect(go).toBeDisabled();
    await target.selectOption({ label: (await peer.textContent())! });
    await go.click();
    await expect(dialog).toHaveCount(0);

    // The guest is on B, persistent there, and gone from A; the page of its A id says so.
    await expect.poll(() => virsh(URI_B!, 'domstate', vmName).catch(() => ''), LONG).toBe('running');
    await expect.poll(async () => (await virsh(URI!, 'list', '--all', '--name')).split('\n').includes(vmName), LONG).toBe(false);
    await expect(toolbar(page).getByTestId('live-status')).toHaveAttribute('data-status', 'removed', LONG);

    await page.goto(`/vms?q=${vmName}`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: vmName, exact: true }) });
    await expect(row).toHaveCount(1, LONG);
    await row.getByRole('link', { name: vmName, exact: true }).click();
    await expect(toolbar(page).getByTestId('live-status')).toHaveAttribute('data-status', 'running', LONG);
    await expect(page).toHaveURL(/\/vms\//);
  });
});
