/**
 * What the early Ceph key check (lib/backends/libvirt/ceph-probe.ts) costs and saves: an rbd disk
 * plugged into a running QEMU guest with the right key on a new connection (the probe runs), again
 * on the same connection (the probe remembered), and with a wrong key (refused by the probe). Real
 * services only: the ceph and libvirt rigs of scripts/real must be up and their lines exported:
 *
 *   env=$(mktemp); for s in ceph libvirt; do (set -a; . $env; set +a; scripts/real/$s.sh up) >>$env; done
 *   set -a; . $env; set +a; npx tsx --conditions=react-server scripts/bench/ceph-key.ts [--runs 5]
 *
 * The disk is a 64 MiB image in the rig's "volumes" pool, made with the admin keyring; the guest
 * opens it as the rig's Ceph user, like a Cinder volume. Prints medians; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { QualifiedId } from '@/lib/domain';
import type { VolumeConnection } from '@/lib/domain/volumes';
import { strangerCephKey } from '@/test/fixtures/cephx';

const run = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const e = process.env;
for (const k of ['CEPH_CONF', 'CEPH_ADMIN_KEYRING', 'CEPH_MON', 'CEPH_USER', 'CEPH_USER_KEY', 'LIBVIRT_QEMU_URI']) {
  if (!e[k]) throw new Error(`${k} is not set: start the ceph and libvirt rigs of scripts/real and export their lines (see the top of this file)`);
}
const runs = Math.max(1, Number(values.runs) || 5);
const tag = `vdkey${Date.now().toString(36)}`;
const image = `volumes/${tag}`;
const rbd = (...args: string[]) => run('rbd', ['-c', e.CEPH_CONF!, '--id', 'admin', '--keyring', e.CEPH_ADMIN_KEYRING!, ...args], { timeout: 60_000 });
const [monHost, monPort] = e.CEPH_MON!.split(':');
const connection: VolumeConnection = { protocol: 'rbd', name: image, monitors: [{ host: monHost!, port: Number(monPort) }], auth: { username: e.CEPH_USER! }, discard: false };

const opened: Backend[] = [];
function libvirt(cephKey: string): Backend {
  const b = createBackend({ id: `kvm-${tag}`, kind: 'libvirt', name: 'KVM (bench)', url: e.LIBVIRT_QEMU_URI!, cephKey });
  opened.push(b);
  return b;
}

async function timed(f: () => Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const t0 = performance.now();
  try {
    await f();
    return { ms: performance.now() - t0 };
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  await rbd('create', image, '--size', '64');
  const admin = libvirt(e.CEPH_USER_KEY!);
  const cluster = (await admin.listClusters!({ page: 1, pageSize: 1 })).items[0]!;
  const { id: vm } = await admin.createVm!({ name: tag, clusterId: cluster.id, memoryBytes: 64 * 1024 ** 2 });
  try {
    await admin.vmAction!(vm, 'start');
    const probed: number[] = [];
    const remembered: number[] = [];
    const refused: number[] = [];
    let refusal = '';
    const cycle = async (b: Backend, into: number[]) => {
      const r = await timed(() => b.attachVolumeDisk!(vm as QualifiedId, { volumeId: tag, connection }));
      if (r.error) throw r.error;
      into.push(r.ms);
      await b.detachVolumeDisk!(vm as QualifiedId, tag);
    };
    for (let i = 0; i < runs; i++) {
      const fresh = libvirt(e.CEPH_USER_KEY!);
      await cycle(fresh, probed);
      await cycle(fresh, remembered);
      const r = await timed(() => libvirt(strangerCephKey()).attachVolumeDisk!(vm as QualifiedId, { volumeId: tag, connection }));
      if (!r.error) throw new Error('a wrong key was not refused');
      refused.push(r.ms);
      refusal = `${(r.error as { code?: string }).code}: ${(r.error as { detail?: string }).detail}`;
    }
    const f = (xs: number[]) => `${median(xs).toFixed(0)} ms (median of ${xs.length}; ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    console.log(`hot-plug, right key, probe runs:        ${f(probed)}`);
    console.log(`hot-plug, right key, probe remembered:  ${f(remembered)}`);
    console.log(`hot-plug, wrong key, refused:           ${f(refused)}`);
    console.log(`the refusal: ${refusal}`);
  } finally {
    await run('virsh', ['-q', '-c', e.LIBVIRT_QEMU_URI!, 'destroy', tag]).catch(() => undefined);
    await run('virsh', ['-q', '-c', e.LIBVIRT_QEMU_URI!, 'undefine', tag]).catch(() => undefined);
    await rbd('rm', image).catch(() => undefined);
    await Promise.all(opened.map((b) => b.close()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
