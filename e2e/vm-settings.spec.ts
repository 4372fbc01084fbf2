import { expect, signInAsAdmin, test } from './fixtures';
import { openVmSettings } from './vm-settings-page';

// A VM's boot order, HA, console type and placement after creation (issue 19 point 4), through the
// real UI against the demo engine: what applies at once and what at the next start, shown as such;
// the engine's refusals in its words with the input kept. Uses demo VMs no other spec changes.

const LONG = { timeout: 30_000 };

test.describe('VM settings against the demo engine', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('a running VM: boot order waits for the next start, placement applies at once, HA pinned to one host is refused', async ({ page }) => {
    await openVmSettings(page, 'k8s-master-02');
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

    // Free again: a pinned VM would keep its host out of maintenance (host-actions.spec.ts uses amd-02).
    await s.getByLabel('Migration').selectOption('migratable');
    await s.getByLabel('amd-01').uncheck();
    await s.getByLabel('amd-02').uncheck();
    await s.getByRole('button', { name: 'Save settings' }).click();
    await expect(s.getByTestId('now-placement')).toHaveText('Allow automatic and manual migration · any host', LONG);
  });

  test('控制台类型（中文）：运行中的虚拟机在下次启动时生效', async ({ page }) => {
    await openVmSettings(page, 'k8s-master-03');
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

test.describe('affinity groups and labels against the demo engine', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('a cluster: negative enforcing group with two VMs, a colliding positive one refused until it is only preferred, a label on a host, removal', async ({ page }) => {
    await page.goto('/clusters');
    await page.getByRole('link', { name: 'prod-amd', exact: true }).first().click();
    const panel = page.getByTestId('affinity');
    await expect(panel).toBeVisible(LONG);

    const create = panel.getByTestId('affinity-group-create');
    const makeGroup = async (name: string, mode: 'positive' | 'negative') => {
      await create.getByLabel('Name').fill(name);
      await create.getByLabel('VM rule', { exact: true }).selectOption(mode);
      await create.getByLabel('Enforcing (the VM rule must hold)').check();
      await create.getByRole('button', { name: 'Create group' }).click();
      await expect(create.getByRole('status')).toContainText(`Affinity group ${name} was created.`, LONG);
    };
    // A name the engine would refuse is caught first, with the field's message.
    await create.getByLabel('Name').fill('k8s apart');
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(create.getByText("Use only letters, digits, '_', '-' and '.'.")).toBeVisible();

    await makeGroup('k8s-apart', 'negative');
    const apart = panel.getByTestId('affinity-group-k8s-apart');
    await expect(apart.getByTestId('group-vms-rule')).toHaveText('negative · enforcing', LONG);
    const addVm = async (group: typeof apart, vm: string) => {
      await group.getByTestId('group-vms').getByLabel('Choose a VM').selectOption({ label: vm });
      await group.getByTestId('group-vms').getByRole('button', { name: 'Add VM' }).click();
    };
    await addVm(apart, 'k8s-master-01');
    await expect(apart.getByRole('status')).toContainText('k8s-master-01 was added to k8s-apart.', LONG);
    await addVm(apart, 'k8s-master-02');
    await expect(apart.getByTestId('group-vms')).toContainText('k8s-master-02', LONG);

    await makeGroup('k8s-together', 'positive');
    const together = panel.getByTestId('affinity-group-k8s-together');
    await addVm(together, 'k8s-master-01');
    await expect(together.getByTestId('group-vms')).toContainText('k8s-master-01', LONG);
    await addVm(together, 'k8s-master-02');
    await expect(together.getByRole('status')).toContainText('Affinity rules collision', LONG);

    await together.getByRole('button', { name: 'Edit rules' }).click();
    await together.getByLabel('Enforcing (the VM rule must hold)').uncheck();
    await together.getByRole('button', { name: 'Save rules' }).click();
    await expect(together.getByTestId('group-vms-rule')).toHaveText('positive · preferred', LONG);
    await addVm(together, 'k8s-master-02');
    await expect(together.getByTestId('group-vms')).toContainText('k8s-master-02', LONG);

    const labels = panel.getByTestId('affinity-label-create');
    await labels.getByLabel('Label name').fill('ssd');
    await labels.getByRole('button', { name: 'Create label' }).click();
    const ssd = panel.getByTestId('affinity-label-ssd');
    await expect(ssd).toBeVisible(LONG);
    await ssd.getByTestId('label-hosts').getByLabel('Choose a host').selectOption({ label: 'amd-01' });
    await ssd.getByTestId('label-hosts').getByRole('button', { name: 'Add host' }).click();
    await expect(ssd.getByTestId('label-hosts')).toContainText('amd-01', LONG);

    await apart.getByRole('button', { name: 'Remove group' }).click();
    await expect(apart).toHaveCount(0, LONG);
  });
});
