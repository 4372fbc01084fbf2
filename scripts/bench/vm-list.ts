/**
 * What one page of the VM list costs through the oVirt adapter, in engine requests and time,
 * at the demo size (60 VMs) and at the large size (10,000 VMs, 500 hosts):
 *
 *   npx tsx --conditions=react-server scripts/bench/vm-list.ts [rounds]
 *
 * The demo engine runs in this process but is reached over HTTP on loopback, like a real one, so
 * the times include its own search, sort and JSON work: they compare list shapes and sizes with
 * each other, not with a production engine. The request counts are exact and must not grow with
 * the number of VMs (test/integration/ovirt.adapter.test.ts fails if they do).
 */
import { DEFAULT_USERS, startOvirtEngine } from '@/fakes/ovirt/server';
import type { ListQuery } from '@/lib/domain';
import { createBackend } from '@/lib/backends/factory';

const rounds = Math.max(3, Number(process.argv[2] ?? 15));

const SHAPES: Array<[string, ListQuery]> = [
  ['first page of 50', { page: 1, pageSize: 50 }],
  ['page 100 of 50', { page: 100, pageSize: 50 }],
  ['500 rows', { page: 1, pageSize: 500 }],
  ['name search "web"', { page: 1, pageSize: 50, text: 'web' }],
  ['status filter running', { page: 1, pageSize: 50, filters: { status: 'running' } }],
  ['sorted by name, desc', { page: 1, pageSize: 50, sort: { field: 'name', dir: 'desc' } }],
  ['engine query', { page: 1, pageSize: 50, nativeQuery: 'status=up and memory>1024' }],
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(size: 'demo' | 'large'): Promise<string[]> {
  const engine = await startOvirtEngine({ port: 0, size, timeScale: 0.01 });
  const admin = DEFAULT_USERS.find((u) => u.admin)!;
  let requests = 0;
  const backend = createBackend(
    { id: 'bench', kind: 'ovirt', name: 'bench', url: engine.url, username: admin.username, password: admin.password },
    { onRequest: (info) => void (info.purpose === 'api' && requests++) },
  );
  const rows: string[] = [];
  try {
    await backend.listVms!({ page: 1, pageSize: 1 }); // sign in once, outside the figures
    for (const [label, query] of SHAPES) {
      const times: number[] = [];
      let perPage = 0;
      let rowsSeen = 0;
      for (let i = 0; i < rounds; i++) {
        requests = 0;
        const started = performance.now();
        const page = await backend.listVms!(query);
        times.push(performance.now() - started);
        perPage = Math.max(perPage, requests);
        rowsSeen = page.items.length;
      }
      times.sort((a, b) => a - b);
      rows.push(
        [size.padEnd(6), label.padEnd(24), String(rowsSeen).padStart(5), String(perPage).padStart(9), quantile(times, 0.5).toFixed(1).padStart(9), quantile(times, 0.95).toFixed(1).padStart(9)].join('  '),
      );
    }
  } finally {
    await backend.close();
    await engine.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const header = ['size'.padEnd(6), 'list'.padEnd(24), ' rows', 'requests', 'p50 (ms)', 'p95 (ms)'].join('  ');
  console.log(`VM list through the oVirt adapter, ${rounds} rounds each`);
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const size of ['demo', 'large'] as const) for (const row of await measure(size)) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
