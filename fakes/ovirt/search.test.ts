import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearch } from './search';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, type Json, client, q, vmByName } from './test-helpers';

describe('search language parser', () => {
  it('parses conditions, and/or, sortby and page', () => {
    expect(parseSearch('Vms: name=web* and status=up or cluster=prod sortby name desc page 2')).toEqual({
      where: [
        [{ field: 'name', op: '=', value: 'web*' }, { field: 'status', op: '=', value: 'up' }],
        [{ field: 'cluster', op: '=', value: 'prod' }],
      ],
      sort: { field: 'name', desc: true },
      page: 2,
    });
  });

  it('parses free text, != and quoted values', () => {
    expect(parseSearch('web status!=down name="a b"').where).toEqual([[
      { field: null, op: '=', value: 'web' },
      { field: 'status', op: '!=', value: 'down' },
      { field: 'name', op: '=', value: 'a b' },
    ]]);
  });

  it('rejects broken queries', () => {
    expect(() => parseSearch('name="unterminated')).toThrow(/not valid/);
    expect(() => parseSearch('page x')).toThrow(/page/);
    expect(() => parseSearch('name=')).toThrow(/missing value/);
  });
});

let engine: OvirtEngine;
let c: Client;
beforeAll(async () => {
  // No background events: the paging cases count events between two reads (a new one in between
  // made `from=INDEX` answer 11 instead of 10 in a loaded CI run).
  engine = await startOvirtEngine({ timeScale: 0.01, backgroundEvents: false });
  c = await client(engine);
});
afterAll(() => engine.close());

const names = (body: Json, key = 'vm'): string[] => (body[key] ?? []).map((x: Json) => x.name);

describe('search, sortby and paging over HTTP', () => {
  it('name glob', async () => {
    const { body } = await c.get(`/vms?search=${q('name=web*')}`);
    expect(names(body)).toEqual(['web-01', 'web-02', 'web-03', 'web-04', 'web-05', 'web-06']);
  });

  it('status, cluster, host and datacenter conditions', async () => {
    const up = (await c.get(`/vms?search=${q('status=up')}`)).body.vm;
    expect(up.every((v: Json) => v.status === 'up')).toBe(true);
    const amd = (await c.get(`/vms?search=${q('cluster=prod-amd')}`)).body.vm;
    expect(amd).toHaveLength(16);
    const lab = (await c.get(`/vms?search=${q('datacenter=Lab')}`)).body.vm;
    expect(lab).toHaveLength(7);
    const host = (await c.get(`/hosts?search=${q('name=host-01')}`)).body.host[0];
    const onHost = (await c.get(`/vms?search=${q('host=host-01')}`)).body.vm;
    expect(onHost.length).toBeGreaterThan(0);
    expect(onHost.every((v: Json) => v.host?.id === host.id)).toBe(true);
  });

  it('and binds tighter than or; != excludes', async () => {
    const { body } = await c.get(`/vms?search=${q('name=web-01 or name=db-0* and status!=up')}`);
    const got = names(body);
    expect(got).toContain('web-01');
    expect(got).toContain('db-03'); // paused
    expect(got).not.toContain('db-01');
  });

  it('users.usrname: the VMs a user holds a role on (the self-service owner)', async () => {
    const owned = names((await c.get(`/vms?search=${q('Vms: users.usrname = user1* sortby name asc')}`)).body);
    expect(owned).toEqual(['desk-user1-01', 'desk-user1-02', 'dev-user1-01', 'web-03']);
    expect(names((await c.get(`/vms?search=${q('users.usrname=nobody@internal')}`)).body)).toEqual([]);
  });

  it('free text matches names', async () => {
    expect(names((await c.get(`/vms?search=${q('k8s-master')}`)).body)).toEqual(['k8s-master-01', 'k8s-master-02', 'k8s-master-03']);
  });

  it('sortby asc/desc and numeric fields', async () => {
    const desc = names((await c.get(`/vms?search=${q('name=web* sortby name desc')}`)).body);
    expect(desc[0]).toBe('web-06');
    const byMem = (await c.get(`/vms?search=${q('sortby memory desc')}&max=3`)).body.vm;
    expect(byMem[0].memory).toBeGreaterThanOrEqual(byMem[2].memory);
    const big = (await c.get(`/vms?search=${q('memory>=16384')}`)).body.vm;
    expect(big.every((v: Json) => v.memory >= 16 * 1024 ** 3)).toBe(true);
  });

  it('max and page slice the result', async () => {
    const all = names((await c.get(`/vms?search=${q('sortby name asc')}`)).body);
    const p1 = names((await c.get(`/vms?search=${q('sortby name asc page 1')}&max=10`)).body);
    const p2 = names((await c.get(`/vms?search=${q('sortby name asc page 2')}&max=10`)).body);
    const p8 = (await c.get(`/vms?search=${q('sortby name asc page 8')}&max=10`)).body;
    expect(p1).toEqual(all.slice(0, 10));
    expect(p2).toEqual(all.slice(10, 20));
    // 61 VMs: page 7 holds the last one, page 8 is empty (an empty collection is `{}`).
    expect(p8).toEqual({});
    expect(names((await c.get('/vms?max=5')).body)).toEqual(all.slice(0, 5));
  });

  it('unknown fields and broken queries are a 400 with detail', async () => {
    const bad = await c.get(`/vms?search=${q('colour=blue')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/colour/);
    expect((await c.get(`/vms?search=${q('name="unterminated')}`)).status).toBe(400);
    expect((await c.get('/vms?max=abc')).status).toBe(400);
  });

  it('events: newest first, from=INDEX, severity search', async () => {
    const { body } = await c.get('/events?max=20');
    const idx = body.event.map((e: Json) => Number(e.index));
    expect(idx).toEqual([...idx].sort((a, b) => b - a));
    const from = idx[10];
    const newer = (await c.get(`/events?from=${from}`)).body.event.map((e: Json) => Number(e.index));
    expect(newer.every((i: number) => i > from)).toBe(true);
    expect(newer).toHaveLength(10);
    const warn = (await c.get(`/events?search=${q('severity>=warning')}&max=50`)).body.event;
    expect(warn.length).toBeGreaterThan(0);
    expect(warn.every((e: Json) => e.severity !== 'normal')).toBe(true);
  });
});

describe('follow', () => {
  it('embeds disk_attachments.disk, nics, host and cluster in one request', async () => {
    const before = engine.stats.requests();
    const { body } = await c.get(`/vms?search=${q('name=db-0*')}&follow=${q('disk_attachments.disk,nics,host,cluster')}`);
    expect(engine.stats.requests() - before).toBe(1);
    const db1 = body.vm.find((v: Json) => v.name === 'db-01');
    const att = db1.disk_attachments.disk_attachment;
    expect(att).toHaveLength(2);
    expect(att[0].disk).toMatchObject({ alias: 'db-01_Disk1', provisioned_size: expect.any(Number), format: expect.stringMatching(/cow|raw/), storage_domains: { storage_domain: [expect.any(Object)] } });
    expect(db1.nics.nic[0].mac.address).toBeTruthy();
    expect(db1.host).toMatchObject({ name: expect.any(String), status: 'up', address: expect.any(String) });
    expect(db1.cluster).toMatchObject({ name: 'Default', cpu: { type: expect.any(String) } });
    const down = body.vm.find((v: Json) => !v.host);
    expect(down ?? null).toBeNull(); // db-01..04 all run somewhere (db-03 is paused on a host)
  });

  it('nests: nics.vnic_profile.network, cluster.data_center', async () => {
    const vm = await vmByName(c, 'web-01');
    const { body } = await c.get(`/vms/${vm.id}?follow=${q('nics.vnic_profile.network,cluster.data_center')}`);
    expect(body.nics.nic[0].vnic_profile.network).toMatchObject({ name: 'prod-vlan100', vlan: { id: '100' } });
    expect(body.cluster.data_center).toMatchObject({ name: 'Default', local: 'false' });
  });

  it('an unknown link is a 400', async () => {
    const vm = await vmByName(c, 'web-01');
    const r = await c.get(`/vms/${vm.id}?follow=bogus`);
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/bogus/);
  });
});

describe('jobs and Correlation-Id', () => {
  it('jobs created by a request carry its correlation id and are searchable by it', async () => {
    const vm = await vmByName(c, 'test-03');
    const r = await c.post(`/vms/${vm.id}/start`, {}, { 'correlation-id': 'corr-123' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'complete', job: { id: expect.any(String) } });
    const { body } = await c.get(`/jobs?search=${q('correlation_id=corr-123')}`);
    expect(body.job).toHaveLength(1);
    expect(body.job[0]).toMatchObject({ id: r.body.job.id, description: 'Launching VM test-03' });
    const steps = (await c.get(`/jobs/${r.body.job.id}/steps`)).body.step;
    expect(steps.map((s: Json) => s.type)).toEqual(['validating', 'executing']);
    expect(steps[1].progress).toMatch(/^\d+$/);
  });
});
