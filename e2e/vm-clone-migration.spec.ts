import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// Cancel a migration and clone a VM directly, in the browser against the demo engine, in English
// and in Chinese. Each test uses demo VMs no other spec touches (ldap-02, db-02, test-03).

const LONG = { timeout: 30_000 };

async function openVm(page: Page, name: string, tab?: 'manage' | 'disks') {
  await page.goto(`/vms?q=${encodeURIComponent(name)}`);
  const link = page.getByTestId('vm-row').getByRole('link', { name, exact: true });
  await expect(link).toBeVisible(LONG);
  const href = (await link.getAttribute('href'))!;
  await page.goto(tab ? `${href}?tab=${tab}` : href);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

const toolbar = (page: Page) => page.getByTestId('vm-power-controls');
const pill = (page: Page) => toolbar(page).getByTestId('live-status');

async function useLanguage(page: Page, locale: 'en' | 'zh-CN') {
  const select = page.getByLabel(locale === 'en' ? '语言' : 'Language');
  await select.selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

test.describe('cancel a migration, clone a VM', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('a migration under way is cancelled: the VM keeps running on its host (English, then Chinese)', async ({ page }) => {
    test.setTimeout(120_000);
    await openVm(page, 'ldap-02');
    await expect(pill(page)).toHaveAttribute('data-status', 'running', LONG);
    const from = (await toolbar(page).textContent())!.match(/On host (host-0\d)/)![1]!;
    // Nothing to cancel while it does not migrate.
    await expect(toolbar(page).getByRole('button', { name: 'Cancel migration' })).toHaveCount(0);

    await toolbar(page).getByRole('button', { name: 'Migrate', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Migrate', exact: true }).click();
    await expect(pill(page)).toHaveAttribute('data-status', 'migrating', LONG);
    await toolbar(page).getByRole('button', { name: 'Cancel migration' }).click();
    await expect(toolbar(page).getByRole('status')).toContainText('Migration cancelled; the VM keeps running on its host.');
    await expect(pill(page)).toHaveAttribute('data-status', 'running', LONG);
    await expect(toolbar(page)).toContainText(`On host ${from}`);

    await useLanguage(page, 'zh-CN');
    try {
      await toolbar(page).getByRole('button', { name: '迁移', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: '迁移', exact: true }).click();
      await expect(pill(page)).toHaveAttribute('data-status', 'migrating', LONG);
      await toolbar(page).getByRole('button', { name: '取消迁移' }).click();
      await expect(toolbar(page).getByRole('status')).toContainText('已取消迁移，虚拟机继续在原主机上运行。');
      await expect(pill(page)).toHaveAttribute('data-status', 'running', LONG);
      await expect(toolbar(page)).toContainText(from);
    } finally {
      await useLanguage(page, 'en');
    }
  });

  test('clone a stopped VM: the copy appears locked, then stopped with its own disks; a running VM must stop first (English, then Chinese)', async ({ page }) => {
    test.setTimeout(120_000);
    await openVm(page, 'db-02', 'manage');
    await expect(pill(page)).toHaveAttribute('data-status', 'running', LONG);
    const running = page.getByTestId('vm-clone');
    await expect(running).toContainText('Stop the VM to clone it');
    await expect(running.getByRole('button', { name: 'Clone' })).toBeDisabled();

    const stamp = Date.now().toString(36);
    const first = `e2e-clone-${stamp}`;
    await openVm(page, 'test-03', 'manage');
    await expect(pill(page)).toHaveAttribute('data-status', 'stopped', LONG);
    const form = page.getByTestId('vm-clone');
    await form.getByLabel('Name of the clone').fill('bad name!');
    await form.getByRole('button', { name: 'Clone' }).click();
    await expect(form).toContainText('Use letters, digits and _ - . only (no spaces).');
    await form.getByLabel('Name of the clone').fill(first);
    await form.getByRole('button', { name: 'Clone' }).click();
    await expect(form.getByRole('status')).toContainText(`Clone ${first} requested`);
    await openVm(page, first, 'disks');
    await expect(pill(page)).toHaveAttribute('data-status', 'stopped', LONG);
    await expect(page.getByTestId('vm-disks')).toContainText(`${first}_Disk1`);

    // The clone of the clone, in Chinese.
    const second = `${first}-zh`;
    await openVm(page, first, 'manage');
    await useLanguage(page, 'zh-CN');
    try {
      const zh = page.getByTestId('vm-clone');
      await zh.getByLabel('克隆名称').fill(second);
      await zh.getByRole('button', { name: '克隆', exact: true }).click();
      await expect(zh.getByRole('status')).toContainText(`已请求克隆 ${second}`);
    } finally {
      await useLanguage(page, 'en');
    }
    await openVm(page, second);
    await expect(pill(page)).toHaveAttribute('data-status', 'stopped', LONG);
  });

  test('the VM page shows who is logged in to the guest, as its agent reports it (English and Chinese)', async ({ page }) => {
    await openVm(page, 'ldap-02');
    await expect(page.getByTestId('vm-overview')).toContainText('Logged-in users');
    await expect(page.getByTestId('vm-logged-in-users')).toHaveText('root');
    await useLanguage(page, 'zh-CN');
    try {
      await expect(page.getByTestId('vm-overview')).toContainText('已登录用户');
      await expect(page.getByTestId('vm-logged-in-users')).toHaveText('root');
    } finally {
      await useLanguage(page, 'en');
    }
  });
});
