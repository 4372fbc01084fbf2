/**
 * libvirt XML and numbers → the provider-neutral model (the toInternal half of
 * ovirt-web-ui's transform.js). Pure functions, table-tested in transform.test.ts.
 */
import { virtualInfoOf } from './network-xml';
import {
  qualifyId,
  type ConsoleProtocol,
  type Disk,
  type Network,
  type Nic,
  type Snapshot,
  type StorageDomain,
  type StorageDomainStatus,
  type StorageType,
  type Vm,
  type VmStatus,
} from '@/lib/domain';
import { bytesOf, child, children, parseXml, textOf, unitFactor, type XmlElement } from './xml';

/** virDomainState → [common status, libvirt's word]. */
const DOMAIN_STATES: Record<number, [VmStatus, string]> = {
  0: ['unknown', 'nostate'],
  1: ['running', 'running'],
  2: ['running', 'blocked'],
  3: ['paused', 'paused'],
  4: ['stopping', 'shutdown'],
  5: ['stopped', 'shutoff'],
  6: ['error', 'crashed'],
  7: ['suspended', 'pmsuspended'],
};

export function domainStatus(state: number): { status: VmStatus; nativeStatus: string } {
  const [status, nativeStatus] = DOMAIN_STATES[state] ?? ['unknown', `state ${state}`];
  return { status, nativeStatus };
}

/** Every libvirt state word (and common word) a `status` filter may use. */
export function matchesStatus(vm: Pick<Vm, 'status' | 'nativeStatus'>, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  return vm.status === w || vm.nativeStatus === w;
}

export interface DomainFacts {
  uuid: string;
  name: string;
  description?: string;
  memoryBytes?: number;
  vcpus?: number;
  cpu?: { sockets: number; cores: number; threads: number };
  os?: string;
  disks: DomainDisk[];
  nics: DomainNic[];
  graphics: DomainGraphics[];
}

export interface DomainDisk {
  target: string;
  bus?: string;
  device: string;
  source?: string;
  /** The pool/volume pair of `<source pool= volume=>` disks. */
  pool?: string;
  volume?: string;
  format?: string;
  readOnly: boolean;
  bootOrder?: number;
  /** `<serial>`: a block storage volume plugged by the dashboard carries its volume id here. */
  serial?: string;
}

export interface DomainNic {
  index: number;
  mac?: string;
  model?: string;
  network?: string;
  bridge?: string;
  type: string;
  linked: boolean;
}

export interface DomainGraphics {
  protocol: ConsoleProtocol;
  port?: number;
  tlsPort?: number;
  listen?: string;
  password?: string;
  passwordValidTo?: Date;
  websocket?: number;
}

function int(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function parseDomainXml(xml: string): DomainFacts {
  const dom = parseXml(xml);
  const devices = child(dom, 'devices');
  const topology = child(dom, 'cpu', 'topology');
  const memory = child(dom, 'memory');
  const memoryBytes = memory ? Number(memory.text.trim()) * unitFactor(memory.attrs.unit, 1024) : undefined;
  const disks: DomainDisk[] = children(devices, 'disk').map((d) => {
    const source = child(d, 'source');
    return {
      target: child(d, 'target')?.attrs.dev ?? '',
      bus: child(d, 'target')?.attrs.bus,
      device: d.attrs.device ?? 'disk',
      source: source?.attrs.file ?? source?.attrs.dev ?? source?.attrs.name ?? (source?.attrs.volume ? undefined : undefined),
      pool: source?.attrs.pool,
      volume: source?.attrs.volume,
      format: child(d, 'driver')?.attrs.type,
      readOnly: !!child(d, 'readonly') || d.attrs.device === 'cdrom',
      bootOrder: int(child(d, 'boot')?.attrs.order),
      serial: textOf(d, 'serial'),
    };
  });
  const nics: DomainNic[] = children(devices, 'interface').map((n, index) => ({
    index,
    type: n.attrs.type ?? 'network',
    mac: child(n, 'mac')?.attrs.address,
    model: child(n, 'model')?.attrs.type,
    network: child(n, 'source')?.attrs.network,
    bridge: child(n, 'source')?.attrs.bridge,
    linked: child(n, 'link')?.attrs.state !== 'down',
  }));
  const graphics: DomainGraphics[] = children(devices, 'graphics')
    .filter((g) => g.attrs.type === 'vnc' || g.attrs.type === 'spice')
    .map((g) => graphicsOf(g));
  return {
    uuid: textOf(dom, 'uuid') ?? '',
    name: textOf(dom, 'name') ?? '',
    description: textOf(dom, 'description') ?? textOf(dom, 'title'),
    memoryBytes: Number.isFinite(memoryBytes) ? memoryBytes : undefined,
    vcpus: int(textOf(dom, 'vcpu')),
    cpu: topology
      ? { sockets: int(topology.attrs.sockets) ?? 1, cores: int(topology.attrs.cores) ?? 1, threads: int(topology.attrs.threads) ?? 1 }
      : undefined,
    os: child(dom, 'os', 'type')?.text.trim() || undefined,
    disks,
    nics,
    graphics,
  };
}

function graphicsOf(g: XmlElement): DomainGraphics {
  const port = int(g.attrs.port);
  const tlsPort = int(g.attrs.tlsPort);
  const listenEl = children(g, 'listen').find((l) => l.attrs.type === 'address' && l.attrs.address);
  const validTo = g.attrs.passwdValidTo ? new Date(g.attrs.passwdValidTo) : undefined;
  return {
    protocol: g.attrs.type as ConsoleProtocol,
    // -1 = autoport not yet assigned (the domain is not running).
    port: port !== undefined && port > 0 ? port : undefined,
    tlsPort: tlsPort !== undefined && tlsPort > 0 ? tlsPort : undefined,
    listen: listenEl?.attrs.address ?? g.attrs.listen,
    password: g.attrs.passwd,
    passwordValidTo: validTo && !Number.isNaN(validTo.getTime()) ? validTo : undefined,
    websocket: int(g.attrs.websocket),
  };
}

export function toVm(connectionId: string, facts: DomainFacts, state: number, host?: { id: string; name: string }, cluster?: { id: string; name: string }): Vm {
  const { status, nativeStatus } = domainStatus(state);
  const vcpus = facts.vcpus ?? 1;
  return {
    id: qualifyId(connectionId, facts.uuid),
    nativeId: facts.uuid,
    connectionId,
    name: facts.name,
    description: facts.description,
    status,
    nativeStatus,
    memoryBytes: facts.memoryBytes,
    // No <topology>: libvirt gives the guest one socket per vCPU.
    cpu: facts.cpu ?? { sockets: vcpus, cores: 1, threads: 1 },
    os: facts.os,
    host: host ? { id: host.id, name: host.name } : undefined,
    cluster,
    disks: facts.disks.filter((d) => d.device === 'disk' || d.device === 'cdrom').map((d) => diskOfDomain(connectionId, facts, d)),
    nics: facts.nics.map((n) => nicOf(connectionId, facts, n)),
  };
}

function diskOfDomain(connectionId: string, facts: DomainFacts, d: DomainDisk): Disk {
  // The volume path is the volume key in file-based pools: the same id the disks list uses.
  const nativeId = d.source ?? (d.pool && d.volume ? `${d.pool}/${d.volume}` : `${facts.uuid}/${d.target}`);
  return {
    id: qualifyId(connectionId, nativeId),
    nativeId,
    connectionId,
    name: d.volume ?? (d.source ? d.source.split('/').pop()! : d.target),
    description: d.target,
    status: 'ok',
    format: d.format === 'qcow2' ? 'cow' : d.format,
    contentType: d.device === 'cdrom' ? 'iso' : 'data',
    bootable: d.bootOrder === 1 || (d.bootOrder === undefined && d.target.endsWith('da')),
    interface: d.bus,
    active: true,
    readOnly: d.readOnly,
  };
}

function nicOf(connectionId: string, facts: DomainFacts, n: DomainNic): Nic {
  const nativeId = `${facts.uuid}/${n.mac ?? `nic${n.index}`}`;
  return {
    id: qualifyId(connectionId, nativeId),
    nativeId,
    connectionId,
    name: `nic${n.index + 1}`,
    mac: n.mac,
    interface: n.model,
    plugged: true,
    linked: n.linked,
    network: n.network ? { id: qualifyId(connectionId, `network:${n.network}`), name: n.network } : undefined,
  };
}

// ----- storage pools -------------------------------------------------------

const POOL_TYPES: Record<string, StorageType> = {
  dir: 'dir',
  fs: 'fs',
  netfs: 'netfs',
  logical: 'logical',
  iscsi: 'iscsi',
  'iscsi-direct': 'iscsi',
  rbd: 'rbd',
  gluster: 'glusterfs',
};

/** virStoragePoolState → common status. */
const POOL_STATES: Record<number, [StorageDomainStatus, string]> = {
  0: ['inactive', 'inactive'],
  1: ['transitioning', 'building'],
  2: ['active', 'running'],
  3: ['error', 'degraded'],
  4: ['error', 'inaccessible'],
};

export function toStorageDomain(
  connectionId: string,
  xml: string,
  info: { state: number; capacity: number; allocation: number; available: number },
): StorageDomain {
  const pool = parseXml(xml);
  const uuid = textOf(pool, 'uuid') ?? '';
  const type = pool.attrs.type ?? 'other';
  const source = child(pool, 'source');
  const [status, nativeStatus] = POOL_STATES[info.state] ?? ['unknown', `state ${info.state}`];
  const active = info.state === 2;
  return {
    id: qualifyId(connectionId, uuid),
    nativeId: uuid,
    connectionId,
    name: textOf(pool, 'name') ?? uuid,
    kind: 'data',
    nativeKind: 'pool',
    storageType: POOL_TYPES[type] ?? 'other',
    nativeStorageType: type,
    status,
    nativeStatus,
    // An inactive pool reports zeros: unknown, not empty.
    totalBytes: active ? info.capacity : undefined,
    usedBytes: active ? info.allocation : undefined,
    availableBytes: active ? info.available : undefined,
    address: child(source, 'host')?.attrs.name,
    path: textOf(pool, 'target', 'path') ?? child(source, 'dir')?.attrs.path ?? child(source, 'device')?.attrs.path ?? textOf(source, 'name'),
  };
}

// ----- volumes → disks -----------------------------------------------------

export function toDisk(connectionId: string, xml: string, pool: { id: string; name: string }): Disk {
  const vol = parseXml(xml);
  const key = textOf(vol, 'key') ?? textOf(vol, 'target', 'path') ?? textOf(vol, 'name') ?? '';
  const format = child(vol, 'target', 'format')?.attrs.type;
  const capacity = bytesOf(child(vol, 'capacity'));
  const allocation = bytesOf(child(vol, 'allocation'));
  return {
    id: qualifyId(connectionId, key),
    nativeId: key,
    connectionId,
    name: textOf(vol, 'name') ?? key,
    description: textOf(vol, 'target', 'path'),
    status: 'ok',
    nativeStatus: 'ok',
    provisionedBytes: capacity,
    actualBytes: allocation,
    format: format === 'qcow2' ? 'cow' : format,
    sparse: capacity !== undefined && allocation !== undefined ? allocation < capacity : undefined,
    contentType: format === 'iso' || /\.iso$/i.test(textOf(vol, 'name') ?? '') ? 'iso' : 'data',
    storageDomain: pool,
  };
}

// ----- networks ------------------------------------------------------------

export function toNetwork(connectionId: string, xml: string, active: boolean, extra: { autostart?: boolean; persistent?: boolean } = {}): Network {
  const net = parseXml(xml);
  const name = textOf(net, 'name') ?? '';
  const nativeId = `network:${name}`;
  const forward = child(net, 'forward')?.attrs.mode;
  return {
    id: qualifyId(connectionId, nativeId),
    nativeId,
    connectionId,
    name,
    description: forward ? `${forward}${child(net, 'bridge')?.attrs.name ? ` · ${child(net, 'bridge')!.attrs.name}` : ''}` : child(net, 'bridge')?.attrs.name,
    status: active ? 'operational' : 'non_operational',
    nativeStatus: active ? 'active' : 'inactive',
    vlanId: int(child(net, 'vlan', 'tag')?.attrs.id),
    mtu: int(child(net, 'mtu')?.attrs.size),
    vmNetwork: true,
    virtual: { ...virtualInfoOf(net), ...extra },
  };
}

// ----- snapshots -----------------------------------------------------------

export function toSnapshot(connectionId: string, vm: { id: string; name: string; uuid: string }, xml: string): Snapshot {
  const snap = parseXml(xml);
  const name = textOf(snap, 'name') ?? '';
  const created = int(textOf(snap, 'creationTime'));
  const state = textOf(snap, 'state');
  const nativeId = `${vm.uuid}/${name}`;
  return {
    id: qualifyId(connectionId, nativeId),
    nativeId,
    connectionId,
    name,
    vm: { id: vm.id, name: vm.name },
    description: textOf(snap, 'description'),
    status: 'ok',
    nativeStatus: state,
    snapshotType: 'regular',
    date: created !== undefined ? new Date(created * 1000) : undefined,
    persistMemory: state === 'running' || state === 'paused' || child(snap, 'memory')?.attrs.snapshot === 'internal',
  };
}
