import type { Locator, Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

/**
 * The runbook's storage chapter in the browser against the demo engine: a replica-3 Gluster volume
 * across three hosts of the hyperconverged Default cluster, optimized for virt store and started,
 * a GlusterFS data domain made on it from the list;
 * a layout gluster refuses is refused before anything is sent; then one host goes to maintenance
 * and its brick shows down (flagged on the overview) until the host is activated again.
 */

test.describe.configure({ mode: 'serial' });

const DONE = 60_000;

async function selectByText(select: Locator, text: RegExp) {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? '');
}

const brickOf = (page: Page, host: string) => page.getByTestId('gluster-brick').filter({ hasText: host });

/** Server-rendered pages: reload until the expectation holds. */
async function untilAfterReload(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: DONE, intervals: [500, 1000, 2000] });
}

test('the Gluster page lists the seeded engine volume with every brick up', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Gluster volumes' }).first().click();
  await expect(page.getByRole('heading', { name: 'Gluster volumes' })).toBeVisible();
  const row = page.locator('[data-testid="gluster-volume-row"][data-name="engine"]');
  await expect(row).toContainText('Replicate (3 copies)');
  await expect(row).toContainText('Started');
  await expect(row).toContainText('3 of 3');
  await expect(page.getByText('not reported by the oVirt REST API v4', { exact: false }).first()).toBeVisible();
});

test('create a replica-3 volume across three hosts, optimized for virt; two bricks of a set on one host are refused first', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/gluster/new');
  await selectByText(page.getByLabel('Cluster'), /^Default \(/);
  await page.getByLabel('Name', { exact: true }).fill('data');
  await expect(page.getByLabel('Directory of brick 1')).toHaveValue('/gluster_bricks/data/data');
  await selectByText(page.getByLabel('Host of brick 1'), /^host-01$/);
  await selectByText(page.getByLabel('Host of brick 2'), /^host-01$/);
  await selectByText(page.getByLabel('Host of brick 3'), /^host-03$/);
  await expect(page.getByTestId('layout-problems')).toContainText('Two bricks of one replica set are on the same host');
  const create = page.getByRole('button', { name: 'Create volume' });
  await expect(create).toBeDisabled();
  await selectByText(page.getByLabel('Host of brick 2'), /^host-02$/);
  await expect(page.getByTestId('layout-problems')).toBeEmpty();
  await expect(page.getByLabel(/Optimize for virt store/)).toBeChecked();
  await create.click();
  await expect(page.getByRole('status').getByText('Gluster volume data created.')).toBeVisible();

  await page.goto('/gluster');
  const row = page.locator('[data-testid="gluster-volume-row"][data-name="data"]');
  await expect(row).toContainText('Stopped');
  await row.getByRole('link', { name: 'data' }).click();
  await expect(page.getByRole('heading', { name: /^data\b/ })).toBeVisible();
  await expect(page.getByTestId('gluster-options')).toContainText('features.shard');
  await expect(page.getByTestId('gluster-options')).toContainText('storage.owner-uid');
  for (const host of ['host-01', 'host-02', 'host-03']) await expect(brickOf(page, host)).toContainText('/gluster_bricks/data/data');

  await page.getByTestId('op-start').getByRole('button', { name: 'Start' }).click();
  // The page re-renders as started (the Start button, and its message, go away with it).
  await untilAfterReload(page, async () => {
    await expect(page.getByRole('heading', { name: /^data\b/ })).toContainText('Started', { timeout: 1000 });
  });
  for (const host of ['host-01', 'host-02', 'host-03']) await expect(brickOf(page, host)).toContainText('Up');
  // Deleting a started volume is not offered; stopping asks first, naming what it means.
  await expect(page.getByTestId('op-remove')).toHaveCount(0);
  await page.getByTestId('op-stop').getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('op-stop')).toContainText('becomes unreachable until it is started again');
  await page.getByTestId('op-stop').getByRole('button', { name: 'Cancel' }).click();
});

test('a GlusterFS data domain picks the started volume from the list', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/storage/new');
  const name = `gluster-data-${Date.now().toString(36)}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Storage type').selectOption('glusterfs');
  await selectByText(page.getByLabel('From the Gluster list'), /^data · Default/);
  await expect(page.getByLabel('Server')).toHaveValue('host-01.demo.lab');
  await expect(page.getByLabel('Volume')).toHaveValue('data');
  await page.getByRole('button', { name: 'Create storage domain' }).click();
  await expect(page.getByRole('status').getByText(`Storage domain ${name} was created`)).toBeVisible();
});

// Maintenance rather than a fence: both take the host's bricks down in the engine, and maintenance
// migrates host-03's VMs instead of killing them, which later specs of the same run rely on.
test('host-03 in maintenance: its brick goes down and the overview flags the volume; activated, the brick is up again', async ({ page }) => {
  // Maintenance migrates host-03's VMs first, then activation brings it up: two engine waits.
  test.setTimeout(180_000);
  await signInAsAdmin(page);
  const openHost = async () => {
    await page.goto('/hosts?q=host-03');
    await page.getByTestId('host-row').getByRole('link', { name: 'host-03', exact: true }).first().click();
    return page.getByTestId('host-actions');
  };
  let actions = await openHost();
  await actions.getByRole('button', { name: 'Maintenance' }).click();
  await page.getByRole('dialog', { name: 'Put host host-03 into maintenance?' }).getByRole('button', { name: 'Maintenance' }).click();
  await expect(actions.getByRole('status')).toContainText('requested');

  await page.goto('/gluster');
  const row = page.locator('[data-testid="gluster-volume-row"][data-name="data"]');
  await untilAfterReload(page, async () => {
    await expect(row).toContainText('Brick down', { timeout: 1000 });
  });
  await expect(row).toContainText('2 of 3');
  await page.goto('/');
  await expect(page.getByTestId('gluster-overview-flag')).toContainText('with a brick down');
  await expect(page.getByTestId('gluster-overview-flag')).toContainText('data');
  await page.goto('/gluster');
  await row.getByRole('link', { name: 'data' }).click();
  await expect(page.getByRole('heading', { name: /^data\b/ })).toBeVisible();
  await expect(brickOf(page, 'host-03')).toContainText('Down');
  // Replacing the failed brick: it is the one offered first; the only host holding no brick of the
  // volume (host-04) is in maintenance, so it is shown but cannot be chosen, and nothing can be sent.
  const replace = page.getByTestId('replace-brick');
  await expect(replace.getByLabel('Brick to replace')).toHaveValue(/host-03.*:\/gluster_bricks\/data\/data$/);
  await expect(replace.getByLabel('Brick to replace').locator('option:checked')).toContainText('(down)');
  const newHost = replace.getByLabel('Host of the new brick');
  await expect(newHost.locator('option', { hasText: /host-0[123]/ })).toHaveCount(0);
  await expect(newHost.locator('option', { hasText: 'host-04' })).toBeDisabled();
  await expect(replace.getByRole('button', { name: 'Replace brick' })).toBeDisabled();

  actions = await openHost();
  await expect(actions.getByTestId('live-status')).toHaveAttribute('data-native', 'maintenance', { timeout: DONE });
  await actions.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('dialog', { name: 'Activate host host-03?' }).getByRole('button', { name: 'Activate' }).click();
  await expect(actions.getByTestId('live-status')).toHaveAttribute('data-native', 'up', { timeout: DONE });

  await page.goto('/gluster');
  await row.getByRole('link', { name: 'data' }).click();
  await expect(page.getByRole('heading', { name: /^data\b/ })).toBeVisible();
  await untilAfterReload(page, async () => {
    await expect(brickOf(page, 'host-03')).toContainText('Up', { timeout: 1000 });
  });
  await expect(page.getByRole('heading', { name: /^data\b/ })).not.toContainText('Brick down');
  await page.goto('/');
  await expect(page.getByTestId('gluster-overview-flag')).toContainText('every brick up');
});
