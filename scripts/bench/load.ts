/**
 * Load: signed-in users reading lists and details against the large demo estate (10,000 VMs).
 *
 *   npx next build && npx tsx scripts/bench/load.ts [--users 200] [--seconds 60] [--baseline-dir DIR] [--base-url URL]
 *
 * It starts the production server of this checkout in demo mode (DEMO_SIZE=large) on BENCH_PORT
 * (3386) with a throwaway database, unless --base-url names one already running (then
 * --username/--password name its admin). Each simulated user is its own sign-in session (through
 * Auth.js's credentials endpoint, as the login form posts), holding one keep-alive connection that
 * reads, in turn, the overview, the VM list, a VM's detail page, the hosts, storage and events, and
 * another VM.
 *
 * Two loads: issue 20's (20 readers for 30 s) and the asked-for one (200 users for 60 s; skip it
 * with --users 0). With --baseline-dir (a checkout of an earlier commit with its own `next build`,
 * e.g. `git archive <commit> | tar -x -C DIR`, node_modules copied, `npx next build` there) its
 * server runs beside this one on BENCH_PORT+10, and each load runs against the baseline and then
 * this build in 10 s slices taking turns (A B, B A, …), so both meet the same machine: the table
 * puts them side by side with the load average of each slice and the ratios. On a shared machine
 * the pages a second follow the CPU the server is given; the CPU milliseconds a page costs the
 * dashboard process are the steadier figure. Each round prints pages a
 * second, p50/p95/p99 of the time to the complete answer, errors (anything but 200, and failed or
 * timed-out requests), the dashboard process's resident memory before and after, and the CPU
 * seconds the dashboard and the demo fakes used. Each server gets a 10 s warm-up first (not
 * counted): its first pages load and compile code, which is not what a steady load costs.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverage, percentile, round, rssMb, signInMany, startServer, treeRssMb, vmIds, waitForHealth, type BenchServer, type Round } from './load-lib';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'baseline-users': { type: 'string', default: '20' },
    'baseline-seconds': { type: 'string', default: '30' },
    'baseline-dir': { type: 'string' },
    'base-url': { type: 'string' },
    username: { type: 'string', default: 'bench-admin' },
    password: { type: 'string', default: 'bench-admin-password' },
  },
});
const PORT = Number(process.env.BENCH_PORT || 3386);
const USER = { username: args.username!, password: args.password! };

interface Target {
  name: string;
  base: string;
  server?: BenchServer;
  cookies: string[];
  ids: string[];
}

async function prepare(name: string, base: string, server: BenchServer | undefined, sessions: number): Promise<Target> {
  await waitForHealth(base);
  console.log(`${name}: signing in ${sessions} sessions…`);
  const cookies = await signInMany(base, sessions, USER);
  const ids = await vmIds(base, cookies[0]);
  const pid = server?.pid();
  console.log(`${name}: ${ids.length} VM ids to read; dashboard ${rssMb(pid)} MB resident (with the demo fakes ${treeRssMb(pid)} MB)`);
  return { name, base, server, cookies, ids };
}

/** One round out of its slices: answers pooled, memory from the first and the last, CPU summed. */
function merge(parts: Round[], seconds: number): Round {
  const times = parts.flatMap((p) => p.times).sort((a, b) => a - b);
  const sum = (f: (r: Round) => number) => parts.reduce((s, r) => s + f(r), 0);
  return {
    ...parts[0],
    seconds,
    pagesPerSecond: Math.round((times.length / seconds) * 10) / 10,
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    p99: Math.round(percentile(times, 99)),
    requests: times.length,
    errors: sum((r) => r.errors),
    rssBeforeMb: parts[0].rssBeforeMb,
    rssAfterMb: parts[parts.length - 1].rssAfterMb,
    cpuDashboard: Math.round(sum((r) => r.cpuDashboard) * 10) / 10,
    cpuFakes: Math.round(sum((r) => r.cpuFakes) * 10) / 10,
    loadAverage: parts.map((p) => p.loadAverage.split(' ')[0]).join(' '),
    meanBytes: times.length ? Math.round(sum((r) => r.meanBytes * r.requests) / times.length) : 0,
    times,
  };
}

async function main() {
  const servers: BenchServer[] = [];
  try {
    const users = Number(args.users);
    const baselineUsers = Number(args['baseline-users']);
    const sessions = Math.max(users, baselineUsers);
    const targets: Target[] = [];
    if (args['baseline-dir']) {
      const server = startServer({ dir: path.resolve(args['baseline-dir']), port: PORT + 10, user: USER });
      servers.push(server);
      targets.push(await prepare('baseline', server.base, server, sessions));
    }
    if (args['base-url']) {
      targets.push(await prepare('this build', args['base-url'], undefined, sessions));
    } else {
      const server = startServer({ dir: '.', port: PORT, user: USER });
      servers.push(server);
      targets.push(await prepare('this build', server.base, server, sessions));
    }
    const loads = [{ label: 'issue 20 load', users: baselineUsers, seconds: Number(args['baseline-seconds']) }];
    if (users > 0) loads.push({ label: 'asked for', users, seconds: Number(args.seconds) });
    // Each server's first pages load and compile their code and fill the read cache: a short round
    // per server, not counted, so both are compared warm.
    for (const t of targets) {
      console.log(`warming up ${t.name} (10 s, not counted)…`);
      await round({ label: 'warm-up', base: t.base, pid: t.server?.pid(), users: baselineUsers, seconds: 10, cookies: t.cookies, ids: t.ids });
    }
    // Against a baseline, each load is cut into 10 s slices that alternate between the two servers
    // (A B, B A, A B…), so a machine whose other load comes and goes weighs on both alike.
    const rounds: Round[] = [];
    for (const load of loads) {
      const slices = targets.length > 1 ? Math.max(1, Math.round(load.seconds / 10)) : 1;
      const parts = new Map<Target, Round[]>(targets.map((t) => [t, []]));
      for (let i = 0; i < slices; i++) {
        for (const t of i % 2 ? [...targets].reverse() : targets) {
          console.log(`${load.label}, ${t.name}: ${load.users} readers, slice ${i + 1}/${slices} (load average ${loadAverage()})…`);
          parts.get(t)!.push(
            await round({ users: load.users, seconds: load.seconds / slices, label: `${load.label}: ${t.name}`, base: t.base, pid: t.server?.pid(), cookies: t.cookies, ids: t.ids }),
          );
        }
      }
      for (const t of targets) rounds.push(merge(parts.get(t)!, load.seconds));
    }
    console.log(`\n${new Date().toISOString()}, ${(await import('node:os')).cpus().length} cores`);
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
            errors: r.errors,
            'RSS before MB': r.rssBeforeMb,
            'RSS after MB': r.rssAfterMb,
            'CPU s dashboard': r.cpuDashboard,
            'CPU s fakes': r.cpuFakes,
            'CPU ms/page': r.requests ? Math.round((r.cpuDashboard * 1000) / r.requests) : NaN,
            'KB/page': Math.round(r.meanBytes / 1024),
            'load avg (1 min, per slice)': r.loadAverage,
          },
        ]),
      ),
    );
    if (targets.length === 2) {
      for (let i = 0; i < rounds.length; i += 2) {
        const [before, after] = [rounds[i], rounds[i + 1]];
        const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : '–');
        console.log(
          `${loads[i / 2].label}, this build ÷ baseline: pages/s ×${ratio(after.pagesPerSecond, before.pagesPerSecond)}, ` +
            `p95 ×${ratio(after.p95, before.p95)}, RSS after ×${ratio(after.rssAfterMb, before.rssAfterMb)}, ` +
            `dashboard CPU per page ×${ratio(after.cpuDashboard / after.requests, before.cpuDashboard / before.requests)}`,
        );
      }
    }
    if (rounds.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
