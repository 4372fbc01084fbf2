import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, client, q } from './test-helpers';

let engine: OvirtEngine;
let c: Client;
let startMs = 0;
beforeAll(async () => {
  const t = performance.now();
  engine = await startOvirtEngine({ size: 'large', timeScale: 0.01, backgroundEvents: false });
  startMs = performance.now() - t;
  c = await client(engine);
});
afterAll(() => engine.close());

describe("size 'large'", () => {
  it('generates 10,000 VMs and 500 hosts in under 2 s', async () => {
    expect(startMs).toBeLessThan(2000);
    const root = (await c.get('')).body;
    expect(root.summary.vms.total).toBe('10000');
    expect(root.summary.hosts.total).toBe('500');
  });

  it('a page of 50 VMs with follow answers quickly', async () => {
    const follow = q('disk_attachments.disk,nics,host,cluster');
    await c.get(`/vms?max=50&follow=${follow}`); // warm up
    const t = performance.now();
    const { status, body } = await c.get(`/vms?max=50&follow=${follow}`);
    const ms = performance.now() - t;
    expect(status).toBe(200);
    expect(body.vm).toHaveLength(50);
    expect(body.vm[0].disk_attachments.disk_attachment[0].disk.alias).toBeTruthy();
    expect(ms).toBeLessThan(250);
  });

  it('a deep sorted page with a search stays fast', async () => {
    const t = performance.now();
    const { body } = await c.get(`/vms?search=${q('status=up sortby name desc page 40')}&max=50&follow=nics`);
    expect(body.vm).toHaveLength(50);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('names stay unique', async () => {
    const { body } = await c.get(`/vms?search=${q('name=web-*')}`);
    const names = body.vm.map((v: { name: string }) => v.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
