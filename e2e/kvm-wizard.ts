import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * The new-VM wizard on the rig's real QEMU host ("KVM qemu" in the libvirt step's BACKENDS_FILE):
 * the name, the boot source `pickSource` chooses, no other disk or NIC (the rig's daemon has no
 * network to plug one into), 256 MiB and a VNC console. Answers the progress panel once the VM
 * is ready.
 */
export async function createKvmVm(page: Page, name: string, pickSource: (wizard: Locator) => Promise<void>, timeout = 60_000): Promise<Locator> {
  await page.goto('/vms/new');
  await page.getByLabel('Connection').selectOption({ label: 'KVM qemu' });
  const wizard = page.getByTestId('vm-wizard');
  await expect(wizard).toBeVisible({ timeout: 20_000 });
  await wizard.getByLabel('Name', { exact: true }).fill(name);
  await pickSource(wizard);
  const removeRow = wizard.getByRole('button', { name: /^Remove (disk|interface) \d+$/ });
  while ((await removeRow.count()) > 0) await removeRow.first().click();
  await wizard.getByLabel('Memory (MiB)').fill('256');
  await wizard.getByLabel('Console type').selectOption('vnc');
  await wizard.getByRole('button', { name: 'Create VM' }).click();
  const progress = page.getByTestId('vm-create-progress');
  await expect(progress.getByText(`VM ${name} is ready:`)).toBeVisible({ timeout });
  return progress;
}

/** Picks the option of a select that names `text` (the wizard's image and volume pickers). */
export async function pickOption(select: Locator, text: string): Promise<void> {
  await select.selectOption((await select.locator('option', { hasText: text }).getAttribute('value')) ?? '');
}
