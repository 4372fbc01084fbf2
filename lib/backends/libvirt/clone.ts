import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { qualifyId, type QualifiedId } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import type { CallOptions, CreatedRef } from '../types';
import { cloneDomainXml, type ClonedDisks } from './clone-xml';
import type { LibvirtContext } from './context';
import { lookupDomain } from './domains';
import { volumeXml } from './domain-xml';
import { uuidToString, type VolHandle } from './protocol';
import * as rpc from './rpc';
import { parseDomainXml } from './transform';
import { child, parseXml, textOf } from './xml';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SEED_SUFFIX = '-cidata.iso';

/**
 * A full clone of a shut-off domain (what virt-clone does): every disk volume is copied inside its
 * pool (virStorageVolCreateXMLFrom: the bytes never pass through the dashboard, a qcow2 overlay
 * becomes a whole image), then the copy is defined with a new UUID and new MACs. libvirt copies
 * synchronously, so the call returns when the clone exists; a failure part-way deletes the copies.
 */
export async function cloneVm(ctx: LibvirtContext, id: QualifiedId, name: string, opts?: CallOptions): Promise<CreatedRef> {
  const s = opts?.signal;
  if (!NAME.test(name)) throw new BackendError('invalid_input', 'A VM name may use letters, digits, ".", "_" and "-" (up to 64, starting with a letter or digit).');
  const dom = await lookupDomain(ctx, id, opts);
  // A running guest writes to its disks while they are copied: the copy would be torn.
  if (dom.id >= 0) {
    const words = `The VM "${dom.name}" is running: stop it before cloning it.`;
    throw new BackendError('conflict', words, { detail: words });
  }
  try {
    await rpc.domainLookupByName(ctx.transport, name, s);
    const words = `A VM named "${name}" already exists on this host.`;
    throw new BackendError('conflict', words, { detail: words });
  } catch (error) {
    if (!isBackendError(error, 'not_found')) throw error;
  }
  const xml = await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE | rpc.DomainXmlFlags.SECURE, s);
  const facts = parseDomainXml(xml);
  const isSeedFile = (file: string | undefined) => file?.split('/').pop() === `${facts.name}${SEED_SUFFIX}`;
  const disks: ClonedDisks = { byPath: new Map(), byVolume: new Map() };
  const created: VolHandle[] = [];
  try {
    let index = 0;
    for (const disk of facts.disks.filter((d) => d.device === 'disk')) {
      let source: VolHandle;
      try {
        source = disk.pool && disk.volume
          ? await rpc.storageVolLookupByName(ctx.transport, await rpc.storagePoolLookupByName(ctx.transport, disk.pool, s), disk.volume, s)
          : await rpc.storageVolLookupByPath(ctx.transport, disk.source ?? '', s);
      } catch (error) {
        if (!isBackendError(error, 'not_found')) throw error;
        const words = `The disk ${disk.target} of "${facts.name}" is in no storage pool, so libvirt cannot copy it.`;
        throw new BackendError('conflict', words, { detail: words });
      }
      const info = parseXml(await rpc.storageVolGetXmlDesc(ctx.transport, source, s));
      // qcow2 stays qcow2; anything else is copied (and converted by libvirt) to raw.
      const format = child(info, 'target', 'format')?.attrs.type === 'qcow2' ? 'qcow2' : 'raw';
      const capacity = Number(textOf(info, 'capacity') ?? 0);
      const pool = await rpc.storagePoolLookupByName(ctx.transport, source.pool, s);
      const copyName = `${name}-disk${index++}.${format === 'qcow2' ? 'qcow2' : 'img'}`;
      const copy = await rpc.storageVolCreateXmlFrom(ctx.transport, pool, volumeXml({ name: copyName, capacityBytes: capacity, format }), source, s);
      created.push(copy);
      if (disk.pool && disk.volume) disks.byVolume.set(`${disk.pool}/${disk.volume}`, { pool: disk.pool, volume: copy.name });
      else disks.byPath.set(disk.source!, textOf(parseXml(await rpc.storageVolGetXmlDesc(ctx.transport, copy, s)), 'target', 'path') ?? copy.key);
    }
    const cloneXml = cloneDomainXml(xml, {
      name,
      // VNC passwords are at most 8 characters (RFB DES).
      password: randomBytes(6).toString('base64url'),
      disks,
      isSeed: (d) => d.attrs.device === 'cdrom' && (isSeedFile(child(d, 'source')?.attrs.file) || isSeedFile(child(d, 'source')?.attrs.volume)),
    });
    const handle = await rpc.domainDefineXml(ctx.transport, cloneXml, s);
    const uuid = uuidToString(handle.uuid);
    return { id: qualifyId(ctx.connectionId, uuid), correlationId: randomUUID() };
  } catch (error) {
    for (const vol of created.reverse()) await rpc.storageVolDelete(ctx.transport, vol, undefined).catch(() => undefined);
    throw error;
  }
}
