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
