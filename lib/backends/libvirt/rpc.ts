import 'server-only';
import {
  Proc,
  readDomain,
  readNamed,
  readSecret,
  readSnapshot,
  readTypedParams,
  readVol,
  writeDomain,
  writeNamed,
  writeSecret,
  writeSnapshot,
  writeVol,
  type DomainHandle,
  type NamedHandle,
  type SecretHandle,
  type SnapshotHandle,
  type TypedValue,
  type VolHandle,
} from './protocol';
import type { LibvirtByteStream, LibvirtTransport } from './transport';

/**
 * One function per libvirt call the adapter makes, named after the C API
 * (virConnectListAllDomains → listAllDomains), each one RPC round trip.
 */
type T = LibvirtTransport;
type S = AbortSignal | undefined;

export const DomainXmlFlags = { SECURE: 1, INACTIVE: 2 } as const;
/** virDomainStatsTypes */
export const StatsTypes = { STATE: 1, CPU_TOTAL: 2, BALLOON: 4, VCPU: 8, INTERFACE: 16, BLOCK: 32 } as const;
export const ListFlags = { INACTIVE: 1, ACTIVE: 2 } as const;
/** virDomainUndefineFlagsValues: managed save image, snapshot metadata, NVRAM go with the definition. */
export const UndefineFlags = { MANAGED_SAVE: 1, SNAPSHOTS_METADATA: 2, NVRAM: 4, CHECKPOINTS_METADATA: 16 } as const;

export async function connectGetType(t: T, s: S): Promise<string> {
  return (await t.call(Proc.CONNECT_GET_TYPE, undefined, s)).string();
}
export async function connectGetVersion(t: T, s: S): Promise<number> {
  return (await t.call(Proc.CONNECT_GET_VERSION, undefined, s)).uhyper();
}
export async function connectGetLibVersion(t: T, s: S): Promise<number> {
  return (await t.call(Proc.CONNECT_GET_LIB_VERSION, undefined, s)).uhyper();
}
export async function connectGetHostname(t: T, s: S): Promise<string> {
  return (await t.call(Proc.CONNECT_GET_HOSTNAME, undefined, s)).string();
}

export async function connectGetCapabilities(t: T, s: S): Promise<string> {
  return (await t.call(Proc.CONNECT_GET_CAPABILITIES, undefined, s)).string();
}

export interface NodeInfo {
  model: string;
  memoryKiB: number;
  cpus: number;
  mhz: number;
  nodes: number;
  sockets: number;
  cores: number;
  threads: number;
}
export async function nodeGetInfo(t: T, s: S): Promise<NodeInfo> {
  const r = await t.call(Proc.NODE_GET_INFO, undefined, s);
  // char model[32]: rpcgen sends each char as a 4-byte unit.
  let model = '';
  for (let i = 0; i < 32; i++) {
    const c = r.int();
    if (c > 0) model += String.fromCharCode(c);
  }
  return { model: model.replace(/\0.*$/, ''), memoryKiB: r.uhyper(), cpus: r.int(), mhz: r.int(), nodes: r.int(), sockets: r.int(), cores: r.int(), threads: r.int() };
}

// ----- domains -------------------------------------------------------------

export async function listAllDomains(t: T, flags: number, s: S): Promise<DomainHandle[]> {
  const r = await t.call(Proc.CONNECT_LIST_ALL_DOMAINS, (w) => w.int(1).uint(flags), s);
  return r.array(readDomain);
}

export interface DomainStats {
  dom: DomainHandle;
  params: Map<string, TypedValue>;
}
/** virConnectGetAllDomainStats / virDomainListGetStats: ONE call for any number of domains. */
export async function domainListGetStats(t: T, doms: DomainHandle[], stats: number, s: S): Promise<DomainStats[]> {
  const r = await t.call(
    Proc.CONNECT_GET_ALL_DOMAIN_STATS,
    (w) => {
      w.uint(doms.length);
      for (const d of doms) writeDomain(w, d);
      return w.uint(stats).uint(0);
    },
    s,
  );
  return r.array((x) => ({ dom: readDomain(x), params: readTypedParams(x) }));
}

export async function domainLookupByUuid(t: T, uuid: Buffer, s: S): Promise<DomainHandle> {
  return readDomain(await t.call(Proc.DOMAIN_LOOKUP_BY_UUID, (w) => w.fixedOpaque(uuid), s));
}
export async function domainLookupByName(t: T, name: string, s: S): Promise<DomainHandle> {
  return readDomain(await t.call(Proc.DOMAIN_LOOKUP_BY_NAME, (w) => w.string(name), s));
}
export async function domainGetXmlDesc(t: T, dom: DomainHandle, flags: number, s: S): Promise<string> {
  return (await t.call(Proc.DOMAIN_GET_XML_DESC, (w) => writeDomain(w, dom).uint(flags), s)).string();
}
export async function domainRename(t: T, dom: DomainHandle, newName: string, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_RENAME, (w) => writeDomain(w, dom).optionalString(newName).uint(0), s);
}
export async function domainGetState(t: T, dom: DomainHandle, s: S): Promise<{ state: number; reason: number }> {
  const r = await t.call(Proc.DOMAIN_GET_STATE, (w) => writeDomain(w, dom).uint(0), s);
  return { state: r.int(), reason: r.int() };
}
/** Whether the daemon starts the domain when it starts (virDomainGetAutostart / SetAutostart). */
export async function domainGetAutostart(t: T, dom: DomainHandle, s: S): Promise<boolean> {
  return (await t.call(Proc.DOMAIN_GET_AUTOSTART, (w) => writeDomain(w, dom), s)).int() === 1;
}
export async function domainSetAutostart(t: T, dom: DomainHandle, on: boolean, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_SET_AUTOSTART, (w) => writeDomain(w, dom).int(on ? 1 : 0), s);
}
export async function domainDefineXml(t: T, xml: string, s: S): Promise<DomainHandle> {
  return readDomain(await t.call(Proc.DOMAIN_DEFINE_XML, (w) => w.string(xml), s));
}

const domainOnly = (proc: number) => async (t: T, dom: DomainHandle, s: S) => {
  await t.call(proc, (w) => writeDomain(w, dom), s);
};
const domainFlags = (proc: number) => async (t: T, dom: DomainHandle, flags: number, s: S) => {
  await t.call(proc, (w) => writeDomain(w, dom).uint(flags), s);
};
export const domainCreate = domainOnly(Proc.DOMAIN_CREATE);
export const domainDestroy = domainOnly(Proc.DOMAIN_DESTROY);
export const domainShutdown = domainOnly(Proc.DOMAIN_SHUTDOWN);
export const domainSuspend = domainOnly(Proc.DOMAIN_SUSPEND);
export const domainResume = domainOnly(Proc.DOMAIN_RESUME);
export const domainReboot = domainFlags(Proc.DOMAIN_REBOOT);
export const domainReset = domainFlags(Proc.DOMAIN_RESET);
export const domainUndefineFlags = domainFlags(Proc.DOMAIN_UNDEFINE_FLAGS);
export const domainPmWakeup = domainFlags(Proc.DOMAIN_PM_WAKEUP);

/** virDomainDeviceModifyFlags: the running guest, the persistent definition, or both. */
export const DeviceFlags = { LIVE: 1, CONFIG: 2 } as const;
export async function domainAttachDeviceFlags(t: T, dom: DomainHandle, xml: string, flags: number, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_ATTACH_DEVICE_FLAGS, (w) => writeDomain(w, dom).string(xml).uint(flags), s);
}
export async function domainDetachDeviceFlags(t: T, dom: DomainHandle, xml: string, flags: number, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_DETACH_DEVICE_FLAGS, (w) => writeDomain(w, dom).string(xml).uint(flags), s);
}
/** Changes a device in place (a CD-ROM's medium, an interface's link state). */
export async function domainUpdateDeviceFlags(t: T, dom: DomainHandle, xml: string, flags: number, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_UPDATE_DEVICE_FLAGS, (w) => writeDomain(w, dom).string(xml).uint(flags), s);
}
/** Grows a running guest's disk (by its target or path); flags BYTES = 1 takes the size in bytes, not KiB. */
export async function domainBlockResize(t: T, dom: DomainHandle, disk: string, size: number, flags: number, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_BLOCK_RESIZE, (w) => writeDomain(w, dom).string(disk).uhyper(size).uint(flags), s);
}

// ----- secrets -------------------------------------------------------------

/** virSecretUsageType */
export const SecretUsage = { CEPH: 2, ISCSI: 3 } as const;
export async function secretLookupByUuid(t: T, uuid: Buffer, s: S): Promise<SecretHandle> {
  return readSecret(await t.call(Proc.SECRET_LOOKUP_BY_UUID, (w) => w.fixedOpaque(uuid), s));
}
export async function secretLookupByUsage(t: T, usageType: number, usageId: string, s: S): Promise<SecretHandle> {
  return readSecret(await t.call(Proc.SECRET_LOOKUP_BY_USAGE, (w) => w.int(usageType).string(usageId), s));
}
export async function secretDefineXml(t: T, xml: string, s: S): Promise<SecretHandle> {
  return readSecret(await t.call(Proc.SECRET_DEFINE_XML, (w) => w.string(xml).uint(0), s));
}
export async function secretSetValue(t: T, secret: SecretHandle, value: Buffer, s: S): Promise<void> {
  await t.call(Proc.SECRET_SET_VALUE, (w) => writeSecret(w, secret).opaque(value).uint(0), s);
}
export async function secretUndefine(t: T, secret: SecretHandle, s: S): Promise<void> {
  await t.call(Proc.SECRET_UNDEFINE, (w) => writeSecret(w, secret), s);
}

// ----- snapshots -----------------------------------------------------------

export async function domainListAllSnapshots(t: T, dom: DomainHandle, s: S): Promise<SnapshotHandle[]> {
  const r = await t.call(Proc.DOMAIN_LIST_ALL_SNAPSHOTS, (w) => writeDomain(w, dom).int(1).uint(0), s);
  return r.array(readSnapshot);
}
export async function domainSnapshotGetXmlDesc(t: T, snap: SnapshotHandle, s: S): Promise<string> {
  return (await t.call(Proc.DOMAIN_SNAPSHOT_GET_XML_DESC, (w) => writeSnapshot(w, snap).uint(0), s)).string();
}
export async function domainSnapshotCreateXml(t: T, dom: DomainHandle, xml: string, flags: number, s: S): Promise<SnapshotHandle> {
  return readSnapshot(await t.call(Proc.DOMAIN_SNAPSHOT_CREATE_XML, (w) => writeDomain(w, dom).string(xml).uint(flags), s));
}
export async function domainSnapshotLookupByName(t: T, dom: DomainHandle, name: string, s: S): Promise<SnapshotHandle> {
  return readSnapshot(await t.call(Proc.DOMAIN_SNAPSHOT_LOOKUP_BY_NAME, (w) => writeDomain(w, dom).string(name).uint(0), s));
}
export async function domainRevertToSnapshot(t: T, snap: SnapshotHandle, flags: number, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_REVERT_TO_SNAPSHOT, (w) => writeSnapshot(w, snap).uint(flags), s);
}
export async function domainSnapshotDelete(t: T, snap: SnapshotHandle, flags: number, s: S): Promise<void> {
  await t.call(Proc.DOMAIN_SNAPSHOT_DELETE, (w) => writeSnapshot(w, snap).uint(flags), s);
}

// ----- storage -------------------------------------------------------------

export async function listAllStoragePools(t: T, flags: number, s: S): Promise<NamedHandle[]> {
  return (await t.call(Proc.CONNECT_LIST_ALL_STORAGE_POOLS, (w) => w.int(1).uint(flags), s)).array(readNamed);
}
export async function storagePoolLookupByName(t: T, name: string, s: S): Promise<NamedHandle> {
  return readNamed(await t.call(Proc.STORAGE_POOL_LOOKUP_BY_NAME, (w) => w.string(name), s));
}
export async function storagePoolLookupByUuid(t: T, uuid: Buffer, s: S): Promise<NamedHandle> {
  return readNamed(await t.call(Proc.STORAGE_POOL_LOOKUP_BY_UUID, (w) => w.fixedOpaque(uuid), s));
}
export interface PoolInfo {
  /** virStoragePoolState: 0 inactive, 1 building, 2 running, 3 degraded, 4 inaccessible. */
  state: number;
  capacity: number;
  allocation: number;
  available: number;
}
export async function storagePoolGetInfo(t: T, pool: NamedHandle, s: S): Promise<PoolInfo> {
  const r = await t.call(Proc.STORAGE_POOL_GET_INFO, (w) => writeNamed(w, pool), s);
  return { state: r.uint(), capacity: r.uhyper(), allocation: r.uhyper(), available: r.uhyper() };
}
export async function storagePoolGetXmlDesc(t: T, pool: NamedHandle, s: S): Promise<string> {
  return (await t.call(Proc.STORAGE_POOL_GET_XML_DESC, (w) => writeNamed(w, pool).uint(0), s)).string();
}
/** A transient pool: started at once, gone when destroyed (nothing is defined on the host). */
export async function storagePoolCreateXml(t: T, xml: string, s: S): Promise<NamedHandle> {
  return readNamed(await t.call(Proc.STORAGE_POOL_CREATE_XML, (w) => w.string(xml).uint(0), s));
}
export async function storagePoolDestroy(t: T, pool: NamedHandle, s: S): Promise<void> {
  await t.call(Proc.STORAGE_POOL_DESTROY, (w) => writeNamed(w, pool), s);
}
export async function storagePoolRefresh(t: T, pool: NamedHandle, s: S): Promise<void> {
  await t.call(Proc.STORAGE_POOL_REFRESH, (w) => writeNamed(w, pool).uint(0), s);
}
export async function storagePoolListAllVolumes(t: T, pool: NamedHandle, s: S): Promise<VolHandle[]> {
  return (await t.call(Proc.STORAGE_POOL_LIST_ALL_VOLUMES, (w) => writeNamed(w, pool).int(1).uint(0), s)).array(readVol);
}
export async function storageVolLookupByName(t: T, pool: NamedHandle, name: string, s: S): Promise<VolHandle> {
  return readVol(await t.call(Proc.STORAGE_VOL_LOOKUP_BY_NAME, (w) => writeNamed(w, pool).string(name), s));
}
export async function storageVolLookupByPath(t: T, path: string, s: S): Promise<VolHandle> {
  return readVol(await t.call(Proc.STORAGE_VOL_LOOKUP_BY_PATH, (w) => w.string(path), s));
}
export async function storageVolGetXmlDesc(t: T, vol: VolHandle, s: S): Promise<string> {
  return (await t.call(Proc.STORAGE_VOL_GET_XML_DESC, (w) => writeVol(w, vol).uint(0), s)).string();
}
export async function storageVolCreateXml(t: T, pool: NamedHandle, xml: string, flags: number, s: S): Promise<VolHandle> {
  return readVol(await t.call(Proc.STORAGE_VOL_CREATE_XML, (w) => writeNamed(w, pool).string(xml).uint(flags), s));
}
export async function storageVolCreateXmlFrom(t: T, pool: NamedHandle, xml: string, clone: VolHandle, s: S): Promise<VolHandle> {
  return readVol(await t.call(Proc.STORAGE_VOL_CREATE_XML_FROM, (w) => writeVol(writeNamed(w, pool).string(xml), clone).uint(0), s));
}
export async function storageVolDelete(t: T, vol: VolHandle, s: S): Promise<void> {
  await t.call(Proc.STORAGE_VOL_DELETE, (w) => writeVol(w, vol).uint(0), s);
}
/** flags: 0 sets the new capacity (grow only unless SHRINK = 4). */
export async function storageVolResize(t: T, vol: VolHandle, capacity: number, flags: number, s: S): Promise<void> {
  await t.call(Proc.STORAGE_VOL_RESIZE, (w) => writeVol(w, vol).uhyper(capacity).uint(flags), s);
}
export async function storageVolUpload(t: T, vol: VolHandle, offset: number, length: number, data: AsyncIterable<Uint8Array>, s: S): Promise<void> {
  await t.upload(Proc.STORAGE_VOL_UPLOAD, (w) => writeVol(w, vol).uhyper(offset).uhyper(length).uint(0), data, s);
}

// ----- networks ------------------------------------------------------------

export async function listAllNetworks(t: T, flags: number, s: S): Promise<NamedHandle[]> {
  return (await t.call(Proc.CONNECT_LIST_ALL_NETWORKS, (w) => w.int(1).uint(flags), s)).array(readNamed);
}
/** flags 1 = VIR_NETWORK_XML_INACTIVE: the definition, not the running network. */
export async function networkGetXmlDesc(t: T, net: NamedHandle, s: S, flags = 0): Promise<string> {
  return (await t.call(Proc.NETWORK_GET_XML_DESC, (w) => writeNamed(w, net).uint(flags), s)).string();
}
export async function storageVolLookupByKey(t: T, key: string, s: S): Promise<VolHandle> {
  return readVol(await t.call(Proc.STORAGE_VOL_LOOKUP_BY_KEY, (w) => w.string(key), s));
}
export async function storagePoolLookupByVolume(t: T, vol: VolHandle, s: S): Promise<NamedHandle> {
  return storagePoolLookupByName(t, vol.pool, s);
}
export async function networkLookupByName(t: T, name: string, s: S): Promise<NamedHandle> {
  return readNamed(await t.call(Proc.NETWORK_LOOKUP_BY_NAME, (w) => w.string(name), s));
}
export async function networkIsActive(t: T, net: NamedHandle, s: S): Promise<boolean> {
  return (await t.call(Proc.NETWORK_IS_ACTIVE, (w) => writeNamed(w, net), s)).int() === 1;
}
export async function networkIsPersistent(t: T, net: NamedHandle, s: S): Promise<boolean> {
  return (await t.call(Proc.NETWORK_IS_PERSISTENT, (w) => writeNamed(w, net), s)).int() === 1;
}
export async function networkDefineXml(t: T, xml: string, s: S): Promise<NamedHandle> {
  return readNamed(await t.call(Proc.NETWORK_DEFINE_XML, (w) => w.string(xml), s));
}
export async function networkCreate(t: T, net: NamedHandle, s: S): Promise<void> {
  await t.call(Proc.NETWORK_CREATE, (w) => writeNamed(w, net), s);
}
export async function networkDestroy(t: T, net: NamedHandle, s: S): Promise<void> {
  await t.call(Proc.NETWORK_DESTROY, (w) => writeNamed(w, net), s);
}
export async function networkUndefine(t: T, net: NamedHandle, s: S): Promise<void> {
  await t.call(Proc.NETWORK_UNDEFINE, (w) => writeNamed(w, net), s);
}
export async function networkGetAutostart(t: T, net: NamedHandle, s: S): Promise<boolean> {
  return (await t.call(Proc.NETWORK_GET_AUTOSTART, (w) => writeNamed(w, net), s)).int() === 1;
}
export async function networkSetAutostart(t: T, net: NamedHandle, on: boolean, s: S): Promise<void> {
  await t.call(Proc.NETWORK_SET_AUTOSTART, (w) => writeNamed(w, net).int(on ? 1 : 0), s);
}
/** virNetworkUpdateCommand, virNetworkUpdateSection and virNetworkUpdateFlags. */
export const NetworkUpdate = {
  DELETE: 2, ADD_LAST: 3, SECTION_IP_DHCP_RANGE: 5, AFFECT_LIVE: 1, AFFECT_CONFIG: 2,
} as const;
export async function networkUpdate(t: T, net: NamedHandle, command: number, section: number, parentIndex: number, xml: string, flags: number, s: S): Promise<void> {
  await t.call(Proc.NETWORK_UPDATE, (w) => writeNamed(w, net).uint(command).uint(section).int(parentIndex).string(xml).uint(flags), s);
}
export interface DhcpLeaseRow {
  iface: string;
  expiryTime: number;
  type: number;
  mac?: string;
  iaid?: string;
  ipaddr: string;
  prefix: number;
  hostname?: string;
  clientid?: string;
}
export async function networkGetDhcpLeases(t: T, net: NamedHandle, s: S): Promise<DhcpLeaseRow[]> {
  const r = await t.call(Proc.NETWORK_GET_DHCP_LEASES, (w) => writeNamed(w, net).optionalString(undefined).int(1).uint(0), s);
  return r.array((x) => ({
    iface: x.string(), expiryTime: x.hyper(), type: x.int(), mac: x.optionalString(), iaid: x.optionalString(), ipaddr: x.string(),
    prefix: x.uint(), hostname: x.optionalString(), clientid: x.optionalString(),
  }));
}

/** virDomainInterfaceAddressesSource: dnsmasq's leases, the QEMU guest agent, the host's ARP table (4.2+). */
export const InterfaceAddressSource = { LEASE: 0, AGENT: 1, ARP: 2 } as const;
export interface DomainInterfaceRow {
  name: string;
  hwaddr?: string;
  /** type 0 IPv4, 1 IPv6 (virIPAddrType). */
  addrs: { type: number; addr: string; prefix: number }[];
}
export async function domainInterfaceAddresses(t: T, dom: DomainHandle, source: number, s: S): Promise<DomainInterfaceRow[]> {
  const r = await t.call(Proc.DOMAIN_INTERFACE_ADDRESSES, (w) => writeDomain(w, dom).uint(source).uint(0), s);
  return r.array((x) => ({
    name: x.string(),
    hwaddr: x.optionalString(),
    addrs: x.array((a) => ({ type: a.int(), addr: a.string(), prefix: a.uint() })),
  }));
}

/** virDomainConsoleFlags: FORCE takes the console over from another client (a tab left open). */
export const ConsoleFlags = { FORCE: 1, SAFE: 2 } as const;
/** The guest's serial console (its first <console>, or `devName`) as a byte stream both ways. */
export function domainOpenConsole(t: T, dom: DomainHandle, devName: string | undefined, flags: number, s: S): Promise<LibvirtByteStream> {
  return t.openStream(Proc.DOMAIN_OPEN_CONSOLE, (w) => writeDomain(w, dom).optionalString(devName).uint(flags), s);
}

// ----- migration -----------------------------------------------------------

/** virDomainMigrateFlags the adapter sends. */
export const MigrateFlags = { LIVE: 1, PEER2PEER: 2, PERSIST_DEST: 8, UNDEFINE_SOURCE: 16 } as const;
/**
 * virDomainMigrateToURI3 in peer-to-peer mode is ONE call on the source daemon
 * (remote_domain_migrate_perform3_params_args: dom, dconnuri, typed params,
 * cookie_in, flags): that daemon opens `dconnuri` itself and drives the whole
 * migration, answering only when it is over (cookie_out, unused here).
 */
export async function domainMigratePerform3Params(t: T, dom: DomainHandle, dconnuri: string, flags: number, s: S): Promise<void> {
  await t.call(
    Proc.DOMAIN_MIGRATE_PERFORM3_PARAMS,
    (w) => writeDomain(w, dom).optionalString(dconnuri).uint(0).opaque(Buffer.alloc(0)).uint(flags),
    s,
  );
}
/** virDomainJobType */
export const JobType = { NONE: 0, BOUNDED: 1, UNBOUNDED: 2, COMPLETED: 3, FAILED: 4, CANCELLED: 5 } as const;
export interface JobStats {
  type: number;
  /** data_total, data_processed, data_remaining, time_elapsed, operation… (VIR_DOMAIN_JOB_*). */
  params: Map<string, TypedValue>;
}
/** The domain's current job (a migration under way), asked while the migration call still waits. */
export async function domainGetJobStats(t: T, dom: DomainHandle, flags: number, s: S): Promise<JobStats> {
  const r = await t.call(Proc.DOMAIN_GET_JOB_STATS, (w) => writeDomain(w, dom).uint(flags), s);
  return { type: r.int(), params: readTypedParams(r) };
}
/** Ends the domain's current job; a migration cancelled so leaves the guest running where it was. */
export const domainAbortJob = domainOnly(Proc.DOMAIN_ABORT_JOB);
