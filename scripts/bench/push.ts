/**
 * Push against polling (issue 21, goal 3), both measured in the same run:
 *
 *   npx next build && npx tsx scripts/bench/push.ts [--seconds 60] [--browsers 1,20] [--rounds 3]
 *
 * For each mode (today's polling: VIRTDASH_PUSH=off; push: the default) it starts the demo engine
 * in this process (default pace, background events on, every API request counted), the production
 * dashboard on BENCH_PORT (3396) with a throwaway database and that engine as its one connection,
 * and Debian's Chromium (or CHROMIUM_PATH). Then:
 * - idle cost: N tabs (each its own page, React Query and stream, as N browsers would be) open
 *   /vms and sit; engine API requests over `--seconds`, per second;
 * - change to DOM: a VM's page in one tab and the VM list in another; the bench stops or starts
 *   the VM through the engine's own API, reads the engine until it reports the new state (t0), and
 *   times until each tab's DOM shows it (header badge; list row). Median of `--rounds`.
 * Goals: at most 0.5 engine requests/s per connection idle; a change visible within 2 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startOvirtEngine } from '@/fakes/ovirt/server';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    browsers: { type: 'string', default: '1,20' },
    rounds: { type: 'string', default: '3' },
  },
});
const SECONDS = Number(args.seconds);
const BROWSERS = args.browsers!.split(',').map(Number);
const ROUNDS = Number(args.rounds);
const PORT = Number(process.env.BENCH_PORT || 3396);
// Production mode without --demo (the bench runs its own counted engine): secrets of its own.
const SECRETS = { AUTH_SECRET: randomBytes(32).toString('hex'), SECRET_KEY: randomBytes(32).toString('hex') };
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };
const ENGINE_ADMIN = { username: 'admin@internal', password: 'demo-admin' };
const VM = 'web-05';
const CHROMIUM = process.env.CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

type Mode = 'polling' | 'push';
interface Result {
  idle: Record<number, number>;
  header: number[];
  list: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(server: ChildProcess, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the dashboard exited (${server.exitCode}) before answering`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`the dashboard did not answer ${BASE}/api/health within ${limitMs / 1000} s (did you run npx next build?)`);
}

function startServer(mode: Mode, engineUrl: string, dataDir: string): ChildProcess {
  return spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/server.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATA_DIR: dataDir,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      DEMO_ENGINE_URL: engineUrl,
      DEMO_ENGINE_USERNAME: ENGINE_ADMIN.username,
      DEMO_ENGINE_PASSWORD: ENGINE_ADMIN.password,
      VIRTDASH_PUSH: mode === 'push' ? 'on' : 'off',
      ...SECRETS,
    },
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE, locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await open(page, '/login');
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 60_000 });
  await page.close();
  return context;
}

/** A tab settled the way a person leaves it: the list drawn, and (push) its stream connected. */
async function settled(page: Page, mode: Mode): Promise<void> {
  await page.getByTestId('vm-row').first().waitFor({ timeout: 60_000 });
  if (mode === 'push') await page.locator('html[data-push="connected"]').waitFor({ timeout: 60_000 });
}

/** Chromium on this shared machine sometimes aborts a navigation with ERR_NETWORK_CHANGED (others' network namespaces): once more. */
async function open(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url);
      return;
    } catch (error) {
      if (attempt >= 8 || !String(error).includes('ERR_NETWORK_CHANGED')) throw error;
      await sleep(1_000);
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function run(mode: Mode): Promise<Result> {
  let apiRequests = 0;
  const engine = await startOvirtEngine({
    port: 0,
    size: 'demo',
    onResponse: (r) => {
      if (r.path.startsWith('/ovirt-engine/api')) apiRequests++;
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-bench-push-'));
  const server = startServer(mode, engine.url, dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const result: Result = { idle: {}, header: [], list: [] };
  try {
    await waitForHealth(server);
    const context = await signedInContext(browser);

    for (const n of BROWSERS) {
      const pages: Page[] = [];
      for (let i = 0; i < n; i++) {
        const page = await context.newPage();
        await open(page, '/vms');
        pages.push(page);
      }
      for (const page of pages) await settled(page, mode);
      // Past the first reads of every tab, then count.
      await sleep(5_000);
      const before = apiRequests;
      await sleep(SECONDS * 1000);
      result.idle[n] = (apiRequests - before) / SECONDS;
      console.log(`  ${mode}: ${n} tab(s) idle on /vms: ${apiRequests - before} engine requests in ${SECONDS} s`);
      for (const page of pages) await page.close();
    }

    // Change to DOM.
    const auth = `Basic ${Buffer.from(`${ENGINE_ADMIN.username}:${ENGINE_ADMIN.password}`).toString('base64')}`;
    const engineGet = async (p: string) => (await (await fetch(`${engine.apiUrl}${p}`, { headers: { Accept: 'application/json', Version: '4', Authorization: auth } })).json()) as Record<string, unknown>;
    const enginePost = (p: string) => fetch(`${engine.apiUrl}${p}`, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json', Version: '4', Authorization: auth }, body: '{}' });
    const vm = ((await engineGet(`/vms?search=${encodeURIComponent(`name=${VM}`)}`)).vm as Array<{ id: string; status: string }>)[0];
    const list = await context.newPage();
    await open(list, `/vms?q=${VM}`);
    const row = list.getByTestId('vm-row').filter({ has: list.getByRole('link', { name: VM, exact: true }) });
    await row.waitFor({ timeout: 60_000 });
    const href = (await row.getByRole('link', { name: VM, exact: true }).getAttribute('href'))!;
    const detail = await context.newPage();
    await open(detail, href);
    await settled(list, mode);
    if (mode === 'push') await detail.locator('html[data-push="connected"]').waitFor({ timeout: 60_000 });
    let status = String((await engineGet(`/vms/${vm.id}`)).status);
    for (let round = 0; round < ROUNDS * 2; round++) {
      const up = status !== 'up';
      const target = up ? 'running' : 'stopped';
      await enginePost(`/vms/${vm.id}/${up ? 'start' : 'stop'}`);
      while (String((await engineGet(`/vms/${vm.id}`)).status) !== (up ? 'up' : 'down')) await sleep(25);
      const t0 = performance.now();
      const header = detail.locator(`h1 [data-status="${target}"]`).waitFor({ timeout: 120_000 }).then(() => performance.now() - t0);
      const listed = row.locator(`[data-status="${target}"]`).waitFor({ timeout: 120_000 }).then(() => performance.now() - t0);
      const [h, l] = await Promise.all([header, listed]);
      result.header.push(h);
      result.list.push(l);
      console.log(`  ${mode}: ${up ? 'start' : 'stop'} → header ${(h / 1000).toFixed(2)} s, list ${(l / 1000).toFixed(2)} s`);
      status = up ? 'up' : 'down';
      // Let both tabs settle before the next change.
      await sleep(2_000);
    }
    await context.close();
  } finally {
    await browser.close();
    await stopServer(server);
    await engine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}

async function main(): Promise<void> {
  console.log(`push benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}`);
  const polling = await run('polling');
  const push = await run('push');
  const fmt = (x: number) => x.toFixed(2);
  console.log('\n| figure | push | polling today (same run) | goal |');
  console.log('| --- | --- | --- | --- |');
  for (const n of BROWSERS) {
    console.log(`| engine requests/s idle, ${n} tab(s) on /vms, ${SECONDS} s | ${fmt(push.idle[n])} | ${fmt(polling.idle[n])} | ≤ 0.5 per connection |`);
  }
  console.log(`| change at the engine → VM page header, median of ${push.header.length} (s) | ${fmt(median(push.header) / 1000)} | ${fmt(median(polling.header) / 1000)} | ≤ 2 |`);
  console.log(`| change at the engine → VM list row, median (s) | ${fmt(median(push.list) / 1000)} | ${fmt(median(polling.list) / 1000)} | ≤ 2 |`);
  console.log(`| … slowest of the rounds, header / list (s) | ${fmt(Math.max(...push.header) / 1000)} / ${fmt(Math.max(...push.list) / 1000)} | ${fmt(Math.max(...polling.header) / 1000)} / ${fmt(Math.max(...polling.list) / 1000)} | |`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
