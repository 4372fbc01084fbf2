/**
 * What a hung backend costs the pages: time to first byte and to the complete page for /, /vms and
 * /hosts while one of the demo's two connections (the simulated oVirt engine) is stopped with
 * SIGSTOP, so it accepts connections and never answers, the worst a real engine does.
 *
 *   npx next build && npx tsx scripts/bench/hung-backend.ts [--save after.json] [--compare before.json]
 *
 * It starts the production server in demo mode on BENCH_PORT (3385) with a throwaway database and
 * signs in through the real login form (Chromium), landing on a page that reads no backend. Then:
 * - "never answered": the engine is stopped before any page has read it, so the dashboard has no
 *   last data of it; each page is loaded once, and, as the baseline, the overview's whole read
 *   (/api/inventory/overview, what / awaited before it streamed each connection's section);
 * - the engine is continued, and once the overview sees it again each page is loaded healthy;
 * - the engine is stopped again and each page loaded three times in a row (the first load meets
 *   the engine hanging; the next ones come after the dashboard has noticed).
 * It notes where a page shows the stopped connection's last data with its age, and where it says
 * the connection is not answering. With --compare it prints a run saved from another checkout
 * (e.g. before a change) beside this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values: args } = parseArgs({ options: { save: { type: 'string' }, compare: { type: 'string' } } });
const PORT = Number(process.env.BENCH_PORT || 3385);
const ENGINE_PORT = Number(process.env.BENCH_ENGINE_PORT || PORT + 1);
const BASE = `http://127.0.0.1:${PORT}`;
const USER = { username: 'bench-admin', password: 'bench-admin-password' };
const PAGES = ['/', '/vms', '/hosts'];
/** The baseline of the first round: the whole overview read, which / awaited before it streamed. */
const OVERVIEW_READ = '/api/inventory/overview';
const ROUNDS = ['never answered', 'healthy', 'hung, 1st', 'hung, 2nd', 'hung, 3rd'] as const;
/** A load that takes longer than this is cut off and shown as such. */
const GIVE_UP_MS = 90_000;

type Timing =
  | { ttfbMs: number; completeMs: number; status: number; stale?: boolean; notAnswering?: boolean; notAnsweringMs?: number }
  | { error: string };
type Results = Record<string, Partial<Record<(typeof ROUNDS)[number], Timing>>>;

function startServer(dataDir: string): ChildProcess {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/server.ts', '--demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATA_DIR: dataDir,
      ADMIN_USERNAME: USER.username,
      ADMIN_PASSWORD: USER.password,
      DEMO_ENGINE_PORT: String(ENGINE_PORT),
    },
  });
  child.stdout?.resume();
  return child;
}

async function waitForHealth(): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the dashboard did not answer ${BASE}/api/health within 120 s (did you run npx next build?)`);
}

/** The demo engine's processes (the tsx launcher and its node child), found by their command line. */
function enginePids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf('--port');
      if (argv.some((a) => a.endsWith('fakes/ovirt/main.ts')) && at >= 0 && argv[at + 1] === String(ENGINE_PORT)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  if (pids.length === 0) throw new Error(`no demo engine process listens on port ${ENGINE_PORT}`);
  return pids;
}

async function signIn(): Promise<string> {
  const executablePath = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ locale: 'en-US' });
    // Land on a page that reads no backend: the first read of the engine is the benchmark's.
    await page.goto(`${BASE}/login?callbackUrl=${encodeURIComponent('/admin/users')}`);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  } finally {
    await browser.close();
  }
}

async function load(route: string, cookie: string): Promise<Timing> {
  const started = performance.now();
  try {
    const res = await fetch(`${BASE}${route}`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(GIVE_UP_MS) });
    const ttfbMs = performance.now() - started;
    // Read as it streams, to note when the hung connection's own section arrives.
    let html = '';
    let notAnsweringMs: number | undefined;
    const decoder = new TextDecoder();
    const reader = res.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
      html += decoder.decode(chunk.value, { stream: true });
      if (notAnsweringMs === undefined && html.includes('data-code="timeout"')) notAnsweringMs = performance.now() - started;
    }
    // The page shows the stopped connection's last answer under "As of …, … is not answering",
    // or, with none to show, that it did not answer in time.
    const notAnswering = html.includes('data-code="timeout"') || html.includes('"code":"timeout"');
    return { ttfbMs, completeMs: performance.now() - started, status: res.status, stale: html.includes('data-stale="true"'), notAnswering, notAnsweringMs };
  } catch (error) {
    return { error: error instanceof Error && error.name === 'TimeoutError' ? `> ${GIVE_UP_MS / 1000} s` : String(error) };
  }
}

const cell = (t?: Timing) => (!t ? '—' : 'error' in t ? t.error : `${(t.ttfbMs / 1000).toFixed(2)} / ${(t.completeMs / 1000).toFixed(2)} s${t.status === 200 ? '' : ` (${t.status})`}${t.stale ? ', last data shown' : t.notAnswering ? `, "not answering" shown${t.notAnsweringMs !== undefined ? ` at ${(t.notAnsweringMs / 1000).toFixed(2)} s` : ''}` : ''}`);

function print(results: Results, before?: Results): void {
  const head = before ? ['page', 'load', 'before: first byte / complete', 'after: first byte / complete'] : ['page', 'load', 'first byte / complete'];
  const rows = [...PAGES, OVERVIEW_READ].flatMap((p) =>
    ROUNDS.filter((r) => results[p]?.[r] || before?.[p]?.[r]).map((r) => [p, r, ...(before ? [cell(before[p]?.[r])] : []), cell(results[p]?.[r])]),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [head, widths.map((w) => '-'.repeat(w)), ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
}

/** After SIGCONT: until the overview has the engine's figures again (its circuit closed). */
async function untilEngineAnswers(cookie: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const res = await fetch(`${BASE}${OVERVIEW_READ}`, { headers: { cookie } });
    const body = (await res.json()) as { unreachable?: unknown[] };
    if (res.ok && body.unreachable?.length === 0) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error('the demo engine was continued but the overview did not see it again within 60 s');
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-bench-'));
  const server = startServer(dataDir);
  let stopped: number[] = [];
  try {
    await waitForHealth();
    const cookie = await signIn();
    const results: Results = Object.fromEntries([...PAGES, OVERVIEW_READ].map((p) => [p, {}]));
    stopped = enginePids();
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    console.log(`stopped the demo engine (pids ${stopped.join(', ')}) before any page read it; the demo Cinder still answers`);
    for (const p of PAGES) results[p]['never answered'] = await load(p, cookie);
    results[OVERVIEW_READ]['never answered'] = await load(OVERVIEW_READ, cookie);
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    await untilEngineAnswers(cookie);
    for (const p of PAGES) results[p].healthy = await load(p, cookie);
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    console.log(`stopped the demo engine again\n`);
    for (const round of ROUNDS.slice(2)) for (const p of PAGES) results[p][round] = await load(p, cookie);
    print(results, args.compare ? (JSON.parse(fs.readFileSync(args.compare, 'utf8')) as Results) : undefined);
    if (args.save) fs.writeFileSync(args.save, JSON.stringify(results, null, 2));
  } finally {
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    // Wait for it: the server stops the demo engine and Cinder on its way out, and a run that
    // leaves before that leaves them holding their ports for the next run.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
