import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// A VM's disks, NICs and CD-ROM after creation (issue 19), driven through the real UI against the
// demo engine, with its refusals. Each test uses demo VMs no other spec changes, and leaves them as
// it found them where it changed something another test of this file reads.

const LONG = { timeout: 30_000 };

async function openVm(page: Page, name: string, tab: 'disks' | 'nics') {
  await page.goto(`/vms?q=${encodeURIComponent(name)}`);
  const link = page.getByTestId('vm-row').getByRole('link', { name, exact: true });
  await expect(link).toBeVisible(LONG);
  await page.goto(`${await link.getAttribute('href')}?tab=${tab}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test.describe('VM devices against the demo engine', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('disks of a running VM: add, grow online (a shrink refused), refusals keep the input, deactivate, remove with its data', async ({ page }) => {
    await openVm(page, 'test-01', 'disks');
    const panel = page.getByTestId('vm-disk-actions');
    const form = panel.getByTestId('disk-add-form');
    await expect(form).toBeVisible(LONG);

    // A second bootable disk is refused by the engine, in its words; what was typed stays.
    await form.getByLabel('Disk name').fill('test01-data');
    await form.getByLabel('Size (GiB)').fill('2');
    await form.getByLabel('Bootable').check();
    await form.getByRole('button', { name: 'Add disk' }).click();
    await expect(form.getByRole('status')).toContainText('The VM already has a bootable disk', LONG);
    await expect(form.getByLabel('Disk name')).toHaveValue('test01-data');
    await expect(form.getByLabel('Size (GiB)')).toHaveValue('2');

    await form.getByLabel('Bootable').uncheck();
    await form.getByRole('button', { name: 'Add disk' }).click();
    await expect(form.getByRole('status')).toContainText('Disk test01-data is being created and attached.', LONG);
    const row = panel.getByTestId('disk-row-test01-data');
    await expect(row).toBeVisible(LONG);
    // The server-rendered table lists it too.
    await expect(page.getByTestId('vm-disks')).toContainText('test01-data', LONG);

    // Grow is one action; not larger is refused before the engine is asked, and the value stays.
    await row.getByRole('button', { name: 'Grow', exact: true }).click();
    await row.getByLabel('New size (GiB)').fill('1');
    await row.locator('form').getByRole('button', { name: 'Grow' }).click();
    await expect(row.getByRole('status')).toContainText('the new size must be larger', LONG);
    await expect(row.getByLabel('New size (GiB)')).toHaveValue('1');
    await expect(row).toContainText('The VM is running: the disk grows online');
    // The engine keeps a new disk locked while it creates it and refuses to grow it until then
    // ("The following disks are locked"), keeping the form: the operator tries again.
    await expect(async () => {
      await row.getByLabel('New size (GiB)').fill('3');
      await row.locator('form').getByRole('button', { name: 'Grow' }).click();
      await expect(row.getByRole('status')).toContainText('Disk test01-data now holds 3 GiB.', { timeout: 5_000 });
    }).toPass(LONG);
    await expect(row).toContainText('3 GiB', LONG);

    // An active disk of a running VM must be deactivated before it leaves.
    await row.getByRole('button', { name: 'Detach', exact: true }).click();
    await row.getByRole('button', { name: 'Detach the disk' }).click();
    await expect(row.getByRole('status')).toContainText('deactivate it first', LONG);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect(row.getByRole('status')).toContainText('Disk test01-data was deactivated.', LONG);
    await expect(row).toContainText('deactivated', LONG);

    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await row.getByLabel('Type test01-data to confirm.').fill('test01-dat');
    await row.getByRole('button', { name: 'Remove with its data' }).click();
    await expect(row.getByText('Type the disk’s name exactly.')).toBeVisible();
    await row.getByLabel('Type test01-data to confirm.').fill('test01-data');
    await row.getByRole('button', { name: 'Remove with its data' }).click();
    await expect(panel.getByTestId('disk-row-test01-data')).toHaveCount(0, LONG);
    await expect(page.getByTestId('vm-disks')).not.toContainText('test01-data', LONG);
  });

  test('a disk a snapshot holds is not detached: the engine’s reason is shown', async ({ page }) => {
    await openVm(page, 'k8s-master-01', 'disks');
    const row = page.getByTestId('vm-disk-actions').locator('[data-testid^="disk-row-"]').first();
    await expect(row).toBeVisible(LONG);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect(row).toContainText('deactivated', LONG);
    await row.getByRole('button', { name: 'Detach', exact: true }).click();
    await row.getByRole('button', { name: 'Detach the disk' }).click();
    await expect(row.getByRole('status')).toContainText('The disk is already configured in a snapshot (before k8s 1.30 upgrade)', LONG);
    await row.getByRole('button', { name: 'Activate' }).click();
    await expect(row).toContainText('active', LONG);
    await expect(row).not.toContainText('deactivated', LONG);
  });

  test('CD-ROM of a running VM: now only, from the next start, eject', async ({ page }) => {
    await openVm(page, 'ldap-02', 'disks');
    const cd = page.getByTestId('vm-cdrom');
    await expect(cd.getByLabel('ISO image')).toBeVisible(LONG);
    // An ISO of the VM's data center's ISO domain.
    const iso = 'debian-12.5.0-amd64-netinst.iso';
    await cd.getByLabel('ISO image').selectOption(iso);
    await cd.getByLabel('Apply').selectOption({ label: 'Now only (until the VM stops)' });
    await cd.getByRole('button', { name: 'Insert' }).click();
    await expect(cd.getByRole('status')).toContainText('is in the drive until the VM stops.', LONG);
    await expect(cd.getByTestId('cd-current')).toHaveText(iso, LONG);
    await expect(cd.getByTestId('cd-persistent')).toHaveText('(empty)');

    await cd.getByLabel('Apply').selectOption({ label: 'From the next start' });
    await cd.getByRole('button', { name: 'Insert' }).click();
    await expect(cd.getByTestId('cd-persistent')).toHaveText(iso, LONG);

    await cd.getByLabel('Apply').selectOption({ label: 'Now and from the next start' });
    await cd.getByRole('button', { name: 'Eject' }).click();
    await expect(cd.getByRole('status')).toContainText('The CD was ejected, now and from the next start.', LONG);
    await expect(cd.getByTestId('cd-current')).toHaveText('(empty)', LONG);
    await expect(cd.getByTestId('cd-persistent')).toHaveText('(empty)', LONG);
  });

  test('网络接口（中文）：添加、MAC 校验与引擎拒绝时保留输入、断开链路、拔出、删除', async ({ page }) => {
    await openVm(page, 'ldap-02', 'nics');
    await page.getByLabel('Language').selectOption('zh-CN');
    const panel = page.getByTestId('vm-nic-actions');
    const form = panel.getByTestId('nic-add-form');
    await expect(form).toBeVisible(LONG);
    const existingMac = (await panel.locator('[data-testid^="nic-row-"]').first().locator('.font-mono').textContent())!.trim();

    await form.getByLabel('名称').fill('nic-e2e');
    await form.getByLabel('MAC 地址').fill('01:00:5e:00:00:01');
    await form.getByRole('button', { name: '添加接口' }).click();
    await expect(form.getByText('这是组播地址：第一个字节必须为偶数。')).toBeVisible();

    // A MAC another NIC has: the engine refuses in its words, the form keeps everything.
    await form.getByLabel('MAC 地址').fill(existingMac);
    await form.getByRole('button', { name: '添加接口' }).click();
    await expect(form.getByRole('status')).toContainText('MAC Address is already in use', LONG);
    await expect(form.getByLabel('名称')).toHaveValue('nic-e2e');
    await expect(form.getByLabel('MAC 地址')).toHaveValue(existingMac);

    await form.getByLabel('MAC 地址').fill('');
    await form.getByRole('button', { name: '添加接口' }).click();
    await expect(form.getByRole('status')).toContainText('已添加接口 nic-e2e', LONG);
    const row = panel.getByTestId('nic-row-nic-e2e');
    await expect(row).toContainText('链路已连接', LONG);

    await row.getByRole('button', { name: '断开链路' }).click();
    await expect(row).toContainText('链路已断开', LONG);
    // Plugged into a running VM: the engine wants it unplugged before it goes.
    await row.getByRole('button', { name: '删除' }).click();
    await expect(row.getByRole('status')).toContainText('unplug it first', LONG);
    await row.getByRole('button', { name: '拔出' }).click();
    await expect(row).toContainText('已拔出', LONG);
    await row.getByRole('button', { name: '删除' }).click();
    await expect(panel.getByTestId('nic-row-nic-e2e')).toHaveCount(0, LONG);
    await page.getByLabel('语言').selectOption('en');
  });
});
