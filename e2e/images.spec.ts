import { expect, signInAsAdmin, test } from './fixtures';

/**
 * The Images page against the demo Glance (fakes/glance, served by the demo Cinder's process and in
 * its Keystone catalog as the image service): the seeded images listed by name, a small image
 * uploaded from the browser in byte ranges until Glance makes it active, then deleted after a
 * confirmation; a protected image is refused in Glance's own words and stays.
 */

const RUN = Date.now().toString(36).slice(-5);

test.describe.configure({ mode: 'serial' });

test('upload a small image from the browser, see it active with its size, then delete it', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/images');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Images');
  await expect(page.getByTestId('image-row-cirros-0.6.2')).toContainText('active');

  const name = `e2e-img-${RUN}`;
  // 1.5 MiB of a pattern: several network pieces, one byte range.
  const bytes = Buffer.alloc(1536 * 1024, 0x5a);
  const upload = page.getByTestId('image-upload');
  await upload.getByLabel('Image file').setInputFiles({ name: `${name}.qcow2`, mimeType: 'application/octet-stream', buffer: bytes });
  // The name and disk format come from the file name; the user may change them.
  await expect(upload.getByLabel('Image name')).toHaveValue(name);
  await expect(upload.getByLabel('Disk format')).toHaveValue('qcow2');
  await upload.getByLabel('Disk format').selectOption('raw');
  await upload.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(upload.getByRole('status')).toContainText(`${name} was uploaded and is active.`, { timeout: 30_000 });
  await expect(upload.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');

  const row = page.getByTestId(`image-row-${name}`);
  await expect(row).toContainText('active');
  await expect(row).toContainText('1.5 MiB');
  await expect(row).toContainText('raw / bare');

  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('image-row-cirros-0.6.2')).toBeVisible();
  await expect(page.getByTestId(`image-row-${name}`)).toHaveCount(0);
});

test('a protected image is refused deletion in Glance\'s words and stays', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/images');
  const row = page.getByTestId('image-row-debian-12-genericcloud');
  await expect(row).toContainText('Protected');
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toContainText('is protected and cannot be deleted');
  await page.reload();
  await expect(page.getByTestId('image-row-debian-12-genericcloud')).toBeVisible();
});
