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
 * this build, one after the other, so both meet nearly the same machine: the table puts them side
 * by side with the load average at the end of each round and the ratios. Each round prints pages a
 * second, p50/p95/p99 of the time to the complete answer, errors (anything but 200, and failed or
 * timed-out requests), the dashboard process's resident memory before and after, and the CPU
 * seconds the dashboard and the demo fakes used. Each server gets a 10 s warm-up first (not
 * counted): its first pages load and compile code, which is not what a steady load costs.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverage, round, rssMb, signInMany, startServer, treeRssMb, vmIds, waitForHealth, type BenchServer, type Round } from './load-lib';

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
    const rounds: Round[] = [];
    for (const load of loads) {
      for (const t of targets) {
        console.log(`${load.label}, ${t.name}: ${load.users} readers for ${load.seconds} s (load average ${loadAverage()})…`);
        rounds.push(await round({ ...load, label: `${load.label}: ${t.name}`, base: t.base, pid: t.server?.pid(), cookies: t.cookies, ids: t.ids }));
      }
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
            'KB/page': Math.round(r.meanBytes / 1024),
            'load avg (1/5/15 min)': r.loadAverage,
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
