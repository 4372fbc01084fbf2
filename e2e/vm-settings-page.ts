import type { Page } from '@playwright/test';
import { expect } from './fixtures';

const LONG = { timeout: 30_000 };

/** Finds a VM by name in the list and opens its Settings tab (vm-settings and vm-affinity specs). */
export async function openVmSettings(page: Page, name: string): Promise<void> {
  await page.goto(`/vms?q=${encodeURIComponent(name)}`);
  const link = page.getByTestId('vm-row').getByRole('link', { name, exact: true });
  await expect(link).toBeVisible(LONG);
  await page.goto(`${await link.getAttribute('href')}?tab=settings`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await expect(page.getByTestId('vm-settings')).toBeVisible(LONG);
}
