import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';
import { openVmSettings } from './vm-settings-page';

// A VM's affinity memberships and its HA lease on its page (issue 19 point 4), through the real UI
// against the demo engine, in English and Simplified Chinese: the groups are made on the cluster's
// page, the VM joins and leaves them on its own (an enforcing collision refused in the engine's
// words), takes and drops a label, and gets a lease storage domain and loses it again. Uses the
// prod-amd CI runners, which no other spec changes.

const LONG = { timeout: 30_000 };

async function openClusterAffinity(page: Page) {
  await page.goto('/clusters');
  await page.getByRole('link', { name: 'prod-amd', exact: true }).first().click();
  const panel = page.getByTestId('affinity');
  await expect(panel).toBeVisible(LONG);
  return panel;
}

async function makeGroup(page: Page, name: string, mode: 'positive' | 'negative', enforcing: boolean, members: { vms?: string[]; hosts?: string[] }) {
  const panel = page.getByTestId('affinity');
  const create = panel.getByTestId('affinity-group-create');
  await create.getByLabel('Name').fill(name);
  await create.getByLabel('VM rule', { exact: true }).selectOption(mode);
  if (enforcing) await create.getByLabel('Enforcing (the VM rule must hold)').check();
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(create.getByRole('status')).toContainText(`Affinity group ${name} was created.`, LONG);
  const group = panel.getByTestId(`affinity-group-${name}`);
  for (const vm of members.vms ?? []) {
    await group.getByTestId('group-vms').getByLabel('Choose a VM').selectOption({ label: vm });
    await group.getByTestId('group-vms').getByRole('button', { name: 'Add VM' }).click();
    await expect(group.getByTestId('group-vms')).toContainText(vm, LONG);
  }
  for (const host of members.hosts ?? []) {
    await group.getByTestId('group-hosts').getByLabel('Choose a host').selectOption({ label: host });
    await group.getByTestId('group-hosts').getByRole('button', { name: 'Add host' }).click();
    await expect(group.getByTestId('group-hosts')).toContainText(host, LONG);
  }
}

/** The Settings tab, with the VM's affinity panel loaded. */
async function openVmAffinity(page: Page, name: string) {
  await openVmSettings(page, name);
  await expect(page.getByTestId('vm-affinity')).toBeVisible(LONG);
}

test.describe("a VM's affinity and lease against the demo engine", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('joins and leaves groups of its cluster (a collision refused in the engine words), takes and drops a label, gets a lease and loses it', async ({ page }) => {
    const panel = await openClusterAffinity(page);
    await makeGroup(page, 'ci-apart', 'negative', true, { vms: ['ci-runner-02'] });
    await makeGroup(page, 'ci-together', 'positive', true, { vms: ['ci-runner-02'], hosts: ['amd-03'] });
    const labels = panel.getByTestId('affinity-label-create');
    await labels.getByLabel('Label name').fill('ci-ssd');
    await labels.getByRole('button', { name: 'Create label' }).click();
    const ssd = panel.getByTestId('affinity-label-ci-ssd');
    await ssd.getByTestId('label-hosts').getByLabel('Choose a host').selectOption({ label: 'amd-03' });
    await ssd.getByTestId('label-hosts').getByRole('button', { name: 'Add host' }).click();
    await expect(ssd.getByTestId('label-hosts')).toContainText('amd-03', LONG);

    await openVmAffinity(page, 'ci-runner-01');
    const a = page.getByTestId('vm-affinity');
    await expect(a.getByText('This VM is in no affinity group.')).toBeVisible();
    await expect(a.getByText('This VM has no affinity labels.')).toBeVisible();

    const join = async (group: string) => {
      await a.getByTestId('vm-affinity-join').getByLabel('Choose a group of its cluster').selectOption({ label: group });
      await a.getByTestId('vm-affinity-join').getByRole('button', { name: 'Add to group' }).click();
    };
    await join('ci-apart');
    const apart = a.getByTestId('vm-affinity-group-ci-apart');
    await expect(apart.getByTestId('vm-group-vms-rule')).toHaveText('negative · enforcing', LONG);
    await expect(apart.getByTestId('vm-group-other-vms')).toHaveText('ci-runner-02');
    await expect(a.getByRole('status')).toContainText('ci-runner-01 was added to ci-apart.');

    // Apart and together, both enforcing, for the same two VMs: the engine refuses in its words.
    await join('ci-together');
    await expect(a.getByRole('status')).toContainText('Affinity rules collision', LONG);
    await expect(a.getByTestId('vm-affinity-group-ci-together')).toHaveCount(0);

    await apart.getByRole('button', { name: 'Leave ci-apart' }).click();
    await expect(apart).toHaveCount(0, LONG);
    await join('ci-together');
    const together = a.getByTestId('vm-affinity-group-ci-together');
    await expect(together.getByTestId('vm-group-vms-rule')).toHaveText('positive · enforcing', LONG);
    await expect(together.getByTestId('vm-group-other-vms')).toHaveText('ci-runner-02');
    await expect(together.getByTestId('vm-group-hosts')).toHaveText('amd-03');

    await a.getByTestId('vm-affinity-label-add').getByLabel('Choose a label').selectOption({ label: 'ci-ssd' });
    await a.getByTestId('vm-affinity-label-add').getByRole('button', { name: 'Add label' }).click();
    const label = a.getByTestId('vm-affinity-label-ci-ssd');
    await expect(label.getByTestId('vm-label-hosts')).toHaveText('hosts with it: amd-03', LONG);
    await label.getByRole('button', { name: 'Remove label ci-ssd' }).click();
    await expect(a.getByText('This VM has no affinity labels.')).toBeVisible(LONG);

    const s = page.getByTestId('vm-settings');
    await expect(s.getByTestId('now-lease')).toHaveText('No lease');
    // Only the active data domains of its data center: not the one in maintenance, not the ISO domain, not another data center's.
    const lease = s.getByLabel('Lease storage domain');
    for (const absent of ['posix-data', 'iso', 'lab-local', 'nfs-spare']) await expect(lease.locator('option', { hasText: absent })).toHaveCount(0);
    await lease.selectOption({ label: 'nfs-data' });
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByTestId('now-lease')).toHaveText('nfs-data', LONG);
    await s.getByLabel('Lease storage domain').selectOption({ label: 'No lease' });
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByTestId('now-lease')).toHaveText('No lease', LONG);

    // The cluster's page sees the VM in the group it joined.
    await openClusterAffinity(page);
    await expect(page.getByTestId('affinity-group-ci-together').getByTestId('group-vms')).toContainText('ci-runner-01', LONG);
  });

  test('亲和组与租约（中文）：加入、退出亲和组，设置并移除租约', async ({ page }) => {
    await openClusterAffinity(page);
    await makeGroup(page, 'ci-zh', 'positive', false, { vms: ['ci-runner-02'] });

    await openVmAffinity(page, 'ci-runner-03');
    await page.getByLabel('Language').selectOption('zh-CN');
    const a = page.getByTestId('vm-affinity');
    await expect(a.getByText('该虚拟机不属于任何亲和组。')).toBeVisible(LONG);
    await a.getByTestId('vm-affinity-join').getByLabel('选择其所在集群的一个亲和组').selectOption({ label: 'ci-zh' });
    await a.getByTestId('vm-affinity-join').getByRole('button', { name: '加入亲和组' }).click();
    const group = a.getByTestId('vm-affinity-group-ci-zh');
    await expect(group.getByTestId('vm-group-vms-rule')).toHaveText('正向 · 优先（非强制）', LONG);
    await expect(group.getByTestId('vm-group-other-vms')).toHaveText('ci-runner-02');
    await group.getByRole('button', { name: '退出 ci-zh' }).click();
    await expect(group).toHaveCount(0, LONG);
    await expect(a.getByText('该虚拟机不属于任何亲和组。')).toBeVisible();

    const s = page.getByTestId('vm-settings');
    await expect(s.getByTestId('now-lease')).toHaveText('无租约');
    await s.getByLabel('租约存储域').selectOption({ label: 'gluster-data' });
    await s.getByRole('button', { name: '保存设置' }).click();
    await expect(s.getByTestId('now-lease')).toHaveText('gluster-data', LONG);
    await s.getByLabel('租约存储域').selectOption({ label: '无租约' });
    await s.getByRole('button', { name: '保存设置' }).click();
    await expect(s.getByTestId('now-lease')).toHaveText('无租约', LONG);
  });
});
