import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { type Client, client, q } from './test-helpers';

// What the large estate answers; how fast is printed by scripts/bench/fake-engine.ts (no upper
// time bound here: on a loaded 2-core machine it would fail for reasons that are not the engine's).
let engine: OvirtEngine;
let c: Client;
beforeAll(async () => {
  engine = await startOvirtEngine({ size: 'large', timeScale: 0.01, backgroundEvents: false });
  c = await client(engine);
}, 60_000);
afterAll(() => engine.close());

describe("size 'large'", () => {
  it('generates 10,000 VMs and 500 hosts', async () => {
    const root = (await c.get('')).body;
    expect(root.summary.vms.total).toBe('10000');
    expect(root.summary.hosts.total).toBe('500');
  });

  it('a page of 50 VMs with follow embeds their disks', async () => {
    const follow = q('disk_attachments.disk,nics,host,cluster');
    const { status, body } = await c.get(`/vms?max=50&follow=${follow}`);
    expect(status).toBe(200);
    expect(body.vm).toHaveLength(50);
    expect(body.vm[0].disk_attachments.disk_attachment[0].disk.alias).toBeTruthy();
  });

  it('a deep sorted page with a search is the right slice', async () => {
    const { body } = await c.get(`/vms?search=${q('status=up sortby name desc page 40')}&max=50&follow=nics`);
    expect(body.vm).toHaveLength(50);
    const names = body.vm.map((v: { name: string }) => v.name);
    expect(names).toEqual([...names].sort().reverse());
    for (const vm of body.vm) expect(vm.status).toBe('up');
  });

  it('names stay unique', async () => {
    const { body } = await c.get(`/vms?search=${q('name=web-*')}`);
    const names = body.vm.map((v: { name: string }) => v.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
