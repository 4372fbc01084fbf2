import { createUserViaUi, expect, signInAsAdmin, signInAsPortalUser, test } from './fixtures';

/**
 * A new portal user of a fresh demo launches at once: the demo publishes a catalog (its Linux
 * templates) and sizes. The user keeps an SSH key on their profile (a malformed one refused with
 * the reason), picks it at launch, and finds the VM in My VMs; the profile page in Chinese too.
 * The key's way into the engine's cloud-init is checked in test/db/ssh-keys.test.ts, a base
 * image's launch against a real libvirtd in test/real/libvirt.test.ts.
 */

const stamp = Date.now().toString(36);
const USER = `keyholder-${stamp}`;
const VM = `e2e-launch-${stamp}`;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvjY7C1ZEx2nlzNHhnFS+viKPSPNCVrwQDjAAqxPupK e2e@laptop';

test.describe.configure({ mode: 'serial' });

test('a new user keeps an SSH key on their profile and launches from the demo catalog with it', async ({ page }) => {
  await signInAsAdmin(page);
  await createUserViaUi(page, USER);
  await page.context().clearCookies();
  await signInAsPortalUser(page, USER);

  await page.getByRole('link', { name: 'Profile and SSH keys' }).click();
  await expect(page.getByRole('heading', { name: 'Profile', exact: true })).toBeVisible();
  await expect(page.getByTestId('ssh-keys-table')).toContainText('No keys yet.');
  const form = page.getByTestId('ssh-key-form');
  await form.getByLabel('Name').fill('laptop');
  await form.getByLabel('Public key').fill('ssh-ed25519 not-a-key');
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form).toContainText('This is not an OpenSSH public key line');
  await expect(page.getByTestId('ssh-key-row-laptop')).toHaveCount(0);
  // The refused form starts empty again (React resets a form after its action): fill both anew.
  await form.getByLabel('Name').fill('laptop');
  await form.getByLabel('Public key').fill(KEY);
  await form.getByRole('button', { name: 'Add key' }).click();
  const row = page.getByTestId('ssh-key-row-laptop');
  await expect(row).toContainText('ssh-ed25519');
  await expect(row).toContainText('SHA256:');
  // The key itself never comes back to the page: only its fingerprint.
  await expect(page.getByText('AAAAC3NzaC1lZDI1NTE5AAAAIDvjY7C1ZEx2nlzNHhnFS')).toHaveCount(0);

  await page.getByRole('link', { name: 'Launch' }).click();
  await page.getByLabel('Image').selectOption({ label: 'Debian 12 — Debian 12 (bookworm) with cloud-init' });
  await page.getByLabel('Size').selectOption({ label: 'Small: 1 vCPUs, 1024 MiB, 10 GiB' });
  await expect(page.getByLabel('SSH key')).toHaveValue(/.+/); // the user's key is picked by default
  await expect(page.getByLabel('SSH key').locator('option:checked')).toContainText('laptop (SHA256:');
  await page.getByLabel('Name').fill(VM);
  await page.getByRole('button', { name: 'Launch' }).click();
  await expect(page.getByText(`VM ${VM} is being created. It appears in My VMs.`)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Go to my VMs' }).click();
  const card = page.getByTestId('my-vm-card').filter({ hasText: VM });
  await expect(card).toContainText('1 vCPUs · 1024 MiB memory · 10 GiB disk');

  // Started, the guest agent reports its name and address, and My VMs shows them.
  await card.getByRole('link', { name: VM }).click();
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await expect(start).toBeEnabled({ timeout: 30_000 });
  await start.click();
  await expect(page.getByTestId('live-status').first()).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await page.goto('/portal');
  await expect(card.getByTestId('my-vm-addresses')).toContainText(`${VM}.demo.lab`, { timeout: 30_000 });
  await expect(card.getByTestId('my-vm-addresses')).toContainText(/10\.10\.\d+\.\d+/);
});

test('the VM list and a VM page show the addresses the guest agents report', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/vms?status=running');
  // Read with the list itself (reported devices followed): some running demo VM shows an IPv4.
  await expect(page.getByTestId('vm-row').filter({ hasText: /(^|\D)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/ }).first()).toBeVisible();
  const row = page.getByTestId('vm-row').filter({ hasText: /(^|\D)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/ }).first();
  await row.getByRole('link').first().click();
  await expect(page.getByTestId('vm-addresses')).toHaveText(/\d+\.\d+\.\d+\.\d+/);
});

test('the profile page speaks Chinese, and a key is removed', async ({ page }) => {
  await signInAsPortalUser(page, USER);
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('link', { name: '个人资料与 SSH 密钥' }).click();
  await expect(page.getByRole('heading', { name: '个人资料', exact: true })).toBeVisible();
  const row = page.getByTestId('ssh-key-row-laptop');
  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: '删除' }).click();
  await expect(page.getByTestId('ssh-keys-table')).toContainText('还没有密钥。');
  await page.getByLabel('语言').selectOption('en');
});
