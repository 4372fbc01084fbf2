/**
 * The infrastructure runbook through the oVirt adapter against the demo engine over HTTP: data
 * centers, clusters, hosts (with their install states), storage domains of every type, attach /
 * maintenance / detach, disk uploads through the image proxy, and export domain imports. Every
 * refusal must carry the engine's own words and leave the estate unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host, StorageDomain } from '@/lib/domain';
import type { Backend } from '@/lib/backends';
import '@/lib/backends/infra-types';
import { expectBackendError } from '@/test/contract/backend-contract';
import { demoBackend, startDemoEngine, type DemoEngine } from '@/test/contract/ovirt-demo';
import { refusal } from '@/test/contract/refusal';

let engine: DemoEngine;
let b: Backend;

beforeAll(async () => {
  engine = await startDemoEngine('demo');
  b = demoBackend(engine).backend;
});
afterAll(async () => {
  await b?.close();
  await engine?.close();
});

const ALL = { page: 1, pageSize: 500 } as const;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function domainByName(name: string): Promise<StorageDomain> {
  const sd = (await b.listStorageDomains!(ALL)).items.find((d) => d.name === name);
  if (!sd) throw new Error(`no storage domain ${name}`);
  return sd;
}

async function upHostIn(dcName: string): Promise<Host> {
  const hosts = (await b.listHosts!({ ...ALL, filters: { dataCenter: dcName, status: 'up' } })).items;
  if (!hosts[0]) throw new Error(`no up host in ${dcName}`);
  return hosts[0];
}

describe('data centers and clusters', () => {
  it('creates, renames and removes a data center; a second one with the same name is refused', async () => {
    const dc = await b.createDataCenter!({ name: 'dc-it-1', description: 'test', local: false, version: '4.7' });
    expect(dc).toMatchObject({ name: 'dc-it-1', local: false, status: 'uninitialized', version: '4.7' });
    const dup = await refusal(b.createDataCenter!({ name: 'dc-it-1', local: false }));
    expect(dup.code).toBe('conflict');
    expect(dup.detail).toMatch(/name is already in use/);
    const renamed = await b.updateDataCenter!(dc.id, { name: 'dc-it-1b', description: 'renamed' });
    expect(renamed).toMatchObject({ name: 'dc-it-1b', description: 'renamed' });
    await b.removeDataCenter!(dc.id, { force: false });
    await expectBackendError(b.getDataCenter!(dc.id), 'not_found');
  });

  it('offers the CPU types of each compatibility level', async () => {
    const levels = await b.listClusterLevels!();
    expect(levels.map((l) => l.version)).toContain('4.7');
    expect(levels[0].cpuTypes.map((c) => c.name)).toContain('Intel Cascadelake Server Family');
  });

  it('creates, edits and removes a cluster; removing a cluster with hosts is refused, nothing changes', async () => {
    const dc = await b.createDataCenter!({ name: 'dc-it-2', local: false });
    const cl = await b.createCluster!({ name: 'cl-it-2', dataCenterId: dc.id, cpuType: 'AMD EPYC' });
    expect(cl).toMatchObject({ name: 'cl-it-2', cpuType: 'AMD EPYC', dataCenter: { id: dc.id } });
    const edited = await b.updateCluster!(cl.id, { description: 'edited', cpuType: 'Intel Icelake Server Family' });
    expect(edited).toMatchObject({ description: 'edited', cpuType: 'Intel Icelake Server Family' });
    const badCpu = await refusal(b.createCluster!({ name: 'cl-it-bad', dataCenterId: dc.id, cpuType: 'Pentium II' }));
    expect(badCpu.code).toBe('invalid_input');

    const busy = (await b.listClusters!({ ...ALL, filters: { name: 'Default' } })).items[0];
    const refused = await refusal(b.removeCluster!(busy.id));
    expect(refused.code).toBe('conflict');
    expect(refused.detail).toMatch(/contains one or more Hosts/);
    await expect(b.getCluster!(busy.id)).resolves.toMatchObject({ name: 'Default' });

    const dcRefused = await refusal(b.removeDataCenter!((await b.listDataCenters!({ ...ALL, filters: { name: 'Default' } })).items[0].id, { force: false }));
    expect(dcRefused.code).toBe('conflict');

    await b.removeCluster!(cl.id);
    await expectBackendError(b.getCluster!(cl.id), 'not_found');
    await b.removeDataCenter!(dc.id, { force: false });
  });
});

describe('hosts', () => {
  it('adds a host with a root password: installing → initializing → up; removal needs maintenance', async () => {
    const cl = (await b.listClusters!({ ...ALL, filters: { name: 'prod-amd' } })).items[0];
    const host = await b.addHost!({ name: 'host-it-1', address: 'host-it-1.demo.lab', clusterId: cl.id, auth: { method: 'password', password: 'secret-root' } });
    expect(host.nativeStatus).toBe('installing');
    await until(() => b.getHost!(host.id), (h) => h.status === 'up');
    // The whole way, as the engine went (a poll may miss a state that lasts milliseconds here).
    expect(engine.statusLog(host.nativeId)).toEqual(['installing', 'reboot', 'initializing', 'up']);

    const refused = await refusal(b.removeHost!(host.id));
    expect(refused.code).toBe('conflict');
    expect(refused.detail).toMatch(/Maintenance/);
    await b.hostDeactivate!(host.id);
    await until(() => b.getHost!(host.id), (h) => h.status === 'maintenance');
    await b.removeHost!(host.id);
    await expectBackendError(b.getHost!(host.id), 'not_found');
  });

  it('adds a host by the engine SSH key; an unreachable address ends in install_failed', async () => {
    const cl = (await b.listClusters!({ ...ALL, filters: { name: 'prod-amd' } })).items[0];
    const host = await b.addHost!({ name: 'host-it-2', address: 'nowhere.invalid', clusterId: cl.id, auth: { method: 'publickey' } });
    const failed = await until(() => b.getHost!(host.id), (h) => h.nativeStatus === 'install_failed');
    expect(failed.status).not.toBe('up');
    await b.removeHost!(host.id);
  });

  it('refuses a duplicate address with the engine’s words', async () => {
    const cl = (await b.listClusters!({ ...ALL, filters: { name: 'Default' } })).items[0];
    const existing = (await b.listHosts!(ALL)).items[0];
    const refused = await refusal(b.addHost!({ name: 'host-it-dup', address: existing.address!, clusterId: cl.id, auth: { method: 'password', password: 'x' } }));
    expect(refused.code).toBe('conflict');
    expect(refused.detail).toMatch(/address is already in use/);
    expect((await b.listHosts!({ ...ALL, filters: { name: 'host-it-dup' } })).items).toHaveLength(0);
  });
});

describe('storage domains', () => {
  it('creates NFS, GlusterFS and POSIX data domains and an ISO domain, unattached', async () => {
    const host = await upHostIn('Default');
    const nfs = await b.createStorageDomain!({ name: 'sd-it-nfs', purpose: 'data', hostId: host.id, connection: { type: 'nfs', address: 'nfs9.demo.lab', path: '/exports/it' } });
    expect(nfs).toMatchObject({ kind: 'data', storageType: 'nfs', status: 'unattached', address: 'nfs9.demo.lab', path: '/exports/it' });
    const gluster = await b.createStorageDomain!({ name: 'sd-it-gluster', purpose: 'data', hostId: host.id, connection: { type: 'glusterfs', address: 'gluster9.demo.lab', path: 'vol9' } });
    expect(gluster.storageType).toBe('glusterfs');
    const posix = await b.createStorageDomain!({ name: 'sd-it-posix', purpose: 'data', hostId: host.id, connection: { type: 'posixfs', path: 'ceph9:/ovirt', vfsType: 'ceph' } });
    expect(posix.storageType).toBe('posixfs');
    const iso = await b.createStorageDomain!({ name: 'sd-it-iso', purpose: 'iso', hostId: host.id, connection: { type: 'nfs', address: 'nfs9.demo.lab', path: '/exports/iso9' } });
    expect(iso.kind).toBe('iso');
    for (const sd of [nfs, gluster, posix, iso]) await b.removeStorageDomain!(sd.id, { hostId: host.id, format: true });
    expect((await b.listStorageDomains!(ALL)).items.filter((d) => d.name.startsWith('sd-it-'))).toHaveLength(0);
  });

  it('refuses an unmountable export and a relative NFS path with the engine’s words', async () => {
    const host = await upHostIn('Default');
    const before = (await b.listStorageDomains!(ALL)).total;
    const mount = await refusal(b.createStorageDomain!({ name: 'sd-it-bad', purpose: 'data', hostId: host.id, connection: { type: 'nfs', address: 'gone.invalid', path: '/x' } }));
    expect(mount.detail).toMatch(/mount/);
    const relative = await refusal(b.createStorageDomain!({ name: 'sd-it-bad', purpose: 'data', hostId: host.id, connection: { type: 'nfs', address: 'nfs9.demo.lab', path: 'x' } }));
    expect(relative.code).toBe('invalid_input');
    expect((await b.listStorageDomains!(ALL)).total).toBe(before);
  });

  it('iSCSI: discovers targets, logs in, lists free LUNs, creates a domain; used LUNs are refused', async () => {
    const host = await upHostIn('Default');
    const targets = await b.iscsiDiscover!(host.id, { address: '10.20.0.10', port: 3260 });
    expect(targets.map((t) => t.target)).toContain('iqn.2024-01.lab.demo:san01.spare');
    await expectBackendError(b.iscsiDiscover!(host.id, { address: '10.99.0.1', port: 3260 }), 'invalid_input');
    for (const t of targets) await b.iscsiLogin!(host.id, t);
    const luns = (await b.listHostLuns!(host.id)).filter((l) => l.kind === 'iscsi');
    const free = luns.filter((l) => l.free);
    const used = luns.filter((l) => !l.free);
    expect(free.length).toBeGreaterThan(0);
    expect(used.length).toBeGreaterThan(0);
    const refused = await refusal(b.createStorageDomain!({ name: 'sd-it-iscsi', purpose: 'data', hostId: host.id, connection: { type: 'iscsi', lunIds: [used[0].id] } }));
    expect(refused.detail).toMatch(/already part of existing storage domains/);
    const sd = await b.createStorageDomain!({ name: 'sd-it-iscsi', purpose: 'data', hostId: host.id, connection: { type: 'iscsi', lunIds: [free[0].id] } });
    expect(sd).toMatchObject({ storageType: 'iscsi', totalBytes: expect.any(Number) });
    expect((await b.listHostLuns!(host.id)).find((l) => l.id === free[0].id)?.free).toBe(false);
    await b.removeStorageDomain!(sd.id, { hostId: host.id, format: true });
  });

  it('FC: LUNs are visible without login; an ISO domain on FC is refused', async () => {
    const host = await upHostIn('Default');
    const fc = (await b.listHostLuns!(host.id)).filter((l) => l.kind === 'fcp' && l.free);
    expect(fc.length).toBeGreaterThan(0);
    const refused = await refusal(b.createStorageDomain!({ name: 'sd-it-fc-iso', purpose: 'iso', hostId: host.id, connection: { type: 'fcp', lunIds: [fc[0].id] } }));
    expect(refused.code).toBe('conflict');
    const sd = await b.createStorageDomain!({ name: 'sd-it-fc', purpose: 'data', hostId: host.id, connection: { type: 'fcp', lunIds: [fc[0].id] } });
    expect(sd.storageType).toBe('fcp');
    await b.removeStorageDomain!(sd.id, { hostId: host.id, format: true });
  });

  it('attach → active, maintenance, detach; remove while attached is refused; the DC becomes Up with its first data domain', async () => {
    const host = await upHostIn('Default');
    const dcs = (await b.listDataCenters!({ ...ALL, filters: { name: 'Default' } })).items;
    const sd = await b.createStorageDomain!({ name: 'sd-it-cycle', purpose: 'data', hostId: host.id, connection: { type: 'nfs', address: 'nfs9.demo.lab', path: '/exports/cycle' } });
    await b.attachStorageDomain!(sd.id, dcs[0].id);
    await until(() => b.getStorageDomain!(sd.id), (d) => d.status === 'active');
    const refused = await refusal(b.removeStorageDomain!(sd.id, { hostId: host.id, format: true }));
    expect(refused.detail).toMatch(/detach it first/);
    const early = await refusal(b.detachStorageDomain!(sd.id, dcs[0].id));
    expect(early.code).toBe('conflict');
    await b.deactivateStorageDomain!(sd.id, dcs[0].id);
    await until(() => b.getStorageDomain!(sd.id), (d) => d.status === 'maintenance');
    await b.activateStorageDomain!(sd.id, dcs[0].id);
    await until(() => b.getStorageDomain!(sd.id), (d) => d.status === 'active');
    await b.deactivateStorageDomain!(sd.id, dcs[0].id);
    await until(() => b.getStorageDomain!(sd.id), (d) => d.status === 'maintenance');
    await b.detachStorageDomain!(sd.id, dcs[0].id);
    await until(() => b.getStorageDomain!(sd.id), (d) => d.status === 'unattached');
    await b.removeStorageDomain!(sd.id, { hostId: host.id, format: false });
  });
});

describe('uploads', () => {
  async function* bytes(total: number, chunk = 64 * 1024): AsyncGenerator<Uint8Array> {
    for (let sent = 0; sent < total; sent += chunk) yield new Uint8Array(Math.min(chunk, total - sent)).fill(7);
  }

  it('uploads an ISO in two ranges through the image proxy and finalizes it', async () => {
    const sd = await domainByName('nfs-data');
    const size = 3 * 1024 * 1024;
    const started = await b.startDiskUpload!({ storageDomainId: sd.id, name: 'it-upload.iso', sizeBytes: size, contentType: 'iso' });
    expect(started.diskId).toBeDefined();
    await until(() => b.getDiskUpload!(started.transferId), (s) => s.phase === 'transferring');
    const half = size / 2;
    await b.writeDiskUpload!(started.transferId, { offset: 0, length: half, totalBytes: size, body: bytes(half) });
    await b.writeDiskUpload!(started.transferId, { offset: half, length: half, totalBytes: size, body: bytes(half) });
    expect((await b.getDiskUpload!(started.transferId)).transferredBytes).toBe(size);
    await b.finalizeDiskUpload!(started.transferId);
    const done = await until(() => b.getDiskUpload!(started.transferId), (s) => s.phase === 'finished' || s.phase === 'failed');
    expect(done.phase).toBe('finished');
    const disk = await b.getDisk!(started.diskId!);
    expect(disk).toMatchObject({ status: 'ok', contentType: 'iso' });
  });

  it('a cancelled upload ends cancelled and refuses more data', async () => {
    const sd = await domainByName('nfs-data');
    const started = await b.startDiskUpload!({ storageDomainId: sd.id, name: 'it-cancel.iso', sizeBytes: 1024 * 1024, contentType: 'iso' });
    await until(() => b.getDiskUpload!(started.transferId), (s) => s.phase === 'transferring');
    await b.cancelDiskUpload!(started.transferId);
    await expectBackendError(
      b.writeDiskUpload!(started.transferId, { offset: 0, length: 1024, totalBytes: 1024 * 1024, body: bytes(1024) }),
      'conflict',
    );
    const end = await until(() => b.getDiskUpload!(started.transferId), (s) => s.phase === 'failed' || s.phase === 'cancelled');
    expect(['failed', 'cancelled']).toContain(end.phase);
  });

  it('refuses an upload into an ISO domain with the engine’s words', async () => {
    const iso = await domainByName('iso');
    const refused = await refusal(b.startDiskUpload!({ storageDomainId: iso.id, name: 'x.iso', sizeBytes: 1024, contentType: 'iso' }));
    expect(refused.code).toBe('conflict');
    expect(refused.detail).toMatch(/data Storage Domains/);
  });
});

describe('export domains', () => {
  it('lists exported VMs and templates and imports one, cloned under a new name when the name is taken', async () => {
    const exportSd = await domainByName('export');
    const items = await b.listExportedItems!(exportSd.id);
    expect(items.some((i) => i.kind === 'vm')).toBe(true);
    expect(items.some((i) => i.kind === 'template')).toBe(true);
    const vm = items.find((i) => i.kind === 'vm')!;
    const target = await domainByName('nfs-data');
    const cluster = (await b.listClusters!({ ...ALL, filters: { name: 'Default' } })).items[0];
    await b.importFromExportDomain!(exportSd.id, { kind: 'vm', itemId: vm.id, clusterId: cluster.id, storageDomainId: target.id, clone: false });
    await until(async () => (await b.listVms!({ ...ALL, filters: { name: vm.name } })).items, (vms) => vms.some((v) => v.nativeStatus === 'down'));
    const taken = await refusal(b.importFromExportDomain!(exportSd.id, { kind: 'vm', itemId: vm.id, clusterId: cluster.id, storageDomainId: target.id, clone: false }));
    expect(taken.code).toBe('conflict');
    await b.importFromExportDomain!(exportSd.id, { kind: 'vm', itemId: vm.id, clusterId: cluster.id, storageDomainId: target.id, clone: true, name: `${vm.name}-copy` });
    await until(async () => (await b.listVms!({ ...ALL, filters: { name: `${vm.name}-copy` } })).items, (vms) => vms.length === 1);
  });
});
