import { createUserViaUi, expect, sameOrigin, signInAsAdmin, signInAsPortalUser, test } from './fixtures';

/**
 * The self-service portal as its users see it: an admin publishes a template and two sizes and
 * sets the default quota; a user launches within quota, is refused over it (before submit, with
 * the limit named), starts and stops their VM and opens its console; another user's VM is a 404
 * page, a 404 read and a 403 console ticket.
 */

const stamp = Date.now().toString(36);
const ALICE = `portal-a-${stamp}`;
const BOB = `portal-b-${stamp}`;
const MINE = `e2e-mine-${stamp}`;
// A demo VM the admin gives to Bob.
const BOBS_VM = 'web-03';

test.describe.configure({ mode: 'serial' });

let bobsVmId = '';

test('an admin publishes a template, two sizes, a default quota, and gives a VM to a user', async ({ page }) => {
  await signInAsAdmin(page);
  await createUserViaUi(page, ALICE);
  await createUserViaUi(page, BOB);

  await page.goto('/admin/portal');
  await expect(page.getByRole('heading', { name: 'Self-service portal' })).toBeVisible();
  const catalog = page.getByTestId('catalog-form');
  await catalog.getByLabel('Name', { exact: true }).fill(`Debian ${stamp}`);
  await catalog.getByLabel('Template or image').selectOption({ label: 'Template: debian-12' });
  await catalog.getByLabel('Smallest disk (GiB)').fill('10');
  await catalog.getByRole('button', { name: 'Publish' }).click();
  await expect(catalog.getByText(`Debian ${stamp} is in the catalog.`)).toBeVisible();
  await expect(page.getByTestId(`catalog-row-Debian ${stamp}`)).toContainText('Published');

  const flavors = page.getByTestId('flavor-form');
  for (const [name, vcpus, memory, disk] of [
    [`small-${stamp}`, '1', '1024', '10'],
    [`huge-${stamp}`, '8', '16384', '40'],
  ]) {
    await flavors.getByLabel('Name').fill(name);
    await flavors.getByLabel('vCPUs').fill(vcpus);
    await flavors.getByLabel('Memory (MiB)').fill(memory);
    await flavors.getByLabel('Disk (GiB)').fill(disk);
    await flavors.getByRole('button', { name: 'Add size' }).click();
    await expect(page.getByTestId(`flavor-row-${name}`)).toBeVisible();
  }

  const quota = page.getByTestId('quota-default');
  await quota.getByLabel('VMs').fill('3');
  await quota.getByLabel('vCPUs').fill('4');
  await quota.getByLabel('Memory (MiB)').fill('8192');
  await quota.getByLabel('Disk (GiB)').fill('100');
  await quota.getByRole('button', { name: 'Save quota' }).click();
  await expect(quota.getByText('Quota saved.')).toBeVisible();

  const own = page.getByTestId('ownership-form');
  await own.getByLabel('VM name').fill(BOBS_VM);
  await own.getByLabel('Owner').selectOption({ label: BOB });
  await own.getByRole('button', { name: 'Assign' }).click();
  await expect(own.getByText(`${BOBS_VM} now belongs to ${BOB}.`)).toBeVisible();
  await expect(page.getByTestId(`ownership-row-${BOBS_VM}`)).toContainText(BOB);

  const res = await page.request.get('/api/inventory/vms?size=100');
  const vms = ((await res.json()) as { items: Array<{ id: string; name: string; status: string }> }).items;
  const bobs = vms.find((v) => v.name === BOBS_VM)!;
  // Running, so that Bob's console ticket below is a real one.
  expect(bobs.status).toBe('running');
  bobsVmId = bobs.id;
});

test('a user launches within quota, starts, opens the console and stops their VM', async ({ page, context }) => {
  await signInAsPortalUser(page, ALICE);
  // Nothing of Bob's shows up here.
  await expect(page.getByText(BOBS_VM)).toHaveCount(0);
  // Admin pages stay closed.
  await page.goto('/admin/portal');
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();

  await page.goto('/portal/launch');
  await page.getByLabel('Image').selectOption({ label: `Debian ${stamp}` });
  await page.getByLabel('Size').selectOption({ label: `small-${stamp}: 1 vCPUs, 1024 MiB, 10 GiB` });
  await page.getByLabel('Name').fill(MINE);
  await expect(page.getByTestId('quota-problem')).toHaveCount(0);
  await page.getByRole('button', { name: 'Launch' }).click();
  await expect(page.getByText(`VM ${MINE} is being created. It appears in My VMs.`)).toBeVisible({ timeout: 20_000 });

  await page.getByRole('link', { name: 'Go to my VMs' }).click();
  const card = page.getByTestId('my-vm-card').filter({ hasText: MINE });
  await expect(card).toContainText('1 vCPUs · 1024 MiB memory · 10 GiB disk');
  await card.getByRole('link', { name: MINE }).click();
  await expect(page.getByRole('heading', { level: 1, name: MINE })).toBeVisible();

  // The engine finishes the clone, then the VM is down and can start.
  const start = page.getByRole('button', { name: 'Start', exact: true });
  await expect(start).toBeEnabled({ timeout: 30_000 });
  await start.click();
  await expect(page.getByTestId('live-status').first()).toHaveAttribute('data-status', 'running', { timeout: 30_000 });

  const [consolePage] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open console', exact: true }).click()]);
  await consolePage.waitForLoadState();
  await expect(consolePage.getByRole('heading', { name: MINE })).toBeVisible();
  await expect(consolePage.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
  await consolePage.close();

  await page.getByRole('button', { name: 'Power off' }).click();
  await expect(page.getByTestId('live-status').first()).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });

  await page.goto('/portal/tasks');
  await expect(page.getByTestId('my-tasks')).toContainText('Launch');
  await expect(page.getByTestId('my-tasks')).toContainText(MINE);
});

test('over quota: the form names the limit before submit and offers no launch', async ({ page }) => {
  await signInAsPortalUser(page, ALICE);
  await page.goto('/portal/launch');
  await expect(page.getByTestId('quota-user')).toContainText('1 of 4');
  await page.getByLabel('Size').selectOption({ label: `huge-${stamp}: 8 vCPUs, 16384 MiB, 40 GiB` });
  await expect(page.getByTestId('quota-problem')).toHaveText('Over your quota: this needs 8 vCPUs, and only 3 of your 4 are free.');
  await page.getByLabel('Name').fill(`e2e-huge-${stamp}`);
  await expect(page.getByRole('button', { name: 'Launch' })).toBeDisabled();
});

test("another user's VM: 404 page, 404 read, 404 console ticket and console page, as for a VM that does not exist", async ({ page }) => {
  expect(bobsVmId).not.toBe('');
  await signInAsPortalUser(page, ALICE);
  const encoded = encodeURIComponent(bobsVmId);
  await page.goto(`/portal/vms/${encoded}`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect((await page.request.get(`/api/portal/vms?vm=${encoded}`)).status()).toBe(404);
  const ticket = await page.request.post('/api/console/ticket', { data: { vmId: bobsVmId }, headers: sameOrigin(page) });
  expect(ticket.status()).toBe(404);
  expect(await ticket.text()).not.toContain('token');
  const consolePage = await page.goto(`/console/${encoded}`);
  expect(consolePage?.status()).toBe(404);

  // Bob himself sees and may use it.
  await page.context().clearCookies();
  await signInAsPortalUser(page, BOB);
  await expect(page.getByTestId('my-vm-card').filter({ hasText: BOBS_VM })).toBeVisible();
  expect((await page.request.post('/api/console/ticket', { data: { vmId: bobsVmId }, headers: sameOrigin(page) })).status()).toBe(200);
});
