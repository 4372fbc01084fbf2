import type { VolumeAttachmentGrant, VolumeConnection, VolumeConnector } from '@/lib/domain/volumes';
import { BackendError } from '../errors';
import type { CallOptions } from '../types';
import { arr, bool, num, obj, str, type Json } from './json';
import { atLeast } from './microversion';

/**
 * Cinder's two ways of giving a volume to a VM, as Nova uses them:
 * - from API 3.44, the attachments API: POST /attachments with the host's connector (answers the
 *   connection info), PUT /attachments/{id} with the connector and the device the VM got (Cinder
 *   records it as the attachment's mountpoint, "na" without it, as Nova sends it once it knows
 *   the device), POST /attachments/{id}/action os-complete (volume in-use), DELETE
 *   /attachments/{id} (revokes the host's access and frees the volume). The API exists from 3.27,
 *   but only 3.44 can mark an attachment complete, so 3.27-3.43 servers take the older path too.
 * - below it, volume actions: os-reserve, os-initialize_connection (connection info),
 *   os-attach; and os-terminate_connection, os-detach (or os-unreserve for one never attached).
 */
export const ATTACHMENTS_VERSION = '3.44';

export interface CinderCalls {
  version(opts?: CallOptions): Promise<string>;
  /** Whether this identity's token may act as a service token (Keystone role `service`). */
  isService(opts?: CallOptions): Promise<boolean>;
  post(path: string, body: unknown, opts?: CallOptions & { asService?: boolean }): Promise<Json>;
  put(path: string, body: unknown, opts?: CallOptions): Promise<Json>;
  remove(path: string, opts?: CallOptions & { asService?: boolean }): Promise<void>;
}

/**
 * Since the fix for OSSA-2023-003 (CVE-2023-2088, in every maintained Cinder) only a service may
 * delete an attachment that names an instance and has connection info, unless Nova says it does
 * not know that instance. VMs here are not Nova's, so detaching (and undoing a half-made attach)
 * needs a token with the `service` role, sent as X-Service-Token too. Checked before reserving, so
 * a volume is never attached where it could not be detached again.
 */
export const SERVICE_ROLE_NEEDED =
  'Cinder lets only a service detach a volume from a VM that is not Nova\u2019s (OSSA-2023-003): give the user of this Cinder connection Keystone\u2019s "service" role in its project.';

function connectorBody(c: VolumeConnector): Json {
  // os-brick's connector as Nova sends it for a libvirt host (multipath off: QEMU opens one path).
  return { host: c.host, ip: c.ip, initiator: c.initiator, multipath: false, platform: 'x86_64', os_type: 'linux', do_local_attach: false };
}

function hostPort(text: string | undefined, defaultPort: number): { host: string; port: number } | undefined {
  if (!text) return undefined;
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text.trim());
  return m ? { host: m[1]!, port: m[2] ? Number(m[2]) : defaultPort } : undefined;
}

/**
 * Cinder's connection info → the neutral connection. The attachments API answers it flat
 * (`{driver_volume_type, hosts, ports, …}`), os-initialize_connection nested (`{driver_volume_type,
 * data: {…}}`): both are read.
 */
export function toConnection(info: Json | undefined): VolumeConnection {
  const driverType = str(info?.driver_volume_type) ?? 'unknown';
  const data = obj(info?.data) ?? info ?? {};
  const discard = bool(data.discard) ?? false;
  if (driverType === 'rbd') {
    const hosts = Array.isArray(data.hosts) ? data.hosts.map(str) : [];
    const ports = Array.isArray(data.ports) ? data.ports.map(str) : [];
    const monitors = hosts.flatMap((h, i) => (h ? [{ host: h, port: Number(ports[i] ?? 6789) || 6789 }] : []));
    const name = str(data.name);
    if (!name) throw new BackendError('backend_error', 'Cinder answered rbd connection info without an image name.');
    const username = str(data.auth_username);
    const auth = bool(data.auth_enabled) !== false && username ? { username, secretUuid: str(data.secret_uuid) || undefined } : undefined;
    return { protocol: 'rbd', name, monitors, auth, discard };
  }
  if (driverType === 'iscsi') {
    const portal = hostPort(str(data.target_portal) ?? str(arr(data.target_portals)[0]), 3260);
    const iqn = str(data.target_iqn);
    const lun = num(data.target_lun) ?? 0;
    if (!portal || !iqn) throw new BackendError('backend_error', 'Cinder answered iscsi connection info without a portal or target IQN.');
    const method = str(data.auth_method)?.toUpperCase();
    const username = str(data.auth_username);
    const password = str(data.auth_password);
    const chap = method === 'CHAP' && username && password ? { username, password } : undefined;
    return { protocol: 'iscsi', portal, iqn, lun, chap, discard };
  }
  return { protocol: 'unsupported', driverType };
}

const action = (volumeId: string) => `/volumes/${encodeURIComponent(volumeId)}/action`;

/** Reserves the volume for the instance and answers how `connector`'s host reaches it. */
export async function reserve(calls: CinderCalls, volumeId: string, instanceId: string, connector: VolumeConnector, opts?: CallOptions): Promise<VolumeAttachmentGrant> {
  if (!(await calls.isService(opts))) throw new BackendError('forbidden', SERVICE_ROLE_NEEDED, { detail: SERVICE_ROLE_NEEDED });
  if (atLeast(await calls.version(opts), ATTACHMENTS_VERSION)) {
    const body = await calls.post('/attachments', { attachment: { volume_uuid: volumeId, instance_uuid: instanceId, connector: connectorBody(connector), mode: 'rw' } }, opts);
    const attachment = obj(body.attachment) ?? {};
    const attachmentId = str(attachment.id);
    if (!attachmentId) throw new BackendError('backend_error', 'Cinder created an attachment without an id.');
    try {
      return { attachmentId, connection: toConnection(obj(attachment.connection_info)) };
    } catch (error) {
      await calls.remove(`/attachments/${encodeURIComponent(attachmentId)}`, { asService: true }).catch(() => undefined);
      throw error;
    }
  }
  await calls.post(action(volumeId), { 'os-reserve': null }, opts);
  try {
    const body = await calls.post(action(volumeId), { 'os-initialize_connection': { connector: connectorBody(connector) } }, opts);
    // The old path names no attachment until os-attach: the instance stands for it.
    return { attachmentId: '', connection: toConnection(obj(body.connection_info)) };
  } catch (error) {
    await calls.post(action(volumeId), { 'os-unreserve': null }, { asService: true }).catch(() => undefined);
    throw error;
  }
}

export async function complete(
  calls: CinderCalls,
  volumeId: string,
  attachmentId: string,
  instanceId: string,
  device: string,
  connector: VolumeConnector,
  opts?: CallOptions,
): Promise<void> {
  if (attachmentId) {
    const path = `/attachments/${encodeURIComponent(attachmentId)}`;
    // The device is known only now (the host picked it when the disk was plugged): without it
    // Cinder, Horizon and `cinder list` show the attachment's device as "na".
    await calls.put(path, { attachment: { connector: { ...connectorBody(connector), mountpoint: `/dev/${device}` } } }, opts);
    await calls.post(`${path}/action`, { 'os-complete': null }, opts);
    return;
  }
  await calls.post(action(volumeId), { 'os-attach': { instance_uuid: instanceId, mountpoint: `/dev/${device}`, mode: 'rw' } }, opts);
}

/** Revokes access and frees the volume: one DELETE with the attachments API, two actions without. */
export async function release(
  calls: CinderCalls,
  volumeId: string,
  attachmentId: string,
  connector: VolumeConnector,
  completed: boolean,
  opts?: CallOptions,
): Promise<void> {
  const o = { ...opts, asService: true };
  if (attachmentId && atLeast(await calls.version(opts), ATTACHMENTS_VERSION)) {
    await calls.remove(`/attachments/${encodeURIComponent(attachmentId)}`, o);
    return;
  }
  await calls.post(action(volumeId), { 'os-terminate_connection': { connector: connectorBody(connector) } }, o);
  if (completed) await calls.post(action(volumeId), { 'os-detach': attachmentId ? { attachment_id: attachmentId } : {} }, o);
  else await calls.post(action(volumeId), { 'os-unreserve': null }, o);
}
