import { afterEach, describe, expect, it, vi } from 'vitest';
import { Readable } from 'node:stream';
import type { LibvirtContext, UploadSession } from './context';
import { cancelDiskUpload, ENDED_UPLOAD_KEEP_MS, finalizeDiskUpload, getDiskUpload, writeDiskUpload } from './uploads';

// finalize, state and the refusals below touch only the session table, never the daemon: a
// context without a transport proves it (any RPC would throw on the missing transport).
function context(session: Partial<UploadSession>): LibvirtContext {
  const uploads = new Map<string, UploadSession>();
  uploads.set('upload-1', {
    vol: { pool: 'isos', name: 'boot.iso', key: '/pool/boot.iso' },
    poolId: 'p1',
    sizeBytes: 1000,
    received: 1000,
    phase: 'transferring',
    ...session,
  });
  return { connectionId: 'kvm1', uploads } as unknown as LibvirtContext;
}

describe('libvirt ISO upload sessions', () => {
  afterEach(() => vi.useRealTimers());

  it('a finalized upload stays readable as finished (the browser polls it right after finalize)', async () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T10:00:00Z') });
    const ctx = context({});
    const done = await finalizeDiskUpload(ctx, 'kvm1:upload-1');
    expect(done).toMatchObject({ transferId: 'kvm1:upload-1', diskId: 'kvm1:/pool/boot.iso', phase: 'finished', transferredBytes: 1000 });
    vi.advanceTimersByTime(ENDED_UPLOAD_KEEP_MS - 1000);
    expect((await getDiskUpload(ctx, 'kvm1:upload-1')).phase).toBe('finished');
    // Finalizing again (a retried request) answers the same.
    expect((await finalizeDiskUpload(ctx, 'kvm1:upload-1')).phase).toBe('finished');
    // A few minutes later the session is gone.
    vi.advanceTimersByTime(2000);
    await expect(getDiskUpload(ctx, 'kvm1:upload-1')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an upload finalized with bytes missing is failed, not finished', async () => {
    const ctx = context({ received: 600 });
    expect((await finalizeDiskUpload(ctx, 'kvm1:upload-1')).phase).toBe('failed');
    expect((await getDiskUpload(ctx, 'kvm1:upload-1')).phase).toBe('failed');
  });

  it('after finalize, neither more bytes nor a cancel (which deletes the volume) are accepted', async () => {
    const ctx = context({});
    await finalizeDiskUpload(ctx, 'kvm1:upload-1');
    await expect(
      writeDiskUpload(ctx, 'kvm1:upload-1', { offset: 0, length: 10, totalBytes: 1000, body: Readable.from([Buffer.alloc(10)]) }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(cancelDiskUpload(ctx, 'kvm1:upload-1')).rejects.toMatchObject({ code: 'conflict' });
    expect((await getDiskUpload(ctx, 'kvm1:upload-1')).phase).toBe('finished');
  });

  it('another connection’s transfer id is not found here', async () => {
    await expect(getDiskUpload(context({}), 'kvm2:upload-1')).rejects.toMatchObject({ code: 'not_found' });
  });
});
