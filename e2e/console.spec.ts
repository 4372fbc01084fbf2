import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { screenColors } from '../fakes/ovirt/rfb-screen';
import { createUserViaUi, expect, sameOrigin, signIn, signInAsAdmin, test } from './fixtures';

interface VmRow {
  id: string;
  name: string;
  status: string;
}

async function runningVm(page: Page): Promise<VmRow> {
  const res = await page.request.get('/api/inventory/vms?status=running&size=50');
  expect(res.ok()).toBeTruthy();
  const body = (await res.json()) as { items: VmRow[] };
  const vm = body.items.find((v) => v.status === 'running');
  if (!vm) throw new Error('the demo estate has no running VM');
  return vm;
}

/** The RGB of one framebuffer pixel of noVNC's canvas (its backing store is the VM's screen size). */
async function pixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.getByTestId('console-screen').locator('canvas').evaluate((c: HTMLCanvasElement, [px, py]) => {
    const d = c.getContext('2d')!.getImageData(px, py, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, [x, y]);
}

/** A checksum of a band of the screen, to see that the VM redrew it. */
async function band(page: Page, y: number, h: number): Promise<string> {
  return page.getByTestId('console-screen').locator('canvas').evaluate((c: HTMLCanvasElement, [by, bh]) => {
    const d = c.getContext('2d')!.getImageData(0, by, 640, bh).data;
    let white = 0;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++;
      sum = (sum * 31 + d[i] + d[i + 1] * 3 + d[i + 2] * 7) >>> 0;
    }
    return `${white}:${sum}`;
  }, [y, h]);
}

test.describe('VM console', () => {
  test('shows the VM\'s own screen through the dashboard and sends keys and pasted text', async ({ page, context }) => {
    await signInAsAdmin(page);
    const vm = await runningVm(page);
    // The VM page opens the console in its own window.
    const win = await context.newPage();
    await win.goto(`/console/${encodeURIComponent(vm.id)}`);
    await expect(win.getByRole('heading', { name: vm.name })).toBeVisible();
    await expect(win.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    const canvas = win.getByTestId('console-screen').locator('canvas');
    await expect(canvas).toBeVisible();
    // Pixels, not only a DOM node: the background the demo VNC server draws for this very VM...
    await expect.poll(() => pixel(win, 620, 390)).toEqual(screenColors(vm.name).background);
    // ...its dark title band, and white text where the name is.
    expect(await pixel(win, 630, 5)).toEqual(screenColors(vm.name).band);
    expect(Number((await band(win, 80, 35)).split(':')[0])).toBeGreaterThan(200);

    // The clock ticks: the server keeps drawing through the relay.
    const clock = await band(win, 170, 42);
    await expect.poll(() => band(win, 170, 42), { timeout: 5_000 }).not.toBe(clock);

    const keys = await band(win, 290, 14);
    await win.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    await expect.poll(() => band(win, 290, 14)).not.toBe(keys);
    const afterCad = await band(win, 290, 14);
    await win.getByRole('combobox').selectOption({ label: 'Ctrl+Alt+F2' });
    await expect.poll(() => band(win, 290, 14)).not.toBe(afterCad);

    const pasted = await band(win, 330, 14);
    await win.getByRole('button', { name: 'Paste text' }).click();
    await win.getByLabel("Text to send to the VM's clipboard").fill('hello vm');
    await win.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => band(win, 330, 14)).not.toBe(pasted);

    // View only: the key buttons are off.
    await win.getByLabel('View only').check();
    await expect(win.getByRole('button', { name: 'Send Ctrl+Alt+Del' })).toBeDisabled();
    await win.getByLabel('View only').uncheck();

    await win.getByRole('button', { name: 'Actual size' }).click();
    await expect(win.getByRole('button', { name: 'Fit to window' })).toBeVisible();

    // Reconnect takes a fresh ticket and shows the screen again.
    await win.getByRole('button', { name: 'Reconnect' }).click();
    await expect(win.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await expect.poll(() => pixel(win, 620, 390)).toEqual(screenColors(vm.name).background);
  });

  test('opens from the VM page in its own window', async ({ page }) => {
    await signInAsAdmin(page);
    const vm = await runningVm(page);
    await page.goto(`/vms/${encodeURIComponent(vm.id)}`);
    // The engine's serial console (through its SSH proxy) opens from here too (e2e/ovirt-serial-console.spec.ts).
    await expect(page.getByRole('link', { name: 'Serial console' })).toHaveAttribute('href', `/console/${encodeURIComponent(vm.id)}/serial`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open console' }).click()]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toBe(`/console/${encodeURIComponent(vm.id)}`);
    await expect(popup.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await expect.poll(() => pixel(popup, 620, 390)).toEqual(screenColors(vm.name).background);
  });

  test('says why when there is no screen (the VM is down)', async ({ page }) => {
    await signInAsAdmin(page);
    const res = await page.request.get('/api/inventory/vms?status=stopped&size=50');
    const vm = ((await res.json()) as { items: VmRow[] }).items.find((v) => v.status === 'stopped');
    expect(vm).toBeDefined();
    await page.goto(`/console/${encodeURIComponent(vm!.id)}`);
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'failed');
    await expect(page.getByRole('alert').filter({ hasText: 'The console could not be opened' })).toBeVisible();
    await expect(page.getByTestId('console-reason')).toContainText(/running/i);
    await expect(page.getByRole('button', { name: 'Reconnect' })).toBeEnabled();
  });

  test('refuses a WebSocket without a ticket, with a made-up one and with a used one', async ({ page }) => {
    await signInAsAdmin(page);
    const vm = await runningVm(page);
    const ticket = await page.request.post('/api/console/ticket', { data: { vmId: vm.id }, headers: sameOrigin(page) });
    expect(ticket.ok()).toBeTruthy();
    const body = (await ticket.json()) as { token: string; path: string };
    // The relay answers the VM's password challenge itself: no password ever reaches the browser.
    expect(body).not.toHaveProperty('password');
    const { token, path } = body;
    const open = (query: string) =>
      page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url, ['binary']);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onerror = () => resolve('refused');
          }),
        `ws://${new URL(page.url()).host}${path}${query}`,
      );
    expect(await open('')).toBe('refused');
    expect(await open('?ticket=made-up')).toBe('refused');
    expect(await open(`?ticket=${encodeURIComponent(token)}`)).toBe('open');
    expect(await open(`?ticket=${encodeURIComponent(token)}`)).toBe('refused');
  });

  test('offers the .vv file for remote-viewer, minted only by the dashboard\'s own page', async ({ page }) => {
    await signInAsAdmin(page);
    const vm = await runningVm(page);
    await page.goto(`/console/${encodeURIComponent(vm.id)}`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download .vv for remote-viewer' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.vv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text).toMatch(/^\[virt-viewer\]\ntype=(vnc|spice)\nhost=/);
    expect(text).toMatch(/^password=.+$/m);
    // The page stays where it was (the answer is an attachment).
    expect(new URL(page.url()).pathname).toBe(`/console/${encodeURIComponent(vm.id)}`);

    // A link or image on any site could make a GET: there is none any more.
    expect((await page.request.get(`/api/console/vv?vm=${encodeURIComponent(vm.id)}`)).status()).toBe(405);
    // Another site's form post carries its own Origin, and is refused.
    const crossSite = await page.request.post('/api/console/vv', { form: { vm: vm.id }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).not.toContain('password=');
    // So is a console ticket asked for from there, or sent as text/plain to dodge a CORS preflight.
    expect((await page.request.post('/api/console/ticket', { data: { vmId: vm.id }, headers: { origin: 'https://evil.example' } })).status()).toBe(403);
    const plain = await page.request.post('/api/console/ticket', { data: JSON.stringify({ vmId: vm.id }), headers: { ...sameOrigin(page), 'content-type': 'text/plain' } });
    expect(plain.status()).toBe(415);
  });

  test('a non-admin user is answered as for a VM that does not exist (nobody gave them this VM)', async ({ page, browser }) => {
    await signInAsAdmin(page);
    const vm = await runningVm(page);
    const user = await createUserViaUi(page, `console-user-${Date.now() % 100000}`);
    const ctx = await browser.newContext();
    const other = await ctx.newPage();
    await signIn(other, user.username, user.password);
    await other.waitForURL((u) => !u.pathname.startsWith('/login'));
    const res = await other.request.post('/api/console/ticket', { data: { vmId: vm.id }, headers: sameOrigin(other) });
    expect(res.status()).toBe(404);
    const refused = await other.goto(`/console/${encodeURIComponent(vm.id)}`);
    expect(refused?.status()).toBe(404);
    await ctx.close();
  });
});
