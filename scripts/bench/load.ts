/**
 * Load: signed-in users reading lists and details against the large demo estate (10,000 VMs).
 *
 *   npx next build && npx tsx scripts/bench/load.ts [--users 200] [--seconds 60] [--base-url URL]
 *
 * It starts the production server in demo mode (DEMO_SIZE=large) on BENCH_PORT (3386) with a
 * throwaway database, unless --base-url names one already running (then --username/--password
 * name its admin). Each simulated user is its own sign-in session (through Auth.js's credentials
 * endpoint, as the login form posts), holding one keep-alive connection that reads, in turn, the
 * overview, the VM list, a VM's detail page, the hosts, storage and events, and another VM.
 *
 * Two rounds in the same run, printed side by side: the baseline load of issue 20 (20 readers for
 * 30 s) and the asked-for load (200 users for 60 s). Each prints pages a second, p50/p95/p99 of
 * the time to the complete answer, errors (anything but 200, and failed or timed-out requests) and
 * the server's resident memory before and after (its whole process tree, from /proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'baseline-users': { type: 'string', default: '20' },
    'baseline-seconds': { type: 'string', default: '30' },
    'base-url': { type: 'string' },
    username: { type: 'string', default: 'bench-admin' },
    password: { type: 'string', default: 'bench-admin-password' },
  },
});
const PORT = Number(process.env.BENCH_PORT || 3386);
const BASE = args['base-url'] ?? `http://127.0.0.1:${PORT}`;
const USER = { username: args.username!, password: args.password! };

function startServer(dataDir: string): ChildProcess {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/server.ts', '--demo'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATA_DIR: dataDir,
      DEMO_SIZE: 'large',
      ADMIN_USERNAME: USER.username,
      ADMIN_PASSWORD: USER.password,
      DEMO_ENGINE_PORT: String(PORT + 1),
      // Each simulated user signs in from its own address (X-Forwarded-For), as 200 people would:
      // from one address, the sign-in throttle would rightly lock them out together.
      TRUST_PROXY: '1',
    },
  });
  return child;
}

async function waitForHealth(limitMs = 300_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the dashboard did not answer ${BASE}/api/health within ${limitMs / 1000} s (did you run npx next build?)`);
}

/** Resident memory of a process and all its descendants, in MB (the tsx launcher, the server, the demo fakes). */
function treeRssMb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kb);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    total += rss.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return Math.round(total / 1024);
}

/**
 * The dashboard process alone, not the demo fakes: of the processes running scripts/server.ts
 * (the tsx launcher and the node process it starts), the largest.
 */
function serverRssMb(): number {
  let largest = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.some((a) => a.endsWith('scripts/server.ts'))) continue;
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
      largest = Math.max(largest, kb);
    } catch {
      // ended meanwhile
    }
  }
  return Math.round(largest / 1024);
}

/** One Auth.js credentials sign-in, as the login form posts it: a session cookie. */
async function signIn(user: number): Promise<string> {
  const from = { 'x-forwarded-for': `10.20.${Math.floor(user / 250)}.${(user % 250) + 1}` };
  const csrf = await fetch(`${BASE}/api/auth/csrf`, { headers: from });
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...from, 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: new URL(BASE).origin },
    body: new URLSearchParams({ csrfToken, username: USER.username, password: USER.password }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`sign-in refused (HTTP ${res.status} to ${res.headers.get('location')}): check --username/--password`);
  return session;
}

async function vmIds(cookie: string): Promise<string[]> {
  const res = await fetch(`${BASE}/api/inventory/vms?pageSize=200`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/inventory/vms answered ${res.status}`);
  const ids = [...JSON.stringify(await res.json()).matchAll(/"id":"([^"]+:[^"]+)"/g)].map((m) => m[1]);
  if (ids.length === 0) throw new Error('the VM list is empty: is the demo engine up?');
  return [...new Set(ids)];
}

interface Round {
  label: string;
  users: number;
  seconds: number;
  pagesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function round(label: string, users: number, seconds: number, cookies: string[], ids: string[], memory: () => number): Promise<Round> {
  const rssBeforeMb = memory();
  const times: number[] = [];
  let bad = 0;
  let client = 0;
  const pages = ['/', '/vms', 'vm', '/hosts', '/storage', '/events', 'vm'];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE,
        connections: users,
        duration: seconds,
        timeout: 30,
        // Each connection is one user: its own session cookie, its own walk through the pages.
        setupClient: (c: autocannon.Client) => {
          const me = client++;
          c.setHeaders({ cookie: cookies[me % cookies.length], accept: 'text/html' });
        },
        requests: [
          {
            setupRequest: (req: autocannon.Request & { path?: string }, context: Record<string, number>) => {
              const step = (context.step = ((context.step ?? Math.floor(Math.random() * pages.length)) + 1) % pages.length);
              const page = pages[step];
              return { ...req, method: 'GET', path: page === 'vm' ? `/vms/${encodeURIComponent(ids[Math.floor(Math.random() * ids.length)])}` : page };
            },
          },
        ],
      } as autocannon.Options,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      times.push(ms);
      if (status !== 200) bad++;
    });
  });
  times.sort((a, b) => a - b);
  return {
    label,
    users,
    seconds,
    pagesPerSecond: Math.round((times.length / seconds) * 10) / 10,
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    p99: Math.round(percentile(times, 99)),
    requests: times.length,
    errors: bad + result.errors + result.timeouts,
    rssBeforeMb,
    rssAfterMb: memory(),
  };
}

async function main() {
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  if (!args['base-url']) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-load-'));
    server = startServer(dataDir);
  }
  const memory = () => (server?.pid ? serverRssMb() : NaN);
  const treeMemory = () => (server?.pid ? treeRssMb(server.pid) : NaN);
  try {
    await waitForHealth();
    const users = Number(args.users);
    const baselineUsers = Number(args['baseline-users']);
    console.log(`signing in ${Math.max(users, baselineUsers)} sessions…`);
    const cookies: string[] = [];
    // One after the other: concurrent sign-ins of one account are slowed down by its throttle.
    for (let i = 0; i < Math.max(users, baselineUsers); i++) {
      try {
        cookies.push(await signIn(i));
      } catch (err) {
        throw new Error(`sign-in ${i + 1}: ${(err as Error).message}`);
      }
    }
    const ids = await vmIds(cookies[0]);
    console.log(`${ids.length} VM ids to read; dashboard ${memory()} MB resident (with the demo fakes ${treeMemory()} MB)`);
    const rounds = [
      await round('baseline (issue 20)', baselineUsers, Number(args['baseline-seconds']), cookies, ids, memory),
      await round('asked for', users, Number(args.seconds), cookies, ids, memory),
    ];
    console.log('');
    console.table(
      Object.fromEntries(
        rounds.map((r) => [
          r.label,
          {
            users: r.users,
            seconds: r.seconds,
            'pages/s': r.pagesPerSecond,
            'p50 ms': r.p50,
            'p95 ms': r.p95,
            'p99 ms': r.p99,
            requests: r.requests,
            errors: r.errors,
            'RSS before MB': r.rssBeforeMb,
            'RSS after MB': r.rssAfterMb,
          },
        ]),
      ),
    );
    if (rounds.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    if (server?.pid) {
      try {
        process.kill(server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (dataDir) setTimeout(() => fs.rmSync(dataDir!, { recursive: true, force: true }), 2000).unref();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
