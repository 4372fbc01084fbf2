/**
 * Images from Glance beside Cinder, all real: Glance storing images in Ceph (scripts/real/glance.sh),
 * registered in the Keystone of scripts/real/cinder.sh, whose RBD backend clones a volume from an
 * image inside Ceph. The adapter finds Glance in the same catalog as Cinder, with the same token.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, BackendWith } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { QualifiedId, Volume } from '@/lib/domain';
import { realEnv } from './env';
import { keystoneToken, uploadImage } from './glance-client';

const env = realEnv('glance (ceph + cinder rbd + glance)', [
  'GLANCE_URL',
  'KEYSTONE_URL',
  'CINDER_USER',
  'CINDER_PASSWORD',
  'CINDER_PROJECT',
  'CINDER_PROJECT_ID',
  'CINDER_RBD_TYPE',
  'CEPH_CONF',
] as const);

const run = promisify(execFile);
const RUN = `vdimg${Date.now().toString(36)}`;
const MIB = 1024 ** 2;
const SLOW = 180_000;

type CinderBackend = BackendWith<'volumes' | 'volumeManagement'>;
const opened: Backend[] = [];
const volumes: QualifiedId[] = [];
const images: string[] = [];

const token = () => keystoneToken(env!);

/** An image in Glance, deleted with the suite. */
async function upload(name: string, bytes: Buffer): Promise<string> {
  return uploadImage(env!, name, bytes, (id) => images.push(id));
}

async function settle(b: CinderBackend, id: QualifiedId, status: string): Promise<Volume> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const v = await b.getVolume(id);
    if (v.nativeStatus === status) return v;
    if (v.nativeStatus === 'error') throw new Error(`volume ${id} went to error`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`volume ${id} did not become ${status}`);
}

describe.skipIf(!env)('Glance images and Ceph clones (real Glance, Cinder RBD, Ceph)', () => {
  const cinder = env
    ? (createBackend({
        id: 'cinder-img',
        kind: 'cinder',
        name: 'Cinder + Glance',
        url: `${env.KEYSTONE_URL}?project=${env.CINDER_PROJECT}`,
        username: env.CINDER_USER,
        password: env.CINDER_PASSWORD,
      }) as CinderBackend)
    : undefined!;
  if (env) opened.push(cinder);

  afterAll(async () => {
    for (const id of volumes) await cinder.deleteVolume(id).catch(() => undefined);
    for (const id of volumes) {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && (await cinder.getVolume(id).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 200));
    }
    const t = await token();
    for (const id of images) await fetch(`${env!.GLANCE_URL}/v2/images/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': t } }).catch(() => undefined);
    await Promise.all(opened.map((b) => b.close()));
  }, SLOW);

  it('lists the image service of the same catalog: status, size, formats, visibility, owner', async () => {
    const id = await upload(`${RUN}-list`, randomBytes(MIB));
    const found = (await cinder.listImages!()).find((i) => i.id === id);
    expect(found).toMatchObject({
      id,
      name: `${RUN}-list`,
      status: 'active',
      sizeBytes: MIB,
      diskFormat: 'raw',
      containerFormat: 'bare',
      visibility: 'shared',
      owner: env!.CINDER_PROJECT_ID,
    });
  }, SLOW);

  it('a volume from an image is a copy-on-write clone inside Ceph (rbd info shows the parent)', async () => {
    const id = await upload(`${RUN}-64m`, randomBytes(64 * MIB));
    const t0 = Date.now();
    const created = await cinder.createVolume({ name: `${RUN}-from-image`, sizeGiB: 1, volumeType: env!.CINDER_RBD_TYPE, source: { kind: 'image', imageId: id } });
    volumes.push(created.id);
    const volume = await settle(cinder, created.id, 'available');
    console.log(`volume from a 64 MiB image: available after ${Date.now() - t0} ms`);
    expect(volume.bootable).toBe(true);
    const { stdout } = await run('rbd', ['info', `volumes/volume-${volume.nativeId}`], { env: { ...process.env, CEPH_CONF: env!.CEPH_CONF }, timeout: 60_000 });
    expect(stdout).toContain(`parent: images/${id}@snap`);
  }, SLOW);
});
