/**
 * oVirt Gluster payloads ↔ the domain. A volume's native id is `<cluster>/<volume>`: the engine
 * serves a volume only under its cluster, so the id must carry both. Bricks name their server by
 * id only (`server_id`); the server's name is the part of the brick name before the colon.
 */
import {
  GLUSTER_VOLUME_TYPES, parseQualifiedId, qualifyId, type GlusterBrick, type GlusterStatus, type GlusterVolume, type GlusterVolumeType, type QualifiedId,
} from '@/lib/domain';
import { BackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { asEnum, asNumber, asString, asText, listOf, path, type Json } from './coerce';

const status = (v: unknown): GlusterStatus => {
  const word = asEnum(v);
  return word === 'up' || word === 'down' ? word : 'unknown';
};

export function toGlusterBrick(api: Json, conn: string): GlusterBrick {
  const name = asText(api.name) ?? '';
  const server = asString(api.server_id) ?? '';
  const colon = name.lastIndexOf(':/');
  return {
    id: qualifyId(conn, asString(api.id)!),
    name,
    host: { id: qualifyId(conn, server || 'unknown'), name: colon > 0 ? name.slice(0, colon) : undefined },
    dir: asText(api.brick_dir) ?? (colon > 0 ? name.slice(colon + 1) : ''),
    status: status(api.status),
  };
}

export function toGlusterVolume(api: Json, clusterNativeId: string, conn: string): GlusterVolume {
  const nativeId = `${clusterNativeId}/${asString(api.id)!}`;
  const type = asEnum(api.volume_type) ?? 'other';
  const transports = path(api, 'transport_types', 'transport_type');
  return {
    id: qualifyId(conn, nativeId),
    nativeId,
    connectionId: conn,
    name: asText(api.name) ?? nativeId,
    cluster: { id: qualifyId(conn, clusterNativeId) },
    type: (GLUSTER_VOLUME_TYPES as readonly string[]).includes(type) ? (type as GlusterVolumeType) : 'other',
    status: status(api.status),
    replicaCount: asNumber(api.replica_count) ?? 0,
    disperseCount: asNumber(api.disperse_count) ?? 0,
    redundancyCount: asNumber(api.redundancy_count) ?? 0,
    transports: (Array.isArray(transports) ? transports : transports === undefined ? [] : [transports]).map((t) => String(t)),
    options: listOf(api.options, 'option').map((o) => ({ name: asText(o.name) ?? '', value: asText(o.value) ?? '' })).filter((o) => o.name),
  };
}

/** `/clusters/{c}/glustervolumes/{v}` for a qualified volume id of this connection. */
export function glusterVolumePath(conn: string, id: QualifiedId): string {
  const native = nativeIdFor(conn, id, 'Gluster volume');
  const slash = native.indexOf('/');
  if (slash <= 0 || slash === native.length - 1 || !parseQualifiedId(id)) throw new BackendError('invalid_input', `"${id}" is not a valid Gluster volume id.`);
  return `/clusters/${encodeURIComponent(native.slice(0, slash))}/glustervolumes/${encodeURIComponent(native.slice(slash + 1))}`;
}
