/**
 * The images of the demo Glance: records with Glance v2's fields and rules (status machine,
 * read-only attributes, protected images), the bytes of each image in a file under a temporary
 * directory (never in memory), hashed as they arrive. Only the fake's HTTP layer and tests use it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];
export const VISIBILITIES = ['public', 'community', 'shared', 'private'];
/** Attributes Glance computes itself: setting them answers 403 "Attribute 'x' is read-only." */
export const READ_ONLY = ['id', 'status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at', 'file', 'self', 'schema', 'direct_url', 'locations', 'owner'];
/** Settable core attributes (everything else is an extra property, a string). */
const CORE = ['name', 'disk_format', 'container_format', 'visibility', 'protected', 'min_disk', 'min_ram', 'tags', 'os_hidden'];

/** A Glance error: plain text, as webob renders it for a client that does not ask for HTML. */
export class GlanceFault extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface GlanceImage {
  id: string;
  name: string | null;
  owner: string;
  status: string;
  visibility: string;
  protected: boolean;
  diskFormat: string | null;
  containerFormat: string | null;
  minDisk: number;
  minRam: number;
  tags: string[];
  osHidden: boolean;
  size: number | null;
  checksum: string | null;
  osHashValue: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Extra properties: strings only, as Glance stores them. */
  extra: Record<string, string>;
  /** The stored bytes (once active). */
  file?: string;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GlanceState {
  readonly images = new Map<string, GlanceImage>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'virtdash-fake-glance-'));
  /** Uploads running now, by image id: a DELETE meanwhile makes them answer 410. */
  private readonly writing = new Set<string>();

  /** Whether the store holds clones of the image (RBD): the demo Cinder answers for its volumes. */
  inUse: (imageId: string) => boolean = () => false;

  constructor(private readonly clock: () => number = Date.now) {}

  image(id: string): GlanceImage {
    const image = this.images.get(id);
    if (!image) throw new GlanceFault(404, `No image found with ID ${id}`);
    return image;
  }

  /** Whether `projectId` sees the image (an admin sees all, as Glance's default policy lists them). */
  visible(image: GlanceImage, projectId: string, admin: boolean): boolean {
    return admin || image.owner === projectId || image.visibility === 'public' || image.visibility === 'community';
  }

  json(image: GlanceImage): Record<string, unknown> {
    return {
      id: image.id,
      name: image.name,
      status: image.status,
      visibility: image.visibility,
      protected: image.protected,
      os_hidden: image.osHidden,
      owner: image.owner,
      disk_format: image.diskFormat,
      container_format: image.containerFormat,
      min_disk: image.minDisk,
      min_ram: image.minRam,
      size: image.size,
      virtual_size: null,
      checksum: image.checksum,
      os_hash_algo: image.osHashValue ? 'sha512' : null,
      os_hash_value: image.osHashValue,
      tags: image.tags,
      created_at: isoSeconds(image.createdAt),
      updated_at: isoSeconds(image.updatedAt),
      ...image.extra,
      self: `/v2/images/${image.id}`,
      file: `/v2/images/${image.id}/file`,
      schema: '/v2/schemas/image',
    };
  }

  /** Applies one attribute as POST and PATCH do (validation included); throws before changing anything else. */
  private assign(image: GlanceImage, key: string, value: unknown, admin: boolean): void {
    if (READ_ONLY.includes(key)) throw new GlanceFault(403, `Attribute '${key}' is read-only.`);
    const invalid = (why: string) => new GlanceFault(400, `Provided object does not match schema 'image': ${why}`);
    switch (key) {
      case 'name':
        if (value !== null && (typeof value !== 'string' || value.length > 255)) throw invalid(`${JSON.stringify(value)} is not valid under any of the given schemas`);
        image.name = value;
        return;
      case 'disk_format':
        if (value !== null && (typeof value !== 'string' || !DISK_FORMATS.includes(value))) throw invalid(`${JSON.stringify(value)} is not one of ${JSON.stringify([...DISK_FORMATS, null])}`);
        if (image.status !== 'queued') throw new GlanceFault(403, `Attribute 'disk_format' can be only replaced for a queued image.`);
        image.diskFormat = value;
        return;
      case 'container_format':
        if (value !== null && (typeof value !== 'string' || !CONTAINER_FORMATS.includes(value))) throw invalid(`${JSON.stringify(value)} is not one of ${JSON.stringify([...CONTAINER_FORMATS, null])}`);
        if (image.status !== 'queued') throw new GlanceFault(403, `Attribute 'container_format' can be only replaced for a queued image.`);
        image.containerFormat = value;
        return;
      case 'visibility':
        if (typeof value !== 'string' || !VISIBILITIES.includes(value)) throw invalid(`${JSON.stringify(value)} is not one of ${JSON.stringify(VISIBILITIES)}`);
        // Default policy: only an admin publicizes an image.
        if (value === 'public' && !admin) throw new GlanceFault(403, 'You are not authorized to complete publicize_image action.');
        image.visibility = value;
        return;
      case 'protected':
      case 'os_hidden':
        if (typeof value !== 'boolean') throw invalid(`${JSON.stringify(value)} is not of type 'boolean'`);
        if (key === 'protected') image.protected = value;
        else image.osHidden = value;
        return;
      case 'min_disk':
      case 'min_ram':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`${JSON.stringify(value)} is not of type 'integer'`);
        if (key === 'min_disk') image.minDisk = value;
        else image.minRam = value;
        return;
      case 'tags':
        if (!Array.isArray(value) || value.some((t) => typeof t !== 'string' || t.length > 255)) throw invalid(`${JSON.stringify(value)} is not of type 'array'`);
        image.tags = [...new Set(value as string[])];
        return;
      default:
        if (typeof value !== 'string') throw invalid(`${JSON.stringify(value)} is not of type 'string'`);
        if (key.length > 255) throw invalid(`'${key.slice(0, 40)}…' is too long`);
        image.extra[key] = value;
    }
  }

  create(projectId: string, admin: boolean, body: Record<string, unknown>): GlanceImage {
    const id = body.id === undefined ? randomUUID() : body.id;
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new GlanceFault(400, `Provided object does not match schema 'image': ${JSON.stringify(id)} does not match pattern`);
    }
    if (this.images.has(id)) throw new GlanceFault(409, `Image with identifier ${id} already exists!`);
    const now = new Date(this.clock());
    const image: GlanceImage = {
      id, name: null, owner: projectId, status: 'queued', visibility: 'shared', protected: false, diskFormat: null, containerFormat: null,
      minDisk: 0, minRam: 0, tags: [], osHidden: false, size: null, checksum: null, osHashValue: null, createdAt: now, updatedAt: now, extra: {},
    };
    for (const [key, value] of Object.entries(body)) if (key !== 'id') this.assign(image, key, value, admin);
    this.images.set(id, image);
    return image;
  }

  /** RFC 6902 subset Glance accepts on images: add/replace/remove of top-level attributes. */
  patch(image: GlanceImage, admin: boolean, ops: unknown): GlanceImage {
    if (!Array.isArray(ops)) throw new GlanceFault(400, 'Request body must be a JSON array of operation objects.');
    // Work on a copy: a refused operation changes nothing.
    const draft: GlanceImage = { ...image, tags: [...image.tags], extra: { ...image.extra } };
    for (const raw of ops) {
      const op = raw as { op?: unknown; path?: unknown; value?: unknown };
      if (typeof op?.op !== 'string' || !['add', 'replace', 'remove'].includes(op.op)) throw new GlanceFault(400, `Operations must contain exactly one of the following members: add, remove, replace`);
      if (typeof op.path !== 'string' || !/^\/[^/]+$/.test(op.path)) throw new GlanceFault(400, `Invalid JSON pointer for this resource: '${String(op.path)}'`);
      const key = op.path.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
      if (op.op === 'remove') {
        if (READ_ONLY.includes(key) || CORE.includes(key)) throw new GlanceFault(403, `Attribute '${key}' is read-only.`);
        if (!(key in draft.extra)) throw new GlanceFault(409, `Property ${key} does not exist.`);
        delete draft.extra[key];
      } else {
        if (op.op === 'replace' && !CORE.includes(key) && !READ_ONLY.includes(key) && !(key in draft.extra)) {
          throw new GlanceFault(409, `Property ${key} does not exist.`);
        }
        this.assign(draft, key, op.value, admin);
      }
    }
    draft.updatedAt = new Date(this.clock());
    this.images.set(image.id, draft);
    return draft;
  }

  /**
   * Stores the bytes of a queued image: `saving` while they flow, `active` with size and hashes at
   * the end; a broken or refused upload returns the image to `queued` and keeps no byte.
   */
  async upload(image: GlanceImage, data: Readable, declaredSize: number | undefined): Promise<void> {
    if (image.status !== 'queued') throw new GlanceFault(409, `Image status transition from ${image.status} to saving is not allowed`);
    if (!image.diskFormat || !image.containerFormat) {
      throw new GlanceFault(400, 'Properties disk_format, container_format must be set prior to saving data.');
    }
    image.status = 'saving';
    this.writing.add(image.id);
    const file = join(this.dir, image.id);
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    let size = 0;
    const out = createWriteStream(file);
    try {
      await new Promise<void>((resolve, reject) => {
        data.on('data', (chunk: Buffer) => {
          size += chunk.length;
          md5.update(chunk);
          sha512.update(chunk);
        });
        data.on('error', reject);
        data.on('aborted', () => reject(new Error('client went away')));
        out.on('error', reject);
        out.on('finish', resolve);
        data.pipe(out);
      });
      if (!this.images.has(image.id) || !this.writing.has(image.id)) {
        throw new GlanceFault(410, 'Image was deleted while it was being uploaded.');
      }
      if (declaredSize !== undefined && declaredSize !== size) {
        throw new GlanceFault(400, `Size of the uploaded data (${size}) does not match the image size header (${declaredSize}).`);
      }
      const current = this.images.get(image.id)!;
      Object.assign(current, { status: 'active', size, checksum: md5.digest('hex'), osHashValue: sha512.digest('hex'), file, updatedAt: new Date(this.clock()) });
    } catch (error) {
      out.destroy();
      const current = this.images.get(image.id);
      if (current?.status === 'saving') current.status = 'queued';
      try {
        unlinkSync(file);
      } catch {
        // nothing written yet
      }
      throw error;
    } finally {
      this.writing.delete(image.id);
    }
  }

  /** A seeded image: active, its bytes a deterministic pattern of `size` bytes. */
  async seed(owner: string, input: { id: string; name: string; diskFormat: string; minDisk: number; size: number; visibility?: string; protected?: boolean }): Promise<GlanceImage> {
    const image = this.create(owner, true, { id: input.id, name: input.name, disk_format: input.diskFormat, container_format: 'bare', visibility: input.visibility ?? 'public', min_disk: input.minDisk });
    const { Readable: R } = await import('node:stream');
    const block = Buffer.alloc(64 * 1024);
    for (let i = 0; i < block.length; i++) block[i] = (i * 31 + input.name.length) & 0xff;
    const blocks = Math.ceil(input.size / block.length);
    await this.upload(image, R.from((function* () {
      for (let i = 0; i < blocks; i++) yield i === blocks - 1 ? block.subarray(0, input.size - i * block.length) : block;
    })()), undefined);
    if (input.protected) this.images.get(image.id)!.protected = true;
    return this.images.get(image.id)!;
  }

  remove(image: GlanceImage): void {
    if (image.protected) throw new GlanceFault(403, `Image ${image.id} is protected and cannot be deleted.`);
    if (this.inUse(image.id)) {
      throw new GlanceFault(409, `Image ${image.id} could not be deleted because it is in use: The image cannot be deleted because it is in use through the backend store outside of Glance.`);
    }
    this.images.delete(image.id);
    this.writing.delete(image.id);
    if (image.file) {
      try {
        unlinkSync(image.file);
      } catch {
        // already gone
      }
    }
  }

  read(image: GlanceImage): Readable {
    if (!image.file) throw new GlanceFault(204, '');
    return createReadStream(image.file);
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
