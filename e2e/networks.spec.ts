import { expect, signInAsAdmin, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The runbook's network chapter in the browser against the demo engine: a gluster network with
 * VLAN 20, attached to the Default cluster as its gluster network, put on every host's second NIC
 * with a static address; then two NICs bonded in mode 4 and the VM network moved onto the bond.
 * Every refusal of the engine shows in its own words, and the page shows nothing changed.
 */

test.describe.configure({ mode: 'serial' });

const HOSTS = ['host-01', 'host-02', 'host-03', 'host-04'];

async function openNetwork(page: Page, name: string) {
  await page.goto('/networks');
  // ovirtmgmt exists in every data center: take the Default one.
  await page.getByTestId('networks-table').locator('tr', { hasText: '· Default' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^${name}\\b`) })).toBeVisible();
}

async function openHostSetup(page: Page, host: string) {
  await page.goto('/hosts');
  await page.getByRole('link', { name: host, exact: true }).first().click();
  await expect(page.getByRole('heading', { name: new RegExp(`^${host}\\b`) })).toBeVisible();
  await page.getByText('Setup host networks').click();
}

const nicRow = (page: Page, nic: string) => page.getByTestId('host-nics').locator(`tr[data-nic="${nic}"]`);

test('create the gluster network with VLAN 20; the same name again is refused in the engine words', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Networks' }).first().click();
  await expect(page.getByRole('heading', { name: 'Networks' })).toBeVisible();
  await page.getByRole('link', { name: 'New network' }).click();
  const dc = page.getByLabel('Data center');
  const option = dc.locator('option', { hasText: '· Default' });
  await dc.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByLabel('Name', { exact: true }).fill('gluster');
  await page.getByLabel('Description').fill('Gluster storage traffic');
  await page.getByLabel('VLAN tag').fill('20');
  await page.getByLabel('VM network').uncheck();
  await page.getByRole('button', { name: 'Create network' }).click();
  await expect(page.getByRole('status').getByText('Network gluster was created.')).toBeVisible();

  await page.getByRole('button', { name: 'Create network' }).click();
  await expect(page.getByText("The name of the logical network 'gluster' is already used")).toBeVisible();
  // A bad VLAN never reaches the engine.
  await page.getByLabel('VLAN tag').fill('5000');
  await page.getByRole('button', { name: 'Create network' }).click();
  await expect(page.getByText('A VLAN tag is a whole number from 0 to 4094.')).toBeVisible();

  await page.goto('/networks');
  const rows = page.getByTestId('networks-table').locator('tr', { has: page.getByRole('link', { name: 'gluster', exact: true }) });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('20');
});

test('attach it to the Default cluster as the gluster network; removing ovirtmgmt is refused', async ({ page }) => {
  await signInAsAdmin(page);
  await openNetwork(page, 'gluster');
  const roles = page.getByTestId('cluster-roles-Default');
  await roles.getByLabel('Attached').check();
  await roles.getByLabel('Gluster').check();
  await roles.getByRole('button', { name: 'Save' }).click();
  await expect(roles.getByText('The cluster attachment was saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('cluster-roles-Default').getByLabel('Gluster')).toBeChecked();
  await expect(page.getByTestId('cluster-roles-Default').getByLabel('Attached')).toBeChecked();
  await expect(page.getByTestId('cluster-roles-Default').getByLabel('Management')).not.toBeChecked();

  await openNetwork(page, 'ovirtmgmt');
  await page.getByRole('button', { name: 'Remove network' }).click();
  await page.getByLabel('Type ovirtmgmt to confirm').fill('ovirtmgmt');
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByText("The management network 'ovirtmgmt' cannot be removed.")).toBeVisible();
  await page.goto('/networks');
  await expect(page.getByTestId('networks-table').getByRole('link', { name: 'ovirtmgmt', exact: true }).first()).toBeVisible();
});

test("put gluster on every host's second NIC with a static address", async ({ page }) => {
  await signInAsAdmin(page);
  for (const [i, host] of HOSTS.entries()) {
    await openHostSetup(page, host);
    const setup = page.getByTestId('setup-networks');
    await setup.getByLabel('Network to attach').selectOption({ label: 'gluster (VLAN 20)' });
    await setup.getByRole('button', { name: 'Attach', exact: true }).click();
    await setup.getByLabel('Interface for gluster').selectOption('eth1');
    await setup.getByLabel('Boot protocol for gluster').selectOption('static');
    await setup.getByLabel('Address for gluster').fill(`10.20.0.${11 + i}`);
    await setup.getByLabel('Netmask for gluster').fill('255.255.255.0');
    await setup.getByRole('button', { name: 'Apply' }).click();
    await expect(setup.getByText("The host's networks were set up.")).toBeVisible();
    await expect(nicRow(page, 'eth1.20')).toContainText('VLAN 20 on eth1');
    await expect(nicRow(page, 'eth1.20')).toContainText(`10.20.0.${11 + i}`);
    await expect(nicRow(page, 'eth1')).toContainText('gluster');
  }
});

test('a bond of one NIC is refused (400) and nothing changes', async ({ page }) => {
  await signInAsAdmin(page);
  await openHostSetup(page, 'host-01');
  const setup = page.getByTestId('setup-networks');
  await setup.getByRole('button', { name: 'New bond' }).click();
  await setup.getByLabel('eth3 in bond0').check();
  await setup.getByRole('button', { name: 'Apply' }).click();
  await expect(setup.getByText("Bond 'bond0' must have at least two slaves.")).toBeVisible();
  await page.reload();
  await expect(nicRow(page, 'bond0')).toHaveCount(0);
  await expect(nicRow(page, 'eth3')).toContainText('Physical');
});

test('bond eth2 and eth3 in mode 4 and move the VM network onto the bond', async ({ page }) => {
  await signInAsAdmin(page);
  await openHostSetup(page, 'host-01');
  const setup = page.getByTestId('setup-networks');
  await setup.getByRole('button', { name: 'New bond' }).click();
  await expect(setup.getByLabel('Bonding mode of bond0')).toHaveValue('4');
  await setup.getByLabel('eth2 in bond0').check();
  await setup.getByLabel('eth3 in bond0').check();
  // First without moving the VM network: the engine refuses a slave that still carries it.
  await setup.getByRole('button', { name: 'Apply' }).click();
  await expect(setup.getByText('are bond slaves and cannot have networks attached: eth2 (prod-vlan100)')).toBeVisible();
  await expect(nicRow(page, 'bond0')).toHaveCount(0);

  await setup.getByLabel('Interface for prod-vlan100').selectOption('bond0');
  await setup.getByRole('button', { name: 'Apply' }).click();
  await expect(setup.getByText("The host's networks were set up.")).toBeVisible();
  await expect(nicRow(page, 'bond0')).toContainText('Bond, mode 4: eth2, eth3');
  await expect(nicRow(page, 'bond0')).toContainText('prod-vlan100');
  await expect(nicRow(page, 'eth2')).toContainText('In bond0');
  await expect(nicRow(page, 'eth2.100')).toHaveCount(0);
  await expect(nicRow(page, 'bond0.100')).toContainText('VLAN 100 on bond0');
});
