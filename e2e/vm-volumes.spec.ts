import { expect, signInAsAdmin, test } from './fixtures';

// The demo has a Cinder but only an oVirt engine, which takes no Cinder volume: the VM page's
// volume card says so (in both languages) instead of offering an attach that cannot work, and the
// wizard's volume source stays unavailable with its reason. Attach and boot from volume on libvirt
// are checked on the real rigs (test/real/volumes.test.ts, test/real/boot-from-volume.test.ts).
test('an oVirt VM says why it cannot take Cinder volumes, in English and Chinese', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/vms');
  const link = page.getByTestId('vm-row').getByRole('link').first();
  await expect(link).toBeVisible({ timeout: 30_000 });
  await page.goto((await link.getAttribute('href'))!);
  const card = page.getByTestId('vm-volumes');
  await expect(card.getByRole('heading', { name: 'Block storage volumes' })).toBeVisible();
  await expect(card.getByTestId('vm-volumes-unsupported')).toContainText("This VM's connection cannot take Cinder volumes");
  await expect(card.getByRole('button')).toHaveCount(0);

  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(card.getByRole('heading', { name: '块存储卷' })).toBeVisible();
  await expect(card.getByTestId('vm-volumes-unsupported')).toContainText('此虚拟机所在的连接无法挂载 Cinder 卷');
  await page.getByLabel('语言').selectOption('en');
});

// The volume's side, against the demo Cinder: a volume another consumer attached (the seeded
// app-server-boot, on a server of compute host compute-1 that no connection here knows) shows that
// attachment as Cinder reports it and offers no Detach (the dashboard detaches only what it can
// unplug from a VM it knows); an available volume says why nothing here can attach it. Both languages.
test("a volume page shows another consumer's attachment without a Detach, and why nothing here can attach, in English and Chinese", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/volumes?q=app-server-boot');
  await page.getByTestId('volume-row').getByRole('link', { name: 'app-server-boot', exact: true }).click();
  await expect(page.getByTestId('volume-title')).toContainText('app-server-boot');
  const attachments = page.getByTestId('volume-attachments');
  await expect(attachments.getByTestId('volume-attachment')).toHaveCount(1);
  await expect(attachments.getByTestId('volume-attachment')).toContainText(/Server [0-9a-f-]{36} as \/dev\/vdb \(compute host compute-1\)/);
  await expect(attachments.getByRole('button')).toHaveCount(0);
  await expect(attachments.getByTestId('volume-attach-unavailable')).toContainText('oVirt engines use Cinder drivers only through their own Managed Block Storage domains');

  await page.goto('/volumes?q=scratch-1');
  await page.getByTestId('volume-row').getByRole('link', { name: 'scratch-1', exact: true }).click();
  await expect(page.getByTestId('volume-title')).toContainText('scratch-1');
  await expect(attachments).toContainText('Not attached to any server.');
  await expect(attachments.getByTestId('volume-attach')).toHaveCount(0);
  await expect(attachments.getByTestId('volume-attach-unavailable')).toContainText("No connected compute backend can take this Cinder's volumes here.");

  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(attachments).toContainText('未挂载到任何服务器。');
  await expect(attachments.getByTestId('volume-attach-unavailable')).toContainText('已连接的计算后端都无法在此使用该 Cinder 的卷。');
  await page.getByLabel('语言').selectOption('en');
});
