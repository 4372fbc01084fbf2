/**
 * The attachments API as the adapter uses it, one set of assertions run against the demo Cinder
 * (test/integration/cinder-attachments.test.ts) AND against the real Cinder with its RBD driver
 * (test/real/cinder-attachments.test.ts), so the fake cannot drift from what the real one answers.
 */
import { expect, it } from 'vitest';
import { isBackendError, type BackendWith } from '@/lib/backends';
import type { QualifiedId, Volume } from '@/lib/domain';

type Cinder = BackendWith<'volumes' | 'volumeManagement'>;

export interface AttachmentCaseEnv {
  cinder: () => Cinder;
  /** A new blank volume on the RBD-backed type, already available. */
  newVolume: (name: string) => Promise<Volume>;
  /** Polls until the volume's native status is `status`. */
  settle: (id: QualifiedId, status: string) => Promise<Volume>;
}

const CONNECTOR = { host: 'kvm-test', ip: '127.0.0.1', initiator: 'iqn.1994-05.com.redhat:kvm-test' };
const INSTANCE = '0b5c4ad5-64f3-4a5c-9d7b-5f3c0b2c1a01';

export function attachmentCases(env: AttachmentCaseEnv, timeout: number): void {
  it('reserve answers rbd connection info for the connector and holds the volume; complete puts it in use by the instance; delete frees it', async () => {
    const c = env.cinder();
    const v = await env.newVolume('att-full');
    const grant = await c.reserveVolumeAttachment!(v.id, { instanceId: INSTANCE, connector: CONNECTOR });
    expect(grant.attachmentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(grant.connection).toMatchObject({ protocol: 'rbd', name: `volumes/volume-${v.nativeId}` });
    if (grant.connection.protocol !== 'rbd') throw new Error('not rbd');
    expect(grant.connection.monitors.length).toBeGreaterThan(0);
    expect(grant.connection.auth?.username).toBeTruthy();
    expect(['reserved', 'attaching']).toContain((await c.getVolume(v.id)).nativeStatus);

    await c.completeVolumeAttachment!(v.id, grant.attachmentId, { instanceId: INSTANCE, device: 'sda', connector: CONNECTOR });
    const inUse = await env.settle(v.id, 'in-use');
    // The device the VM got is Cinder's record too (`cinder list`, Horizon), not "na".
    expect(inUse.attachments).toMatchObject([{ attachmentId: grant.attachmentId, serverId: INSTANCE, device: '/dev/sda' }]);

    await c.removeVolumeAttachment!(v.id, grant.attachmentId, { connector: CONNECTOR, completed: true });
    expect((await env.settle(v.id, 'available')).attachments).toEqual([]);
  }, timeout);

  it('a reservation never completed is released and leaves the volume available', async () => {
    const c = env.cinder();
    const v = await env.newVolume('att-undo');
    const grant = await c.reserveVolumeAttachment!(v.id, { instanceId: INSTANCE, connector: CONNECTOR });
    await c.removeVolumeAttachment!(v.id, grant.attachmentId, { connector: CONNECTOR, completed: false });
    expect((await env.settle(v.id, 'available')).attachments).toEqual([]);
  }, timeout);

  it('a volume in use by one instance cannot be reserved for another (not multiattach): refused, nothing changes', async () => {
    const c = env.cinder();
    const v = await env.newVolume('att-twice');
    const grant = await c.reserveVolumeAttachment!(v.id, { instanceId: INSTANCE, connector: CONNECTOR });
    await c.completeVolumeAttachment!(v.id, grant.attachmentId, { instanceId: INSTANCE, device: 'sda', connector: CONNECTOR });
    await env.settle(v.id, 'in-use');
    const error = await c.reserveVolumeAttachment!(v.id, { instanceId: '0b5c4ad5-64f3-4a5c-9d7b-5f3c0b2c1a02', connector: CONNECTOR }).catch((e: unknown) => e);
    expect(isBackendError(error)).toBe(true);
    expect((await c.getVolume(v.id)).attachments).toHaveLength(1);
    await c.removeVolumeAttachment!(v.id, grant.attachmentId, { connector: CONNECTOR, completed: true });
    await env.settle(v.id, 'available');
  }, timeout);
}
