import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

/**
 * An oVirt VM's serial console in the browser: xterm.js → the dashboard's relay (ticket, who may) →
 * the adapter's SSH to the demo engine's serial console proxy, with the key the dashboard made for
 * the connection and registered on the engine user → the VM's getty. And where the engine offers
 * no serial console (the VM has no console device), the page says why, in both languages.
 */
test.describe.configure({ mode: 'serial' });

async function vmId(page: Page, name: string): Promise<string> {
  const res = await page.request.get(`/api/inventory/vms?q=${encodeURIComponent(name)}&size=50`);
  expect(res.ok()).toBeTruthy();
  const vm = ((await res.json()) as { items: { id: string; name: string }[] }).items.find((v) => v.name === name);
  if (!vm) throw new Error(`the demo engine has no VM ${name}`);
  return vm.id;
}

/** Opens the VM's serial console from its page, presses Enter and logs in as `user` (the guest refuses every password). */
async function loginPrompt(page: Page, id: string, link: string, name: string) {
  await page.goto(`/vms/${encodeURIComponent(id)}`);
  await expect(page.getByRole('link', { name: link })).toHaveAttribute('href', `/console/${encodeURIComponent(id)}/serial`);
  await page.goto(`/console/${encodeURIComponent(id)}/serial`);
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
  const rows = page.getByTestId('serial-screen').locator('.xterm-rows');
  await page.getByTestId('serial-screen').click();
  // A booted guest's getty is silent until a key comes: Enter brings the prompt.
  await page.keyboard.press('Enter');
  await expect(rows).toContainText(`${name} login:`);
  await page.keyboard.type('operator');
  await expect(rows).toContainText(`${name} login: operator`);
  await page.keyboard.press('Enter');
  await expect(rows).toContainText('Password:');
  await page.keyboard.type('not-echoed');
  await page.keyboard.press('Enter');
  await expect(rows).toContainText('Login incorrect');
  await expect(rows).not.toContainText('not-echoed');
}

test('opens an oVirt VM\'s serial console through the engine\'s proxy: the prompt, the echo, the refusal', async ({ page }) => {
  await signInAsAdmin(page);
  await loginPrompt(page, await vmId(page, 'app-01'), 'Serial console', 'app-01');
  await expect(page.getByText("Keys you type go to the guest's serial port.")).toBeVisible();
});

test('says why where the engine offers no serial console (the VM has no console device)', async ({ page }) => {
  await signInAsAdmin(page);
  const id = await vmId(page, 'HostedEngine');
  // The VM page offers no link that cannot work, and says why.
  await page.goto(`/vms/${encodeURIComponent(id)}`);
  await expect(page.getByTestId('serial-console-unavailable')).toHaveText(
    'No serial console: The VM "HostedEngine" has no serial console device (console enabled: false in the engine); enable it in the VM\'s console settings.',
  );
  await expect(page.getByRole('link', { name: 'Serial console' })).toHaveCount(0);
  await page.goto(`/console/${encodeURIComponent(id)}/serial`);
  const alert = page.getByRole('alert').filter({ hasText: 'The console is not available' });
  await expect(alert).toContainText('The VM "HostedEngine" has no serial console device (console enabled: false in the engine)');
});

test('a connection\'s serial console proxy port: a bad one shown on its field, a good one kept', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admin/backends');
  const demoUrl = (await page.getByTestId('backend-row-Demo (simulated oVirt)').getByTestId('backend-url').textContent())!.trim();
  const name = `Serial port ${Date.now()}`;
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Address').fill(demoUrl);
  await form.getByLabel('Username').fill('admin@internal');
  await form.getByLabel('Password').fill('not-the-password');
  await expect(form.getByText('empty: 2222')).toBeVisible();
  await form.getByLabel('Serial console proxy port').fill('70000');
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(form.getByText('The serial console port is a whole number from 1 to 65535 (empty: 2222).')).toBeVisible();
  await expect(form.getByLabel('Serial console proxy port')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId(`backend-row-${name}`)).toHaveCount(0);
  await form.getByLabel('Serial console proxy port').fill('2223');
  await form.getByRole('button', { name: 'Add connection' }).click();
  const added = page.getByTestId(`backend-row-${name}`);
  await expect(added).toContainText('Added here');
  await added.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('form', { name: `Edit ${name}` }).getByLabel('Serial console proxy port')).toHaveValue('2223');
  // Removed again: other specs expect the estate's connections only.
  await page.getByRole('link', { name: 'Cancel editing' }).click();
  const saved = page.getByTestId(`backend-row-${name}`);
  await saved.getByRole('button', { name: 'Remove', exact: true }).click();
  await saved.getByRole('group', { name: `Remove ${name}?` }).getByLabel(`Type ${name} to confirm`).fill(name);
  await saved.getByRole('button', { name: 'Remove connection' }).click();
  await expect(page.getByTestId(`backend-row-${name}`)).toHaveCount(0);
});

test('the same in Simplified Chinese', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  try {
    await loginPrompt(page, await vmId(page, 'app-02'), '串口控制台', 'app-02');
    await expect(page.getByTestId('console-status')).toHaveText(/已连接/);
    await expect(page.getByText('键入的按键会发送到客户机的串口。')).toBeVisible();
    await page.goto(`/console/${encodeURIComponent(await vmId(page, 'HostedEngine'))}/serial`);
    await expect(page.getByRole('alert').filter({ hasText: '控制台不可用' })).toContainText('has no serial console device');
    await page.goto('/admin/backends');
    await expect(page.getByRole('form', { name: '添加连接' }).getByLabel('串口控制台代理端口')).toBeVisible();
  } finally {
    await page.goto('/');
    await page.getByLabel('语言').selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
});
