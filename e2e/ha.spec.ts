// Two dashboard instances (the same production build) on one real PostgreSQL behind nginx
// round-robin (scripts/ha-proxy.sh), started together (issue 20). A browser signs in and works;
// one instance is SIGKILLed in the middle and the session, the open page and the next action go
// on through the other with nothing lost; a console ticket issued by one instance is redeemed on
// the other, and the per-user console limit counts both; the killed instance restarts and rejoins.
// Runs only when HA_URL is set (a step of scripts/test.sh, which also gives HA_DATABASE_URL).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import pg from 'pg';
import WebSocket from 'ws';
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
  }
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
  let instances: Instance[] = [];

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
});
