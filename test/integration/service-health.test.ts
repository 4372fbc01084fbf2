/**
 * Issue 18 through the adapters against the demo servers: Cinder's services as os-services
 * reports them (one seeded down), a service that stops reporting shows down at the next read
 * once Cinder's service_down_time has passed (scaled by the fake's timeScale), member refusal in
 * Cinder's words; the oVirt engine's health and version; the engine VM and the HA hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { CINDER_ADMIN, CINDER_MEMBER, cinderBackend, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';
import { ADMIN, demoBackend, startDemoEngine, type DemoEngine } from '@/test/contract/ovirt-demo';

describe('Cinder service health (fake Keystone + Cinder)', () => {
  let fake: CinderFakeServer;
  let admin: Backend;
  let member: Backend;
  beforeAll(async () => {
    fake = await startFakeCinder();
    admin = cinderBackend(fake, { id: 'svc-admin', identity: CINDER_ADMIN }).backend;
    member = cinderBackend(fake, { id: 'svc-member', identity: CINDER_MEMBER }).backend;
  });
  afterAll(async () => {
    await admin?.close();
    await member?.close();
    await fake?.close();
  });

  const row = async (key: string) => (await admin.listServiceHealth!()).find((r) => r.key === key);

  it('lists the API, every Cinder service with its zone and last report, and Keystone; the retired NFS back end is down', async () => {
    const rows = await admin.listServiceHealth!();
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['cinder-api', 'cinder-scheduler@cinder-volume-1', 'cinder-volume@cinder-volume-1@lvm', 'cinder-volume@cinder-volume-1@nfs', 'keystone']));
    const nfs = rows.find((r) => r.key === 'cinder-volume@cinder-volume-1@nfs')!;
    expect(nfs).toMatchObject({ state: 'down', enabled: true, zone: 'nova', switchable: true });
    expect(Date.now() - nfs.lastReport!.getTime()).toBeGreaterThan(3_600_000);
    expect(rows.find((r) => r.key === 'cinder-scheduler@cinder-volume-1')).toMatchObject({ state: 'up', switchable: false });
    expect(rows.find((r) => r.key === 'keystone')).toMatchObject({ state: 'up', version: 'v3.14' });
    // The demo Glance in the same catalog answers its versions document.
    expect(rows.find((r) => r.key === 'glance')).toMatchObject({ state: 'up', version: 'v2.16' });
    expect(rows.find((r) => r.key === 'cinder-api')!.version).toMatch(/^API 3\.\d+$/);
  });

  it('a service that stops reporting is down at the next read once service_down_time has passed, and up when it reports again', async () => {
    const stop = (reporting: boolean) =>
      fetch(new URL('/__fake/service-reporting', fake.url), { method: 'PUT', body: JSON.stringify({ host: 'cinder-volume-1@ceph-hdd', binary: 'cinder-volume', reporting }) });
    expect((await row('cinder-volume@cinder-volume-1@ceph-hdd'))!.state).toBe('up');
    expect((await stop(false)).status).toBe(204);
    await expect.poll(async () => (await row('cinder-volume@cinder-volume-1@ceph-hdd'))!.state, { timeout: 10_000, interval: 100 }).toBe('down');
    expect((await stop(true)).status).toBe(204);
    expect((await row('cinder-volume@cinder-volume-1@ceph-hdd'))!.state).toBe('up');
  });

  it('a member may not list services: the API row says so in Cinder’s words, Keystone and Glance are still shown', async () => {
    const rows = await member.listServiceHealth!();
    expect(rows.map((r) => r.key)).toEqual(['cinder-api', 'keystone', 'glance']);
    expect(rows[0]!.error).toContain('volume_extension:services:index');
    const refused = await member.setServiceEnabled!({ host: 'cinder-volume-1@lvm', binary: 'cinder-volume' }, false, 'not mine').then(() => undefined, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'forbidden' });
    expect((await row('cinder-volume@cinder-volume-1@lvm'))!.enabled).toBe(true);
  });
});

describe('oVirt engine health and hosted engine (demo engine)', () => {
  let engine: DemoEngine;
  let backend: Backend;
  beforeAll(async () => {
    engine = await startDemoEngine('demo');
    backend = demoBackend(engine, { identity: ADMIN }).backend;
  });
  afterAll(async () => {
    await backend?.close();
    await engine?.close();
  });

  it('the engine is up (its health page reaches the database) and names its version', async () => {
    const [row] = await backend.listServiceHealth!();
    expect(row).toMatchObject({ key: 'ovirt-engine', role: 'engine', state: 'up' });
    expect(row!.version).toMatch(/^4\.5/);
  });

  it('HA hosts carry the agent’s view; the host in maintenance scores 0 in local maintenance; other clusters have none', async () => {
    const hosts = (await backend.listHosts!({ page: 1, pageSize: 100 })).items;
    const byName = new Map(hosts.map((h) => [h.name, h]));
    expect(byName.get('host-01')!.hostedEngine).toEqual({ active: true, score: 3400, globalMaintenance: false, localMaintenance: false });
    expect(byName.get('host-04')!.hostedEngine).toMatchObject({ score: 0, localMaintenance: true });
    expect(byName.get('amd-01')!.hostedEngine).toBeUndefined();
    const vm = (await backend.listVms!({ page: 1, pageSize: 10, text: 'HostedEngine' })).items.find((v) => v.name === 'HostedEngine')!;
    expect(vm.hostedEngine).toBe(true);
    expect(vm.host?.id).toBe(byName.get('host-02')!.id);
  });
});
