import { expect, signInAsAdmin, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * Network QoS and IPv6 against the demo engine: a network QoS entry of the Default data center,
 * refused first in the engine's words when a direction is half given, then added and chosen by the
 * ovirtmgmt vNIC profile, then removed; on a host, a static IPv6 address on the management network
 * (the default route network) saved, and an IPv6 gateway on another network refused with nothing
 * changed. Everything it changes it puts back, so the runbook walk (networks.spec.ts) is unaffected.
 */

test.describe.configure({ mode: 'serial' });

const HOST = 'host-04';

async function openOvirtmgmt(page: Page) {
  await page.goto('/networks');
  await page.getByTestId('networks-table').locator('tr', { hasText: '· Default' }).getByRole('link', { name: 'ovirtmgmt', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^ovirtmgmt\b/ })).toBeVisible();
}

async function openHostSetup(page: Page) {
  await page.goto('/hosts');
  await page.getByRole('link', { name: HOST, exact: true }).first().click();
  await expect(page.getByRole('heading', { name: new RegExp(`^${HOST}\\b`) })).toBeVisible();
  await page.getByText('Setup host networks').click();
  return page.getByTestId('setup-networks');
}

test('a network QoS: a half-given direction is refused in the engine words; added, chosen by a profile, removed', async ({ page }) => {
  await signInAsAdmin(page);
  await openOvirtmgmt(page);
  const qos = page.getByTestId('network-qos');
  const create = qos.getByTestId('qos-create');
  await create.getByLabel('QoS name').fill('vm-100');
  await create.getByLabel('Inbound average (Mbps)').fill('100');
  await create.getByRole('button', { name: 'Add QoS' }).click();
  await expect(create.getByRole('status')).toContainText('All three QoS parameters are required to configure QoS in a certain direction.');
  await expect(qos.getByTestId('qos-list')).toHaveCount(0);

  await create.getByLabel('Inbound peak (Mbps)').fill('200');
  await create.getByLabel('Inbound burst (MB)').fill('50');
  await create.getByRole('button', { name: 'Add QoS' }).click();
  await expect(create.getByRole('status')).toContainText('QoS vm-100 was added.');
  await expect(qos.getByTestId('qos-list')).toContainText('In 100/200 Mbps, 50 MB');

  const profile = page.getByTestId('profile-form-ovirtmgmt');
  await profile.getByLabel('QoS', { exact: true }).selectOption({ label: 'vm-100' });
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(profile.getByRole('status')).toContainText('Profile ovirtmgmt was saved.');
  await page.reload();
  await expect(page.getByTestId('profile-form-ovirtmgmt').getByLabel('QoS', { exact: true }).locator('option:checked')).toHaveText('vm-100');

  // Removed: the profile that used it has none any more, as on the engine.
  await page.getByTestId('network-qos').getByRole('button', { name: 'Remove QoS vm-100' }).click();
  await expect(page.getByTestId('network-qos').getByTestId('qos-list')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('profile-form-ovirtmgmt').getByLabel('QoS', { exact: true }).locator('option:checked')).toHaveText('No QoS');
});

test('IPv6: a static address on the management network is saved; a gateway off the default route network is refused', async ({ page }) => {
  await signInAsAdmin(page);
  let setup = await openHostSetup(page);
  await setup.getByLabel('IPv6 boot protocol of ovirtmgmt').selectOption('static');
  await setup.getByLabel('IPv6 address of ovirtmgmt').fill('2001:db8:100::24');
  await setup.getByLabel('IPv6 prefix of ovirtmgmt').fill('64');
  await setup.getByLabel('IPv6 gateway of ovirtmgmt').fill('2001:db8:100::1');
  await setup.getByRole('button', { name: 'Apply' }).click();
  await expect(setup.getByText("The host's networks were set up.")).toBeVisible();
  setup = await openHostSetup(page);
  await expect(setup.getByLabel('IPv6 address of ovirtmgmt')).toHaveValue('2001:db8:100::24');
  await expect(setup.getByLabel('IPv6 prefix of ovirtmgmt')).toHaveValue('64');
  // The host's NIC table shows the address the host now reports, beside its IPv4 one.
  await expect(page.getByTestId('host-nics')).toContainText('2001:db8:100::24 / 64 (static)');

  // Another network on the host: the engine takes an IPv6 gateway only on the default route network.
  const other = (await setup.locator('[data-attachment]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-attachment') ?? ''))).find((n) => n !== 'ovirtmgmt');
  expect(other, 'a second network on the host').toBeTruthy();
  await setup.getByLabel(`IPv6 boot protocol of ${other}`).selectOption('static');
  await setup.getByLabel(`IPv6 address of ${other}`).fill('2001:db8:61::24');
  await setup.getByLabel(`IPv6 prefix of ${other}`).fill('64');
  await setup.getByLabel(`IPv6 gateway of ${other}`).fill('2001:db8:61::1');
  await setup.getByRole('button', { name: 'Apply' }).click();
  await expect(setup.getByText(`An IPv6 gateway can be set only on the network with the default route role: ${other}.`)).toBeVisible();
  setup = await openHostSetup(page);
  await expect(setup.getByLabel(`IPv6 boot protocol of ${other}`)).toHaveValue('none');

  // Put the management network back as it was.
  await setup.getByLabel('IPv6 boot protocol of ovirtmgmt').selectOption('none');
  await setup.getByRole('button', { name: 'Apply' }).click();
  await expect(setup.getByText("The host's networks were set up.")).toBeVisible();
});
