/**
 * What scripts/bench/load.ts and scripts/bench/profile.ts share: a production server in demo mode
 * on the large estate, signed-in sessions, memory and CPU of its processes from /proc, and one
 * round of readers walking the pages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

export const BENCH_USER = { username: 'bench-admin', password: 'bench-admin-password' };

export interface BenchServer {
  base: string;
  child: ChildProcess;
  dataDir: string;
  /** The dashboard's node process (not the demo fakes it starts). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/**
 * The production server of the checkout in `dir` (its .next build), in demo mode on the large
 * estate, with a throwaway database. `nodeArgs` go to the node process that runs the server
 * (e.g. --inspect), which is started as `node <nodeArgs> --import tsx scripts/server.ts` so the
 * dashboard is that one process.
 */
export function startServer(opts: { dir: string; port: number; user?: typeof BENCH_USER; nodeArgs?: string[]; env?: Record<string, string> }): BenchServer {
  const user = opts.user ?? BENCH_USER;
  const base = `http://127.0.0.1:${opts.port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-load-'));
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'scripts/server.ts', '--demo'], {
    cwd: opts.dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      DEMO_SIZE: 'large',
      ADMIN_USERNAME: user.username,
      ADMIN_PASSWORD: user.password,
      DEMO_ENGINE_PORT: String(opts.port + 1),
      // Each simulated user signs in from its own address (X-Forwarded-For), as 200 people would:
      // from one address, the sign-in throttle would rightly lock them out together.
      TRUST_PROXY: '1',
      ...opts.env,
    },
  });
  return {
    base,
    child,
    dataDir,
    pid: () => child.pid,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitForHealth(base: string, limitMs = 300_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the dashboard did not answer ${base}/api/health within ${limitMs / 1000} s (did you run npx next build?)`);
}

interface ProcInfo {
  ppid: number;
  rssKb: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from the closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]),
      rssKb: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
      cpuTicks: Number(rest[11]) + Number(rest[12]),
    };
  } catch {
    return undefined; // ended meanwhile
  }
}

/** The process and all its descendants. */
function tree(root: number): Map<number, ProcInfo> {
  const all = new Map<number, ProcInfo>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProc(Number(entry));
    if (info) all.set(Number(entry), info);
  }
  const out = new Map<number, ProcInfo>();
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    const info = all.get(pid);
    if (!info) continue;
    out.set(pid, info);
    for (const [child, c] of all) if (c.ppid === pid) todo.push(child);
  }
  return out;
}

/** Resident memory of the dashboard process alone, in MB. */
export function rssMb(pid: number | undefined): number {
  return pid ? Math.round((readProc(pid)?.rssKb ?? NaN) / 1024) : NaN;
}

/** Resident memory of the dashboard with the demo fakes it started, in MB. */
export function treeRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  let kb = 0;
  for (const info of tree(pid).values()) kb += info.rssKb;
  return Math.round(kb / 1024);
}

/** CPU seconds used so far: the dashboard process, and its descendants (the demo engine and Cinder). */
export function cpuSeconds(pid: number | undefined): { dashboard: number; fakes: number } {
  if (!pid) return { dashboard: NaN, fakes: NaN };
  const hz = 100; // USER_HZ on Linux
  let fakes = 0;
  let dashboard = 0;
  for (const [p, info] of tree(pid)) {
    if (p === pid) dashboard = info.cpuTicks / hz;
    else fakes += info.cpuTicks / hz;
  }
  return { dashboard, fakes };
}

export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** One Auth.js credentials sign-in, as the login form posts it: a session cookie. */
export async function signIn(base: string, user: number, account: typeof BENCH_USER = BENCH_USER): Promise<string> {
  const from = { 'x-forwarded-for': `10.20.${Math.floor(user / 250)}.${(user % 250) + 1}` };
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: from });
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...from, 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: new URL(base).origin },
    body: new URLSearchParams({ csrfToken, username: account.username, password: account.password }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`sign-in refused (HTTP ${res.status} to ${res.headers.get('location')}): check --username/--password`);
  return session;
}

export async function signInMany(base: string, count: number, account: typeof BENCH_USER = BENCH_USER): Promise<string[]> {
  const cookies: string[] = [];
  // One after the other: concurrent sign-ins of one account are slowed down by its throttle.
  for (let i = 0; i < count; i++) {
    try {
      cookies.push(await signIn(base, i, account));
    } catch (err) {
      throw new Error(`sign-in ${i + 1}: ${(err as Error).message}`);
    }
  }
  return cookies;
}

export async function vmIds(base: string, cookie: string): Promise<string[]> {
  const res = await fetch(`${base}/api/inventory/vms?pageSize=200`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/inventory/vms answered ${res.status}`);
  const ids = [...JSON.stringify(await res.json()).matchAll(/"id":"([^"]+:[^"]+)"/g)].map((m) => m[1]);
  if (ids.length === 0) throw new Error('the VM list is empty: is the demo engine up?');
  return [...new Set(ids)];
}

/** The pages a reader walks; 'vm' is a VM's detail page, a different VM each time. */
export const WALK = ['/', '/vms', 'vm', '/hosts', '/storage', '/events', 'vm'] as const;
export type Page = (typeof WALK)[number];

export interface Round {
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
  /** CPU seconds the dashboard process used during the round, and the demo fakes. */
  cpuDashboard: number;
  cpuFakes: number;
  loadAverage: string;
  /** Mean bytes of an answer. */
  meanBytes: number;
  /** Every answer's time, in ms, sorted (to merge rounds). */
  times: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `users` readers, each on its own session and keep-alive connection, walking `pages` for `seconds`. */
export async function round(opts: {
  label: string;
  base: string;
  pid: number | undefined;
  users: number;
  seconds: number;
  cookies: string[];
  ids: string[];
  pages?: readonly Page[];
}): Promise<Round> {
  const pages = opts.pages ?? WALK;
  const rssBeforeMb = rssMb(opts.pid);
  const cpuBefore = cpuSeconds(opts.pid);
  const times: number[] = [];
  let bytes = 0;
  let bad = 0;
  let client = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.base,
        connections: opts.users,
        duration: opts.seconds,
        timeout: 30,
        // Each connection is one user: its own session cookie, its own walk through the pages.
        setupClient: (c: autocannon.Client) => {
          const me = client++;
          c.setHeaders({ cookie: opts.cookies[me % opts.cookies.length], accept: 'text/html' });
        },
        requests: [
          {
            setupRequest: (req: autocannon.Request & { path?: string }, context: Record<string, number>) => {
              const step = (context.step = ((context.step ?? Math.floor(Math.random() * pages.length)) + 1) % pages.length);
              const page = pages[step];
              return { ...req, method: 'GET', path: page === 'vm' ? `/vms/${encodeURIComponent(opts.ids[Math.floor(Math.random() * opts.ids.length)])}` : page };
            },
          },
        ],
      } as autocannon.Options,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, status: number, size: number, ms: number) => {
      times.push(ms);
      bytes += size;
      if (status !== 200) bad++;
    });
  });
  const cpuAfter = cpuSeconds(opts.pid);
  times.sort((a, b) => a - b);
  return {
    label: opts.label,
    users: opts.users,
    seconds: opts.seconds,
    pagesPerSecond: Math.round((times.length / opts.seconds) * 10) / 10,
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    p99: Math.round(percentile(times, 99)),
    requests: times.length,
    errors: bad + result.errors + result.timeouts,
    rssBeforeMb,
    rssAfterMb: rssMb(opts.pid),
    cpuDashboard: Math.round((cpuAfter.dashboard - cpuBefore.dashboard) * 10) / 10,
    cpuFakes: Math.round((cpuAfter.fakes - cpuBefore.fakes) * 10) / 10,
    loadAverage: loadAverage(),
    meanBytes: times.length ? Math.round(bytes / times.length) : 0,
    times,
  };
}
