import { expect, signInAsAdmin, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The oVirt runbook in the browser against the demo engine: data center → cluster → host →
 * storage (NFS, GlusterFS, POSIX, iSCSI, FC, ISO) → attach / maintenance / activate / detach /
 * remove → import from the export domain, then the way back: host maintenance and removal,
 * cluster edit and removal, data center removal. Each step also meets one refusal of the engine,
 * shown in its own words with nothing changed. The tests run in order on the objects the first
 * ones create (named per run), as an operator would; the seeded estate is left as it was.
 */

const stamp = Date.now().toString(36);
const DC = `dc-e2e-${stamp}`;
const CL = `cl-e2e-${stamp}`;
const HOST = `host-e2e-${stamp}`;
const NFS = `nfs-e2e-${stamp}`;
const CL_RENAMED = `${CL}-x`;

/** The row of `name` in a manage list (its accessible name is the name, then its facts). */
const managedLink = (page: Page, name: string) => page.getByRole('link', { name: new RegExp(`^${name}(\\s|$)`) });

async function openManaged(page: Page, path: string, name: string) {
  await page.goto(path);
  await page.getByRole('link', { name: new RegExp(`^${name}\\b`) }).first().click();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

/** VM names the dashboard's inventory lists for a search text (what the VM list would show). */
async function vmNames(page: Page, text: string): Promise<string[]> {
  const res = await page.request.get(`/api/inventory/vms?q=${encodeURIComponent(text)}&size=50`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { items: Array<{ name: string }> }).items.map((v) => v.name);
}

async function confirmRemove(page: Page, name: string) {
  await page.getByRole('button', { name: 'Remove', exact: true }).first().click();
  await page.getByLabel(`Type ${name} to confirm.`).fill(name);
  await page.getByRole('group', { name: new RegExp(`Remove .* ${name}\\?`) }).getByRole('button', { name: 'Remove', exact: true }).click();
}

test.describe.configure({ mode: 'serial' });

test('data center: create, refuse a duplicate name, rename', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/datacenters/new');
  await page.getByLabel('Name').fill(DC);
  await page.getByLabel('Description').fill('made by e2e');
  await page.getByRole('button', { name: 'Create data center' }).click();
  await expect(page.getByRole('status').getByText(`Data center ${DC} was created`)).toBeVisible();

  // Same name again: the engine's refusal, and still one data center of that name.
  await page.getByRole('button', { name: 'Create data center' }).click();
  await expect(page.getByText('The Data Center name is already in use')).toBeVisible();
  await page.goto('/datacenters/manage');
  await expect(page.getByRole('link', { name: new RegExp(`^${DC}\\b`) })).toHaveCount(1);

  await openManaged(page, '/datacenters/manage', DC);
  await page.getByLabel('Name').fill(`${DC}-x`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText(`Data center ${DC}-x was saved.`)).toBeVisible();
  await openManaged(page, '/datacenters/manage', `${DC}-x`);
  await page.getByLabel('Name').fill(DC);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText(`Data center ${DC} was saved.`)).toBeVisible();
  // Read back: the list has the name as saved, and the interim name is gone.
  await page.goto('/datacenters/manage');
  await expect(managedLink(page, DC)).toHaveCount(1);
  await expect(managedLink(page, `${DC}-x`)).toHaveCount(0);
});

test('cluster: create in the new data center; removing a cluster with hosts is refused', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/clusters/new');
  const option = page.getByLabel('Data center').locator('option', { hasText: DC });
  await page.getByLabel('Data center').selectOption((await option.getAttribute('value')) ?? '');
  await page.getByLabel('Name').fill(CL);
  await page.getByLabel('CPU type').selectOption('AMD EPYC');
  await page.getByRole('button', { name: 'Create cluster' }).click();
  await expect(page.getByRole('status').getByText(`Cluster ${CL} was created.`)).toBeVisible();
  // Read back from the list and the cluster itself: in the new data center, with the CPU type chosen.
  await page.goto('/clusters/manage');
  await expect(managedLink(page, CL)).toHaveCount(1);
  await openManaged(page, '/clusters/manage', CL);
  await expect(page.getByLabel('CPU type')).toHaveValue('AMD EPYC');

  await openManaged(page, '/clusters/manage', 'Default');
  await confirmRemove(page, 'Default');
  await expect(page.getByText('Cluster contains one or more Hosts')).toBeVisible();
  await page.goto('/clusters/manage');
  await expect(page.getByRole('link', { name: /^Default\b/ })).toHaveCount(1);
});

test('host: add with a root password, follow installing → up; removing an up host is refused', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/hosts/new');
  const cluster = page.getByLabel('Cluster').locator('option', { hasText: CL });
  await page.getByLabel('Cluster').selectOption((await cluster.getAttribute('value')) ?? '');
  await page.getByLabel('Name').fill(HOST);
  await page.getByLabel('Address').fill(`${HOST}.demo.lab`);
  await page.getByLabel('Root password', { exact: true }).last().fill('root-secret');
  await page.getByRole('button', { name: 'Add host' }).click();
  await expect(page.getByRole('status').getByText(`Host ${HOST} was added`)).toBeVisible();

  await openManaged(page, '/hosts/manage', HOST);
  await expect(page.getByTestId('host-status')).toContainText(/installing|reboot|initializing/);
  await expect(page.getByTestId('host-status')).toContainText('up', { timeout: 30_000 });
  await confirmRemove(page, HOST);
  await expect(page.getByText('Please switch Host to Maintenance mode first')).toBeVisible();
  await page.goto('/hosts/manage');
  await expect(page.getByRole('link', { name: new RegExp(`^${HOST}\\b`) })).toHaveCount(1);
});

test('storage: an unmountable NFS export is refused; NFS created, attached, maintenance, activated, detached, removed', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(NFS);
  await page.getByLabel('Server').fill('gone.invalid');
  await page.getByLabel('Export path').fill('/exports/e2e');
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByText('Problem while trying to mount target')).toBeVisible();
  await page.goto('/storage/manage');
  await expect(page.getByRole('link', { name: new RegExp(`^${NFS}\\b`) })).toHaveCount(0);

  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(NFS);
  await page.getByLabel('Server').fill('nfs7.demo.lab');
  await page.getByLabel('Export path').fill(`/exports/${stamp}`);
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain ${NFS} was created`)).toBeVisible();

  await openManaged(page, '/storage/manage', NFS);
  await expect(page.getByTestId('sd-status')).toHaveText('unattached');
  await page.getByLabel('Attach to data center').selectOption({ label: 'Default' });
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(page.getByTestId('sd-status')).toHaveText('active', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Maintenance' }).click();
  await expect(page.getByTestId('sd-status')).toHaveText('maintenance', { timeout: 20_000 });
  // Back from maintenance: activate (activating → active), then maintenance again to detach it.
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByTestId('sd-status')).toHaveText('active', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Maintenance' }).click();
  await expect(page.getByTestId('sd-status')).toHaveText('maintenance', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Detach' }).click();
  await expect(page.getByTestId('sd-status')).toHaveText('unattached', { timeout: 20_000 });
  await confirmRemove(page, NFS);
  // Removed: it leaves the list (and its panel with it).
  await expect(page.getByRole('link', { name: new RegExp(`^${NFS}\\b`) })).toHaveCount(0);
});

test('storage: iSCSI discovery, login, LUN choice; a LUN in use is refused', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(`iscsi-e2e-${stamp}`);
  await page.getByLabel('Storage type').selectOption('iscsi');
  await page.getByLabel('Portal address').fill('10.20.0.10');
  await page.getByRole('button', { name: 'Discover' }).click();
  await expect(page.getByText('Targets found: 2.')).toBeVisible();
  await page.getByRole('listitem').filter({ hasText: 'san01.spare' }).getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(/Logged in\. LUNs the host sees/)).toBeVisible();
  // A LUN in use can be chosen only with the override box; the engine still refuses it.
  await page.getByLabel('Also allow LUNs in use').check();
  await page.getByRole('listitem').filter({ hasText: 'san01.ovirt' }).getByRole('button', { name: 'Log in' }).click();
  const usedRow = page.getByRole('row').filter({ hasText: 'In use by a storage domain' }).first();
  await usedRow.getByRole('checkbox').check();
  await page.getByLabel('Also allow LUNs in use').uncheck();
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByText('already part of existing storage domains')).toBeVisible();

  await page.reload();
  await page.getByLabel('Name').fill(`iscsi-e2e-${stamp}`);
  await page.getByLabel('Storage type').selectOption('iscsi');
  await page.getByLabel('Portal address').fill('10.20.0.10');
  await page.getByRole('button', { name: 'Discover' }).click();
  await page.getByRole('listitem').filter({ hasText: 'san01.spare' }).getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('row').filter({ hasText: 'Free' }).first().getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain iscsi-e2e-${stamp} was created`)).toBeVisible();
  await page.goto('/storage/manage');
  await expect(managedLink(page, `iscsi-e2e-${stamp}`)).toContainText('data/iscsi');
});

test('storage: a GlusterFS data domain from server and volume; the volume is required', async ({ page }) => {
  const name = `gluster-e2e-${stamp}`;
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Storage type').selectOption('glusterfs');
  await page.getByLabel('Server').fill('gluster02.demo.lab');
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByText('Enter the volume name.')).toBeVisible();
  await page.getByLabel('Volume').fill(`vmstore-${stamp}`);
  await page.getByLabel('Mount options').fill('backup-volfile-servers=gluster03.demo.lab');
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain ${name} was created`)).toBeVisible();
  await page.goto('/storage/manage');
  await expect(managedLink(page, name)).toContainText('data/glusterfs');
  await openManaged(page, '/storage/manage', name);
  await expect(page.getByTestId('sd-status')).toHaveText('unattached');
});

test('storage: a POSIX data domain from path and VFS type; the VFS type is required', async ({ page }) => {
  const name = `posix-e2e-${stamp}`;
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Storage type').selectOption('posixfs');
  await page.getByLabel('Path', { exact: true }).fill(`ceph-mon02.demo.lab:6789:/e2e-${stamp}`);
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByText('Enter the VFS type.')).toBeVisible();
  await page.getByLabel('VFS type').fill('ceph');
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain ${name} was created`)).toBeVisible();
  await page.goto('/storage/manage');
  await expect(managedLink(page, name)).toContainText('data/posixfs');
});

test('storage: an FC data domain on a free LUN the host sees; no LUN chosen is refused', async ({ page }) => {
  const name = `fc-e2e-${stamp}`;
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Storage type').selectOption('fcp');
  await page.getByRole('button', { name: "Show the host's LUNs" }).click();
  await expect(page.getByText(/^LUNs the host sees: \d+\.$/)).toBeVisible();
  // The LUN under fc-data is listed but cannot be ticked without the override.
  await expect(page.getByRole('row').filter({ hasText: 'In use by a storage domain' }).first().getByRole('checkbox')).toBeDisabled();
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByText('Choose at least one LUN.')).toBeVisible();
  const free = page.getByRole('row').filter({ hasText: 'Free' }).first();
  const lun = ((await free.locator('td').nth(1).textContent()) ?? '').trim();
  await free.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain ${name} was created`)).toBeVisible();
  await page.goto('/storage/manage');
  await expect(managedLink(page, name)).toContainText('data/fcp');

  // The LUN now belongs to the new domain: offered as in use.
  await page.goto('/storage/new');
  await page.getByLabel('Storage type').selectOption('fcp');
  await page.getByRole('button', { name: "Show the host's LUNs" }).click();
  await expect(page.getByRole('row').filter({ hasText: lun })).toContainText('In use by a storage domain');
});

test('storage: an ISO domain on NFS; a second ISO domain for Default is refused, it stays unattached', async ({ page }) => {
  const name = `iso-e2e-${stamp}`;
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Domain function').selectOption('iso');
  // ISO domains live on file storage only: block types are not offered.
  await expect(page.getByLabel('Storage type').locator('option')).toHaveText(['NFS', 'GlusterFS', 'POSIX compliant FS']);
  await page.getByLabel('Server').fill('nfs7.demo.lab');
  await page.getByLabel('Export path').fill(`/exports/iso-${stamp}`);
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain ${name} was created`)).toBeVisible();
  await page.goto('/storage/manage');
  await expect(managedLink(page, name)).toContainText('iso/nfs');

  await openManaged(page, '/storage/manage', name);
  await page.getByLabel('Attach to data center').selectOption({ label: 'Default' });
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(page.getByText('The Data Center already has an attached ISO domain (iso)')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('sd-status')).toHaveText('unattached');
});

test('export domain: import a VM (clone under a new name when taken)', async ({ page }) => {
  await signInAsAdmin(page);
  await openManaged(page, '/storage/manage', 'export');
  await page.getByRole('link', { name: 'Import VMs and templates' }).click();
  await expect(page.getByRole('heading', { name: 'Import from export' })).toBeVisible();
  const item = page.getByLabel('VM or template');
  const vmOption = item.locator('option', { hasText: '(VM)' }).first();
  const vmName = ((await vmOption.textContent()) ?? '').replace(/ \(VM\)$/, '');
  await item.selectOption((await vmOption.getAttribute('value')) ?? '');
  await expect(page.getByLabel('Clone (new ids) under a new name')).not.toBeChecked();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').getByText('Import started.')).toBeVisible();
  await expect.poll(async () => vmNames(page, vmName), { timeout: 30_000, message: `${vmName} in the VM list` }).toContain(vmName);

  // Again: the name is now taken, the engine says so, and a renamed clone goes through.
  await page.reload();
  await item.selectOption((await vmOption.getAttribute('value')) ?? '');
  await expect(page.getByRole('row').filter({ hasText: vmName }).getByText('The name is taken')).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('Clone (new ids) under a new name').uncheck();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText(/name is already|already exists|same identifier/i)).toBeVisible();
  await page.getByLabel('Clone (new ids) under a new name').check();
  await page.getByLabel('New name', { exact: true }).fill(`${vmName}-e2e`);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').getByText('Import started.')).toBeVisible();
  // Read back from the inventory: the renamed clone arrives once the engine's import job ends.
  await expect
    .poll(async () => vmNames(page, `${vmName}-e2e`), { timeout: 30_000, message: `${vmName}-e2e in the VM list` })
    .toContain(`${vmName}-e2e`);
});

test('data center: removing one whose cluster holds a host is refused, nothing changes', async ({ page }) => {
  await signInAsAdmin(page);
  await openManaged(page, '/datacenters/manage', DC);
  await confirmRemove(page, DC);
  await expect(page.getByText('still contain Hosts')).toBeVisible();
  await page.goto('/datacenters/manage');
  await expect(page.getByRole('link', { name: new RegExp(`^${DC}\\b`) })).toHaveCount(1);
});

test('cluster: edit name and description; changing the CPU type while a host is up is refused', async ({ page }) => {
  await signInAsAdmin(page);
  await openManaged(page, '/clusters/manage', CL);
  await page.getByLabel('Name').fill(CL_RENAMED);
  await page.getByLabel('Description').fill('edited by e2e');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText(`Cluster ${CL_RENAMED} was saved.`)).toBeVisible();
  await page.goto('/clusters/manage');
  await expect(managedLink(page, CL)).toHaveCount(0);
  await openManaged(page, '/clusters/manage', CL_RENAMED);
  await expect(page.getByLabel('Description')).toHaveValue('edited by e2e');

  await page.getByLabel('CPU type').selectOption('Intel Skylake Server Family');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Cannot change the CPU type of a Cluster with Hosts that are up')).toBeVisible();
  await openManaged(page, '/clusters/manage', CL_RENAMED);
  await expect(page.getByLabel('CPU type')).toHaveValue('AMD EPYC');
});

test('host: maintenance from the manage page (no VM to migrate), then the host is removed', async ({ page }) => {
  await signInAsAdmin(page);
  await openManaged(page, '/hosts/manage', HOST);
  const actions = page.getByTestId('host-actions');
  await actions.getByRole('button', { name: 'Maintenance' }).click();
  const confirm = page.getByRole('dialog', { name: `Put host ${HOST} into maintenance?` });
  await expect(confirm).toContainText('No VM runs here, so nothing is migrated.');
  await confirm.getByRole('button', { name: 'Maintenance' }).click();
  await expect(actions.getByTestId('live-status')).toHaveAttribute('data-native', 'maintenance', { timeout: 20_000 });
  await expect(page.getByTestId('host-status')).toContainText('maintenance');
  await confirmRemove(page, HOST);
  await expect(managedLink(page, HOST)).toHaveCount(0);
  await page.goto('/hosts/manage');
  await expect(managedLink(page, HOST)).toHaveCount(0);
});

test('cluster: with no host up its CPU type changes; the emptied cluster is removed', async ({ page }) => {
  await signInAsAdmin(page);
  await openManaged(page, '/clusters/manage', CL_RENAMED);
  await page.getByLabel('CPU type').selectOption('Intel Skylake Server Family');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').getByText(`Cluster ${CL_RENAMED} was saved.`)).toBeVisible();
  await page.goto('/clusters/manage');
  await expect(managedLink(page, CL_RENAMED)).toContainText('Intel Skylake Server Family');

  await openManaged(page, '/clusters/manage', CL_RENAMED);
  await confirmRemove(page, CL_RENAMED);
  await expect(managedLink(page, CL_RENAMED)).toHaveCount(0);
  await page.goto('/clusters/manage');
  await expect(managedLink(page, CL_RENAMED)).toHaveCount(0);
});

test('data center: the emptied data center is removed', async ({ page }) => {
  await signInAsAdmin(page);
  await openManaged(page, '/datacenters/manage', DC);
  await confirmRemove(page, DC);
  await expect(managedLink(page, DC)).toHaveCount(0);
  await page.goto('/datacenters/manage');
  await expect(managedLink(page, DC)).toHaveCount(0);
  await expect(managedLink(page, 'Default')).toHaveCount(1);
});
