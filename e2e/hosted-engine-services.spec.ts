import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

/**
 * Issue 18, the runbook's HA chapter against the demo engine and the demo Cinder: the engine VM
 * marked in lists, global maintenance switched on and reported by every HA host (and off again),
 * local maintenance of one HA host (its score drops to 0 and comes back), and the service health
 * page and overview card in English and Simplified Chinese, with a Cinder volume service disabled
 * with a reason and enabled again.
 */

const DONE = 45_000;
const panel = (page: Page) => page.getByTestId('hosted-engine');
const haRow = (page: Page, name: string) => panel(page).locator(`[data-testid="hosted-engine-host"][data-host="${name}"]`);

test.describe.configure({ mode: 'serial' });

test('the engine VM is marked as such in the VM list', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/vms?q=HostedEngine');
  const row = page.getByTestId('vm-row').filter({ hasText: 'HostedEngine' });
  await expect(row.getByTestId('vm-hosted-engine')).toHaveText('Hosted engine');
  // Other VMs carry no such mark.
  await page.goto('/vms?q=web-01');
  await expect(page.getByTestId('vm-row').filter({ hasText: 'web-01' })).toBeVisible();
  await expect(page.getByTestId('vm-hosted-engine')).toHaveCount(0);
});

test('global maintenance on: every HA host reports it; off again', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/hosts');
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByTestId('hosted-engine-vm')).toContainText('HostedEngine');
  const rows = panel(page).getByTestId('hosted-engine-host');
  await expect(rows).toHaveCount(4);
  await expect(panel(page).getByTestId('he-global').filter({ hasText: 'Yes' })).toHaveCount(0);
  // An up HA host scores; the one in maintenance is in local maintenance with score 0.
  await expect(haRow(page, 'host-01').getByTestId('he-score')).toHaveText('3400');
  await expect(haRow(page, 'host-04').getByTestId('he-score')).toHaveText('0');
  await expect(haRow(page, 'host-04').getByTestId('he-local')).toHaveText('Yes');

  await panel(page).getByRole('button', { name: 'Enable global maintenance' }).click();
  const confirm = page.getByRole('dialog', { name: /Enable global maintenance on/ });
  // The confirmation says what it means before anything is sent.
  await expect(confirm).toContainText('will not restart, stop or move it');
  await confirm.getByRole('button', { name: 'Enable global maintenance' }).click();
  await expect(confirm).toBeHidden();
  await expect(panel(page).getByTestId('global-maintenance')).toHaveText('Global maintenance on');
  await expect(panel(page).getByTestId('he-global').filter({ hasText: 'Yes' })).toHaveCount(4);

  await panel(page).getByRole('button', { name: 'Disable global maintenance' }).click();
  const off = page.getByRole('dialog', { name: /Disable global maintenance on/ });
  await off.getByRole('button', { name: 'Disable global maintenance' }).click();
  await expect(panel(page).getByTestId('global-maintenance')).toHaveText('Global maintenance off');
  await expect(panel(page).getByTestId('he-global').filter({ hasText: 'Yes' })).toHaveCount(0);
});

test('local maintenance of an HA host: the confirmation says what it means, its score drops to 0 and comes back', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/hosts?q=host-03');
  await page.getByTestId('host-row').getByRole('link', { name: 'host-03', exact: true }).click();
  const actions = page.getByTestId('host-actions');
  const live = actions.getByTestId('live-status');
  await expect(live).toHaveAttribute('data-native', 'up');
  await actions.getByRole('button', { name: 'Maintenance' }).click();
  const confirm = page.getByRole('dialog', { name: 'Put host host-03 into maintenance?' });
  await expect(confirm.getByTestId('host-he-meaning')).toContainText('local maintenance');
  await expect(confirm.getByTestId('host-he-meaning')).toContainText('(now 3400)');
  await confirm.getByRole('button', { name: 'Maintenance' }).click();
  await expect(live).toHaveAttribute('data-native', 'maintenance', { timeout: DONE });

  await page.goto('/hosts');
  await expect(haRow(page, 'host-03').getByTestId('he-local')).toHaveText('Yes');
  await expect(haRow(page, 'host-03').getByTestId('he-score')).toHaveText('0');

  await page.goto('/hosts?q=host-03');
  await page.getByTestId('host-row').getByRole('link', { name: 'host-03', exact: true }).click();
  await actions.getByRole('button', { name: 'Activate' }).click();
  const activate = page.getByRole('dialog', { name: /host-03/ });
  await expect(activate.getByTestId('host-he-meaning')).toContainText('ends the HA agent');
  await activate.getByRole('button', { name: 'Activate' }).click();
  await expect(live).toHaveAttribute('data-native', 'up', { timeout: DONE });
  await page.goto('/hosts');
  await expect(haRow(page, 'host-03').getByTestId('he-local')).toHaveText('No');
  await expect(haRow(page, 'host-03').getByTestId('he-score')).toHaveText('3400');
});

test('service health: the demo Cinder reports one volume service down; one is disabled with a reason and enabled again; the overview sums it up', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/services');
  await expect(page.getByRole('heading', { name: 'Service health' })).toBeVisible();
  const nfs = page.locator('[data-testid="service-row"][data-service="cinder-volume@cinder-volume-1@nfs"]');
  await expect(nfs).toContainText('Down');
  await expect(page.locator('[data-testid="service-row"][data-service="keystone"]')).toContainText('Up');
  const engine = page.locator('[data-testid="service-row"][data-service="ovirt-engine"]');
  await expect(engine).toContainText('Up');
  await expect(engine).toContainText(/4\.5/);

  const lvm = page.locator('[data-testid="service-row"][data-service="cinder-volume@cinder-volume-1@lvm"]');
  await expect(lvm).toContainText('Enabled');
  await lvm.getByRole('button', { name: 'Disable' }).click();
  const confirm = page.getByRole('dialog', { name: /Disable cinder-volume@cinder-volume-1@lvm/ });
  // Without a reason the form refuses before anything is sent.
  await confirm.getByRole('button', { name: 'Disable' }).click();
  await expect(confirm).toContainText('Say why the service is disabled.');
  await confirm.getByLabel('Reason (required)').fill('array firmware upgrade');
  await confirm.getByRole('button', { name: 'Disable' }).click();
  await expect(confirm).toBeHidden();
  await expect(lvm.getByTestId('service-reason')).toHaveText('Reason: array firmware upgrade');

  await page.goto('/');
  const card = page.getByTestId('service-health-card');
  await expect(card).toContainText('cinder-volume@cinder-volume-1@nfs');
  await expect(card).toContainText('1 disabled');

  await page.goto('/services');
  await lvm.getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('dialog', { name: /Enable cinder-volume@cinder-volume-1@lvm/ }).getByRole('button', { name: 'Enable' }).click();
  await expect(lvm).toContainText('Enabled');
  await expect(lvm.getByTestId('service-reason')).toHaveCount(0);
});

test('service health in Simplified Chinese', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.goto('/services');
  await expect(page.getByRole('heading', { name: '服务健康状况' })).toBeVisible();
  await expect(page.locator('[data-testid="service-row"][data-service="cinder-volume@cinder-volume-1@nfs"]')).toContainText('已停止');
  await page.goto('/hosts');
  await expect(panel(page).getByTestId('global-maintenance')).toHaveText('全局维护已关闭');
  await page.getByLabel('语言').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
