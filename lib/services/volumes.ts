import 'server-only';
import { BackendError, hasCapability, isBackendError, toClientError, type BackendWith, type ClientError, type VolumeListQuery, type VolumePage } from '@/lib/backends';
import type { QualifiedId, Volume } from '@/lib/domain';
import type {
  VolumeCreateInput,
  VolumeFeatures,
  VolumeImage,
  VolumeLimits,
  VolumeMessage,
  VolumeMigrationPolicy,
  VolumePool,
  VolumeSnapshot,
  VolumeType,
} from '@/lib/domain/volumes';
import { CACHE_TTL_MS } from './backend-cache';
import { listConnections, listEnabledBackends } from './connections';
import { backendById, cacheKey, connectionIdOf, mutate as change, read as cachedRead } from './gateway';

/**
 * What the Volumes pages and their actions call. Role checks are the callers'
 * (requireRole / withRole / roleAction); reads go through the shared
 * per-connection cache under `volumes:` keys, and every mutation drops them so
 * the next poll sees the new state. A backend that is down or slow becomes a
 * ClientError in the answer, never an exception that blanks the page.
 */

/** Per read on a page: after this the panel says the backend is slow. */
export const VOLUME_READ_TIMEOUT_MS = 10_000;

export type VolumeBackend = BackendWith<'volumes'> & BackendWith<'volumeManagement'>;

export interface VolumeConnection {
  id: string;
  name: string;
  /** The demo's simulated Cinder: labelled so nobody takes it for a real cloud. */
  simulated: boolean;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ClientError };

async function settle<T>(work: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    if (!isBackendError(error)) console.error('[volumes]', error);
    return { ok: false, error: toClientError(error) };
  }
}

function deadline(signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(VOLUME_READ_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** The enabled connections that serve volumes, by name. */
export async function listVolumeConnections(): Promise<VolumeConnection[]> {
  const [backends, views] = await Promise.all([listEnabledBackends(), listConnections()]);
  const simulated = new Set(views.filter((v) => v.simulated).map((v) => v.id));
  return backends
    .filter((b) => hasCapability(b, 'volumes') && hasCapability(b, 'volumeManagement'))
    .map((b) => ({ id: b.id, name: b.name, simulated: simulated.has(b.id) }));
}

export async function volumeBackend(connectionId: string): Promise<VolumeBackend> {
  const backend = await backendById(connectionId);
  if (!hasCapability(backend, 'volumes') || !hasCapability(backend, 'volumeManagement')) {
    throw new BackendError('invalid_input', `${backend.name} does not manage volumes.`);
  }
  return backend as VolumeBackend;
}

export const connectionOf = (id: QualifiedId): string => connectionIdOf(id);

// ───────────────────────────── reads ─────────────────────────────

export function readVolumePage(connectionId: string, query: VolumeListQuery, signal?: AbortSignal): Promise<Outcome<VolumePage>> {
  return settle(
    volumeBackend(connectionId).then((b) =>
      cachedRead(connectionId, cacheKey('volumes', 'list', JSON.stringify(query)), CACHE_TTL_MS.list, (s) => b.listVolumes(query, { signal: s }), {
        signal: deadline(signal),
      }),
    ),
  );
}

export function readVolume(id: QualifiedId, signal?: AbortSignal): Promise<Outcome<Volume>> {
  return settle(
    (async () => {
      const connectionId = connectionOf(id);
      const b = await volumeBackend(connectionId);
      return cachedRead(connectionId, cacheKey('volumes', 'get', id), CACHE_TTL_MS.object, (s) => b.getVolume(id, { signal: s }), { signal: deadline(signal) });
    })(),
  );
}

export function readSnapshots(volumeId: QualifiedId, signal?: AbortSignal): Promise<Outcome<VolumeSnapshot[]>> {
  return settle(
    (async () => {
      const connectionId = connectionOf(volumeId);
      const b = await volumeBackend(connectionId);
      return cachedRead(connectionId, cacheKey('volumes', 'snapshots', volumeId), CACHE_TTL_MS.object, (s) => b.listVolumeSnapshots(volumeId, { signal: s }), {
        signal: deadline(signal),
      });
    })(),
  );
}

/** Why a volume failed or a request did nothing (Cinder's user messages); empty below API 3.3. */
export function readVolumeMessages(volumeId: QualifiedId, signal?: AbortSignal): Promise<Outcome<VolumeMessage[]>> {
  return settle(
    (async () => {
      const connectionId = connectionOf(volumeId);
      const b = await volumeBackend(connectionId);
      return cachedRead(connectionId, cacheKey('volumes', 'messages', volumeId), CACHE_TTL_MS.object, (s) => b.listVolumeMessages?.(volumeId, { signal: s }) ?? Promise.resolve([]), {
        signal: deadline(signal),
      });
    })(),
  );
}

/** The image service's images of the connection's catalog (Glance), to pick a volume's image by name. */
export function readImages(connectionId: string, signal?: AbortSignal): Promise<Outcome<VolumeImage[]>> {
  return settle(
    volumeBackend(connectionId).then((b) => {
      if (!b.listImages) throw new BackendError('not_found', `${b.name} has no image service.`);
      return cachedRead(connectionId, 'volumes:images', CACHE_TTL_MS.list, (s) => b.listImages!({ signal: s }), { signal: deadline(signal) });
    }),
  );
}

export interface VolumeContext {
  features: Outcome<VolumeFeatures>;
  types: Outcome<VolumeType[]>;
  limits: Outcome<VolumeLimits>;
  /** Undefined when the identity is not an admin of the cloud (pools are admin-only). */
  pools?: Outcome<VolumePool[]>;
}

/** What sits beside the list and the create form: types, quotas, capacity, API features. */
export async function readVolumeContext(connectionId: string, signal?: AbortSignal): Promise<VolumeContext> {
  const s = deadline(signal);
  const backend = volumeBackend(connectionId);
  const read = <T>(key: string, ttl: number, fn: (b: VolumeBackend, signal: AbortSignal) => Promise<T>) =>
    settle(backend.then((b) => cachedRead(connectionId, cacheKey('volumes', key), ttl, (inner) => fn(b, inner), { signal: s })));
  const [features, types, limits] = await Promise.all([
    read('features', CACHE_TTL_MS.slow, (b, sig) => b.volumeFeatures({ signal: sig })),
    read('types', CACHE_TTL_MS.slow, (b, sig) => b.listVolumeTypes({ signal: sig })),
    read('limits', CACHE_TTL_MS.list, (b, sig) => b.getVolumeLimits({ signal: sig })),
  ]);
  const context: VolumeContext = { features, types, limits };
  if (features.ok && features.value.pools) {
    context.pools = await read('pools', CACHE_TTL_MS.list, (b, sig) => b.listVolumePools({ signal: sig }));
  }
  return context;
}

// ───────────────────────────── writes ─────────────────────────────

/** Runs a mutation on the volume's connection and drops that connection's volume reads. */
async function mutate<T>(connectionId: string, fn: (b: VolumeBackend) => Promise<T>): Promise<T> {
  const b = await volumeBackend(connectionId);
  return change(connectionId, ['volumes'], () => fn(b));
}

export const createVolume = (connectionId: string, input: VolumeCreateInput) => mutate(connectionId, (b) => b.createVolume(input));
export const deleteVolume = (id: QualifiedId) => mutate(connectionOf(id), (b) => b.deleteVolume(id));
export const extendVolume = (id: QualifiedId, newSizeGiB: number) => mutate(connectionOf(id), (b) => b.extendVolume(id, newSizeGiB));
export const setVolumeBootable = (id: QualifiedId, bootable: boolean) => mutate(connectionOf(id), (b) => b.setVolumeBootable(id, bootable));
export const retypeVolume = (id: QualifiedId, newType: string, migrationPolicy: VolumeMigrationPolicy) =>
  mutate(connectionOf(id), (b) => b.retypeVolume(id, newType, migrationPolicy));
export const createVolumeSnapshot = (volumeId: QualifiedId, input: { name: string; description?: string; force?: boolean }) =>
  mutate(connectionOf(volumeId), (b) => b.createVolumeSnapshot(volumeId, input));
export const deleteVolumeSnapshot = (id: QualifiedId) => mutate(connectionOf(id), (b) => b.deleteVolumeSnapshot(id));
export const revertVolumeToSnapshot = (volumeId: QualifiedId, snapshotId: QualifiedId) =>
  mutate(connectionOf(volumeId), (b) => b.revertVolumeToSnapshot(volumeId, snapshotId));

/** Deletes an image of the connection's image service; refused in the service's words when protected or in use. */
export async function deleteImage(connectionId: string, imageId: string): Promise<void> {
  const b = await volumeBackend(connectionId);
  if (!b.deleteImage) throw new BackendError('not_found', `${b.name} has no image service.`);
  await change(connectionId, ['volumes'], () => b.deleteImage!(imageId));
}
