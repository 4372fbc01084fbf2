/**
 * The create wizard's console choice reaches the engine: the oVirt adapter sends
 * `display.type`, and the demo engine (like a real one) gives the new VM that
 * console instead of the template's. A base image volume is refused in words.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { parseQualifiedId } from '@/lib/domain';
import { ADMIN, demoForFile, type DemoEngine } from '@/test/contract/ovirt-demo';

let engine: DemoEngine;
let backend: Backend;

const demo = demoForFile();
beforeAll(() => {
  ({ engine, backend } = demo());
});

async function displayOf(vmId: string): Promise<unknown> {
  const auth = Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
  const res = await fetch(`${engine.apiUrl}/vms/${parseQualifiedId(vmId)!.nativeId}`, {
    headers: { Accept: 'application/json', Version: '4', Authorization: `Basic ${auth}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { display?: { type?: string } }).display?.type;
}

it('a VM from a VNC template gets SPICE when asked, and keeps the template\u2019s VNC when not', async () => {
  const template = (await backend.listTemplates!({ page: 1, pageSize: 50 })).items.find((t) => t.name === 'debian-12')!;
  const clusterId = template.cluster!.id;
  const spice = await backend.createVm!({ name: `console-spice-${Date.now().toString(36)}`, clusterId, templateId: template.id, console: 'spice' });
  const plain = await backend.createVm!({ name: `console-default-${Date.now().toString(36)}`, clusterId, templateId: template.id });
  expect(await displayOf(spice.id)).toBe('spice');
  expect(await displayOf(plain.id)).toBe('vnc');
});

it('a base image volume is refused by name, and no VM is made', async () => {
  const template = (await backend.listTemplates!({ page: 1, pageSize: 50 })).items.find((t) => t.name === 'debian-12')!;
  const name = `base-image-${Date.now().toString(36)}`;
  await expect(backend.createVm!({ name, clusterId: template.cluster!.id, baseImageId: template.id })).rejects.toMatchObject({ code: 'invalid_input' });
  expect((await backend.listVms!({ page: 1, pageSize: 5, filters: { name } })).items).toHaveLength(0);
});
