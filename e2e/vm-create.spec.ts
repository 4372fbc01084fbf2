import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

/**
 * The VM create wizard against the demo engine: from a template (a thin clone
 * the engine makes inside its storage), blank with an ISO and cloud-init, a
 * capacity refusal before anything is sent, and the engine's own refusal of a
 * duplicate name with nothing created.
 */

const stamp = Date.now().toString(36);
const FROM_TEMPLATE = `e2e-tpl-${stamp}`;
const BLANK = `e2e-blank-${stamp}`;

test.describe.configure({ mode: 'serial' });

async function openWizard(page: Page, path = '/vms/new') {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'New virtual machine' })).toBeVisible();
  await expect(page.getByTestId('vm-wizard')).toBeVisible();
}

/** Submits, waits until the engine reports the VM with its disks ready, and opens its page. */
async function createAndOpen(page: Page, name: string) {
  await page.getByRole('button', { name: 'Create VM' }).click();
  const progress = page.getByTestId('vm-create-progress');
  await expect(progress.getByText(`VM ${name} is being created.`)).toBeVisible();
  await expect(progress.getByText(`VM ${name} is ready:`)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: `Open ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test('from the VM list: a template chosen by ?template= becomes a VM whose disk is the template\u2019s', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/vms');
  await expect(page.getByRole('link', { name: 'New VM' })).toHaveAttribute('href', '/vms/new');

  await page.goto('/templates');
  const href = await page.getByTestId('template-row').filter({ hasText: 'debian-12' }).getByRole('link').first().getAttribute('href');
  const templateId = decodeURIComponent(href!.replace('/templates/', ''));
  await openWizard(page, `/vms/new?template=${encodeURIComponent(templateId)}`);

  // Preselected: the template source, the template, and its own size (debian-12: 1 core, 1 GiB).
  await expect(page.getByRole('radio', { name: /From a template/ })).toBeChecked();
  await expect(page.getByLabel('Template', { exact: true })).toHaveValue(templateId);
  await expect(page.getByLabel('Memory (MiB)')).toHaveValue('1024');
  // The template brings its disks and NICs: no rows to fill in.
  await expect(page.getByRole('group', { name: 'Disks' })).toHaveCount(0);
  // The demo has a (simulated) Cinder, but the oVirt adapter cannot attach its volumes: the source is
  // listed with that reason and cannot be chosen, never faked.
  await expect(page.getByTestId('source-volume')).toContainText("Not available: this connection's backend cannot attach Cinder volumes.");

  await page.getByLabel('Name', { exact: true }).fill(FROM_TEMPLATE);
  await page.getByLabel('Cores per socket').fill('2');
  await page.getByLabel('Console type').selectOption('spice');
  await createAndOpen(page, FROM_TEMPLATE);

  // Made from the template (a thin clone keeps the link to it).
  await expect(page.getByTestId('vm-overview').locator(`a[href="/templates/${encodeURIComponent(templateId)}"]`)).toBeVisible();
  await page.getByRole('tab', { name: 'Disks' }).click();
  // The template's 10 GiB disk, thin-cloned under the new VM's name.
  const disk = page.getByTestId('vm-disks').locator('tbody tr').first();
  await expect(disk).toContainText(`${FROM_TEMPLATE}_Disk1`);
  await expect(disk).toContainText('10 GiB');
  await page.getByRole('tab', { name: 'Network interfaces' }).click();
  await expect(page.getByTestId('vm-nics')).toContainText('nic1');
});

test('blank with an ISO, two disks and cloud-init', async ({ page }) => {
  await signInAsAdmin(page);
  await openWizard(page);
  await page.getByRole('radio', { name: /Blank, with an ISO/ }).check();
  await page.getByLabel('Name', { exact: true }).fill(BLANK);
  await page.getByLabel('Description').fill('installed from an ISO by e2e');
  await page.getByLabel('ISO image in the CD-ROM').selectOption({ label: 'debian-12.5.0-amd64-netinst.iso (iso)' });
  await page.getByLabel('Memory (MiB)').fill('4096');

  await page.getByLabel('Disk 1 size (GiB)').fill('12');
  await page.getByRole('button', { name: 'Add disk' }).click();
  await page.getByLabel('Disk 2 size (GiB)').fill('3');
  await page.getByLabel('Disk 2 allocation').selectOption('preallocated');
  await page.getByLabel('Disk 2 interface').selectOption('sata');

  await page.getByLabel('Configure the guest with cloud-init at its first boot').check();
  await page.getByLabel('Host name').fill(`${BLANK}.demo.lab`);
  await page.getByLabel('User').fill('ops');
  await page.getByLabel('Password').fill('first-boot-pass');
  await page.getByLabel('SSH public key').fill('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2e ops@lab');
  await page.getByLabel('Time zone').fill('Asia/Shanghai');
  await createAndOpen(page, BLANK);

  await page.getByRole('tab', { name: 'Disks' }).click();
  const disks = page.getByTestId('vm-disks').locator('tbody tr');
  await expect(disks).toHaveCount(2);
  await expect(disks.filter({ hasText: `${BLANK}_Disk1` })).toContainText('12 GiB');
  await expect(disks.filter({ hasText: `${BLANK}_Disk2` })).toContainText('3 GiB');
  await expect(disks.filter({ hasText: `${BLANK}_Disk2` })).toContainText('preallocated');
  await page.getByRole('tab', { name: 'Network interfaces' }).click();
  await expect(page.getByTestId('vm-nics')).toContainText('nic1');
});

test('a VM that no host can hold is refused before submit, and what was typed stays', async ({ page }) => {
  await signInAsAdmin(page);
  await openWizard(page);
  await page.getByRole('radio', { name: /Blank, with an ISO/ }).check();
  const name = `e2e-huge-${stamp}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Cluster').selectOption({ label: 'Default' });
  await page.getByLabel('Memory (MiB)').fill('900000');
  // Shown while typing, from the hosts' free memory: no round trip to the engine.
  const problem = page.getByTestId('capacity-problem');
  await expect(problem).toContainText(/No host of cluster Default can give 900000 MiB of memory \(at most \d+ MiB\)\./);

  await page.getByRole('button', { name: 'Create VM' }).click();
  await expect(page.getByRole('status').getByText('Nothing was sent: the VM does not fit (see above).')).toBeVisible();
  await expect(page.getByTestId('vm-create-progress')).toHaveCount(0);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Memory (MiB)')).toHaveValue('900000');

  // Back within the hosts' memory, the warning goes.
  await page.getByLabel('Memory (MiB)').fill('2048');
  await expect(problem).toHaveCount(0);
});

test('a name already in use: the engine refuses in its own words, the form keeps its values, nothing is created', async ({ page }) => {
  await signInAsAdmin(page);
  await openWizard(page);
  await page.getByRole('radio', { name: /Blank, with an ISO/ }).check();
  await page.getByLabel('Name', { exact: true }).fill(FROM_TEMPLATE);
  await page.getByLabel('Disk 1 size (GiB)').fill('7');
  await page.getByRole('button', { name: 'Create VM' }).click();

  const status = page.getByRole('status').filter({ hasText: 'The backend refused' });
  await expect(status).toContainText('The VM name is already in use');
  await expect(page.getByTestId('vm-create-progress')).toHaveCount(0);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(FROM_TEMPLATE);
  await expect(page.getByLabel('Disk 1 size (GiB)')).toHaveValue('7');

  // Still exactly one VM of that name, and it is the template's (10 GiB), not a 7 GiB blank one.
  await page.goto(`/vms?q=${FROM_TEMPLATE}`);
  await expect(page.getByTestId('vm-row')).toHaveCount(1);
  await page.getByTestId('vm-row').getByRole('link').first().click();
  await page.getByRole('tab', { name: 'Disks' }).click();
  await expect(page.getByTestId('vm-disks').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('vm-disks').locator('tbody tr').first()).toContainText('10 GiB');
});
