/**
 * Time to a running VM from a Glance image, by copy and by Ceph clone, for a small and a large
 * image, with the bytes Glance served for each. Real services only: the rigs of scripts/real
 * (ceph, cinder with its RBD backend, glance, libvirt) must be up and their lines exported:
 *
 *   env=$(mktemp); for s in ceph cinder glance libvirt; do (set -a; . $env; set +a; scripts/real/$s.sh up) >>$env; done
 *   set -a; . $env; set +a; npx tsx --conditions=react-server scripts/bench/volume-boot.ts [--sizes 64M,4G]
 *
 * "clone": a raw image; Cinder's RBD driver clones images/<id>@snap inside Ceph.
 * "copy":  the same bytes as a qcow2 image, which Cinder must download from Glance and convert.
 * Each run: volume from the image until available, attach to a stopped VM, start it until running.
 * Images are sparse beyond their first 16 MiB of random data (a memstore OSD keeps bytes in RAM).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { BackendWith } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { QualifiedId } from '@/lib/domain';
import { attachWith, detachWith } from '@/lib/services/volume-attachments';

const run = promisify(execFile);
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '64M,4G' } } });
const e = process.env;
for (const k of ['KEYSTONE_URL', 'CINDER_USER', 'CINDER_PASSWORD', 'CINDER_PROJECT', 'CINDER_RBD_TYPE', 'GLANCE_URL', 'GLANCE_LOG', 'LIBVIRT_QEMU_URI', 'CEPH_USER_KEY']) {
  if (!e[k]) throw new Error(`${k} is not set: start the rigs of scripts/real and export their lines (see the top of this file)`);
}
const MIB = 1024 ** 2;
const bytesOf = (s: string) => Number(s.slice(0, -1)) * (s.endsWith('G') ? 1024 ** 3 : MIB);

async function token(): Promise<string> {
  const a = await fetch(`${e.KEYSTONE_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: e.CINDER_USER, domain: { id: 'default' }, password: e.CINDER_PASSWORD } } }, scope: { project: { name: e.CINDER_PROJECT, domain: { id: 'default' } } } } }),
  });
  return a.headers.get('x-subject-token')!;
}

/** Streams a file to Glance (never whole in memory) and answers the image id. */
async function upload(name: string, file: string, format: string): Promise<string> {
  const t = await token();
  const created = await fetch(`${e.GLANCE_URL}/v2/images`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Auth-Token': t }, body: JSON.stringify({ name, disk_format: format, container_format: 'bare' }) });
  const id = ((await created.json()) as { id: string }).id;
  const put = await fetch(`${e.GLANCE_URL}/v2/images/${id}/file`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream', 'X-Auth-Token': t, 'Content-Length': String(fs.statSync(file).size) },
    body: fs.createReadStream(file) as unknown as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (put.status !== 204) throw new Error(`upload of ${name}: HTTP ${put.status} ${await put.text()}`);
  return id;
}

/** Bytes Glance sent for GET /v2/images/<id>/file, from its request log (eventlet: "... 200 <bytes> <seconds>"). */
function servedBytes(imageId: string): number {
  const log = fs.readFileSync(e.GLANCE_LOG!, 'utf8');
  let total = 0;
  for (const m of log.matchAll(new RegExp(`"GET /v2/images/${imageId}/file HTTP/1\\.1" 20\\d (\\d+)`, 'g'))) total += Number(m[1]);
  return total;
}

const cinder = createBackend({ id: 'bench-cinder', kind: 'cinder', name: 'Cinder', url: `${e.KEYSTONE_URL}?project=${e.CINDER_PROJECT}`, username: e.CINDER_USER, password: e.CINDER_PASSWORD }) as BackendWith<'volumes' | 'volumeManagement'>;
const kvm = createBackend({ id: 'bench-kvm', kind: 'libvirt', name: 'KVM', url: e.LIBVIRT_QEMU_URI!, cephKey: e.CEPH_USER_KEY });

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in 30 min`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function toRunningVm(label: string, imageId: string, sizeGiB: number): Promise<number> {
  const t0 = performance.now();
  const v = await cinder.createVolume({ name: `bench-${label}`, sizeGiB, volumeType: e.CINDER_RBD_TYPE, source: { kind: 'image', imageId } });
  await until(`volume ${label} available`, async () => {
    const s = (await cinder.getVolume(v.id)).nativeStatus;
    if (s === 'error') throw new Error(`volume ${label} went to error`);
    return s === 'available';
  });
  const cluster = (await kvm.listClusters!({ page: 1, pageSize: 1 })).items[0]!;
  const { id: vm } = await kvm.createVm!({ name: `bench-${label}-${Date.now().toString(36)}`, clusterId: cluster.id, memoryBytes: 64 * MIB });
  await attachWith(cinder, kvm, v.id, vm);
  await kvm.vmAction!(vm, 'start');
  await until(`VM ${label} running`, async () => (await kvm.getVm!(vm)).status === 'running');
  const ms = performance.now() - t0;
  await cleanup(vm, v.id);
  return ms;
}

async function cleanup(vm: QualifiedId, volume: QualifiedId): Promise<void> {
  await kvm.vmAction!(vm, 'stop').catch(() => undefined);
  await until('VM stopped', async () => (await kvm.getVm!(vm)).status !== 'running');
  await detachWith(cinder, kvm, volume, vm).catch(() => undefined);
  await kvm.removeVm!(vm, { keepDisks: true }).catch(() => undefined);
  await cinder.deleteVolume(volume).catch(() => undefined);
}

async function main(): Promise<void> {
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'volume-boot-'));
const rows: string[] = [];
try {
  for (const size of values.sizes!.split(',')) {
    const bytes = bytesOf(size);
    const raw = path.join(dir, `${size}.raw`);
    const fd = fs.openSync(raw, 'w');
    fs.writeSync(fd, randomBytes(Math.min(bytes, 16 * MIB)));
    fs.ftruncateSync(fd, bytes);
    fs.closeSync(fd);
    const qcow2 = path.join(dir, `${size}.qcow2`);
    await run('qemu-img', ['convert', '-O', 'qcow2', raw, qcow2]);
    const sizeGiB = Math.max(1, Math.ceil(bytes / 1024 ** 3));
    const rawId = await upload(`bench-${size}-raw`, raw, 'raw');
    const qcowId = await upload(`bench-${size}-qcow2`, qcow2, 'qcow2');
    const clone = await toRunningVm(`${size}-clone`, rawId, sizeGiB);
    const copy = await toRunningVm(`${size}-copy`, qcowId, sizeGiB);
    rows.push(
      `${size.padEnd(6)} clone ${(clone / 1000).toFixed(1).padStart(6)} s, ${String(servedBytes(rawId)).padStart(11)} B from Glance | ` +
        `copy ${(copy / 1000).toFixed(1).padStart(6)} s, ${String(servedBytes(qcowId)).padStart(11)} B from Glance`,
    );
    console.log(rows[rows.length - 1]);
    const t = await token();
    for (const id of [rawId, qcowId]) await fetch(`${e.GLANCE_URL}/v2/images/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': t } });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await cinder.close();
  await kvm.close();
}
console.log('\nTime to a running VM from a Glance image (volume from image, attached, VM started):');
for (const r of rows) console.log(r);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
