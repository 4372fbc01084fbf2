// Two dashboard instances (the same production build) on one real PostgreSQL behind nginx
// round-robin (scripts/ha-proxy.sh), started together (issue 20). A browser signs in and works;
// one instance is SIGKILLed in the middle and the session, the open page and the next action go
// on through the other with nothing lost; a console ticket issued by one instance is redeemed on
// the other, and the per-user console limit counts both; the killed instance restarts and rejoins.
// An image upload's byte ranges reach the instance holding its Glance stream whichever instance
// they land on (forwarded there), and an upload whose instance is killed fails and is cancelled
// from the other.
// Runs only when HA_URL is set (a step of scripts/test.sh, which also gives HA_DATABASE_URL).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import pg from 'pg';
import WebSocket from 'ws';
import { startDemoCinder, type DemoCinderProcess } from '../scripts/demo-cinder';
import { startDemoEngine, type DemoEngineProcess } from '../scripts/demo-engine';
import { ADMIN, createUserViaUi, expect, needsEnvironment, sameOrigin, signInAsAdmin, test } from './fixtures';

const HA_URL = process.env.HA_URL;
const PORTS = (process.env.HA_UPSTREAM_PORTS ?? '').split(',').filter(Boolean);
const ADMIN_DATABASE_URL = process.env.HA_DATABASE_URL;
const LONG = { timeout: 30_000 };

/** One dashboard instance: `tsx scripts/server.ts` in its own process group, so SIGKILL takes all of it. */
class Instance {
  child?: ChildProcess;
  readonly log: string;
  constructor(
    readonly port: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.log = path.resolve(`test-results/ha-instance-${port}.log`);
  }

  start() {
    fs.mkdirSync(path.dirname(this.log), { recursive: true });
    const out = fs.openSync(this.log, 'a');
    this.child = spawn('node_modules/.bin/tsx', ['scripts/server.ts'], {
      env: { ...this.env, PORT: this.port, DATA_DIR: `.data/ha-${this.port}` },
      stdio: ['ignore', out, out],
      detached: true,
    });
    fs.closeSync(out);
  }

  /** Ready means what the test does works on it: health answers (database reachable, schema current) and the sign-in page renders. */
  async ready() {
    const deadline = Date.now() + 120_000;
    const base = `http://127.0.0.1:${this.port}`;
    for (;;) {
      const healthy = await fetch(`${base}/api/health`).then(async (r) => r.ok && (await r.json()).status !== 'unhealthy', () => false);
      if (healthy && (await fetch(`${base}/login`).then((r) => r.ok, () => false))) return;
      if (this.child?.exitCode !== null) throw new Error(`the instance on ${this.port} exited (code ${this.child?.exitCode}); its log ${this.log} ends: ${tail(this.log)}`);
      if (Date.now() > deadline) throw new Error(`the instance on ${this.port} was not ready within 120 s; its log ${this.log} ends: ${tail(this.log)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async kill(signal: NodeJS.Signals) {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, signal);
    await exited;
    // tsx's own process exits first; the server it runs (same process group) may still hold its
    // listening socket while the kernel tears it down, and a request nginx sends it then is lost
    // after sending (seen on a loaded machine: a 502 for the next action). Gone means refused.
    for (let i = 0; i < 200 && (await accepts(Number(this.port))); i++) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether something still accepts connections on the port (a refused connect means nothing does). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Which instance served a response, as nginx says (X-Upstream: "127.0.0.1:PORT", or a list when it passed the request on: the last one answered). */
const upstreamPort = (headers: Record<string, string>) => headers['x-upstream']?.split(',').pop()?.trim().split(':').pop();

/**
 * Opens a console WebSocket on one instance directly, as the browser would through nginx (the
 * page's Origin, its session cookie), and resolves with the VNC greeting or the refusal's status.
 */
async function openConsole(page: Page, port: string, token: string): Promise<{ ws?: WebSocket; greeting?: string; status?: number }> {
  const cookie = (await page.context().cookies(HA_URL!)).map((c) => `${c.name}=${c.value}`).join('; ');
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/console/ws?ticket=${encodeURIComponent(token)}`, ['binary'], {
      headers: { origin: HA_URL!, cookie },
    });
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('message', (data: Buffer) => resolve({ ws, greeting: data.toString('latin1').slice(0, 12) }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

/** A console ticket asked of one instance directly. */
async function ticketFrom(page: Page, port: string, vmId: string): Promise<string> {
  const res = await page.request.post(`http://127.0.0.1:${port}/api/console/ticket`, { data: { vmId }, headers: sameOrigin(page) });
  expect(res.ok(), `ticket from ${port}: ${res.status()}`).toBeTruthy();
  return ((await res.json()) as { token: string }).token;
}

test.describe('two instances behind a load balancer', () => {
  needsEnvironment(Boolean(HA_URL && PORTS.length === 2 && ADMIN_DATABASE_URL), 'needs scripts/ha-proxy.sh up (HA_URL, HA_UPSTREAM_PORTS) and HA_DATABASE_URL');
  test.use({ baseURL: HA_URL });
  test.describe.configure({ mode: 'serial' });

  let engine: DemoEngineProcess | undefined;
  let cinder: DemoCinderProcess | undefined;
  let instances: Instance[] = [];
  let databaseUrl = '';

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    // A database of its own on the real PostgreSQL, empty: both instances migrate and bootstrap it at once.
    const name = `virtdash_ha_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(ADMIN_DATABASE_URL!);
    url.pathname = `/${name}`;

    // One demo engine both instances reach over HTTP, as two instances would one real engine.
    engine = await startDemoEngine();
    // And one demo Keystone + Cinder + Glance (the image service in its catalog).
    cinder = await startDemoCinder();
    databaseUrl = url.toString();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: url.toString(),
      AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
      SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      PUBLIC_URL: HA_URL,
      TRUST_PROXY: '1',
      DEMO_ENGINE_URL: engine.url,
      DEMO_ENGINE_USERNAME: engine.username,
      DEMO_ENGINE_PASSWORD: engine.password,
      DEMO_CINDER_URL: cinder.url,
      DEMO_CINDER_USERNAME: cinder.username,
      DEMO_CINDER_PASSWORD: cinder.password,
      // VIRTDASH_INSTANCE_URL unset: each instance is reached at its default, http://127.0.0.1:PORT.
      // One console per user, so the limit across instances shows with one VM.
      CONSOLE_MAX_PER_USER: '1',
    };
    instances = PORTS.map((port) => new Instance(port, env));
    for (const i of instances) i.start();
    await Promise.all(instances.map((i) => i.ready()));
  });

  test.afterAll(async () => {
    await Promise.all(instances.map((i) => i.kill('SIGTERM')));
    await engine?.stop();
    await cinder?.stop();
  });

  test('a session, a page and the next action survive an instance killed in the middle; consoles cross instances; the instance rejoins', async ({ page, browser }) => {
    test.setTimeout(240_000);
    const [first, second] = instances;
    // Which instance served each page and request: both must, before the kill. After it, every
    // request the page makes is answered (no 5xx), by the survivor.
    const served = new Set<string>();
    const afterKill = new WeakSet<object>();
    const failedAfterKill: string[] = [];
    let killed = false;
    page.on('request', (r) => {
      // Pages, server actions and API reads; scripts and styles may come from the browser's cache, with the headers of then.
      if (killed && ['document', 'fetch', 'xhr'].includes(r.resourceType())) afterKill.add(r);
    });
    page.on('response', (r) => {
      const port = upstreamPort(r.headers());
      if (!killed && port) served.add(port);
      if (afterKill.has(r.request())) {
        if (port) served.add(port);
        if (r.status() >= 500) failedAfterKill.push(`${r.status()} ${r.url()}`);
      }
    });

    await signInAsAdmin(page);
    await page.goto('/vms?q=test-03');
    const link = page.getByTestId('vm-row').getByRole('link', { name: 'test-03', exact: true });
    await expect(link).toBeVisible(LONG);
    const href = (await link.getAttribute('href'))!;
    const vmId = decodeURIComponent(href.split('?')[0].split('/').pop()!);
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('test-03');
    const pill = page.getByTestId('vm-power-controls').getByTestId('live-status');
    const verb = (name: string) => page.getByTestId('vm-power-controls').getByRole('group', { name: 'Power actions' }).getByRole('button', { name, exact: true });
    await expect(pill).toHaveAttribute('data-status', /stopped|running/, LONG);
    if ((await pill.getAttribute('data-status')) === 'running') {
      await verb('Power off').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Power off', exact: true }).click();
      await expect(pill).toHaveAttribute('data-status', 'stopped', LONG);
    }
    // The first action, before the kill.
    await verb('Start').click();
    await expect(pill).toHaveAttribute('data-status', 'running', LONG);
    expect([...served].sort()).toEqual([...PORTS].sort());

    // SIGKILL: no shutdown, no goodbye. The open page's next action lands on the survivor.
    await first.kill('SIGKILL');
    killed = true;
    served.clear();
    await verb('Power off').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Power off', exact: true }).click();
    await expect(pill).toHaveAttribute('data-status', 'stopped', LONG);
    // Still signed in on a fresh load, and the list reads.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('test-03');
    await page.goto('/vms');
    await expect(page.getByTestId('vm-row').first()).toBeVisible(LONG);
    expect([...served]).toEqual([second.port]);
    expect(failedAfterKill).toEqual([]);

    // Nothing lost: both actions are in the audit log, the one before the kill too.
    for (const action of ['vm.start', 'vm.stop']) {
      await page.goto(`/admin/audit?action=${action}`);
      await expect(page.locator('tbody tr').filter({ hasText: vmId }).filter({ hasText: 'Success' }).first()).toBeVisible();
    }

    // The killed instance restarts and rejoins: nginx sends it requests again, and it serves them.
    first.start();
    await first.ready();
    await expect
      .poll(async () => upstreamPort((await page.request.get('/api/health')).headers()), { timeout: 30_000, message: 'nginx sends requests to the restarted instance' })
      .toBe(first.port);

    // A console ticket issued by one instance is redeemed on the other.
    const vms = (await (await page.request.get('/api/inventory/vms?status=running&size=50')).json()) as { items: { id: string; status: string }[] };
    const vm = vms.items.find((v) => v.status === 'running');
    expect(vm, 'a running demo VM').toBeDefined();
    const held = await openConsole(page, second.port, await ticketFrom(page, first.port, vm!.id));
    expect(held.greeting).toBe('RFB 003.008\n');

    // The limit (CONSOLE_MAX_PER_USER=1) counts that console on the other instance too.
    const refused = await openConsole(page, first.port, await ticketFrom(page, second.port, vm!.id));
    expect(refused.status).toBe(429);
    // Closed on one, its place is free on the other.
    const closed = new Promise((r) => held.ws!.once('close', r));
    held.ws!.close();
    await closed;
    await expect
      .poll(async () => {
        const next = await openConsole(page, first.port, await ticketFrom(page, second.port, vm!.id));
        next.ws?.close();
        return next.greeting ?? next.status;
      }, LONG)
      .toBe('RFB 003.008\n');

    // Sign-in throttling counts both instances together: two wrong passwords on each are four on
    // the account, past the three after which every attempt is slowed down (each alone saw two).
    const { username } = await createUserViaUi(page, `ha-guess-${Date.now()}`);
    const guesser = await browser.newContext({ locale: 'en-US' });
    const guess = await guesser.newPage();
    for (const port of [first.port, second.port, first.port, second.port]) {
      // Straight to one instance, so each gets two whatever nginx's turn.
      await guess.goto(`http://127.0.0.1:${port}/login`);
      await guess.getByLabel('Username').fill(username);
      await guess.getByLabel('Password').fill('not-the-password');
      await guess.getByRole('button', { name: 'Sign in' }).click();
      await expect(guess.getByText('Wrong username or password.')).toBeVisible(LONG);
    }
    await guesser.close();
    await page.goto('/admin/users');
    await expect(page.getByTestId(`user-row-${username}`)).toContainText('Sign-in slowed down');
  });

  test('an image upload goes on whichever instance its byte ranges reach; cancel works from the other; an upload whose instance is killed fails and is cancelled from the survivor', async ({ page }) => {
    test.setTimeout(180_000);
    const [first, second] = instances;
    await signInAsAdmin(page);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const connectionId = (await db.query<{ id: string }>(`SELECT id FROM "BackendConnection" WHERE kind = 'cinder'`)).rows[0]?.id;
      expect(connectionId, 'the demo Cinder is a connection').toBeTruthy();
      const at = (port: string | undefined) => (port ? `http://127.0.0.1:${port}` : HA_URL!);
      const start = async (port: string | undefined, name: string, sizeBytes: number) => {
        const res = await page.request.post(`${at(port)}/api/images/uploads`, {
          data: { connectionId, name, diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', sizeBytes },
          headers: sameOrigin(page),
        });
        expect(res.status(), await res.text()).toBe(201);
        return { ...((await res.json()) as { transferId: string; imageId: string }), owner: port ?? upstreamPort(res.headers())! };
      };
      const put = async (port: string | undefined, id: string, bytes: Buffer, offset: number, length: number) => {
        const res = await page.request.put(`${at(port)}/api/images/uploads/${id}?offset=${offset}&length=${length}&total=${bytes.length}`, {
          data: bytes.subarray(offset, offset + length),
          // A connection of its own: a range the server answers before reading it all (its owner is
          // gone) leaves that connection closed, and the next request must not ride on it.
          headers: { ...sameOrigin(page), 'content-type': 'application/octet-stream', connection: 'close' },
        });
        expect(res.status(), await res.text()).toBe(200);
        return (await res.json()) as { phase: string; transferredBytes: number; reason?: string };
      };
      // Each instance keeps the image list 3 s (CACHE_TTL_MS.list), and an upload started on one
      // instance drops only that instance's copy: a reload the balancer sends to the other may show
      // the list from just before, so the page is reloaded until it shows what the user expects.
      const reloadUntil = (check: () => Promise<unknown>) =>
        expect(async () => {
          await page.reload();
          await check();
        }).toPass(LONG);
      const audits = async (action: string, id: string) => (await db.query(`SELECT result FROM "AuditEntry" WHERE action = $1 AND "targetId" = $2`, [action, id])).rows.map((r) => r.result as string);

      // Started through the balancer: whichever instance took it holds Glance's stream.
      const name = `ha-img-${Date.now().toString(36)}`;
      const bytes = Buffer.alloc(2.5 * 1024 * 1024, 0x5a);
      const up = await start(undefined, name, bytes.length);
      expect(PORTS).toContain(up.owner);
      const other = [first, second].find((i) => i.port !== up.owner)!.port;
      const MiB = 1024 * 1024;
      // A range to the other instance (forwarded to the owner), one to the owner, one through the balancer.
      expect(await put(other, up.transferId, bytes, 0, MiB)).toMatchObject({ phase: 'transferring', transferredBytes: MiB });
      expect(await put(up.owner, up.transferId, bytes, MiB, MiB)).toMatchObject({ transferredBytes: 2 * MiB });
      expect(await put(undefined, up.transferId, bytes, 2 * MiB, bytes.length - 2 * MiB)).toMatchObject({ transferredBytes: bytes.length });
      // The owner's count, read through the other instance.
      expect(await (await page.request.get(`${at(other)}/api/images/uploads/${up.transferId}`)).json()).toMatchObject({ phase: 'transferring', transferredBytes: bytes.length });
      const done = await page.request.post(`${at(other)}/api/images/uploads/${up.transferId}/finalize`, { headers: sameOrigin(page) });
      expect(await done.json()).toMatchObject({ phase: 'finished', transferredBytes: bytes.length });
      // Audited once, by the instance the request reached (not again by the owner it was forwarded to).
      expect(await audits('images.upload.finalize', up.transferId)).toEqual(['success']);
      await page.goto('/images');
      const row = page.getByTestId(`image-row-${name}`);
      await expect(row).toContainText('active', LONG);
      await expect(row).toContainText('2.5 MiB');

      // Cancel from the instance that does not hold the upload: the owner stops and deletes the image.
      const half = await start(first.port, `${name}-c`, bytes.length);
      await put(first.port, half.transferId, bytes, 0, MiB);
      const cancelled = await page.request.delete(`${at(second.port)}/api/images/uploads/${half.transferId}`, { headers: sameOrigin(page) });
      expect(await cancelled.json()).toMatchObject({ phase: 'cancelled' });
      expect(await audits('images.upload.cancel', half.transferId)).toEqual(['success']);
      await reloadUntil(async () => {
        await expect(row).toBeVisible({ timeout: 1_000 });
        await expect(page.getByTestId(`image-row-${name}-c`)).toHaveCount(0, { timeout: 1_000 });
      });

      // The owner is killed half-way: the survivor says the upload has failed, and why, and cancels it.
      const orphan = await start(first.port, `${name}-k`, bytes.length);
      await put(first.port, orphan.transferId, bytes, 0, MiB);
      await reloadUntil(() => expect(page.getByTestId(`image-row-${name}-k`)).toBeVisible({ timeout: 1_000 }));
      await first.kill('SIGKILL');
      expect(await put(second.port, orphan.transferId, bytes, MiB, MiB)).toMatchObject({ phase: 'failed', reason: 'instance_gone' });
      expect(await (await page.request.get(`${at(second.port)}/api/images/uploads/${orphan.transferId}`, { headers: { connection: 'close' } })).json()).toMatchObject({ phase: 'failed', reason: 'instance_gone' });
      // The Images page that started it (its record in localStorage) resumes it and says why not, in the user's words.
      const fileName = `${name}-k.raw`;
      const lastModified = 1_700_000_000_000;
      await page.goto('/images');
      await page.evaluate((saved) => localStorage.setItem('virtdash.imageUpload', JSON.stringify(saved)), { transferId: orphan.transferId, connectionId, fileName, size: bytes.length, lastModified });
      await page.reload();
      const panel = page.getByTestId('image-upload');
      await expect(panel).toContainText(`The upload of ${fileName} was interrupted`);
      // The same file chosen again (a File of that name, size and date, as the browser's file picker gives).
      await page.evaluate(
        ({ fileName, size, lastModified }) => {
          const input = document.getElementById('imageFile') as HTMLInputElement;
          const files = new DataTransfer();
          files.items.add(new File([new Uint8Array(size)], fileName, { lastModified }));
          input.files = files.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        },
        { fileName, size: bytes.length, lastModified },
      );
      await panel.getByRole('button', { name: 'Resume upload' }).click();
      await expect(panel).toContainText('The dashboard instance holding this upload is gone; cancel it and start again.', LONG);
      const gone = await page.request.delete(`${at(second.port)}/api/images/uploads/${orphan.transferId}`, { headers: sameOrigin(page) });
      expect(await gone.json()).toMatchObject({ phase: 'cancelled' });
      await page.goto(`${at(second.port)}/images`);
      await expect(page.getByTestId(`image-row-${name}`)).toBeVisible();
      await expect(page.getByTestId(`image-row-${name}-k`)).toHaveCount(0);
    } finally {
      await db.end();
      if (first.child?.exitCode !== null || first.child?.signalCode !== null) {
        first.start();
        await first.ready();
      }
    }
  });
});
