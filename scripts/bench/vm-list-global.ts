/**
 * One VM list across connections in true global order (issue 21, goal 4): the two designs the
 * issue names, sketched and timed against today's list on the same estate, in the same run.
 *
 *   npx tsx --conditions=react-server scripts/bench/vm-list-global.ts [--connections 4] [--vms 25000] [--rounds 10] [--pages 1,200]
 *
 * Each connection is a demo engine of its own process (as a real engine is another machine), reached
 * through the real oVirt adapter. For page 1 and page 200 (50 rows a page), sorted by name and by
 * memory, it prints p50/p95 and the engine requests of one view for:
 *
 * - today: each connection's page N, concatenated (listAcross). Cheap, but not a global order:
 *   page 1 holds 4×50 rows, each connection's first 50.
 * - merge: keyset/offset merge per connection. Page P of the global order is within the first P×50
 *   rows of every connection, so each connection is read up to there (500 rows a request, the
 *   requests of one connection in parallel) and the rows are merged. Nothing is kept between views.
 * - inventory: every connection's VMs kept in a database table (the embedded PGlite the dashboard
 *   uses by default) and paged with ORDER BY … LIMIT/OFFSET on an index. The load is timed apart;
 *   kept fresh it would be by each backend's change feed (goal 3), not measured here.
 *
 * It also checks each design's page against the true order (every VM of every connection, sorted by
 * the key, then name, connection and id): a design that is fast but shows the wrong rows is no design.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { ListQuery, Vm } from '@/lib/domain';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '4' },
    vms: { type: 'string', default: '25000' },
    rounds: { type: 'string', default: '10' },
    pages: { type: 'string', default: '1,200' },
  },
});
const CONNECTIONS = Number(values.connections);
const VMS = Number(values.vms);
const ROUNDS = Math.max(3, Number(values.rounds));
const PAGE_SIZE = 50;
const PAGES = values.pages.split(',').map(Number);
const FETCH = 500; // MAX_PAGE_SIZE: the most rows the adapter asks for at once
const PASSWORD = 'bench-admin-password';

type SortKey = 'name' | 'memory';
interface Row { connectionId: string; id: string; name: string; memory: number }
interface Conn { id: string; backend: Backend; requests: number }

/** The true order: the key, then name, connection and id, so ties (many VMs share a memory size) are ordered too. */
function compare(sort: SortKey) {
  return (a: Row, b: Row) =>
    (sort === 'memory' ? a.memory - b.memory : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
const rowOf = (connectionId: string, vm: Vm): Row => ({ connectionId, id: vm.id, name: vm.name, memory: vm.memoryBytes ?? 0 });
const queryFor = (sort: SortKey, page: number, pageSize: number): ListQuery =>
  // oVirt sorts by one field only; memory is not one of the list's sort fields, so it goes as the engine's own words.
  sort === 'name' ? { page, pageSize, sort: { field: 'name', dir: 'asc' } } : { page, pageSize, nativeQuery: 'sortby memory asc' };

async function startEngine(index: number): Promise<{ child: ChildProcess; url: string }> {
  const hosts = Math.max(25, Math.round(VMS / 100));
  const child = spawn(
    path.resolve('node_modules/.bin/tsx'),
    ['fakes/ovirt/main.ts', '--port', '0', '--size', `${VMS}x${hosts}`, '--seed', String(index + 1), '--admin-password', PASSWORD, '--time-scale', '0.01', '--no-background-events'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`engine ${index + 1} exited (${code}) before it listened`);
  });
  const listening = (async () => {
    for await (const line of lines) if (line.startsWith('OVIRT_ENGINE_LISTENING ')) return line.split(' ')[1];
    throw new Error(`engine ${index + 1} closed its output before it listened`);
  })();
  const url = await Promise.race([listening, exited]);
  exited.catch(() => {});
  return { child, url };
}

// ───────── the three ways to answer "page P sorted by K" ─────────

/** Today: each connection's page P, concatenated. */
async function today(conns: Conn[], sort: SortKey, page: number): Promise<Row[]> {
  const pages = await Promise.all(conns.map(async (c) => (await c.backend.listVms!(queryFor(sort, page, PAGE_SIZE))).items.map((vm) => rowOf(c.id, vm))));
  return pages.flat();
}

/** Merge: the first P×50 rows of every connection, merged, then the page cut out. */
async function merge(conns: Conn[], sort: SortKey, page: number): Promise<Row[]> {
  const need = page * PAGE_SIZE;
  const size = Math.min(need, FETCH);
  const requests = Math.ceil(need / size);
  const perConnection = await Promise.all(
    conns.map(async (c) => {
      // Four requests at a time per connection: twenty at once made the engine miss the adapter's 30 s timeout.
      const items: Vm[] = [];
      for (let first = 1; first <= requests; first += 4) {
        const batch = await Promise.all(Array.from({ length: Math.min(4, requests - first + 1) }, (_, i) => c.backend.listVms!(queryFor(sort, first + i, size))));
        for (const p of batch) items.push(...p.items);
      }
      return items.slice(0, need).map((vm) => rowOf(c.id, vm));
    }),
  );
  return perConnection.flat().sort(compare(sort)).slice((page - 1) * PAGE_SIZE, need);
}

const ORDER: Record<SortKey, string> = {
  name: 'name COLLATE "C", connection_id, id',
  memory: 'memory, name COLLATE "C", connection_id, id',
};

/** Inventory: one indexed query on the table kept from every connection. */
async function inventory(db: PGlite, sort: SortKey, page: number): Promise<Row[]> {
  const res = await db.query<{ connection_id: string; id: string; name: string; memory: string }>(
    `SELECT connection_id, id, name, memory FROM vm_inventory ORDER BY ${ORDER[sort]} LIMIT $1 OFFSET $2`,
    [PAGE_SIZE, (page - 1) * PAGE_SIZE],
  );
  return res.rows.map((r) => ({ connectionId: r.connection_id, id: r.id, name: r.name, memory: Number(r.memory) }));
}

/** Every VM of a connection, in pages of 500 (what a first sync from a change feed starts with). */
async function everyVm(c: Conn): Promise<Row[]> {
  const first = await c.backend.listVms!({ page: 1, pageSize: FETCH, sort: { field: 'name', dir: 'asc' } });
  const rows = first.items.map((vm) => rowOf(c.id, vm));
  let page = 2;
  let more = first.hasMore;
  while (more) {
    // Four requests at a time: a first sync should not hammer an engine either.
    const batch = await Promise.all([0, 1, 2, 3].map((i) => c.backend.listVms!({ page: page + i, pageSize: FETCH, sort: { field: 'name', dir: 'asc' } })));
    for (const p of batch) rows.push(...p.items.map((vm) => rowOf(c.id, vm)));
    more = batch.every((p) => p.hasMore);
    page += 4;
  }
  return rows;
}

async function loadInventory(db: PGlite, all: Row[]): Promise<number> {
  const started = performance.now();
  await db.exec(`
    CREATE TABLE vm_inventory (connection_id text NOT NULL, id text NOT NULL, name text NOT NULL, memory bigint NOT NULL, PRIMARY KEY (connection_id, id));
  `);
  for (let i = 0; i < all.length; i += 1000) {
    const chunk = all.slice(i, i + 1000);
    const params: unknown[] = [];
    const tuples = chunk.map((r, j) => {
      params.push(r.connectionId, r.id, r.name, r.memory);
      return `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`;
    });
    await db.query(`INSERT INTO vm_inventory VALUES ${tuples.join(', ')}`, params);
  }
  // C collation, as JavaScript compares strings, so the check below compares like with like.
  await db.exec(`
    CREATE INDEX vm_inventory_name ON vm_inventory (name COLLATE "C", connection_id, id);
    CREATE INDEX vm_inventory_memory ON vm_inventory (memory, name COLLATE "C", connection_id, id);
    ANALYZE vm_inventory;
  `);
  return performance.now() - started;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const same = (a: Row[], b: Row[]) => a.length === b.length && a.every((r, i) => r.connectionId === b[i].connectionId && r.id === b[i].id);

async function main(): Promise<void> {
  console.log(`VM list across ${CONNECTIONS} connections of ${VMS.toLocaleString('en')} VMs, ${PAGE_SIZE} rows a page, ${ROUNDS} rounds per figure`);
  const started = performance.now();
  const engines = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => startEngine(i)));
  const db = new PGlite();
  const conns: Conn[] = [];
  try {
    console.log(`engines ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const [i, e] of engines.entries()) {
      const conn: Conn = { id: `conn-${i + 1}`, backend: undefined as unknown as Backend, requests: 0 };
      conn.backend = createBackend(
        { id: conn.id, kind: 'ovirt', name: conn.id, url: e.url, username: 'admin@internal', password: PASSWORD },
        // Five minutes per request, not the dashboard's 30 s: on a busy machine a 500-VM page of the
        // first load took longer, and a figure is worth more than a timeout here.
        { onRequest: (info) => void (info.purpose === 'api' && conn.requests++), timeouts: { requestMs: 300_000 } },
      );
      await conn.backend.listVms!({ page: 1, pageSize: 1 }); // sign in once, outside the figures
      conns.push(conn);
    }

    // The inventory's first load, and the true order every design is checked against.
    let t = performance.now();
    const all = (await Promise.all(conns.map(everyVm))).flat();
    const fetchMs = performance.now() - t;
    const loadMs = await loadInventory(db, all);
    console.log(`inventory first load: ${all.length.toLocaleString('en')} VMs read in ${(fetchMs / 1000).toFixed(1)} s (${Math.ceil(VMS / FETCH)} requests per connection), stored and indexed in PGlite in ${(loadMs / 1000).toFixed(1)} s`);
    const truth: Record<SortKey, Row[]> = { name: [...all].sort(compare('name')), memory: [...all].sort(compare('memory')) };
    const distinctMemory = new Set(all.map((r) => r.memory)).size;
    console.log(`${distinctMemory} distinct memory sizes among ${all.length.toLocaleString('en')} VMs: sorting by memory is mostly sorting ties\n`);

    // The merge reads P×50 rows of every connection per view: at page 200 that is a minute or more
    // a view on a busy machine, so it gets one round there (its p50 and p95 are that view).
    const designs: Array<[string, (sort: SortKey, page: number) => Promise<Row[]>, (page: number) => number]> = [
      ['today (page N of each, concatenated)', (s, p) => today(conns, s, p), () => ROUNDS],
      ['merge (first P×50 of each, merged)', (s, p) => merge(conns, s, p), (p) => (p > 1 ? 1 : ROUNDS)],
      ['inventory (PGlite, indexed)', (s, p) => inventory(db, s, p), () => ROUNDS],
    ];
    const header = ['design'.padEnd(38), 'sort'.padEnd(6), 'page'.padStart(4), 'rows'.padStart(5), 'rounds'.padStart(6), 'requests'.padStart(8), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), ' true order?'].join('  ');
    console.log(header);
    console.log('-'.repeat(header.length));
    for (const sort of ['name', 'memory'] as SortKey[]) {
      for (const page of PAGES) {
        const expected = truth[sort].slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        for (const [label, run, roundsAt] of designs) {
          const times: number[] = [];
          let rows: Row[] = [];
          let requests = 0;
          let failure = '';
          for (let i = 0; i < roundsAt(page) && !failure; i++) {
            for (const c of conns) c.requests = 0;
            t = performance.now();
            try {
              rows = await run(sort, page);
              times.push(performance.now() - t);
            } catch (error) {
              failure = `failed after ${((performance.now() - t) / 1000).toFixed(1)} s: ${(error as Error).message}`;
            }
            requests = conns.reduce((a, c) => a + c.requests, 0);
          }
          if (failure) {
            console.log([label.padEnd(38), sort.padEnd(6), String(page).padStart(4), `  ${failure}`].join('  '));
            continue;
          }
          times.sort((a, b) => a - b);
          const verdict = same(rows, expected) ? 'yes' : `no (${rows.filter((r) => expected.some((e) => e.id === r.id && e.connectionId === r.connectionId)).length}/${expected.length} right rows)`;
          console.log([label.padEnd(38), sort.padEnd(6), String(page).padStart(4), String(rows.length).padStart(5), String(times.length).padStart(6), String(requests).padStart(8), quantile(times, 0.5).toFixed(1).padStart(8), quantile(times, 0.95).toFixed(1).padStart(8), ` ${verdict}`].join('  '));
        }
      }
    }
  } finally {
    await Promise.all(conns.map((c) => c.backend.close()));
    await db.close();
    for (const e of engines) e.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
