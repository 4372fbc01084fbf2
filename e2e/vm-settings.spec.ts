import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// A VM's boot order, HA, console type and placement after creation (issue 19 point 4), through the
// real UI against the demo engine: what applies at once and what at the next start, shown as such;
// the engine's refusals in its words with the input kept. Uses demo VMs no other spec changes.

const LONG = { timeout: 30_000 };

async function openSettings(page: Page, name: string) {
  await page.goto(`/vms?q=${encodeURIComponent(name)}`);
  const link = page.getByTestId('vm-row').getByRole('link', { name, exact: true });
  await expect(link).toBeVisible(LONG);
  await page.goto(`${await link.getAttribute('href')}?tab=settings`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.getByTestId('vm-settings')).toBeVisible(LONG);
}

test.describe('VM settings against the demo engine', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('a running VM: boot order waits for the next start, placement applies at once, HA pinned to one host is refused', async ({ page }) => {
    await openSettings(page, 'k8s-master-02');
    const s = page.getByTestId('vm-settings');
    await expect(s.getByTestId('applies-bootOrder')).toHaveText('applies at next start');
    await expect(s.getByTestId('applies-highAvailability')).toHaveText('applies at once');
    await expect(s.getByTestId('applies-placement')).toHaveText('applies at once');
    // What the engine cannot do is named with the reason, not offered.
    await expect(s.getByTestId('unsupported-autostart')).toContainText('the engine starts VMs by their high-availability policy');
    await expect(s.getByTestId('now-bootOrder')).toHaveText('Hard disk');

    // Nothing changed: said before anything is sent.
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByText('Nothing changed: change a setting first.')).toBeVisible();

    await s.getByLabel('Boot device 1').selectOption('cdrom');
    await s.getByLabel('Boot device 2').selectOption('hd');
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByRole('status')).toContainText('some of them apply at the next start', LONG);
    await expect(s.getByTestId('now-bootOrder')).toHaveText('Hard disk', LONG);
    await expect(s.getByTestId('next-bootOrder')).toHaveText('CD-ROM → Hard disk', LONG);

    // A bad priority is caught in the browser, with the field's message.
    await s.getByLabel('Restart this VM automatically if it or its host fails').check();
    await s.getByLabel('Priority').fill('abc');
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByText('The priority must be a whole number from 0 to 100.')).toBeVisible();

    // HA pinned to one host: the engine refuses in its words; the input stays.
    await s.getByLabel('Priority').fill('100');
    await s.getByLabel('Migration').selectOption('pinned');
    await s.getByLabel('amd-01').check();
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByRole('status')).toContainText('A highly available VM cannot be pinned to a specific Host', LONG);
    await expect(s.getByLabel('amd-01')).toBeChecked();
    await expect(s.getByLabel('Priority')).toHaveValue('100');

    await s.getByLabel('amd-02').check();
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByTestId('now-highAvailability')).toHaveText('On, priority 100', LONG);
    await expect(s.getByTestId('now-placement')).toHaveText('Do not allow migration · amd-01, amd-02', LONG);
    // Still pending: the boot order.
    await expect(s.getByTestId('next-bootOrder')).toHaveText('CD-ROM → Hard disk');
  });

  test('控制台类型（中文）：运行中的虚拟机在下次启动时生效', async ({ page }) => {
    await openSettings(page, 'k8s-master-03');
    await page.getByLabel('Language').selectOption('zh-CN');
    const s = page.getByTestId('vm-settings');
    await expect(s.getByTestId('applies-console')).toHaveText('下次启动时生效', LONG);
    const now = (await s.getByTestId('now-console').textContent())!.trim();
    const other = now === 'SPICE' ? 'vnc' : 'spice';
    await s.getByLabel('图形控制台类型').selectOption(other);
    await s.getByRole('button', { name: '保存设置' }).click();
    await expect(s.getByRole('status')).toContainText('部分设置将在虚拟机下次启动时生效', LONG);
    await expect(s.getByTestId('now-console')).toHaveText(now, LONG);
    await expect(s.getByTestId('next-console')).toHaveText(other.toUpperCase(), LONG);
  });
});
