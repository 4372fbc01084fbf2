/**
 * Engine JSON ↔ our shapes for the infrastructure write operations (in the style of
 * ovirt-web-ui's transform.js: `toInternal` per entity, `toApi` for request bodies).
 */
import { qualifyId } from '@/lib/domain';
import type {
  ClusterLevel, ExportedItem, HostLun, IscsiTarget, StorageConnection, StorageDomainInput, UploadPhase, UploadState,
} from '../infra-types';
import { asDate, asEnum, asNumber, asObject, asString, asText, listOf, path, type Json } from './coerce';

/** "4.7" → `{major: 4, minor: 7}`. */
export function versionToApi(version: string | undefined): Json | undefined {
  if (!version) return undefined;
  const [major, minor] = version.split('.').map(Number);
  return { major, minor };
}

export const ClusterLevelTransform = {
  toInternal(api: Json): ClusterLevel {
    return {
      version: asText(api.id) ?? '',
      cpuTypes: listOf(api.cpu_types, 'cpu_type')
        .map((c) => ({ name: asText(c.name) ?? '', architecture: asEnum(c.architecture) }))
        .filter((c) => c.name),
    };
  },
};

export const IscsiTransform = {
  /** 4.4+ answers `discovered_targets.iscsi_details[]`; older engines only `iscsi_targets` (names). */
  targetsToInternal(answer: Json, portal: { address: string; port: number }): IscsiTarget[] {
    const details = listOf(answer.discovered_targets, 'iscsi_details');
    if (details.length) {
      return details.map((d) => ({
        address: asText(d.address) ?? portal.address,
        port: asNumber(d.port) ?? portal.port,
        target: asText(d.target) ?? '',
      })).filter((t) => t.target);
    }
    const wrapped = asObject(answer.iscsi_targets);
    const names = Array.isArray(answer.iscsi_targets) ? answer.iscsi_targets : wrapped ? wrapped.iscsi_target : [];
    return (Array.isArray(names) ? names : [names]).map(asText).filter((t): t is string => !!t).map((target) => ({ ...portal, target }));
  },
};

export const HostLunTransform = {
  /** `GET /hosts/{id}/storage`: one host_storage per LUN, the LUN itself under logical_units. */
  toInternal(hostStorage: Json, conn: string): HostLun[] {
    const kind = asEnum(hostStorage.type) === 'fcp' ? 'fcp' : 'iscsi';
    return listOf(hostStorage.logical_units, 'logical_unit').map((lu) => {
      const status = asEnum(lu.status);
      const usedById = asString(lu.storage_domain_id);
      const target = asText(lu.target);
      const lun: HostLun = {
        id: asText(lu.id) ?? asText(hostStorage.id) ?? '',
        kind,
        sizeBytes: asNumber(lu.size),
        vendor: asText(lu.vendor_id),
        product: asText(lu.product_id),
        serial: asText(lu.serial),
        // A LUN that belongs to a volume group is used even when status is missing (older engines).
        free: status ? status === 'free' : !asText(lu.volume_group_id),
      };
      if (target) lun.target = { address: asText(lu.address) ?? '', port: asNumber(lu.port) ?? 3260, target };
      if (usedById) lun.usedBy = { id: qualifyId(conn, usedById) };
      return lun;
    }).filter((l) => l.id);
  },
};

function connectionToApi(c: StorageConnection): Json {
  switch (c.type) {
    case 'nfs':
      return { type: 'nfs', address: c.address, path: c.path, nfs_version: c.nfsVersion ?? 'auto', mount_options: c.mountOptions || undefined };
    case 'glusterfs':
      return { type: 'glusterfs', address: c.address, path: c.path, vfs_type: 'glusterfs', mount_options: c.mountOptions || undefined };
    case 'posixfs':
      return { type: 'posixfs', path: c.path, vfs_type: c.vfsType, mount_options: c.mountOptions || undefined };
    case 'iscsi':
    case 'fcp':
      return { type: c.type, logical_units: { logical_unit: c.lunIds.map((id) => ({ id })) } };
    case 'managed_block_storage': {
      const properties = (list: { name: string; value: string }[]) => ({ property: list.map((o) => ({ name: o.name, value: o.value })) });
      const storage: Json = { type: 'managed_block_storage', driver_options: properties(c.driverOptions) };
      if (c.driverSensitiveOptions.length) storage.driver_sensitive_options = properties(c.driverSensitiveOptions);
      return storage;
    }
  }
}

export const StorageDomainInputTransform = {
  toApi(input: StorageDomainInput, hostNativeId: string): Json {
    const storage = connectionToApi(input.connection);
    const managed = input.connection.type === 'managed_block_storage';
    const body: Json = {
      name: input.name,
      // A managed block domain is its own domain type (it holds Cinder volumes, not images).
      type: managed ? 'managed_block_storage' : input.purpose,
      storage,
      host: { id: hostNativeId },
    };
    // V5 is the format of 4.3+ data centers; ISO and export domains stay V1; cinderlib keeps no metadata volume.
    if (!managed) body.storage_format = input.purpose === 'data' ? 'v5' : 'v1';
    if (input.description) body.description = input.description;
    if (input.overrideLuns && (input.connection.type === 'iscsi' || input.connection.type === 'fcp')) storage.override_luns = true;
    return JSON.parse(JSON.stringify(body)) as Json;
  },
};

const PHASES: Readonly<Record<string, UploadPhase>> = {
  unknown: 'unknown',
  initializing: 'initializing',
  resuming: 'initializing',
  transferring: 'transferring',
  paused_system: 'paused',
  paused_user: 'paused',
  finalizing_success: 'finalizing',
  finalizing_failure: 'finalizing',
  finalizing_cleanup: 'finalizing',
  finished_success: 'finished',
  finished_failure: 'failed',
  finished_cleanup: 'failed',
  cancelled: 'cancelled',
  cancelled_system: 'cancelled',
  cancelled_user: 'cancelled',
};

export const ImageTransferTransform = {
  toInternal(api: Json, conn: string): UploadState {
    const nativePhase = asEnum(api.phase);
    const diskId = asString(path(api, 'disk', 'id')) ?? asString(path(api, 'image', 'id'));
    const state: UploadState = {
      transferId: qualifyId(conn, asString(api.id) ?? ''),
      phase: (nativePhase && PHASES[nativePhase]) || 'unknown',
    };
    if (nativePhase) state.nativePhase = nativePhase;
    if (diskId) state.diskId = qualifyId(conn, diskId);
    const transferred = asNumber(api.transferred);
    if (transferred !== undefined) state.transferredBytes = transferred;
    return state;
  },
  /** proxy_url goes through the engine (reachable wherever the API is); transfer_url needs the host. */
  urlOf(api: Json): string | undefined {
    return asText(api.proxy_url) ?? asText(api.transfer_url);
  },
};

export const ExportedItemTransform = {
  toInternal(api: Json, conn: string, kind: 'vm' | 'template'): ExportedItem {
    const item: ExportedItem = {
      id: qualifyId(conn, asString(api.id) ?? ''),
      name: asText(api.name) ?? asString(api.id) ?? '',
      kind,
    };
    const description = asText(api.description);
    if (description) item.description = description;
    const memory = asNumber(api.memory);
    if (memory !== undefined) item.memoryBytes = memory;
    const os = asText(path(api, 'os', 'type'));
    if (os) item.os = os;
    const created = asDate(api.creation_time);
    if (created) item.createdAt = created;
    return item;
  },
};
