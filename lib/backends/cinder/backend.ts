import 'server-only';
import { capabilitiesOf } from '../capabilities';
import type { BackendConfig, BackendRuntimeOptions } from '../config';
import { BackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { assertListQuery } from '../query';
import type { Backend, CallOptions, VolumeListQuery, VolumePage } from '../types';
import type { VolumeCreateInput, VolumeFeatures } from '@/lib/domain/volumes';
import { complete, release, reserve, type CinderCalls } from './attachments';
import { arr, num, obj, str, type Json } from './json';
import { atLeast, featuresFor } from './microversion';
import { toImage, toLimits, toMessage, toPool, toSnapshot, toVolume, toVolumeType, nativeStatusFilter } from './transform';
import { cinderServiceHealth, setCinderServiceEnabled } from './services';
import { CinderTransport } from './transport';

export const CINDER_CAPABILITIES = capabilitiesOf('volumes', 'volumeManagement');

/** Sort keys Cinder accepts that make sense in the UI. */
export const VOLUME_SORT_FIELDS = ['name', 'size', 'status', 'created_at'] as const;
/** `name~` (inexact match) exists from 3.34; below it only exact names filter. */
const LIKE_FILTER_VERSION = '3.34';

/** OpenStack Cinder (block storage v3, Keystone v3) behind the Backend contract. */
export function createCinderBackend(config: BackendConfig, runtime: BackendRuntimeOptions = {}): Backend {
  const transport = new CinderTransport(config, runtime);
  const connectionId = config.id;
  const native = (id: string, what: string) => nativeIdFor(connectionId, id, what);
  const get = (path: string, query: Record<string, string | number | boolean | undefined> | undefined, opts?: CallOptions) =>
    transport.request({ method: 'GET', path, query, signal: opts?.signal }).then((a) => a.body ?? {});
  const post = (path: string, body: unknown, opts?: CallOptions & { asService?: boolean }) =>
    transport.request({ method: 'POST', path, body, signal: opts?.signal, asService: opts?.asService }).then((a) => a.body ?? {});
  const put = (path: string, body: unknown, opts?: CallOptions) =>
    transport.request({ method: 'PUT', path, body, signal: opts?.signal }).then((a) => a.body ?? {});
  const remove = (path: string, opts?: CallOptions & { asService?: boolean }) =>
    transport.request({ method: 'DELETE', path, signal: opts?.signal, asService: opts?.asService }).then(() => undefined);
  const volumeAction = async (id: string, body: unknown, opts?: CallOptions) =>
    post(`/volumes/${encodeURIComponent(native(id, 'Volume'))}/action`, body, opts).then(() => undefined);

  const calls: CinderCalls = {
    version: async (opts) => (await transport.version(opts?.signal)).version,
    isService: async (opts) => (await transport.identity(opts?.signal)).isService,
    post,
    put,
    remove,
  };

  // A real Cinder lets non-admins filter only by the keys in its resource_filters.json, whose
  // default lists `name` but not `name~`: a member's inexact search answers 400 "Invalid filters
  // name~ are found in query options.". Admins may use every filter. GET /resource_filters (3.33,
  // so always there when name~ is) tells which; asked once per connection.
  let memberFilters: Promise<Set<string>> | undefined;
  function volumeFilters(opts?: CallOptions): Promise<Set<string>> {
    memberFilters ??= get('/resource_filters', { resource: 'volume' }, opts).then(
      (body) => new Set(arr(body.resource_filters).filter((r) => r.resource === 'volume').flatMap((r) => (Array.isArray(r.filters) ? r.filters.map(String) : []))),
      (error: unknown) => {
        memberFilters = undefined;
        throw error;
      },
    );
    return memberFilters;
  }

  /** `name~` where this identity may use it, else the exact `name` (the UI's search then matches whole names). */
  async function nameFilterKey(version: string, opts?: CallOptions): Promise<'name~' | 'name'> {
    if (!atLeast(version, LIKE_FILTER_VERSION)) return 'name';
    if ((await transport.identity(opts?.signal)).isAdmin) return 'name~';
    return (await volumeFilters(opts)).has('name~') ? 'name~' : 'name';
  }

  async function features(opts?: CallOptions): Promise<VolumeFeatures> {
    const [{ version, max }, identity] = await Promise.all([transport.version(opts?.signal), transport.identity(opts?.signal)]);
    return featuresFor(version, max, identity.isAdmin);
  }

  async function listVolumes(query: VolumeListQuery, opts?: CallOptions): Promise<VolumePage> {
    assertListQuery(query);
    const { version } = await transport.version(opts?.signal);
    const params: Record<string, string | number | boolean | undefined> = { limit: query.pageSize + 1 };
    if (query.marker) params.marker = query.marker;
    else if (query.page > 1) params.offset = (query.page - 1) * query.pageSize;
    // 'created' is the neutral list's word for Cinder's created_at.
    const sortField = query.sort?.field === 'created' ? 'created_at' : (query.sort?.field ?? 'created_at');
    if (!(VOLUME_SORT_FIELDS as readonly string[]).includes(sortField)) {
      throw new BackendError('invalid_input', `Volumes cannot be sorted by "${sortField}".`);
    }
    // Cinder breaks ties by created_at and id itself, so pages stay stable.
    params.sort = `${sortField}:${query.sort?.dir ?? (query.sort ? 'asc' : 'desc')}`;
    if (query.text) params[await nameFilterKey(version, opts)] = query.text;
    for (const [field, value] of Object.entries(query.filters ?? {})) {
      if (field === 'status') params.status = nativeStatusFilter(value);
      else if (field === 'bootable' || field === 'volume_type' || field === 'availability_zone') params[field] = value;
      else throw new BackendError('invalid_input', `Volumes cannot be filtered by "${field}".`);
    }
    const withCount = atLeast(version, '3.45');
    if (withCount) params.with_count = true;
    const body = await get('/volumes/detail', params, opts);
    const rows = arr(body.volumes).map((v) => toVolume(connectionId, v));
    const items = rows.slice(0, query.pageSize);
    const hasMore = rows.length > query.pageSize;
    const page: VolumePage = { items, page: query.page, pageSize: query.pageSize, hasMore };
    if (hasMore) page.nextMarker = items[items.length - 1]!.nativeId;
    const count = num(body.count);
    if (withCount && count !== undefined) page.total = count;
    return page;
  }

  // Ids are checked inside async functions so a foreign id rejects instead of throwing synchronously.
  function createBody(input: VolumeCreateInput): Record<string, unknown> {
    const volume: Record<string, unknown> = { size: input.sizeGiB, name: input.name };
    if (input.description) volume.description = input.description;
    if (input.volumeType) volume.volume_type = input.volumeType;
    if (input.availabilityZone) volume.availability_zone = input.availabilityZone;
    const source = input.source;
    // imageRef: the storage back end clones the image itself, and marks the volume bootable.
    if (source.kind === 'image') volume.imageRef = source.imageId;
    if (source.kind === 'snapshot') volume.snapshot_id = native(source.snapshotId, 'Snapshot');
    if (source.kind === 'volume') volume.source_volid = native(source.volumeId, 'Volume');
    return { volume };
  }

  return {
    id: connectionId,
    kind: 'cinder',
    name: config.name,
    capabilities: CINDER_CAPABILITIES,

    async about(opts) {
      // A real read, so "Test connection" proves the token and the endpoint work.
      await get('/limits', undefined, opts);
      const [{ version, max }, identity] = await Promise.all([transport.version(opts?.signal), transport.identity(opts?.signal)]);
      return {
        kind: 'cinder',
        product: 'OpenStack Cinder',
        version: `API ${version} (server ${max})`,
        vendor: 'OpenStack',
        identity: { username: identity.username, userId: identity.userId },
        isAdmin: identity.isAdmin,
      };
    },
    close: () => transport.close(),

    listVolumes,
    async getVolume(id, opts) {
      const body = await get(`/volumes/${encodeURIComponent(native(id, 'Volume'))}`, undefined, opts);
      return toVolume(connectionId, obj(body.volume) ?? {});
    },

    volumeFeatures: features,
    async createVolume(input, opts) {
      const body = await post('/volumes', createBody(input), opts);
      return toVolume(connectionId, obj(body.volume) ?? {});
    },
    deleteVolume: async (id, opts) => remove(`/volumes/${encodeURIComponent(native(id, 'Volume'))}`, opts),
    extendVolume: (id, newSizeGiB, opts) => volumeAction(id, { 'os-extend': { new_size: newSizeGiB } }, opts),
    setVolumeBootable: (id, bootable, opts) => volumeAction(id, { 'os-set_bootable': { bootable } }, opts),
    // "never" by default: a retype that would need data moved between back ends fails instead of
    // copying for hours; the caller may allow the migration ("on-demand").
    retypeVolume: (id, newType, migrationPolicy = 'never', opts) =>
      volumeAction(id, { 'os-retype': { new_type: newType, migration_policy: migrationPolicy } }, opts),
    async listVolumeMessages(volumeId, opts) {
      const f = await features(opts);
      if (!f.messages) return [];
      const body = await get('/messages', { resource_uuid: native(volumeId, 'Volume') }, opts);
      return arr(body.messages).map(toMessage);
    },

    async listVolumeSnapshots(volumeId, opts) {
      const body = await get('/snapshots/detail', { volume_id: native(volumeId, 'Volume'), sort: 'created_at:desc' }, opts);
      return arr(body.snapshots).map((s) => toSnapshot(connectionId, s));
    },
    async getVolumeSnapshot(id, opts) {
      const body = await get(`/snapshots/${encodeURIComponent(native(id, 'Snapshot'))}`, undefined, opts);
      return toSnapshot(connectionId, obj(body.snapshot) ?? {});
    },
    async createVolumeSnapshot(volumeId, input, opts) {
      const snapshot: Record<string, unknown> = { volume_id: native(volumeId, 'Volume'), name: input.name, force: input.force ?? false };
      if (input.description) snapshot.description = input.description;
      const body = await post('/snapshots', { snapshot }, opts);
      return toSnapshot(connectionId, obj(body.snapshot) ?? {});
    },
    deleteVolumeSnapshot: async (id, opts) => remove(`/snapshots/${encodeURIComponent(native(id, 'Snapshot'))}`, opts),
    async revertVolumeToSnapshot(volumeId, snapshotId, opts) {
      const f = await features(opts);
      if (!f.revertToSnapshot) {
        throw new BackendError('invalid_input', `Reverting to a snapshot needs Cinder API ${f.requires.revertToSnapshot}; this server offers ${f.serverMaxVersion}.`);
      }
      await volumeAction(volumeId, { revert: { snapshot_id: native(snapshotId, 'Snapshot') } }, opts);
    },

    async listVolumeTypes(opts) {
      const body = await get('/types', undefined, opts);
      return arr(body.volume_types).map(toVolumeType);
    },
    async getVolumeLimits(opts) {
      return toLimits(await get('/limits', undefined, opts));
    },
    async listVolumePools(opts) {
      const body = await get('/scheduler-stats/get_pools', { detail: true }, opts);
      return arr(body.pools).map(toPool);
    },

    async listImages(opts) {
      // Glance v2 pages by `next` links (a path with the marker); a few pages are plenty for a picker.
      const images = [];
      let path: string | undefined = '/v2/images?limit=200&sort_key=name&sort_dir=asc';
      for (let page = 0; path && page < 5; page++) {
        const [p, q] = path.split('?') as [string, string | undefined];
        const body: Json = (await transport.request({ method: 'GET', path: p, query: Object.fromEntries(new URLSearchParams(q ?? '')), signal: opts?.signal, service: 'image' })).body ?? {};
        images.push(...arr(body.images).map(toImage));
        path = str(body.next);
      }
      return images;
    },

    async getImage(imageId, opts) {
      const body = await transport.request({ method: 'GET', path: `/v2/images/${encodeURIComponent(imageId)}`, signal: opts?.signal, service: 'image' });
      return toImage(body.body ?? {});
    },
    async createImage(input, opts) {
      const body: Json = { name: input.name, disk_format: input.diskFormat, container_format: input.containerFormat };
      if (input.visibility) body.visibility = input.visibility;
      if (input.minDiskGiB !== undefined) body.min_disk = input.minDiskGiB;
      const answer = await transport.request({ method: 'POST', path: '/v2/images', body, signal: opts?.signal, service: 'image' });
      return toImage(answer.body ?? {});
    },
    async uploadImageData(imageId, data, sizeBytes, opts) {
      // Chunked, with the size announced: Glance refuses a body of another length (400) and the
      // image returns to queued, instead of an image of the wrong size becoming active.
      await transport.putImageStream(
        `/v2/images/${encodeURIComponent(imageId)}/file`,
        { 'Content-Type': 'application/octet-stream', 'x-openstack-image-size': String(sizeBytes) },
        data,
        opts?.signal,
      );
    },
    deleteImage: async (imageId, opts) => {
      await transport.request({ method: 'DELETE', path: `/v2/images/${encodeURIComponent(imageId)}`, signal: opts?.signal, service: 'image' });
    },

    listServiceHealth: (opts) => cinderServiceHealth(transport, (path) => get(path, undefined, opts), opts),
    setServiceEnabled: (service, enabled, reason, opts) => setCinderServiceEnabled((path, body) => put(path, body, opts), service, enabled, reason),

    reserveVolumeAttachment: async (volumeId, input, opts) => reserve(calls, native(volumeId, 'Volume'), input.instanceId, input.connector, opts),
    completeVolumeAttachment: async (volumeId, attachmentId, input, opts) =>
      complete(calls, native(volumeId, 'Volume'), attachmentId, input.instanceId, input.device, input.connector, opts),
    removeVolumeAttachment: async (volumeId, attachmentId, input, opts) =>
      release(calls, native(volumeId, 'Volume'), attachmentId, input.connector, input.completed, opts),
  };
}
