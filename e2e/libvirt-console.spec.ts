import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, needsEnvironment, signInAsAdmin, test } from './fixtures';

/**
 * Real QEMU guests' screens in the browser: noVNC and spice-html5 through the dashboard's relay,
 * against a libvirtd with QEMU (TCG). The guests have no disk: SeaBIOS draws its boot messages,
 * which is a real screen to look at. Each guest has a console password, so the relay must answer
 * QEMU's VNC challenge / put the password into the SPICE link, or QEMU refuses.
 *
 * Runs in scripts/test.sh's libvirt step, which starts scripts/real/libvirt.sh and names the
 * LIBVIRT_QEMU_URI daemon in the server's BACKENDS_FILE (connection "KVM qemu").
 */
const URI = process.env.LIBVIRT_QEMU_URI;
const run = promisify(execFile);
const PASSWORD = 'Vd-e2e-1'; // VNC passwords are at most 8 characters
const suffix = `${process.pid}`;

async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-q', '-c', URI!, ...args], { timeout: 60_000 });
  return stdout;
}

function domainXml(name: string, type: 'vnc' | 'spice'): string {
  return `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
 <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
 <devices><graphics type='${type}' port='-1' autoport='yes' listen='127.0.0.1' passwd='${PASSWORD}'/>
  <video><model type='${type === 'spice' ? 'qxl' : 'vga'}'/></video><memballoon model='none'/></devices></domain>`;
}

async function removeGuest(name: string): Promise<void> {
  await virsh('destroy', name).catch(() => undefined);
  await virsh('undefine', name).catch(() => undefined);
}

async function startGuest(name: string, type: 'vnc' | 'spice'): Promise<void> {
  await removeGuest(name);
  const file = path.join(os.tmpdir(), `${name}.xml`);
  await fs.writeFile(file, domainXml(name, type));
  await virsh('define', file);
  await fs.rm(file, { force: true });
  await virsh('start', name);
}

/** The guest's qualified id, once the dashboard's inventory (cached per connection) lists it. */
async function vmId(page: Page, name: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/inventory/vms?q=${encodeURIComponent(name)}&size=50`);
        const body = (await res.json()) as { items: { id: string; name: string; status: string }[] };
        const vm = body.items.find((v) => v.name === name);
        id = vm?.id;
        return vm?.status;
      },
      { timeout: 30_000, message: `${name} in the dashboard's VM list` },
    )
    .toBe('running');
  return id!;
}

/** How many pixels of the canvas differ from its top-left pixel (0 for a blank screen). */
function litPixels(page: Page, selector: string): Promise<number> {
  return page
    .getByTestId('console-screen')
    .locator(selector)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
      return n;
    });
}

/** A guest whose firmware talks on its serial port: SeaBIOS with its boot menu offered there, no disk (it reboots every second). */
async function startSerialGuest(name: string): Promise<void> {
  await removeGuest(name);
  const file = path.join(os.tmpdir(), `${name}.xml`);
  await fs.writeFile(
    file,
    `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>
 <os><type arch='x86_64' machine='pc'>hvm</type><bootmenu enable='yes' timeout='2500'/><bios useserial='yes' rebootTimeout='1000'/></os>
 <devices><serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console><memballoon model='none'/></devices></domain>`,
  );
  await virsh('define', file);
  await fs.rm(file, { force: true });
  await virsh('start', name);
}

test.describe('real QEMU consoles in the browser', () => {
  needsEnvironment(Boolean(process.env.E2E_LIBVIRT), 'set E2E_LIBVIRT=1 with LIBVIRT_QEMU_URI and a BACKENDS_FILE naming it (scripts/test.sh does)');

  const vnc = `vd-e2e-vnc-${suffix}`;
  const spice = `vd-e2e-spice-${suffix}`;
  const serial = `vd-e2e-serial-${suffix}`;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // Asked for but without a daemon: a failure, never a silent skip.
    if (!URI) throw new Error('E2E_LIBVIRT is set but LIBVIRT_QEMU_URI is not (eval "$(scripts/real/libvirt.sh up)")');
    await Promise.all([startGuest(vnc, 'vnc'), startGuest(spice, 'spice'), startSerialGuest(serial)]);
  });

  test.afterAll(async () => {
    test.setTimeout(120_000);
    if (URI) await Promise.all([removeGuest(vnc), removeGuest(spice), removeGuest(serial)]);
  });

  test.beforeEach(async ({ page }) => {
    await signInAsAdmin(page);
  });

  test('VNC: noVNC shows the guest’s firmware screen through the relay', async ({ page }) => {
    const id = await vmId(page, vnc);
    await page.goto(`/console/${encodeURIComponent(id)}`);
    await expect(page.getByRole('heading', { name: vnc })).toBeVisible();
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await expect(page.getByText('vnc', { exact: true })).toBeVisible();
    // SeaBIOS's text on the screen: pixels that are not the background.
    await expect.poll(() => litPixels(page, 'canvas'), { timeout: 15_000 }).toBeGreaterThan(200);
  });

  test('SPICE: spice-html5 links its channels through the relay and draws the guest’s screen', async ({ page }) => {
    const id = await vmId(page, spice);
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`/console/${encodeURIComponent(id)}`);
    await expect(page.getByRole('heading', { name: spice })).toBeVisible();
    // "connected" is spice-html5's onsuccess: the main channel linked (QEMU accepted the password) and sent its init.
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await expect(page.getByText('spice', { exact: true })).toBeVisible();
    // The display channel, a second WebSocket on the same ticket, linked too: QEMU created the primary surface...
    const surface = page.getByTestId('console-screen').locator('canvas#spice_surface_0');
    await expect(surface).toBeVisible({ timeout: 15_000 });
    // ...and drew SeaBIOS's text into it.
    await expect.poll(() => litPixels(page, 'canvas#spice_surface_0'), { timeout: 15_000 }).toBeGreaterThan(200);
    expect(errors.filter((e) => /spice|websocket/i.test(e))).toEqual([]);
  });

  test('serial console: xterm.js shows the firmware\'s serial output, and a key typed in the page reaches the guest', async ({ page }) => {
    const id = await vmId(page, serial);
    await page.goto(`/vms/${encodeURIComponent(id)}`);
    const link = page.getByRole('link', { name: 'Serial console' });
    await expect(link).toHaveAttribute('href', `/console/${encodeURIComponent(id)}/serial`);
    await page.goto((await link.getAttribute('href'))!);
    await expect(page.getByRole('heading', { name: serial })).toBeVisible();
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    const rows = page.getByTestId('serial-screen').locator('.xterm-rows');
    await expect(rows).toContainText('SeaBIOS', { timeout: 20_000 });
    // ESC while SeaBIOS offers its menu (2.5 s of each boot) opens it: typed into the terminal, sent through the relay.
    await page.getByTestId('serial-screen').click();
    await expect(async () => {
      await expect(rows).toContainText('Press ESC for boot menu', { timeout: 5_000 });
      await page.keyboard.press('Escape');
      await expect(rows).toContainText('Select boot device', { timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
  });
});
