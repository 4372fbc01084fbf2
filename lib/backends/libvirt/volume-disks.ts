import 'server-only';
import net from 'node:net';
import type { QualifiedId } from '@/lib/domain';
import type { VolumeConnection, VolumeConnector } from '@/lib/domain/volumes';
import { BackendError, isBackendError } from '../errors';
import type { CallOptions } from '../types';
import { proveCephAccess } from './ceph-probe';
import type { LibvirtContext } from './context';
import { hostRef } from './context';
import { lookupDomain } from './domains';
import { nextTarget } from './domain-xml';
import { uuidFromString, uuidToString, type DomainHandle, type SecretHandle } from './protocol';
import * as rpc from './rpc';
import { child, children, esc, parseXml, textOf, toXml, type XmlElement } from './xml';

/**
 * Block storage volumes (Cinder's) as disks of a domain: the connector this host gives the storage
 * service, and hot-plug / unplug of a network disk built from the connection the service answered.
 * QEMU itself opens the volume (librbd for rbd, libiscsi for iscsi), so the host needs no kernel
 * mapping and no iscsiadm. Disks go on a virtio-scsi bus: a guest without an OS never acknowledges a
 * virtio-blk unplug, and a SCSI disk attaches and detaches in a tenth of a second.
 */

/** What this host tells the storage service: its name, its address, its iSCSI initiator name. */
export async function volumeConnector(ctx: LibvirtContext, opts?: CallOptions): Promise<VolumeConnector> {
  const host = (await hostRef(ctx, opts)).name!;
  const target = ctx.target.host;
  const ip = ctx.target.connectorIp ?? (target && net.isIP(target) ? target : '127.0.0.1');
  const initiator = ctx.target.initiator ?? `iqn.2026-01.io.virtdash:${host.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}`;
  return { host, ip, initiator };
}

/** The usage name of a ceph secret the dashboard defines when the storage service names no uuid. */
const cephUsage = (user: string) => `client.${user} (virtdash)`;

/**
 * The libvirt secret holding the Ceph user's key. With a key stored on this connection, the secret
 * (the uuid the storage service names, or ours by usage) is defined if missing and given that key
 * every time, so a key changed in the dashboard takes effect; without one, a secret must already
 * exist on the host under the uuid the service names.
 */
async function cephSecret(ctx: LibvirtContext, auth: { username: string; secretUuid?: string }, opts?: CallOptions): Promise<string> {
  const s = opts?.signal;
  let secret: SecretHandle | undefined;
  const uuid = auth.secretUuid ? uuidFromString(auth.secretUuid) : undefined;
  if (auth.secretUuid && !uuid) throw new BackendError('backend_error', `The storage service named the secret "${auth.secretUuid}", which is not a UUID.`);
  try {
    secret = uuid
      ? await rpc.secretLookupByUuid(ctx.transport, uuid, s)
      : await rpc.secretLookupByUsage(ctx.transport, rpc.SecretUsage.CEPH, cephUsage(auth.username), s);
  } catch (error) {
    if (!isBackendError(error, 'not_found')) throw error;
  }
  if (!ctx.cephKey) {
    if (secret) return uuidToString(secret.uuid);
    const words = auth.secretUuid
      ? `This libvirt host has no secret ${auth.secretUuid} with the key of the Ceph user "${auth.username}": store that key on the libvirt connection, or define the secret on the host.`
      : `The storage service names no libvirt secret for the Ceph user "${auth.username}": store that user's key on the libvirt connection.`;
    throw new BackendError('invalid_input', words, { detail: words });
  }
  if (!secret) {
    const xml =
      `<secret ephemeral='no' private='yes'>${auth.secretUuid ? `<uuid>${esc(auth.secretUuid)}</uuid>` : ''}` +
      `<usage type='ceph'><name>${esc(cephUsage(auth.username))}</name></usage></secret>`;
    secret = await rpc.secretDefineXml(ctx.transport, xml, s);
  }
  // libvirt keeps the raw key bytes; Ceph keyrings hold them in base64.
  await rpc.secretSetValue(ctx.transport, secret, Buffer.from(ctx.cephKey, 'base64'), s);
  return uuidToString(secret.uuid);
}

/** A per-volume iSCSI CHAP secret (usage = the target), defined again with the service's password at each attach. */
async function iscsiSecret(ctx: LibvirtContext, usage: string, password: string, opts?: CallOptions): Promise<string> {
  const s = opts?.signal;
  let secret: SecretHandle;
  try {
    secret = await rpc.secretLookupByUsage(ctx.transport, rpc.SecretUsage.ISCSI, usage, s);
  } catch (error) {
    if (!isBackendError(error, 'not_found')) throw error;
    secret = await rpc.secretDefineXml(ctx.transport, `<secret ephemeral='no' private='yes'><usage type='iscsi'><target>${esc(usage)}</target></usage></secret>`, s);
  }
  await rpc.secretSetValue(ctx.transport, secret, Buffer.from(password, 'utf8'), s);
  return uuidToString(secret.uuid);
}

export interface VolumeDiskSpec {
  /** The storage service's id of the volume: written as the disk's serial, which is how detach finds it again. */
  volumeId: string;
  connection: VolumeConnection;
  target: string;
  /** rbd: the uuid of the secret with the user's key; iscsi: the CHAP secret. */
  secretUuid?: string;
  /** The VM boots from this disk (per-device boot order, as the domains this adapter defines use). */
  bootOrder?: number;
}

/** The `<disk>` for a volume (pure: every value escaped). Refuses a transport QEMU cannot open itself. */
export function volumeDiskXml(spec: VolumeDiskSpec): string {
  const c = spec.connection;
  const boot = spec.bootOrder ? `<boot order='${esc(spec.bootOrder)}'/>` : '';
  const tail = `<target dev='${esc(spec.target)}' bus='scsi'/>${boot}<serial>${esc(spec.volumeId)}</serial>`;
  if (c.protocol === 'rbd') {
    if (c.monitors.length === 0) throw new BackendError('backend_error', 'The storage service named no Ceph monitor for this volume.');
    const hosts = c.monitors.map((m) => `<host name='${esc(m.host)}' port='${esc(m.port)}'/>`).join('');
    const auth = c.auth ? `<auth username='${esc(c.auth.username)}'><secret type='ceph' uuid='${esc(spec.secretUuid ?? '')}'/></auth>` : '';
    return (
      `<disk type='network' device='disk'><driver name='qemu' type='raw' cache='none'${c.discard ? ` discard='unmap'` : ''}/>` +
      `<source protocol='rbd' name='${esc(c.name)}'>${hosts}${auth}</source>${tail}</disk>`
    );
  }
  if (c.protocol === 'iscsi') {
    const auth = c.chap ? `<auth username='${esc(c.chap.username)}'><secret type='iscsi' uuid='${esc(spec.secretUuid ?? '')}'/></auth>` : '';
    return (
      `<disk type='network' device='disk'><driver name='qemu' type='raw' cache='none'${c.discard ? ` discard='unmap'` : ''}/>` +
      `<source protocol='iscsi' name='${esc(`${c.iqn}/${c.lun}`)}'><host name='${esc(c.portal.host)}' port='${esc(c.portal.port)}'/>${auth}</source>${tail}</disk>`
    );
  }
  throw unsupported(c.driverType);
}

function unsupported(driverType: string): BackendError {
  const words = `Volumes served over "${driverType}" cannot be attached to a libvirt VM here: QEMU opens rbd and iscsi volumes itself, other transports need the host to map them.`;
  return new BackendError('invalid_input', words, { detail: words });
}

/** The domain's definition (inactive) and, when it runs, its live XML. */
async function domainDocs(ctx: LibvirtContext, dom: DomainHandle, opts?: CallOptions) {
  const s = opts?.signal;
  const inactive = parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE, s));
  const live = dom.id >= 0 ? parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, 0, s)) : undefined;
  return { inactive, live };
}

const disksOf = (doc: XmlElement | undefined) => children(child(doc, 'devices'), 'disk');
const hasScsiController = (doc: XmlElement | undefined) =>
  children(child(doc, 'devices'), 'controller').some((c) => c.attrs.type === 'scsi');

/**
 * Plugs a volume into a VM, running (live and in its definition, so it survives a restart) or
 * stopped (definition only). Nothing is changed when a check fails; libvirt applies one attach to
 * both or neither. Returns the disk's target name (sdb…).
 */
export async function attachVolumeDisk(
  ctx: LibvirtContext,
  vmId: QualifiedId,
  input: { volumeId: string; connection: VolumeConnection; bootOrder?: number },
  opts?: CallOptions,
): Promise<{ device: string }> {
  const s = opts?.signal;
  const c = input.connection;
  if (c.protocol === 'unsupported') throw unsupported(c.driverType);
  if (ctx.target.driver !== 'qemu') throw new BackendError('invalid_input', `Volumes attach to QEMU domains only; this connection uses the "${ctx.target.driver}" driver.`);
  const dom = await lookupDomain(ctx, vmId, opts);
  const { inactive, live } = await domainDocs(ctx, dom, opts);
  const all = [...disksOf(inactive), ...disksOf(live)];
  if (all.some((d) => textOf(d, 'serial') === input.volumeId)) {
    throw new BackendError('conflict', `The volume ${input.volumeId} is already a disk of "${dom.name}".`);
  }
  const flags = live ? rpc.DeviceFlags.LIVE | rpc.DeviceFlags.CONFIG : rpc.DeviceFlags.CONFIG;
  const targets = all.map((d) => child(d, 'target')?.attrs.dev ?? '').filter(Boolean);
  const target = nextTarget('scsi', targets);
  let secretUuid: string | undefined;
  if (c.protocol === 'rbd' && c.auth) {
    secretUuid = await cephSecret(ctx, c.auth, opts);
    // Before the domain changes: a key the monitors refuse is named within a second instead of
    // hanging QEMU's hot-plug (or the VM's start) for Ceph's 300 s mount timeout.
    await proveCephAccess(ctx, c, secretUuid, opts);
  }
  if (c.protocol === 'iscsi' && c.chap) secretUuid = await iscsiSecret(ctx, `${c.iqn}/${c.lun}`, c.chap.password, opts);
  const disk = volumeDiskXml({ volumeId: input.volumeId, connection: c, target, secretUuid, bootOrder: input.bootOrder });
  // Without a SCSI controller libvirt would add an emulated LSI one; virtio-scsi is what guests expect.
  const controller = `<controller type='scsi' model='virtio-scsi'/>`;
  try {
    if (input.bootOrder) {
      // A boot disk goes into a stopped VM's definition. libvirt gave a domain without per-device
      // boot orders an <os><boot dev='hd'/>, which it refuses beside a disk's <boot order>: that
      // element goes, in one define (the SECURE XML keeps the console password).
      if (live) throw new BackendError('conflict', `"${dom.name}" is running: a boot volume is added to a stopped VM only.`);
      let xml = await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE | rpc.DomainXmlFlags.SECURE, s);
      xml = xml.replace(/<boot dev=[^>]*\/>\s*/g, '').replace('</devices>', () => `${disk}${hasScsiController(inactive) ? '' : controller}</devices>`);
      await rpc.domainDefineXml(ctx.transport, xml, s);
    } else {
      const controllerFlags = (live && !hasScsiController(live) ? rpc.DeviceFlags.LIVE : 0) | (hasScsiController(inactive) ? 0 : rpc.DeviceFlags.CONFIG);
      if (controllerFlags) await rpc.domainAttachDeviceFlags(ctx.transport, dom, controller, controllerFlags, s);
      await rpc.domainAttachDeviceFlags(ctx.transport, dom, disk, flags, s);
    }
  } finally {
    ctx.domains.delete(uuidToString(dom.uuid));
  }
  return { device: target };
}

/**
 * Unplugs the disk carrying the volume's id as its serial, from the running guest and from the
 * definition. A volume that is no disk of the VM is not an error: the detach may be finishing one
 * that failed half-way.
 */
export async function detachVolumeDisk(ctx: LibvirtContext, vmId: QualifiedId, volumeId: string, opts?: CallOptions): Promise<{ detached: boolean }> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const { inactive, live } = await domainDocs(ctx, dom, opts);
  const find = (doc: XmlElement | undefined) => disksOf(doc).find((d) => textOf(d, 'serial') === volumeId);
  const inLive = find(live);
  const inConfig = find(inactive);
  try {
    if (inLive) {
      await rpc.domainDetachDeviceFlags(ctx.transport, dom, toXml(inLive), rpc.DeviceFlags.LIVE, s);
      await waitUntilGone(ctx, dom, volumeId, opts);
    }
    if (inConfig) await rpc.domainDetachDeviceFlags(ctx.transport, dom, toXml(inConfig), rpc.DeviceFlags.CONFIG, s);
  } finally {
    ctx.domains.delete(uuidToString(dom.uuid));
  }
  return { detached: !!(inLive || inConfig) };
}

/**
 * A live detach returns once QEMU was asked; the disk leaves when the guest lets go (at once for
 * SCSI). Only then may the storage service revoke the host's access.
 */
async function waitUntilGone(ctx: LibvirtContext, dom: DomainHandle, volumeId: string, opts?: CallOptions): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const live = parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, 0, opts?.signal));
    if (!disksOf(live).some((d) => textOf(d, 'serial') === volumeId)) return;
    if (Date.now() > deadline) {
      const words = `The guest of "${dom.name}" has not released the volume's disk after 15 s; it is still attached.`;
      throw new BackendError('timeout', words, { detail: words });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
