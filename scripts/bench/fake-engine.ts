/**
 * How fast the demo engine (fakes/ovirt) starts and answers at the large size (10,000 VMs,
 * 500 hosts), in figures; fakes/ovirt/large.test.ts checks only what it answers:
 *
 *   npx tsx scripts/bench/fake-engine.ts [rounds]
 *
 * Prints the estate generation time and min / median / max of a followed first page and of a
 * deep sorted search page, over HTTP on loopback.
 */
import { DEFAULT_USERS, startOvirtEngine } from '@/fakes/ovirt/server';

const rounds = Math.max(3, Number(process.argv[2] ?? 10));
const admin = DEFAULT_USERS.find((u) => u.admin)!;

function figures(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)}  median ${s[Math.floor(s.length / 2)].toFixed(1)}  max ${s[s.length - 1].toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const t = performance.now();
  const engine = await startOvirtEngine({ port: 0, size: 'large', timeScale: 0.01, backgroundEvents: false });
  console.log(`generate 10,000 VMs and 500 hosts: ${(performance.now() - t).toFixed(0)} ms`);
  const auth = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
  const get = async (path: string) => {
    const started = performance.now();
    const res = await fetch(`${engine.apiUrl}${path}`, { headers: { Accept: 'application/json', Version: '4', Authorization: auth } });
    await res.json();
    return performance.now() - started;
  };
  const q = encodeURIComponent;
  const shapes: Array<[string, string]> = [
    ['50 VMs, follow disks, nics, host, cluster', `/vms?max=50&follow=${q('disk_attachments.disk,nics,host,cluster')}`],
    ['status=up sortby name desc page 40', `/vms?search=${q('status=up sortby name desc page 40')}&max=50&follow=nics`],
  ];
  try {
    for (const [what, path] of shapes) {
      await get(path); // warm up
      const ms: number[] = [];
      for (let i = 0; i < rounds; i++) ms.push(await get(path));
      console.log(`${what.padEnd(44)} ${figures(ms)}`);
    }
  } finally {
    await engine.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
