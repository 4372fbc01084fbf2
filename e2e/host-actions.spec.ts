import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

/**
 * Host maintenance, activation and fence-restart from the host's page, against the demo engine:
 * each confirmation says what happens to the VMs running there, the engine's intermediate states
 * (preparing_for_maintenance, reboot…) show until it is done, and a refusal comes back in the
 * engine's own words with nothing changed.
 */

const DONE = 45_000;

async function openHost(page: Page, name: string) {
  await page.goto(`/hosts?q=${encodeURIComponent(name)}`);
  await page.getByTestId('host-row').getByRole('link', { name, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  return page.getByTestId('host-actions');
}

const live = (page: Page) => page.getByTestId('host-actions').getByTestId('live-status');
const vmTable = (page: Page) => page.getByTestId('related-vms');
const dialog = (page: Page, title: string | RegExp) => page.getByRole('dialog', { name: title });

async function vmNamesOn(page: Page): Promise<string[]> {
  await expect(vmTable(page).getByRole('link').first()).toBeVisible();
  return (await vmTable(page).getByRole('link').allTextContents()).map((s) => s.trim()).sort();
}

test.describe.configure({ mode: 'serial' });

test('maintenance migrates the VMs away (preparing_for_maintenance until done), activate brings the host up again', async ({ page }) => {
  await signInAsAdmin(page);
  const actions = await openHost(page, 'amd-02');
  await expect(live(page)).toHaveAttribute('data-native', 'up');
  const vms = await vmNamesOn(page);
  expect(vms.length).toBeGreaterThan(0);
  // Activate makes no sense on a host that is up: the button is not offered.
  await expect(actions.getByRole('button', { name: 'Activate' })).toBeDisabled();

  await actions.getByRole('button', { name: 'Maintenance' }).click();
  const confirm = dialog(page, 'Put host amd-02 into maintenance?');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(/\d+ running VMs? (is|are) first migrated to (another host|other hosts) of the cluster/);
  // The confirmation names the VMs it is about.
  await expect(confirm.getByTestId('host-running-vms')).toContainText(vms[0]);
  await confirm.getByRole('button', { name: 'Maintenance' }).click();
  await expect(confirm).toBeHidden();
  await expect(actions.getByRole('status')).toContainText('Maintenance requested');

  // The engine's intermediate state is shown, with nothing offered, until the host is in maintenance.
  await expect(live(page)).toHaveAttribute('data-native', 'preparing_for_maintenance');
  await expect(actions.getByRole('button', { name: 'Maintenance' })).toBeDisabled();
  await expect(actions.getByRole('button', { name: 'Activate' })).toBeDisabled();
  await expect(live(page)).toHaveAttribute('data-native', 'maintenance', { timeout: DONE });
  // Its VMs now run elsewhere: the host's VM list (re-read from the engine) is empty.
  await expect(vmTable(page)).toContainText('No VM runs on this host.', { timeout: 20_000 });
  await page.goto('/vms?q=' + encodeURIComponent(vms[0]));
  // amd-01 is the only other host of prod-amd that is up.
  await expect(page.getByTestId('vm-row').filter({ hasText: vms[0] }).first()).toContainText('amd-01');

  await openHost(page, 'amd-02');
  await expect(live(page)).toHaveAttribute('data-native', 'maintenance');
  await expect(actions.getByRole('button', { name: 'Maintenance' })).toBeDisabled();
  await actions.getByRole('button', { name: 'Activate' }).click();
  const activate = dialog(page, 'Activate host amd-02?');
  await expect(activate).toContainText('The engine brings the host up again');
  await activate.getByRole('button', { name: 'Activate' }).click();
  await expect(actions.getByRole('status')).toContainText('Activation requested');
  await expect(live(page)).not.toHaveAttribute('data-native', 'maintenance');
  await expect(live(page)).toHaveAttribute('data-native', 'up', { timeout: DONE });
  await expect(actions.getByRole('button', { name: 'Maintenance' })).toBeEnabled();
});

test('fence-restart of the non-responsive host needs its name typed, then reboot → up', async ({ page }) => {
  await signInAsAdmin(page);
  // The host list says it in words before anything is done (the only seeded non-responsive host).
  await page.goto('/hosts?q=amd-03');
  await expect(page.getByTestId('host-row').filter({ hasText: 'amd-03' })).toContainText('Not responding');
  const actions = await openHost(page, 'amd-03');
  await expect(live(page)).toHaveAttribute('data-native', 'non_responsive');
  await actions.getByRole('button', { name: 'Restart (power management)' }).click();
  const confirm = dialog(page, 'Restart host amd-03 through power management?');
  await expect(confirm).toContainText('like pulling the plug');
  await expect(confirm).toContainText(/stops? at once/);
  const go = confirm.getByRole('button', { name: 'Restart (power management)' });
  await expect(go).toBeDisabled();
  await confirm.getByLabel('Type amd-03 to confirm.').fill('amd-0');
  await expect(go).toBeDisabled();
  await confirm.getByLabel('Type amd-03 to confirm.').fill('amd-03');
  await go.click();
  await expect(actions.getByRole('status')).toContainText('Restart through power management requested');
  await expect(live(page)).toHaveAttribute('data-native', 'reboot');
  await expect(actions.getByRole('button', { name: 'Restart (power management)' })).toBeDisabled();
  await expect(live(page)).toHaveAttribute('data-native', 'up', { timeout: DONE });
});

test('maintenance of the only host of a cluster with running VMs is refused in the engine’s words; nothing changes', async ({ page }) => {
  await signInAsAdmin(page);
  const actions = await openHost(page, 'lab-01');
  await expect(live(page)).toHaveAttribute('data-native', 'up');
  const before = await vmNamesOn(page);
  await actions.getByRole('button', { name: 'Maintenance' }).click();
  const confirm = dialog(page, 'Put host lab-01 into maintenance?');
  await expect(confirm).toContainText('if one has nowhere to go, the engine refuses and nothing changes');
  await confirm.getByRole('button', { name: 'Maintenance' }).click();
  const status = actions.getByRole('status');
  await expect(status).toContainText('The backend refused');
  await expect(status).toContainText('Cannot switch Host(s) to Maintenance mode');
  await expect(status).toContainText('VMs without a target');

  await page.reload();
  await expect(live(page)).toHaveAttribute('data-native', 'up');
  expect(await vmNamesOn(page)).toEqual(before);
});
