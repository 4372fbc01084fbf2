/**
 * The database queries each page of the load walk makes (issue 20, point 5).
 *
 *   npx next build && npx tsx scripts/bench/queries.ts [--dir DIR] [--repeat 3] [--show]
 *
 * Starts the production server of this checkout (or of DIR, which needs its own `next build`) as
 * scripts/bench/load.ts does (demo mode, large estate, throwaway database) with VIRTDASH_QUERY_LOG
 * set, so lib/db/prisma.ts appends every SQL statement to a file; then one signed-in reader asks for
 * each page of the walk alone, one at a time, and the lines added during each answer are that
 * page's queries. Each page is read once to warm up (not counted) and then --repeat times; it
 * prints the count of each read and, with --show, the statements of the last one. The server's own
 * background work (migration reconcile, health) may add a query to a read now and then, so the
 * figure to quote is the smallest of the repeats.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signIn, startServer, vmIds, waitForHealth } from './load-lib';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: process.cwd() },
    repeat: { type: 'string', default: '3' },
    show: { type: 'boolean', default: false },
  },
});
const PORT = Number(process.env.BENCH_PORT || 3386);
const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-queries-')), 'queries.log');
fs.writeFileSync(logFile, '');
const lines = () => fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean);

async function main(): Promise<void> {
  const server = startServer({ dir: path.resolve(args.dir!), port: PORT, env: { VIRTDASH_QUERY_LOG: logFile } });
  try {
    await waitForHealth(server.base);
    const cookie = await signIn(server.base, 0);
    const ids = await vmIds(server.base, cookie);
    const pages: [string, (i: number) => string][] = [
      ['overview', () => '/'],
      ['VM list', () => '/vms'],
      ['VM detail', (i) => `/vms/${encodeURIComponent(ids[(i * 7) % ids.length])}`],
      ['hosts', () => '/hosts'],
      ['storage', () => '/storage'],
      ['events', () => '/events'],
    ];
    const repeat = Number(args.repeat);
    for (const [name, url] of pages) {
      const counts: number[] = [];
      let last: string[] = [];
      for (let i = 0; i <= repeat; i++) {
        // Let background work started by the previous answer settle before counting.
        await new Promise((r) => setTimeout(r, 300));
        const before = lines().length;
        const res = await fetch(`${server.base}${url(i)}`, { headers: { cookie, accept: 'text/html' } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url(i)} answered ${res.status}`);
        const added = lines().slice(before);
        if (i > 0) counts.push(added.length);
        last = added;
      }
      console.log(`${name.padEnd(10)} ${counts.join(' ')}  (min ${Math.min(...counts)})`);
      if (args.show) for (const q of last) console.log(`    ${q.slice(0, 220)}`);
    }
  } finally {
    await server.stop();
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
}
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
