import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, signInAsAdmin, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * ISO uploads from the browser through the dashboard to the demo engine's image proxy: a 200 MB
 * file with its progress, one cancelled half-way, one resumed after a reload.
 */

const MB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-upload-'));

function makeFile(name: string, size: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  // Some real bytes at both ends; the rest is a sparse run of zeros (cheap to make, full size to send).
  fs.writeSync(fd, Buffer.from('CD001 e2e image'), 0, 15, 0x8001);
  fs.ftruncateSync(fd, size);
  fs.closeSync(fd);
  return file;
}

const progress = (page: Page) => page.getByRole('progressbar', { name: 'Upload progress' });
const percentOf = async (page: Page) => Number((await progress(page).getAttribute('aria-valuenow')) ?? 0);

async function chooseTarget(page: Page) {
  await page.goto('/storage/upload');
  const domain = page.getByLabel('Storage domain');
  const option = domain.locator('option', { hasText: /^nfs-data / });
  await domain.selectOption((await option.getAttribute('value')) ?? '');
}

test.describe.configure({ mode: 'serial' });
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('uploads a 200 MB ISO with progress and speed, then the engine holds it', async ({ page }) => {
  const file = makeFile('e2e-200mb.iso', 200 * MB);
  await signInAsAdmin(page);
  await chooseTarget(page);
  await page.getByLabel('ISO file').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(progress(page)).toBeVisible();
  // Progress moves through intermediate values before the end (several ranges of 8 MiB).
  await expect.poll(() => percentOf(page), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByText(/of 200\.0 MiB/)).toBeVisible();
  // The measured speed shows while the bytes flow.
  await expect(page.getByText(/of 200\.0 MiB · \d+(\.\d+)? MiB\/s/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('e2e-200mb.iso was uploaded.')).toBeVisible({ timeout: 90_000 });
  await expect(progress(page)).toHaveAttribute('aria-valuenow', '100');

  // The engine holds it: the target domain's page lists the new ISO disk (ISOs are disks on data domains since 4.4).
  await page.goto('/storage?q=nfs-data');
  await page.getByTestId('storage-row').getByRole('link', { name: 'nfs-data', exact: true }).first().click();
  const disk = page.getByTestId('storage-disks').getByRole('row').filter({ hasText: 'e2e-200mb.iso' });
  // A page rendered from a read just before the finish refreshes by itself within 15 s.
  await expect(disk).toHaveCount(1, { timeout: 20_000 });
  // Columns: name, status, size, actual size, content.
  await expect(disk.locator('td').nth(2)).toHaveText('200 MiB');
  await expect(disk.locator('td').nth(4)).toHaveText('iso');
});

test('an upload cancelled half-way stops and says so', async ({ page }) => {
  const file = makeFile('e2e-cancel.iso', 200 * MB);
  await signInAsAdmin(page);
  await chooseTarget(page);
  await page.getByLabel('ISO file').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect.poll(() => percentOf(page), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel upload' }).click();
  await expect(page.getByText('The upload was cancelled')).toBeVisible();
  const stopped = await percentOf(page);
  expect(stopped).toBeLessThan(100);
  // The engine ended its job as aborted (read back through the dashboard's task list)...
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/inventory/tasks?size=100');
        const tasks = ((await res.json()) as { items: Array<{ description: string; status: string }> }).items;
        return tasks.find((t) => t.description === 'Uploading disk e2e-cancel.iso')?.status;
      },
      { timeout: 30_000, message: 'the upload job, aborted' },
    )
    .toBe('aborted');
  // ...and by then the browser has sent nothing more.
  expect(await percentOf(page)).toBe(stopped);
  await expect(page.getByText('e2e-cancel.iso was uploaded.')).toHaveCount(0);
});

test('an upload interrupted by a reload resumes with the same file', async ({ page }) => {
  const file = makeFile('e2e-resume.iso', 200 * MB);
  await signInAsAdmin(page);
  await chooseTarget(page);
  await page.getByLabel('ISO file').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect.poll(() => percentOf(page), { timeout: 30_000, intervals: [50] }).toBeGreaterThan(4);
  await page.reload();
  await expect(page.getByText(/The upload of e2e-resume\.iso stopped at \d+%/)).toBeVisible();
  await page.getByLabel('ISO file').setInputFiles(file);
  await page.getByRole('button', { name: 'Resume upload' }).click();
  await expect(page.getByText('e2e-resume.iso was uploaded.')).toBeVisible({ timeout: 90_000 });
});
