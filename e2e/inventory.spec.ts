import net from 'node:net';
import type { Page } from '@playwright/test';
import { expect, signInAsAdmin, test } from './fixtures';

// The e2e server runs in demo mode: the simulated engine is the connection "Demo (simulated
// oVirt)", reached over HTTP by the oVirt adapter. Other specs may add connections to the same
// server, so these tests look for their own rows and banners rather than exact totals.
const DEMO = 'Demo (simulated oVirt)';

async function overviewApi(page: Page) {
  const response = await page.request.get('/api/inventory/overview');
  expect(response.ok()).toBe(true);
  return (await response.json()) as {
    reachable: Array<{ connection: { name: string }; vms?: { total: number }; hosts?: { total: number } }>;
  };
}

/** Removes a connection this spec added, as an administrator does, leaving the shared server as it was. */
async function removeConnection(page: Page, name: string) {
  await page.goto('/admin/backends');
  const row = page.getByTestId(`backend-row-${name}`);
  await row.getByRole('button', { name: 'Remove', exact: true }).click();
  const confirm = row.getByRole('group', { name: `Remove ${name}?` });
  await confirm.getByLabel(`Type ${name} to confirm`).fill(name);
  await confirm.getByRole('button', { name: 'Remove connection' }).click();
  await expect(page.getByTestId(`backend-row-${name}`)).toHaveCount(0);
}

test.describe('inventory pages (demo estate)', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('the overview shows the demo engine’s counts, capacity charts and recent events', async ({ page }) => {
    const card = page.getByTestId('connection-overview').filter({ hasText: DEMO });
    await expect(card).toBeVisible();
    await expect(card.getByTestId('simulated')).toBeVisible();
    const api = (await overviewApi(page)).reachable.find((r) => r.connection.name === DEMO)!;
    expect(api.vms!.total).toBeGreaterThan(0);
    await expect(card.getByTestId('count-vms')).toContainText(String(api.vms!.total));
    await expect(card.getByTestId('count-hosts')).toContainText(String(api.hosts!.total));
    // The demo hosts report their own statistics: measured use, what the VMs were given, and free.
    await expect(card.getByRole('img', { name: /^CPU: Used [\d.,]+ of [\d,]+ CPUs \(measured\), Committed [\d,]+ vCPUs \(given to VMs\), Free [\d.,]+ CPUs$/ })).toBeVisible();
    await expect(card.getByRole('img', { name: /^Memory: Used .+ of .+ \(measured\), Committed .+ \(given to VMs\), Free .+$/ })).toBeVisible();
    // Allocation is no longer passed off as use.
    await expect(card.getByRole('meter', { name: /allocated/ })).toHaveCount(0);
    await expect(card.getByRole('img', { name: /Storage \(data domains\)/ })).toBeVisible();
    await expect(page.getByTestId('event-row').first()).toBeVisible();
  });

  for (const [path, rowId] of [
    ['/vms', 'vm-row'],
    ['/hosts', 'host-row'],
    ['/datacenters', 'datacenter-row'],
    ['/clusters', 'cluster-row'],
    ['/storage', 'storage-row'],
    ['/templates', 'template-row'],
  ] as const) {
    test(`${path} lists demo rows marked simulated, and a row opens its detail page`, async ({ page }) => {
      await page.goto(path);
      const rows = page.getByTestId(rowId);
      await expect(rows.first()).toBeVisible();
      await expect(rows.first().getByTestId('simulated')).toBeVisible();
      const name = (await rows.first().getByRole('link').first().textContent())!.trim();
      await rows.first().getByRole('link').first().click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
      await expect(page.getByTestId('detail-problem')).toHaveCount(0);
    });
  }

  test('VMs: search, status filter, sort and paging go to the server and into the URL', async ({ page }) => {
    await page.goto('/vms');
    const rows = page.getByTestId('vm-row');
    await expect(rows.first()).toBeVisible();

    await page.getByRole('searchbox', { name: 'Search VMs by name' }).fill('web');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/[?&]q=web/);
    await expect(rows.first()).toContainText('web');
    for (const text of await rows.getByRole('link').allTextContents()) expect(text).toContain('web');

    await page.getByRole('combobox', { name: 'Status' }).selectOption('running');
    await expect(page).toHaveURL(/status=running/);
    await expect(page).toHaveURL(/q=web/);
    await expect(rows.locator('[data-status]').first()).toHaveAttribute('data-status', 'running');
    for (const status of await rows.locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))
      expect(status).toBe('running');

    await page.getByRole('button', { name: 'Name' }).click();
    await expect(page).toHaveURL(/sort=name/);
    await page.getByRole('button', { name: 'Name' }).click();
    await expect(page).toHaveURL(/dir=desc/);
    await expect
      .poll(async () => {
        const names = await rows.getByRole('link').allTextContents();
        return names.length > 1 && names.join() === [...names].sort().reverse().join();
      })
      .toBe(true);

    // Engine query language, then paging at 25 per page.
    await page.goto('/vms');
    await page.getByRole('textbox', { name: 'Engine query' }).fill('cluster=Default');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/query=cluster%3DDefault/);
    await page.goto('/vms');
    await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('25');
    await expect(page).toHaveURL(/size=25/);
    await expect(rows).toHaveCount(25);
    const firstPage = await rows.getByRole('link').allTextContents();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByTestId('page-number')).toHaveText('Page 2');
    await expect.poll(async () => (await rows.getByRole('link').first().textContent()) !== firstPage[0]).toBe(true);
    const secondPage = await rows.getByRole('link').allTextContents();
    expect(secondPage.some((n) => firstPage.includes(n))).toBe(false);
    // The URL alone restores the state.
    await page.reload();
    await expect(rows).toHaveCount(secondPage.length);
    await expect(rows.first()).toContainText(secondPage[0]!);
  });

  test('a VM detail page has its overview, disks, NICs, snapshots and events tabs, and a console link', async ({ page }) => {
    await page.goto('/vms?status=running&q=web');
    await page.getByTestId('vm-row').first().getByRole('link').first().click();
    await expect(page.getByTestId('vm-overview')).toContainText('Host');
    await expect(page.getByRole('link', { name: 'Open console' })).toHaveAttribute('href', /^\/console\/.+%3A.+/);
    await expect(page.getByRole('link', { name: 'Open console' })).toHaveAttribute('target', '_blank');
    await page.getByRole('tab', { name: 'Disks' }).click();
    await expect(page.getByTestId('vm-disks').locator('tbody tr').first()).toContainText('GiB');
    await page.getByRole('tab', { name: 'Network interfaces' }).click();
    await expect(page.getByTestId('vm-nics')).toContainText(/[0-9a-f]{2}:[0-9a-f]{2}/);
    await page.getByRole('tab', { name: 'Snapshots' }).click();
    await expect(page.getByTestId('vm-snapshots')).toBeVisible();
    await page.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByTestId('vm-events')).toBeVisible();
  });

  test('a running VM shows what it uses, measured by the engine, and the charts fill as it polls', async ({ page }) => {
    await page.goto('/vms?status=running&q=web');
    await page.getByTestId('vm-row').first().getByRole('link').first().click();
    const cpu = page.getByTestId('vm-usage-cpu');
    await expect(cpu).toHaveAttribute('aria-label', /CPU use/);
    await expect(page.getByTestId('vm-usage-cpu-value')).toHaveText(/^\d+(\.\d+)?\s?%$/);
    await expect(page.getByTestId('vm-usage-memory')).toContainText(/ of .+ used in the guest/);
    // A second sample arrives with the next state poll: the line has two points.
    await expect.poll(async () => (await cpu.locator('polyline').getAttribute('points'))?.split(' ').length ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  });

  // "Not responding" is checked in host-actions.spec.ts before that spec fences the host back up.
  test('a host shows hardware and its VMs; a host in maintenance says so', async ({ page }) => {
    await page.goto('/hosts');
    await expect(page.getByTestId('host-row').filter({ hasText: 'Maintenance' }).first()).toBeVisible();
    await expect(page.getByRole('meter', { name: /CPU allocation of/ }).first()).toBeVisible();
    await page.getByTestId('host-row').filter({ hasText: 'Up' }).first().getByRole('link').first().click();
    await expect(page.getByTestId('host-hardware')).toContainText('CPU model');
    await expect(page.getByTestId('related-vms').locator('tbody tr').first()).toBeVisible();
  });

  test('storage tabs narrow by kind; an ISO domain lists its files', async ({ page }) => {
    await page.goto('/storage');
    await page.getByRole('tab', { name: 'ISO' }).click();
    await expect(page).toHaveURL(/type=iso/);
    await expect(page.getByTestId('storage-row')).not.toHaveCount(0);
    for (const kind of await page.getByTestId('storage-row').locator('td:nth-child(2)').allTextContents()) expect(kind).toContain('ISO');
    await page.getByTestId('storage-row').first().getByRole('link').first().click();
    await expect(page.getByTestId('storage-files')).toBeVisible();
  });

  test('events: filter by minimum severity and by object; the URL keeps the filters', async ({ page }) => {
    await page.goto('/events');
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('error');
    await expect(page).toHaveURL(/severity=error/);
    await expect.poll(async () => (await page.getByTestId('event-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')))).every((s) => s === 'error' || s === 'alert')).toBe(true);
    await expect(page.getByTestId('event-row').first()).toBeVisible();

    await page.goto('/events?max=500');
    await page.getByRole('textbox', { name: /Object name/ }).fill('host-02');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/object=host-02/);
    await expect(page.getByTestId('event-row').first()).toBeVisible();
    for (const text of await page.getByTestId('event-row').allTextContents()) expect(text).toContain('host-02');
  });

  test('an unknown id shows the not-found page', async ({ page }) => {
    const response = await page.goto('/vms/nothing%3Ahere');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});

test.describe('connections that fail', () => {
  test('an unreachable engine and a wrong password show their reason banners while the demo rows remain', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/admin/backends');
    const demoUrl = (await page.getByTestId(`backend-row-${DEMO}`).getByTestId('backend-url').textContent())!.trim();
    const stamp = Date.now();
    const down = `Down ${stamp}`;
    const wrong = `Bad password ${stamp}`;
    const form = page.getByRole('form', { name: 'Add a connection' });
    for (const c of [
      { name: down, url: 'http://127.0.0.1:1/ovirt-engine/api', password: 'whatever' },
      { name: wrong, url: demoUrl, password: 'not-the-password' },
    ]) {
      await form.getByLabel('Name', { exact: true }).fill(c.name);
      await form.getByLabel('Address').fill(c.url);
      await form.getByLabel('Username').fill('admin@internal');
      await form.getByLabel('Password').fill(c.password);
      await form.getByRole('button', { name: 'Add connection' }).click();
      await expect(page.getByTestId(`backend-row-${c.name}`)).toBeVisible();
    }

    try {
      await page.goto('/vms');
      // Visible ones only: in one run the overview held, for a moment, a second and hidden copy of
      // a banner beside the one shown (a section being swapped in as it streams); a user sees one.
      const downBanner = page.getByTestId('connection-failure').filter({ hasText: down, visible: true });
      const wrongBanner = page.getByTestId('connection-failure').filter({ hasText: wrong, visible: true });
      await expect(downBanner).toHaveAttribute('data-code', 'unreachable');
      await expect(downBanner).toContainText('The backend cannot be reached.');
      await expect(wrongBanner).toHaveAttribute('data-code', 'auth_failed');
      await expect(wrongBanner).toContainText('The backend refused the credentials.');
      await expect(page.getByTestId('vm-row').first()).toBeVisible();
      // With several connections, each row names its own.
      await expect(page.getByTestId('vm-row').first()).toContainText(DEMO);

      await page.goto('/');
      await expect(downBanner).toBeVisible();
      await expect(page.getByTestId('connection-overview').filter({ hasText: DEMO })).toBeVisible();

      await page.goto('/hosts');
      await expect(wrongBanner).toBeVisible();
      await expect(page.getByTestId('host-row').first()).toBeVisible();
    } finally {
      // Leave the shared server as we found it for the other specs.
      for (const name of [down, wrong]) await removeConnection(page, name);
    }
  });
});

/** A connection to a server that accepts connections and never answers: the worst an engine does. */
async function addSilentConnection(page: Page): Promise<{ name: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const name = `Silent ${Date.now()}`;
  await page.goto('/admin/backends');
  const form = page.getByRole('form', { name: 'Add a connection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Address').fill(`http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/ovirt-engine/api`);
  await form.getByLabel('Username').fill('admin@internal');
  await form.getByLabel('Password').fill('whatever');
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByTestId(`backend-row-${name}`)).toBeVisible();
  return {
    name,
    close: async () => {
      await removeConnection(page, name);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    },
  };
}

test('a connection that has never answered holds back only its own overview section, which says so when its deadline passes', async ({ page }) => {
  await signInAsAdmin(page);
  const { name, close } = await addSilentConnection(page);
  try {
    await page.goto('/');
    // Its own section, streamed after the first-load deadline (the read itself goes on in the background).
    const banner = page.getByTestId('connection-failure').filter({ hasText: name });
    await expect(banner).toHaveAttribute('data-code', 'timeout');
    await expect(banner).toContainText('still waiting in the background');
    await expect(page.getByTestId('connection-overview').filter({ hasText: DEMO })).toBeVisible();
    // The Gluster line counts the demo's volumes and names the connection it could not count.
    await expect(page.getByTestId('gluster-overview-flag')).toContainText(`not counted: ${name}`);
  } finally {
    await close();
  }
});

test('a list does not wait for a connection that has never answered: the others\' rows show with a "waiting" line, which turns into the reason once it gives up', async ({ page }) => {
  await signInAsAdmin(page);
  const { name, close } = await addSilentConnection(page);
  try {
    await page.goto('/vms');
    const banner = page.getByTestId('connection-failure').filter({ hasText: name });
    await expect(banner).toHaveAttribute('data-pending', 'true');
    await expect(banner).toContainText(`Waiting for ${name}`);
    await expect(page.getByTestId('vm-row').first()).toBeVisible();
    // The read behind it gives up at its deadline; the list, asking again meanwhile, then says so.
    await expect(banner).not.toHaveAttribute('data-pending', 'true', { timeout: 30_000 });
    await expect(banner).toBeVisible();
    await expect(page.getByTestId('vm-row').first()).toBeVisible();
  } finally {
    await close();
  }
});
