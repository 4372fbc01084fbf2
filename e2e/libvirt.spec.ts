import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, needsEnvironment, signInAsAdmin, test } from './fixtures';

/**
 * libvirt hosts in the same pages as oVirt. Needs a libvirtd (scripts/real/libvirt.sh up) and the
 * server started with a BACKENDS_FILE naming the test driver fixture ("KVM fixture") and the real
 * QEMU daemon ("KVM qemu", for e2e/libvirt-console.spec.ts). scripts/test.sh's libvirt step does
 * exactly that; by hand:
 *
 *   eval "$(scripts/real/libvirt.sh up)"
 *   echo '{"connections":[{"name":"KVM fixture","kind":"libvirt","url":"'$LIBVIRT_TEST_URI_PREFIX$PWD'/test/fixtures/libvirt/node.xml"},{"name":"KVM qemu","kind":"libvirt","url":"'$LIBVIRT_QEMU_URI'"}]}' > /tmp/backends.json
 *   E2E_LIBVIRT=1 BACKENDS_FILE=/tmp/backends.json npx playwright test e2e/libvirt.spec.ts e2e/libvirt-console.spec.ts
 */
const FIXTURE = path.resolve(__dirname, '../test/fixtures/libvirt/node.xml');
const PREFIX = process.env.LIBVIRT_TEST_URI_PREFIX ?? 'test+tcp://127.0.0.1';

test.describe('libvirt connection', () => {
  needsEnvironment(Boolean(process.env.E2E_LIBVIRT), 'set E2E_LIBVIRT=1 with a libvirtd and BACKENDS_FILE (see the comment above)');

  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('the fixture host’s domains, host and state show in the VM and host lists', async ({ page }) => {
    await page.goto('/vms');
    for (const name of ['web01', 'web02', 'db01', 'build01', 'cache01']) await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
    await page.goto('/vms?q=cache01');
    await expect(page.getByText('cache01', { exact: true }).first()).toBeVisible();
    await expect(page.getByText('web01', { exact: true })).toHaveCount(0);
    // The connection is one host: up, with the fixture's 16 logical CPUs and 3 running or paused domains.
    await page.goto('/hosts');
    const host = page.getByRole('row', { name: /KVM fixture/ });
    await expect(host).toContainText('Up');
    await expect(host).toContainText('/ 16 vCPUs');
  });

  test('the connection form says what the host needs and tests a libvirt URI', async ({ page }) => {
    await page.goto('/admin/backends');
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Kind').selectOption('libvirt');
    // No libvirt on the dashboard machine, but qemu+ssh runs the OpenSSH client here: the note says both.
    await expect(form.getByText('no libvirt packages are needed on this server')).toBeVisible();
    await expect(form.getByText('the OpenSSH client (ssh): install it on this server')).toBeVisible();
    await expect(form.getByLabel('Password')).toHaveCount(0);
    await form.getByLabel('Name', { exact: true }).fill(`KVM form ${Date.now()}`);
    await form.getByLabel('Address').fill(`${PREFIX}${FIXTURE}`);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status')).toContainText('libvirt TEST');

    await form.getByLabel('Address').fill('qemu+tcp://127.0.0.1:1/system');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status')).toContainText('cannot be reached');
  });

  test('an ISO uploaded into the real QEMU host’s pool ends as uploaded, and the pool holds it', async ({ page }) => {
    const uri = process.env.LIBVIRT_QEMU_URI;
    const pool = process.env.LIBVIRT_POOL;
    if (!uri || !pool) throw new Error('E2E_LIBVIRT is set but LIBVIRT_QEMU_URI / LIBVIRT_POOL are not (eval "$(scripts/real/libvirt.sh up)")');
    const name = `e2e-libvirt-${process.pid}.iso`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-libvirt-upload-'));
    const file = path.join(dir, name);
    const bytes = 20 * 1024 * 1024 + 123; // several upload ranges, the last one short
    fs.writeFileSync(file, Buffer.alloc(bytes, 0x5a));
    const virsh = promisify(execFile);
    try {
      await page.goto('/storage/upload');
      const domain = page.getByLabel('Storage domain');
      const option = domain.locator('option', { hasText: `${pool} (KVM qemu)` });
      await domain.selectOption((await option.getAttribute('value')) ?? '');
      await page.getByLabel('ISO file').setInputFiles(file);
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      // Finalize ends a libvirt upload at once; the page must show that, not a failure.
      await expect(page.getByText(`${name} was uploaded.`)).toBeVisible({ timeout: 60_000 });
      await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute('aria-valuenow', '100');
      const info = await virsh('virsh', ['-q', '-c', uri, 'vol-info', '--pool', pool, '--bytes', name]);
      expect(info.stdout).toMatch(new RegExp(`Capacity:\\s+${bytes} bytes`));
    } finally {
      await virsh('virsh', ['-q', '-c', uri, 'vol-delete', '--pool', pool, name]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
