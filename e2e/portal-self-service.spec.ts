import { createUserViaUi, expect, signInAsAdmin, signInAsPortalUser, test } from './fixtures';

/**
 * The rest of the portal as its users see it: on their own VM they take a snapshot and go back to
 * it (oVirt previews, then keeps), resize within quota and are refused over it, and delete it with
 * its name typed; on My volumes they create a volume within the storage quota, are refused over
 * it, snapshot, grow and delete it, and another user's volume is a 404 page. An admin sees and
 * changes who owns a VM on the VM's own page.
 */

const stamp = Date.now().toString(36);
const CAROL = `portal-c-${stamp}`;
const DAVE = `portal-d-${stamp}`;
const VM = `e2e-snap-${stamp}`;
const VOLUME = `e2e-vol-${stamp}`;
// A demo VM the admin gives to Dave from the VM's admin page.
const DAVES_VM = 'web-02';
// A volume of the simulated Cinder the admin gives to Dave from the volume's admin page.
const DAVES_VOLUME = 'failed-restore';

test.describe.configure({ mode: 'serial' });

let carolsVolumeUrl = '';

test('an admin sets up the catalog, sizes and a quota, and gives a VM and a volume to a user on their own pages', async ({ page }) => {
  await signInAsAdmin(page);
  await createUserViaUi(page, CAROL);
  await createUserViaUi(page, DAVE);

  await page.goto('/admin/portal');
  const catalog = page.getByTestId('catalog-form');
  await catalog.getByLabel('Name', { exact: true }).fill(`Debian S ${stamp}`);
  await catalog.getByLabel('Template or image').selectOption({ label: 'Template: debian-12' });
  await catalog.getByLabel('Smallest disk (GiB)').fill('10');
  await catalog.getByRole('button', { name: 'Publish' }).click();
  await expect(catalog.getByText(`Debian S ${stamp} is in the catalog.`)).toBeVisible();
  const flavors = page.getByTestId('flavor-form');
  for (const [name, vcpus, memory] of [
    [`s1-${stamp}`, '1', '1024'],
    [`s2-${stamp}`, '2', '2048'],
    [`s8-${stamp}`, '8', '4096'],
  ]) {
    await flavors.getByLabel('Name').fill(name);
    await flavors.getByLabel('vCPUs').fill(vcpus);
    await flavors.getByLabel('Memory (MiB)').fill(memory);
    await flavors.getByLabel('Disk (GiB)').fill('10');
    await flavors.getByRole('button', { name: 'Add size' }).click();
    await expect(page.getByTestId(`flavor-row-${name}`)).toBeVisible();
  }
  const quota = page.getByTestId('quota-default');
  await quota.getByLabel('VMs').fill('3');
  await quota.getByLabel('vCPUs').fill('4');
  await quota.getByLabel('Memory (MiB)').fill('8192');
  await quota.getByLabel('Disk (GiB)').fill('30');
  await quota.getByRole('button', { name: 'Save quota' }).click();
  await expect(quota.getByText('Quota saved.')).toBeVisible();

  // The VM's admin page: nobody owns it, then Dave does.
  const vms = ((await (await page.request.get('/api/inventory/vms?size=100')).json()) as { items: Array<{ id: string; name: string }> }).items;
  const daves = vms.find((v) => v.name === DAVES_VM)!;
  await page.goto(`/vms/${encodeURIComponent(daves.id)}`);
  const control = page.getByTestId('ownership-control');
  await expect(control.getByTestId('ownership-current')).toHaveText('Belongs to nobody: only administrators see it.');
  await control.getByLabel('Owner').selectOption({ label: DAVE });
  await control.getByRole('button', { name: 'Assign' }).click();
  await expect(control.getByText(`${DAVES_VM} now belongs to ${DAVE}.`)).toBeVisible();
  await expect(control.getByTestId('ownership-current')).toHaveText(`Belongs to ${DAVE} in the portal.`);
  await expect(control.getByRole('button', { name: 'Transfer' })).toBeVisible();

  // And a volume, on the volume's admin page.
  await page.goto('/volumes');
  await page.getByRole('link', { name: DAVES_VOLUME, exact: true }).click();
  const volumeControl = page.getByTestId('ownership-control');
  await expect(volumeControl.getByTestId('ownership-current')).toHaveText('Belongs to nobody: only administrators see it.');
  await volumeControl.getByLabel('Owner').selectOption({ label: DAVE });
  await volumeControl.getByRole('button', { name: 'Assign' }).click();
  await expect(volumeControl.getByText(`${DAVES_VOLUME} now belongs to ${DAVE}.`)).toBeVisible();
  await expect(volumeControl.getByTestId('ownership-current')).toHaveText(`Belongs to ${DAVE} in the portal.`);
  await page.goto('/admin/portal');
  await expect(page.getByTestId(`volume-ownership-row-${DAVES_VOLUME}`)).toContainText(DAVE);
});

test('a user takes a snapshot of their VM and goes back to it, resizes within quota, is refused over it, and deletes the VM', async ({ page }) => {
  await signInAsPortalUser(page, CAROL);
  await page.goto('/portal/launch');
  await page.getByLabel('Image').selectOption({ label: `Debian S ${stamp}` });
  await page.getByLabel('Size').selectOption({ label: `s1-${stamp}: 1 vCPUs, 1024 MiB, 10 GiB` });
  await page.getByLabel('Name').fill(VM);
  await page.getByRole('button', { name: 'Launch' }).click();
  await expect(page.getByText(`VM ${VM} is being created. It appears in My VMs.`)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Go to my VMs' }).click();
  await page.getByTestId('my-vm-card').filter({ hasText: VM }).getByRole('link', { name: VM }).click();
  await expect(page.getByRole('heading', { level: 1, name: VM })).toBeVisible();
  // Down once the engine has cloned the template.
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled({ timeout: 30_000 });

  const snapshots = page.getByTestId('portal-snapshots');
  await snapshots.getByLabel('Description').fill(`before-${stamp}`);
  await snapshots.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(snapshots.getByText(`Snapshot “before-${stamp}” is being taken.`)).toBeVisible();
  const taken = snapshots.getByTestId('portal-snapshot').filter({ hasText: `before-${stamp}` });
  const revert = taken.getByRole('button', { name: 'Revert to this' });
  await expect(revert).toBeEnabled({ timeout: 30_000 });
  // oVirt goes back through a preview, which the user then keeps.
  await revert.click();
  await expect(snapshots.getByText('The snapshot is being previewed. Keep it or undo when the VM shows it.')).toBeVisible();
  await expect(snapshots.getByText("A snapshot is in preview. Keep it to make it the VM's disk state, or undo to go back.")).toBeVisible({ timeout: 30_000 });
  await snapshots.getByRole('button', { name: 'Keep' }).click();
  await expect(snapshots.getByText('The snapshot is kept.')).toBeVisible();
  await expect(snapshots.getByText("A snapshot is in preview. Keep it to make it the VM's disk state, or undo to go back.")).toHaveCount(0, { timeout: 30_000 });

  // Within quota (1 → 2 of 4 vCPUs).
  const size = page.getByLabel('New size');
  await size.selectOption({ label: `s2-${stamp}: 2 vCPUs, 2048 MiB, 10 GiB` });
  await page.getByRole('button', { name: 'Resize', exact: true }).click();
  await expect(page.getByText(new RegExp(`Resized to s2-${stamp}`))).toBeVisible();
  await expect(page.getByText('Now: 2 vCPUs, 2048 MiB memory.')).toBeVisible();
  // Over quota (2 → 8 of 4): named before submit, no button.
  await size.selectOption({ label: `s8-${stamp}: 8 vCPUs, 4096 MiB, 10 GiB` });
  await expect(page.getByRole('alert').filter({ hasText: 'Over your quota' })).toHaveText('Over your quota: this needs 6 vCPUs, and only 2 of your 4 are free.');
  await expect(page.getByRole('button', { name: 'Resize', exact: true })).toBeDisabled();

  // Deleting needs the exact name.
  const confirm = page.getByLabel(`Type ${VM} to confirm`);
  const remove = page.getByRole('button', { name: 'Delete VM' });
  await confirm.fill(`${VM}-x`);
  await expect(remove).toBeDisabled();
  await confirm.fill(VM);
  await remove.click();
  await expect(page).toHaveURL(/\/portal$/, { timeout: 20_000 });
  await expect(page.getByTestId('my-vm-card').filter({ hasText: VM })).toHaveCount(0);

  await page.goto('/portal/tasks');
  for (const what of ['Take snapshot', 'Snapshot', 'Resize', 'Delete']) await expect(page.getByTestId('my-tasks')).toContainText(what);
});

test('a user creates a volume within the storage quota, is refused over it, snapshots, grows and deletes it', async ({ page }) => {
  await signInAsPortalUser(page, CAROL);
  await page.getByRole('link', { name: 'My volumes' }).click();
  await expect(page.getByRole('heading', { name: 'My volumes' })).toBeVisible();
  // The VM is gone, so the whole 30 GiB are free.
  await page.getByLabel('Volume service').selectOption({ label: 'Demo (simulated Cinder)' });
  await page.getByLabel('Name', { exact: true }).fill(VOLUME);
  await page.getByLabel('Size (GiB)').fill('31');
  await expect(page.getByTestId('quota-problem')).toHaveText('Over your quota: this needs 31 GiB of disk, and only 30 of your 30 GiB are free.');
  await expect(page.getByRole('button', { name: 'Create volume' })).toBeDisabled();
  await page.getByLabel('Size (GiB)').fill('5');
  await page.getByRole('button', { name: 'Create volume' }).click();
  await expect(page.getByText(`Volume ${VOLUME} requested.`)).toBeVisible();
  const row = page.getByTestId('portal-volume').filter({ hasText: VOLUME });
  await expect(row).toContainText('Available', { timeout: 30_000 });
  await expect(row).toContainText('5 GiB');
  await expect(page.getByTestId('quota-user')).toContainText('5 of 30');
  // 26 more would pass 30.
  await page.getByLabel('Size (GiB)').fill('26');
  await expect(page.getByTestId('quota-problem')).toHaveText('Over your quota: this needs 26 GiB of disk, and only 25 of your 30 GiB are free.');

  await row.getByRole('link', { name: VOLUME }).click();
  await expect(page.getByRole('heading', { level: 1, name: VOLUME })).toBeVisible();
  carolsVolumeUrl = page.url();
  await page.getByLabel('Snapshot name').fill(`snap-${stamp}`);
  await page.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(page.getByText(`Snapshot snap-${stamp} requested.`)).toBeVisible();
  await expect(page.getByTestId('portal-volume-snapshot').filter({ hasText: `snap-${stamp}` })).toContainText('Available', { timeout: 30_000 });

  await page.getByLabel('New size (GiB)').fill('31');
  await expect(page.getByTestId('quota-problem')).toHaveText('Over your quota: this needs 26 GiB of disk, and only 25 of your 30 GiB are free.');
  await expect(page.getByRole('button', { name: 'Grow volume' })).toBeDisabled();
  await page.getByLabel('New size (GiB)').fill('8');
  await page.getByRole('button', { name: 'Grow volume' }).click();
  await expect(page.getByText('Growing the volume to 8 GiB.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: VOLUME })).toBeVisible();
  await expect(page.getByTestId('portal-volume-status')).toHaveText('Available', { timeout: 30_000 });
  await expect(page.getByText('8 GiB', { exact: true })).toBeVisible();
});

test("another user's volume is a 404 page; its owner deletes its snapshot, then the volume with the name typed", async ({ page }) => {
  expect(carolsVolumeUrl).not.toBe('');
  await signInAsPortalUser(page, DAVE);
  // Dave has the VM the admin gave him, and none of Carol's volumes.
  await expect(page.getByTestId('my-vm-card').filter({ hasText: DAVES_VM })).toBeVisible();
  await page.goto('/portal/volumes');
  await expect(page.getByText(VOLUME)).toHaveCount(0);
  await expect(page.getByTestId('portal-volume').filter({ hasText: DAVES_VOLUME })).toContainText('Error');
  await page.goto(carolsVolumeUrl);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  await page.context().clearCookies();
  await signInAsPortalUser(page, CAROL);
  await page.goto(carolsVolumeUrl);
  // Cinder keeps a volume that has snapshots: the snapshot goes first.
  const snapshot = page.getByTestId('portal-volume-snapshot').filter({ hasText: `snap-${stamp}` });
  await snapshot.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`Snapshot snap-${stamp} is being deleted.`)).toBeVisible();
  await expect(snapshot).toHaveCount(0, { timeout: 30_000 });
  const remove = page.getByRole('button', { name: 'Delete volume' });
  await page.getByLabel(`Type ${VOLUME} to confirm`).fill(VOLUME.slice(0, -1));
  await expect(remove).toBeDisabled();
  await page.getByLabel(`Type ${VOLUME} to confirm`).fill(VOLUME);
  await remove.click();
  await expect(page).toHaveURL(/\/portal\/volumes$/);
  await expect(page.getByTestId('portal-volume').filter({ hasText: VOLUME })).toHaveCount(0);
  await expect(page.getByTestId('quota-user')).toContainText('0 of 30');
});
