import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, needsEnvironment, signInAsAdmin, test } from './fixtures';

/**
 * libvirt virtual networks through the pages, against a real libvirtd (scripts/test.sh's libvirt
 * step, scripts/real/libvirt.sh): create an isolated network with a DHCP range (dnsmasq really
 * starts), change the range, see removal refused while a running guest uses it (the guest named),
 * then remove it and land on the network list, where it is gone.
 *
 * virsh only starts the guest that holds the network and checks what the pages did.
 */
const URI = process.env.LIBVIRT_QEMU_URI;
const run = promisify(execFile);
const tag = `${process.pid}`;
const name = `vd-e2e-net-${tag}`;
const guest = `vd-e2e-netuser-${tag}`;
const third = randomInt(1, 250);
const subnet = `10.219.${third}`;

async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-q', '-c', URI!, ...args], { timeout: 60_000 });
  return stdout;
}

test.describe('libvirt virtual networks through the pages', () => {
  needsEnvironment(Boolean(process.env.E2E_LIBVIRT), 'set E2E_LIBVIRT=1 with LIBVIRT_QEMU_URI and a BACKENDS_FILE naming it (scripts/test.sh does)');
  test.setTimeout(240_000);

  test.afterAll(async () => {
    await virsh('destroy', guest).catch(() => undefined);
    await virsh('net-destroy', name).catch(() => undefined);
    await virsh('net-undefine', name).catch(() => undefined);
  });

  test('create with a DHCP range, change the range, removal refused while a guest runs on it, then removed', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/networks/new');
    const form = page.getByTestId('virtual-network-create');
    await form.locator('#vn-connection').selectOption({ label: 'KVM qemu' });
    await form.locator('#vn-name').fill(name);
    await form.locator('#vn-mode').selectOption('isolated');
    await form.locator('#vn-address').fill(`${subnet}.1`);
    await form.locator('#vn-prefix').fill('24');
    await form.locator('#vn-dhcp-start').fill(`${subnet}.100`);
    await form.locator('#vn-dhcp-end').fill(`${subnet}.150`);
    await form.getByRole('button', { name: 'Create virtual network' }).click();
    await expect(form.getByRole('status')).toContainText(`Network ${name} was created.`, { timeout: 60_000 });
    expect(await virsh('net-list', '--name')).toContain(name);

    await page.goto('/networks');
    await page.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    const facts = page.getByTestId('network-facts');
    await expect(facts).toContainText(`${subnet}.100 – ${subnet}.150`);
    await expect(page.getByRole('heading', { name }).getByText('Operational')).toBeVisible();

    // The range: changed live and in the definition.
    const ops = page.getByTestId('network-virtual-ops');
    await ops.getByLabel('DHCP range start').fill(`${subnet}.120`);
    await ops.getByLabel('DHCP range end').fill(`${subnet}.130`);
    await ops.getByRole('button', { name: 'Save range' }).click();
    await expect(facts).toContainText(`${subnet}.120 – ${subnet}.130`, { timeout: 30_000 });
    expect(await virsh('net-dumpxml', '--inactive', name)).toContain(`start='${subnet}.120' end='${subnet}.130'`);

    // A running guest with a NIC on it.
    const xml = path.join(tmpdir(), `${guest}.xml`);
    await writeFile(xml, `<domain type='qemu'><name>${guest}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices><interface type='network'><source network='${name}'/><model type='e1000'/></interface></devices></domain>`);
    await virsh('create', xml);
    await rm(xml, { force: true });

    const remove = async () => {
      await page.getByRole('button', { name: 'Remove network' }).click();
      await page.getByLabel(`Type ${name} to confirm`).fill(name);
      await page.getByRole('button', { name: 'Remove', exact: true }).click();
    };
    await remove();
    const refusal = page.getByRole('status').filter({ hasText: guest });
    await expect(refusal).toContainText(`is in use by running domains: ${guest}`, { timeout: 30_000 });
    expect(await virsh('net-list', '--name')).toContain(name);
    await expect(page).toHaveURL(/\/networks\/.+/);

    // The guest gone, the network goes, and the page moves to the list (its own page has nothing left).
    await virsh('destroy', guest);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page).toHaveURL(/\/networks$/, { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Networks', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
    expect(await virsh('net-list', '--all', '--name')).not.toContain(name);
  });
});
