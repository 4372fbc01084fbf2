import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, needsEnvironment, signInAsAdmin, test } from './fixtures';
import { createKvmVm, pickOption } from './kvm-wizard';

/**
 * A Cinder volume on Ceph attached to and detached from a running QEMU guest through the pages
 * only, all real: scripts/test.sh's libvirt step starts scripts/real/ceph.sh and cinder.sh beside
 * libvirt.sh, and its BACKENDS_FILE names the rig's Cinder ("Cinder") next to the libvirt hosts.
 * The volume is made on the new-volume form (type ceph), attached on its page to the running
 * guest (hot-plugged: QEMU's live definition shows the rbd disk), then detached.
 *
 * virsh only makes the guest, defines the libvirt secret the rig's Cinder names (as an operator
 * does on a host: "a secret already defined there by uuid"), and checks what the pages did.
 */
const e = process.env;
const present = !!(e.LIBVIRT_QEMU_URI && e.CINDER_URL && e.CINDER_RBD_SECRET_UUID && e.CEPH_USER_KEY && e.CINDER_RBD_TYPE && e.KEYSTONE_URL && e.CINDER_USER && e.CINDER_PASSWORD && e.CINDER_PROJECT);
const run = promisify(execFile);
const tag = `${process.pid}`;
const vmName = `vd-e2e-att-${tag}`;
const volumeName = `vd-e2e-rbd-${tag}`;
const bootVmName = `vd-e2e-bfv-${tag}`;
const bootVolumeName = `vd-e2e-boot-${tag}`;

async function virsh(...args: string[]): Promise<string> {
  return (await run('virsh', ['-q', '-c', e.LIBVIRT_QEMU_URI!, ...args], { timeout: 60_000 })).stdout;
}

async function virshFile(verb: string, xml: string, ...extra: string[]): Promise<void> {
  const file = path.join(os.tmpdir(), `${tag}-${verb}.xml`);
  await fs.writeFile(file, xml);
  try {
    await virsh(verb, file, ...extra);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** The rig's Cinder volume of that name, deleted through Cinder's API (what the pages would do). */
async function deleteVolumeByName(name: string): Promise<void> {
  const auth = await fetch(`${e.KEYSTONE_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: e.CINDER_USER, domain: { id: 'default' }, password: e.CINDER_PASSWORD } } },
        scope: { project: { name: e.CINDER_PROJECT, domain: { id: 'default' } } },
      },
    }),
  });
  const token = auth.headers.get('x-subject-token')!;
  const body = (await auth.json()) as { token: { project: { id: string } } };
  const base = `${e.CINDER_URL}/v3/${body.token.project.id}`;
  const list = (await (await fetch(`${base}/volumes?name=${encodeURIComponent(name)}`, { headers: { 'X-Auth-Token': token } })).json()) as { volumes: Array<{ id: string }> };
  for (const v of list.volumes) await fetch(`${base}/volumes/${v.id}`, { method: 'DELETE', headers: { 'X-Auth-Token': token } });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  if (!present) return;
  await virshFile(
    'secret-define',
    `<secret ephemeral='no' private='yes'><uuid>${e.CINDER_RBD_SECRET_UUID}</uuid><usage type='ceph'><name>client.cinder e2e</name></usage></secret>`,
  ).catch(() => undefined); // already defined by an earlier run of this step: its value is set again below
  await virsh('secret-set-value', e.CINDER_RBD_SECRET_UUID!, e.CEPH_USER_KEY!);
  await virshFile('define', `<domain type='qemu'><name>${vmName}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><features><acpi/></features><devices><controller type='scsi' model='virtio-scsi'/><graphics type='vnc' port='-1' listen='127.0.0.1'/></devices></domain>`);
  // ACPI and a virtio-scsi bus, as the dashboard's own VMs have: without ACPI, QEMU's pci.0 takes no
  // hot-plugged controller and the attach fails in QEMU's words ("Bus 'pci.0' does not support hotplugging").
  await virsh('start', vmName);
});

test.afterAll(async () => {
  if (!present) return;
  await virsh('destroy', vmName).catch(() => undefined);
  await virsh('undefine', vmName).catch(() => undefined);
  await virsh('destroy', bootVmName).catch(() => undefined);
  await virsh('undefine', bootVmName).catch(() => undefined);
  await deleteVolumeByName(volumeName).catch(() => undefined);
  await deleteVolumeByName(bootVolumeName).catch(() => undefined);
});

/** A new volume made on the form (type ceph, 1 GiB), its page open once Cinder has made it. */
async function newVolumePage(page: Page, name: string): Promise<void> {
  await page.goto('/volumes/new');
  const form = page.getByTestId('volume-create-form');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Size (GiB)').fill('1');
  await form.getByLabel('Volume type').selectOption(e.CINDER_RBD_TYPE!);
  await form.getByRole('button', { name: 'Create volume' }).click();
  await expect(page).toHaveURL(/\/volumes\?connection=/);
  await page.goto(`/volumes?q=${encodeURIComponent(name)}`);
  await page.getByTestId('volume-row').getByRole('link', { name, exact: true }).click();
  await expect(page.getByTestId('volume-title')).toContainText(name);
}

test('a new Ceph volume attaches to a running QEMU guest from its page (hot-plugged, rbd), then detaches', async ({ page }) => {
  needsEnvironment(present, 'the Ceph, Cinder and libvirt rigs (scripts/real/ceph.sh, cinder.sh, libvirt.sh) and a "Cinder" connection in BACKENDS_FILE');
  test.setTimeout(180_000);
  await signInAsAdmin(page);

  // Its page, once Cinder has made it: the attach form offers the running guest.
  await newVolumePage(page, volumeName);
  const attachments = page.getByTestId('volume-attachments');
  await expect(async () => {
    await page.reload();
    await expect(attachments.getByTestId('volume-attach-vm')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const option = attachments.getByTestId('volume-attach-vm').locator('option', { hasText: vmName });
  await expect(option).toContainText('running');
  await attachments.getByTestId('volume-attach-vm').selectOption((await option.getAttribute('value'))!);
  await attachments.getByTestId('volume-attach').getByRole('button', { name: 'Attach' }).click();
  // The action's own answer first: reloading earlier would cut the request off.
  // (The page may already show the attachment in its place when it re-renders.)
  await expect(attachments.getByText(/Attached as \/dev\/sd[a-z]\./).or(attachments.getByTestId('volume-attachment')).first()).toBeVisible({ timeout: 60_000 });

  // The page names the guest it is on; QEMU's live definition has the rbd disk.
  await expect(async () => {
    await page.reload();
    await expect(attachments.getByTestId('volume-attachment')).toContainText(vmName, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  expect(await virsh('dumpxml', vmName)).toMatch(/<source protocol='rbd' name='volumes\/volume-[0-9a-f-]+'/);

  // Detach (it asks first): the disk leaves the guest, the volume is free again.
  page.once('dialog', (d) => void d.accept());
  await attachments.getByTestId('volume-detach').getByRole('button', { name: 'Detach' }).click();
  await expect(attachments.getByText('Detached.').or(attachments.getByText('Not attached to any server.')).first()).toBeVisible({ timeout: 60_000 });
  await expect(async () => {
    await page.reload();
    await expect(attachments).toContainText('Not attached to any server.', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  expect(await virsh('dumpxml', vmName)).not.toContain("protocol='rbd'");
});

test('a VM boots from a Ceph volume made bootable on its page: the wizard makes it, QEMU opens the rbd disk first, deleting the VM keeps the volume', async ({ page }) => {
  needsEnvironment(present, 'the Ceph, Cinder and libvirt rigs (scripts/real/ceph.sh, cinder.sh, libvirt.sh) and a "Cinder" connection in BACKENDS_FILE');
  test.setTimeout(240_000);
  await signInAsAdmin(page);

  await newVolumePage(page, bootVolumeName);
  const makeBootable = page.getByTestId('volume-bootable').getByRole('button', { name: 'Make bootable' });
  await expect(async () => {
    await page.reload();
    await expect(makeBootable).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await makeBootable.click();
  await expect(page.getByTestId('volume-bootable-value')).toHaveText('Yes');

  // The wizard on the KVM host: from a Cinder volume, the bootable one, as its only disk.
  const progress = await createKvmVm(
    page,
    bootVmName,
    async (wizard) => {
      await wizard.getByRole('radio', { name: /From a Cinder volume/ }).check();
      await pickOption(wizard.getByTestId('boot-volume'), bootVolumeName);
    },
    90_000,
  );

  // The definition boots from the rbd disk, with the rig's monitors and secret.
  const defined = await virsh('dumpxml', bootVmName);
  expect(defined).toMatch(/<source protocol='rbd' name='volumes\/volume-[0-9a-f-]+'/);
  expect(defined).toMatch(/<boot order='1'\/>/);

  // Started from its page: QEMU opened the volume (the live definition still has it), it runs.
  await progress.getByRole('link', { name: `Open ${bootVmName}` }).click();
  await expect(page.getByRole('heading', { name: bootVmName })).toBeVisible();
  const controls = page.getByTestId('vm-power-controls');
  await controls.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(controls.getByTestId('live-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  expect(await virsh('domstate', bootVmName)).toContain('running');
  expect(await virsh('dumpxml', bootVmName)).toContain("protocol='rbd'");

  // Powered off and deleted (volumes kept by default): the volume is free again, still there.
  await controls.getByRole('button', { name: 'Power off', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Power off', exact: true }).click();
  await expect(controls.getByTestId('live-status')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
  await page.goto(`${new URL(page.url()).pathname}?tab=manage`);
  await page.getByRole('button', { name: 'Delete VM' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('vm-delete-volumes')).not.toBeChecked();
  await dialog.getByLabel(`Type ${bootVmName} to confirm.`).fill(bootVmName);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('vm-manage')).toContainText(`${bootVmName} no longer exists`, { timeout: 60_000 });

  await page.goto(`/volumes?q=${encodeURIComponent(bootVolumeName)}`);
  await page.getByTestId('volume-row').getByRole('link', { name: bootVolumeName, exact: true }).click();
  await expect(page.getByTestId('volume-title')).toContainText(bootVolumeName);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('volume-attachments')).toContainText('Not attached to any server.', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
