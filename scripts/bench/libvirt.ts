/**
 * How many libvirt round trips and how long one refresh of a VM list costs.
 *
 *   npx tsx --conditions=react-server scripts/bench/libvirt.ts [uri] [domains]
 *
 * Default: libvirt's test driver through the local daemon (scripts/real/libvirt.sh up),
 * 200 domains defined on a private test:///default (it vanishes with the connection).
 * Against a real host pass its URI and 0 to define nothing.
 */
import { createBackend } from '@/lib/backends/factory';
import { qualifyId } from '@/lib/domain';

const uri = process.argv[2] ?? 'test+tcp://127.0.0.1/default';
const count = Number(process.argv[3] ?? 200);

async function main(): Promise<void> {
  let calls = 0;
  const backend = createBackend(
    { id: 'bench', kind: 'libvirt', name: 'bench', url: uri },
    { onRequest: () => calls++ },
  );
  try {
    for (let i = 0; i < count; i++) {
      await backend.createVm!({ name: `bench-${String(i).padStart(4, '0')}`, clusterId: qualifyId('bench', 'cluster'), memoryBytes: 64 * 1024 ** 2 });
    }
    const rows: string[] = [];
    for (const round of ['cold', 'warm', 'warm']) {
      calls = 0;
      const started = performance.now();
      const page = await backend.listVms!({ page: 1, pageSize: 500 });
      const ms = performance.now() - started;
      rows.push(`${round.padEnd(5)} ${String(page.items.length).padStart(5)} VMs  ${String(calls).padStart(4)} RPCs  ${ms.toFixed(1).padStart(8)} ms`);
    }
    console.log(`libvirt list refresh on ${uri}`);
    for (const row of rows) console.log(row);
  } finally {
    await backend.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
