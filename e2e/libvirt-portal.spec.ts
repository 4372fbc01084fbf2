import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUserViaUi, expect, signInAsAdmin, signInAsPortalUser, test } from './fixtures';

/**
 * A portal launch from a libvirt base image, against a real libvirtd with QEMU: the admin
 * publishes the image with its network (required for images) and a 1 GiB size; a user launches
 * it and the VM has exactly one disk, the overlay grown to the size, and one NIC on that network.
 * Runs in scripts/test.sh's libvirt step (see e2e/libvirt-lifecycle.spec.ts for running it by hand).
 */
const URI = process.env.LIBVIRT_QEMU_URI;
const POOL = process.env.LIBVIRT_POOL;
const POOL_DIR = process.env.LIBVIRT_POOL_DIR;
const run = promisify(execFile);
const tag = Date.now().toString(36);
const base = `vd-e2e-img-${tag}.qcow2`;
const network = `vd-e2e-net-${tag}`;
const USER = `kvm-user-${tag}`;
const ITEM = `Tiny Linux ${tag}`;
const FLAVOR = `one-gig-${tag}`;
const VM = `vd-e2e-launch-${tag}`;

async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-q', '-c', URI!, ...args], { timeout: 60_000 });
  return stdout;
}

test.describe('a self-service launch from a KVM base image', () => {
  test.skip(!process.env.E2E_LIBVIRT, 'set E2E_LIBVIRT=1 with LIBVIRT_QEMU_URI and a BACKENDS_FILE naming it (scripts/test.sh does)');
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    if (!URI || !POOL || !POOL_DIR) throw new Error('E2E_LIBVIRT is set but LIBVIRT_QEMU_URI / LIBVIRT_POOL / LIBVIRT_POOL_DIR are not (eval "$(scripts/real/libvirt.sh up)")');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(POOL_DIR, base), '64M']);
    await virsh('pool-refresh', POOL);
    // An isolated bridge without DHCP (no dnsmasq, no firewall rules), transient: gone when destroyed.
    const file = path.join(os.tmpdir(), `${network}.xml`);
    await fs.writeFile(file, `<network><name>${network}</name><forward mode='open'/><bridge name='vde${tag.slice(-8)}' stp='off'/><dns enable='no'/><ip address='198.51.100.33' prefix='28'/></network>`);
    await virsh('net-create', file);
    await fs.rm(file, { force: true });
  });

  test.afterAll(async () => {
    if (!URI || !POOL) return;
    await virsh('destroy', VM).catch(() => undefined);
    await virsh('undefine', VM).catch(() => undefined);
    for (const name of [`${VM}-disk0.qcow2`, base]) await virsh('vol-delete', '--pool', POOL, name).catch(() => undefined);
    await virsh('net-destroy', network).catch(() => undefined);
  });

  test('the admin publishes the image with its network; a user\u2019s launch has one disk of the size and one NIC', async ({ page }) => {
    test.setTimeout(180_000);
    await signInAsAdmin(page);
    await createUserViaUi(page, USER);
    const catalog = page.getByTestId('catalog-form');
    // The network was made behind the dashboard's back (virsh, in beforeAll) and the list of
    // networks is cached for 30 s (CACHE_TTL_MS.slow): an earlier spec may have read it just before.
    // A user reloads until it is there, as this does; it must appear once the cache expires.
    await expect(async () => {
      await page.goto('/admin/portal');
      await expect(catalog.getByLabel('Network').locator('option', { hasText: network })).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000, 5_000] });
    // A refused form starts empty again (React resets a form after its action): fill all of it each time.
    const fill = async (withNetwork: boolean) => {
      await catalog.getByLabel('Name', { exact: true }).fill(ITEM);
      await catalog.getByLabel('Template or image').selectOption({ label: `Image: ${base}` });
      await catalog.getByLabel('Cluster').selectOption({ label: 'KVM qemu / kvm-e2e' });
      await catalog.getByLabel('Storage for new disks').selectOption({ label: `KVM qemu / ${POOL}` });
      await catalog.getByLabel('Smallest disk (GiB)').fill('1');
      if (withNetwork) await catalog.getByLabel('Network').selectOption({ label: network });
      await catalog.getByRole('button', { name: 'Publish' }).click();
    };
    // Without the network an image is refused: its VM would have no way in.
    await fill(false);
    await expect(catalog).toContainText('Choose the network a VM launched from this image joins.');
    await expect(page.getByTestId(`catalog-row-${ITEM}`)).toHaveCount(0);
    await fill(true);
    await expect(catalog.getByText(`${ITEM} is in the catalog.`)).toBeVisible({ timeout: 20_000 });
    const flavors = page.getByTestId('flavor-form');
    await flavors.getByLabel('Name').fill(FLAVOR);
    await flavors.getByLabel('vCPUs').fill('1');
    await flavors.getByLabel('Memory (MiB)').fill('256');
    await flavors.getByLabel('Disk (GiB)').fill('1');
    await flavors.getByRole('button', { name: 'Add size' }).click();
    await expect(page.getByTestId(`flavor-row-${FLAVOR}`)).toBeVisible();

    await page.context().clearCookies();
    await signInAsPortalUser(page, USER);
    await page.goto('/portal/launch');
    await page.getByLabel('Image').selectOption({ label: ITEM });
    await page.getByLabel('Size').selectOption({ label: `${FLAVOR}: 1 vCPUs, 256 MiB, 1 GiB` });
    await page.getByLabel('Name').fill(VM);
    await page.getByRole('button', { name: 'Launch' }).click();
    await expect(page.getByText(`VM ${VM} is being created. It appears in My VMs.`)).toBeVisible({ timeout: 60_000 });

    const xml = await virsh('dumpxml', '--inactive', VM);
    expect(xml.match(/device='disk'/g), 'exactly one disk').toHaveLength(1);
    expect(xml).toContain(`${VM}-disk0.qcow2`);
    expect(xml.match(/<interface type='network'>/g), 'exactly one NIC').toHaveLength(1);
    expect(xml).toContain(`<source network='${network}'/>`);
    const info = await virsh('vol-info', '--pool', POOL!, '--bytes', `${VM}-disk0.qcow2`);
    expect(Number(/Capacity:\s+(\d+) bytes/.exec(info)?.[1])).toBe(1024 ** 3);

    // Running, the VM's card in My VMs offers its serial console, and it opens: every new VM has a
    // serial port ("connected" is the relay's word that libvirt opened it; without one the daemon refuses).
    await virsh('start', VM);
    await page.goto('/portal');
    const card = page.getByTestId('my-vm-card').filter({ hasText: VM });
    const serial = card.getByRole('link', { name: 'Serial console' });
    await expect(serial).toBeVisible({ timeout: 30_000 });
    await page.goto((await serial.getAttribute('href'))!);
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
  });
});
