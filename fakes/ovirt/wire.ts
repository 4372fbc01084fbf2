/**
 * Internal objects → the engine's JSON, quirks included:
 * - booleans and integers are STRINGS ("stateless":"false", "cores":"1");
 * - memory, sizes and dates (epoch ms) are NUMBERS;
 * - collections are one singular snake_case key holding an array, `{}` when empty;
 * - references are `{id, href}` stubs, every object carries `href` and `link[]`.
 */
import type { Access } from './access';
import type {
  Cluster, DataCenter, Disk, DiskAttachment, EngineEvent, Host, ImageTransfer, IsoFile, Job, Network, Nic, Permission, Role,
  Qos, Snapshot, Step, StorageDomain, Template, User, Vm, VnicProfile,
} from './model';
import { DEFAULT_FILTER, filterId } from './network-filters';
import { hash32, Rng } from './prng';
import { BLANK_TEMPLATE_ID } from './seed';
import type { Store } from './store';
import { hostedEngineWire, isHostedEngineVm } from './hosted-engine';

export const API = '/ovirt-engine/api';
export type Wire = Record<string, unknown>;

export interface ConsoleOverride { address: string; port: number; tlsPort?: number }

export interface WireCtx {
  store: Store;
  access: Access;
  allContent: boolean;
  /** `current=true`: runtime values (console address/port) instead of configured ones. */
  current: boolean;
  now: number;
  /** Base URL of this server, for image transfer URLs. */
  baseUrl: string;
  consoles?: ConsoleOverride;
}

// ---- primitive quirks ----
export const bool = (v: boolean): string => (v ? 'true' : 'false');
export const int = (n: number): string => String(Math.round(n));
export const href = (path: string): string => `${API}/${path}`;
export const ref = (path: string, id: string): Wire => ({ href: href(`${path}/${id}`), id });
const links = (base: string, rels: string[]): Wire[] => rels.map((rel) => ({ href: `${API}/${base}/${rel}`, rel }));
const actions = (base: string, names: string[]): Wire => ({ link: names.map((rel) => ({ href: `${API}/${base}/${rel}`, rel })) });
const version = (major: number, minor: number): Wire => ({ major: int(major), minor: int(minor) });

/** Wrap a list as the engine does: `{"vm":[…]}`, or `{}` with no key at all when empty. */
export function collection(wrapper: string, items: Wire[]): Wire {
  return items.length ? { [wrapper]: items } : {};
}

/** Drop undefined fields (the engine omits unset attributes rather than sending null). */
function clean(o: Wire): Wire {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export const VM_ACTIONS = [
  'start', 'stop', 'shutdown', 'reboot', 'reset', 'suspend', 'migrate', 'cancelmigration', 'clone', 'ticket', 'export',
  'previewsnapshot', 'commitsnapshot', 'undosnapshot',
];
export const HOST_ACTIONS = ['activate', 'deactivate', 'fence'];
const VM_LINKS = ['diskattachments', 'nics', 'snapshots', 'graphicsconsoles', 'statistics', 'reporteddevices', 'sessions', 'cdroms', 'permissions', 'affinitylabels'];

// ---- computed values ----

function vmsOnHost(store: Store, h: Host): Vm[] {
  return [...store.vmsByHost.get(h.id)].map((id) => store.vms.get(id)!);
}

export function hostCommittedMemory(store: Store, h: Host): number {
  let sum = 0;
  for (const vm of vmsOnHost(store, h)) sum += vm.memory;
  // A VM migrating in already holds memory on its destination.
  return sum;
}

export function maxSchedulingMemory(store: Store, h: Host): number {
  if (h.status !== 'up') return 0;
  return Math.max(0, h.memory - h.reservedMemory - hostCommittedMemory(store, h));
}

export function sdUsage(store: Store, sd: StorageDomain): { used: number; committed: number; available: number } {
  let used = sd.baseUsed;
  let committed = 0;
  for (const id of store.disksBySd.get(sd.id)) {
    const d = store.disks.get(id)!;
    used += d.actualSize;
    committed += d.provisionedSize;
  }
  for (const f of store.isoFiles.get(sd.id) ?? []) used += f.size;
  for (const e of store.exportVms.get(sd.id)?.values() ?? []) for (const { disk } of e.disks) used += disk.actualSize;
  for (const e of store.exportTemplates.get(sd.id)?.values() ?? []) for (const disk of e.disks) used += disk.actualSize;
  used = Math.min(used, sd.total);
  return { used, committed, available: sd.total - used };
}

/** Smooth pseudo-random gauge in [min, max] that drifts with time, stable per object. */
function gauge(key: string, now: number, min: number, max: number): number {
  const h = hash32(key);
  const phase = (h % 1000) / 1000 * Math.PI * 2;
  const period = 300_000 + (h % 600_000);
  const v = (Math.sin((now / period) * Math.PI * 2 + phase) + 1) / 2;
  return min + v * (max - min);
}

const RUNNING: ReadonlySet<Vm['status']> = new Set(['up', 'powering_up', 'powering_down', 'migrating', 'reboot_in_progress', 'paused', 'not_responding', 'saving_state', 'restoring_state', 'wait_for_launch', 'unknown']);
export const isRunning = (vm: Vm): boolean => RUNNING.has(vm.status);

// ---- entities ----

export function dataCenterWire(dc: DataCenter): Wire {
  const base = `datacenters/${dc.id}`;
  return {
    id: dc.id, href: href(base), name: dc.name, description: dc.description, comment: dc.comment,
    local: bool(dc.local), quota_mode: dc.quotaMode, status: dc.status, storage_format: dc.storageFormat,
    supported_versions: { version: [version(4, 6), version(4, 7)] }, version: version(dc.version.major, dc.version.minor),
    link: links(base, ['clusters', 'networks', 'storagedomains', 'permissions', 'qoss']),
  };
}

export function clusterWire(c: Cluster): Wire {
  const base = `clusters/${c.id}`;
  return {
    id: c.id, href: href(base), name: c.name, description: c.description, comment: c.comment,
    ballooning_enabled: 'true', bios_type: 'q35_ovmf', cpu: { architecture: c.architecture, type: c.cpuType },
    data_center: ref('datacenters', c.dataCenterId), firewall_type: 'firewalld', gluster_service: bool(c.glusterService),
    ha_reservation: bool(c.haReservation), memory_policy: { over_commit: { percent: int(c.memoryOverCommit) }, transparent_huge_pages: { enabled: 'true' } },
    scheduling_policy: { name: c.schedulingPolicy }, switch_type: 'legacy', threads_as_cores: 'false', trusted_service: 'false',
    tunnel_migration: 'false', version: version(c.version.major, c.version.minor), virt_service: bool(c.virtService),
    link: links(base, ['glustervolumes', 'networks', 'permissions']),
  };
}

export function hostWire(h: Host, ctx: WireCtx): Wire {
  const base = `hosts/${h.id}`;
  const vms = vmsOnHost(ctx.store, h);
  const [vdsmMajor, vdsmMinor, vdsmBuild, vdsmRev] = h.vdsmVersion.replace('vdsm-', '').split(/[.-]/);
  return clean({
    id: h.id, href: href(base), name: h.name, description: h.description, comment: h.comment, address: h.address,
    status: h.status, status_detail: h.statusDetail,
    certificate: { organization: 'demo.lab', subject: `O=demo.lab,CN=${h.address}` },
    cpu: { name: h.cpuName, speed: h.cpuSpeedMhz, topology: { cores: int(h.cores), sockets: int(h.sockets), threads: int(h.threads) }, type: h.cpuType },
    external_status: 'ok',
    hardware_information: { family: 'PowerEdge', manufacturer: 'Dell Inc.', product_name: 'PowerEdge R650', serial_number: `DEMO${(hash32(h.id) % 1e6).toString().padStart(6, '0')}`, uuid: h.id, version: '1.0' },
    kdump_status: 'disabled', ksm: { enabled: 'false' },
    libvirt_version: { full_version: h.libvirtVersion },
    max_scheduling_memory: maxSchedulingMemory(ctx.store, h), memory: h.memory,
    os: { type: h.osType, version: { full_version: h.osVersion, major: '9', minor: '4' } },
    port: '54321', power_management: { enabled: bool(h.powerManagement), automatic_pm_enabled: 'true', kdump_detection: 'true' },
    protocol: 'stomp', se_linux: { mode: 'enforcing' },
    spm: { priority: int(h.spmPriority), status: h.spm },
    summary: {
      active: int(vms.filter((v) => isRunning(v)).length),
      migrating: int(vms.filter((v) => v.status === 'migrating').length),
      total: int(vms.length),
    },
    type: 'rhel', update_available: 'false',
    version: { build: vdsmBuild ?? '0', full_version: h.vdsmVersion, major: vdsmMajor ?? '4', minor: vdsmMinor ?? '50', revision: vdsmRev ?? '0' },
    hosted_engine: ctx.allContent ? hostedEngineWire(ctx.store, h) : undefined,
    cluster: ref('clusters', h.clusterId),
    actions: actions(base, HOST_ACTIONS),
    link: links(base, ['statistics', 'permissions']),
  });
}

function storageDetails(sd: StorageDomain): Wire {
  const s: Wire = { type: sd.storageType };
  // Managed block storage: the engine shows neither driver options nor (ever) the sensitive ones.
  if (sd.storageType === 'managed_block_storage') return s;
  if (sd.storageType === 'iscsi' || sd.storageType === 'fcp') {
    // Block domains describe their LUNs instead of an address/path pair.
    const lunId = `36001405${sd.id.replace(/-/g, '').slice(0, 25)}`;
    const lun: Wire = { id: lunId, lun_mapping: '1', product_id: sd.storageType === 'iscsi' ? 'LIO-ORG' : 'NETAPP', serial: `SLIO-ORG_${sd.name}`, size: sd.total, vendor_id: sd.storageType === 'iscsi' ? 'LIO-ORG' : 'NETAPP', volume_group_id: `vg-${sd.id.slice(0, 8)}` };
    if (sd.storageType === 'iscsi') Object.assign(lun, { address: sd.address, port: '3260', target: sd.path });
    s.volume_group = { id: `vg-${sd.id.slice(0, 8)}`, logical_units: { logical_unit: [lun] } };
  } else {
    if (sd.address) s.address = sd.address;
    s.path = sd.path;
    if (sd.storageType === 'nfs') s.nfs_version = 'auto';
    if (sd.storageType === 'posixfs') s.vfs_type = 'ceph';
  }
  return s;
}

/** A storage domain. `inDc` renders the data center view: only there are status and data_center set. */
export function storageDomainWire(sd: StorageDomain, ctx: WireCtx, inDc?: string): Wire {
  const base = inDc ? `datacenters/${inDc}/storagedomains/${sd.id}` : `storagedomains/${sd.id}`;
  const usage = sdUsage(ctx.store, sd);
  const rels = sd.type === 'export' ? ['vms', 'templates', 'disks'] : sd.type === 'iso' ? ['files'] : ['disks', 'vms', 'templates'];
  const w: Wire = {
    id: sd.id, href: href(base), name: sd.name, description: sd.description, comment: sd.comment,
    available: usage.available, backup: bool(sd.backup), block_size: int(sd.blockSize), committed: usage.committed,
    critical_space_action_blocker: '5', discard_after_delete: bool(sd.discardAfterDelete), external_status: sd.externalStatus,
    master: bool(sd.master), storage: storageDetails(sd), storage_format: sd.storageFormat,
    supports_discard: 'false', supports_discard_zeroes_data: 'false', type: sd.type, used: usage.used,
    warning_low_space_indicator: '10', wipe_after_delete: bool(sd.wipeAfterDelete),
  };
  if (inDc) {
    w.status = sd.status;
    w.data_center = ref('datacenters', inDc);
    w.actions = actions(base, ['activate', 'deactivate']);
  } else {
    if (sd.dataCenterId) w.data_centers = { data_center: [ref('datacenters', sd.dataCenterId)] };
    // The top-level view reports no status, except that an unattached domain says so.
    else w.status = 'unattached';
  }
  // Read through a data center it is the attached domain, whose service offers only its disks.
  w.link = inDc ? links(base, ['disks']) : links(`storagedomains/${sd.id}`, [...rels, 'permissions']);
  return w;
}

export function templateWire(t: Template, ctx?: WireCtx): Wire {
  const base = t.exportDomainId ? `storagedomains/${t.exportDomainId}/templates/${t.id}` : `templates/${t.id}`;
  const w = clean({
    id: t.id, href: href(base), name: t.name, description: t.description, comment: t.comment,
    bios: { boot_menu: { enabled: 'false' }, type: 'q35_ovmf' },
    cpu: { architecture: 'x86_64', topology: { cores: int(t.cores), sockets: int(t.sockets), threads: int(t.threads) } },
    cpu_shares: '0', creation_time: t.creationTime, delete_protected: 'false',
    display: { type: t.display, monitors: '1', allow_override: 'false', copy_paste_enabled: 'true', file_transfer_enabled: 'true', smartcard_enabled: 'false', single_qxl_pci: 'false' },
    high_availability: { enabled: bool(t.haEnabled), priority: int(t.haPriority) },
    memory: t.memory, memory_policy: { ballooning: 'true', guaranteed: t.memoryGuaranteed, max: t.memory * 4 },
    origin: 'ovirt', os: { boot: { devices: { device: ['hd'] } }, type: t.osType }, stateless: bool(t.stateless),
    status: t.status, type: t.type,
    version: { version_name: t.versionName, version_number: int(t.versionNumber), base_template: ref('templates', t.baseTemplateId) },
    cluster: t.clusterId ? ref('clusters', t.clusterId) : undefined,
    storage_domain: t.exportDomainId ? ref('storagedomains', t.exportDomainId) : undefined,
    actions: t.exportDomainId ? actions(base, ['import']) : undefined,
    link: links(base, t.exportDomainId ? ['diskattachments'] : ['diskattachments', 'nics', 'permissions']),
  });
  if (ctx?.allContent) Object.assign(w, ALL_CONTENT_VM);
  return w;
}

/** Attributes the engine leaves out unless `all_content=true` (console, virtio-scsi, RNG). */
const ALL_CONTENT_VM: Wire = {
  console: { enabled: 'false' },
  rng_device: { rate: { bytes: '0', period: '0' }, source: 'urandom' },
  virtio_scsi: { enabled: 'true' },
};

function vmBase(vm: Vm): string {
  return vm.exportDomainId ? `storagedomains/${vm.exportDomainId}/vms/${vm.id}` : `vms/${vm.id}`;
}

export function vmWire(vm: Vm, ctx: WireCtx): Wire {
  const base = vmBase(vm);
  const guest = isRunning(vm) && vm.guestAgent ? vm.guestOs : undefined;
  const w: Wire = clean({
    id: vm.id, href: href(base), name: vm.name, description: vm.description, comment: vm.comment,
    bios: { boot_menu: { enabled: 'false' }, type: 'q35_ovmf' },
    cpu: { architecture: 'x86_64', topology: { cores: int(vm.cores), sockets: int(vm.sockets), threads: int(vm.threads) } },
    cpu_shares: '0', creation_time: vm.creationTime, delete_protected: bool(vm.deleteProtected),
    display: { type: vm.display, monitors: '1', allow_override: 'false', copy_paste_enabled: 'true', disconnect_action: 'LOCK_SCREEN', file_transfer_enabled: 'true', smartcard_enabled: 'false', single_qxl_pci: 'false' },
    fqdn: isRunning(vm) && vm.guestAgent && vm.fqdn ? vm.fqdn : undefined,
    guest_operating_system: guest ? {
      architecture: 'x86_64', codename: '', distribution: guest.distribution, family: guest.family,
      kernel: guest.kernel ? { version: { full_version: guest.kernel } } : undefined,
      version: { full_version: guest.version, major: int(parseInt(guest.version, 10) || 0) },
    } : undefined,
    guest_time_zone: guest ? { name: guest.family === 'Windows' ? 'UTC' : 'Etc/UTC', utc_offset: '+00:00' } : undefined,
    high_availability: { enabled: bool(vm.haEnabled), priority: int(vm.haPriority) },
    io: { threads: '1' }, large_icon: undefined,
    memory: vm.memory, memory_policy: { ballooning: 'true', guaranteed: vm.memoryGuaranteed, max: vm.memoryMax },
    migration: { auto_converge: 'inherit', compressed: 'inherit', encrypted: 'inherit' },
    next_run_configuration_exists: bool(!!vm.nextRun), numa_tune_mode: 'interleave', origin: vm.origin ?? 'ovirt',
    os: { boot: { devices: { device: [...(vm.bootDevices ?? ['hd'])] } }, type: vm.osType },
    placement_policy: vm.placementHostIds?.length
      ? { affinity: vm.placementAffinity ?? 'migratable', hosts: { host: vm.placementHostIds.map((id) => ref('hosts', id)) } }
      : { affinity: vm.placementAffinity ?? 'migratable' },
    // Only a VM with a lease has the element (the engine's mapper leaves it out otherwise).
    lease: vm.leaseSdId ? { storage_domain: ref('storagedomains', vm.leaseSdId) } : undefined,
    initialization: vm.initialization ? clean({
      host_name: vm.initialization.hostName, user_name: vm.initialization.userName,
      authorized_ssh_keys: vm.initialization.authorizedSshKeys, timezone: vm.initialization.timezone,
    }) : undefined,
    run_once: bool(!!vm.runOnce), soundcard_enabled: 'false', start_paused: 'false',
    start_time: vm.startTime ?? undefined, stateless: bool(vm.stateless), status: vm.status, status_detail: vm.statusDetail,
    stop_reason: vm.stopReason || undefined, stop_time: vm.stopTime ?? undefined, type: vm.type, usb: { enabled: 'false' },
    cluster: ref('clusters', vm.clusterId), host: vm.hostId ? ref('hosts', vm.hostId) : undefined,
    original_template: ref('templates', vm.originalTemplateId), template: ref('templates', vm.templateId),
    storage_domain: vm.exportDomainId ? ref('storagedomains', vm.exportDomainId) : undefined,
    // Only the engine VM's service offers `maintenance` (global HA maintenance).
    actions: actions(base, vm.exportDomainId ? ['import'] : isHostedEngineVm(vm) ? [...VM_ACTIONS, 'maintenance'] : VM_ACTIONS),
    link: links(base, vm.exportDomainId ? ['diskattachments', 'nics'] : VM_LINKS),
  });
  // The serial console device (`console`), like the rest of ALL_CONTENT_VM, only with all_content=true.
  if (ctx.allContent) Object.assign(w, ALL_CONTENT_VM, { console: { enabled: bool(!!vm.serialConsole) } });
  return w;
}

export function diskWire(d: Disk): Wire {
  const base = `disks/${d.id}`;
  return clean({
    id: d.id, href: href(base), name: d.alias, alias: d.alias, description: d.description,
    actual_size: d.actualSize, backup: 'none', content_type: d.contentType, format: d.format, image_id: d.imageId,
    propagate_errors: 'false', provisioned_size: d.provisionedSize, qcow_version: d.format === 'cow' ? 'qcow2_v3' : undefined,
    shareable: bool(d.shareable), sparse: bool(d.sparse), status: d.status, storage_type: d.storageType ?? 'image', total_size: d.actualSize,
    wipe_after_delete: bool(d.wipeAfterDelete),
    storage_domains: { storage_domain: [ref('storagedomains', d.storageDomainId)] },
    link: links(base, ['permissions']),
  });
}

export function diskAttachmentWire(a: DiskAttachment, exportDomainId?: string): Wire {
  const owner = a.ownerKind === 'vm' ? 'vms' : 'templates';
  const base = exportDomainId ? `storagedomains/${exportDomainId}/${owner}/${a.ownerId}` : `${owner}/${a.ownerId}`;
  return clean({
    id: a.diskId, href: href(`${base}/diskattachments/${a.diskId}`),
    active: bool(a.active), bootable: bool(a.bootable), interface: a.interface, logical_name: a.logicalName ?? undefined,
    pass_discard: 'false', read_only: bool(a.readOnly), uses_scsi_reservation: 'false',
    disk: ref('disks', a.diskId), [a.ownerKind]: ref(owner, a.ownerId),
  });
}

export function nicWire(n: Nic, exportDomainId?: string): Wire {
  const base = exportDomainId ? `storagedomains/${exportDomainId}/vms/${n.vmId}` : `vms/${n.vmId}`;
  return clean({
    id: n.id, href: href(`${base}/nics/${n.id}`), name: n.name, interface: n.interface, linked: bool(n.linked),
    mac: { address: n.mac }, plugged: bool(n.plugged), synced: 'true',
    vnic_profile: n.vnicProfileId ? ref('vnicprofiles', n.vnicProfileId) : undefined, vm: ref('vms', n.vmId),
  });
}

export function snapshotWire(s: Snapshot): Wire {
  const base = `vms/${s.vmId}/snapshots/${s.id}`;
  return {
    id: s.id, href: href(base), description: s.description, date: s.date, persist_memorystate: bool(s.persistMemory),
    snapshot_status: s.status, snapshot_type: s.type, vm: ref('vms', s.vmId),
    actions: actions(base, ['restore']), link: links(base, ['disks', 'nics']),
  };
}

/** A QoS as a network or profile links it: by id, under its data center. */
const qosRef = (q: Qos | undefined): Wire | undefined => (q ? ref(`datacenters/${q.dataCenterId}/qoss`, q.id) : undefined);

export function networkWire(n: Network, qos?: Qos): Wire {
  const base = `networks/${n.id}`;
  const usages = [...(n.vm ? ['vm'] : []), ...(n.management ? ['management', 'default_route', 'migration', 'display'] : [])];
  return clean({
    id: n.id, href: href(base), name: n.name, description: n.description, comment: n.comment, mtu: int(n.mtu),
    port_isolation: bool(n.portIsolation ?? false), required: bool(n.required), stp: bool(n.stp), usages: usages.length ? { usage: usages } : {},
    dns_resolver_configuration: n.dnsServers?.length ? { name_servers: { name_server: n.dnsServers } } : undefined,
    vlan: n.vlanId != null ? { id: int(n.vlanId) } : undefined, data_center: ref('datacenters', n.dataCenterId), qos: qosRef(qos),
    link: links(base, ['vnicprofiles', 'permissions']),
  });
}

/** A profile's filter as the engine links it: by id (a UUID), the name only when followed. */
const filterRef = (name: string): Wire => ref('networkfilters', filterId(name));

export function networkFilterWire(name: string): Wire {
  return { id: filterId(name), href: href(`networkfilters/${filterId(name)}`), name };
}

export function vnicProfileWire(p: VnicProfile, qos?: Qos): Wire {
  const base = `vnicprofiles/${p.id}`;
  return {
    id: p.id, href: href(base), name: p.name, description: p.description, migratable: 'false',
    pass_through: { mode: p.passThrough }, port_mirroring: bool(p.portMirroring), network: ref('networks', p.networkId),
    // Omitted = the default filter; an explicit null is "no filter", which the engine shows as no element at all.
    ...(p.networkFilter === null ? {} : { network_filter: filterRef(p.networkFilter ?? DEFAULT_FILTER) }),
    ...(qos ? { qos: qosRef(qos) } : {}),
    link: links(base, ['permissions']),
  };
}

export function eventWire(e: EngineEvent): Wire {
  const id = String(e.index);
  return clean({
    id, href: href(`events/${id}`), code: int(e.code), correlation_id: e.correlationId ?? undefined,
    custom_id: int(e.customId), description: e.description, flood_rate: '30', index: id, origin: e.origin,
    severity: e.severity, time: e.time,
    cluster: e.clusterId ? ref('clusters', e.clusterId) : undefined,
    data_center: e.dataCenterId ? ref('datacenters', e.dataCenterId) : undefined,
    host: e.hostId ? ref('hosts', e.hostId) : undefined,
    storage_domain: e.storageDomainId ? ref('storagedomains', e.storageDomainId) : undefined,
    template: e.templateId ? ref('templates', e.templateId) : undefined,
    user: e.userId ? ref('users', e.userId) : undefined,
    vm: e.vmId ? ref('vms', e.vmId) : undefined,
  });
}

export function jobWire(j: Job): Wire {
  const base = `jobs/${j.id}`;
  return clean({
    // No correlation_id: the engine's Job type has none (search `correlation_id=` finds jobs all the same).
    id: j.id, href: href(base), auto_cleared: bool(j.autoCleared),
    description: j.description, end_time: j.endTime ?? undefined, external: bool(j.external), last_updated: j.lastUpdated,
    start_time: j.startTime, status: j.status, owner: ref('users', j.ownerId),
    actions: actions(base, ['clear', 'end']), link: links(base, ['steps']),
  });
}

export function stepWire(s: Step): Wire {
  return clean({
    id: s.id, href: href(`jobs/${s.jobId}/steps/${s.id}`), description: s.description, end_time: s.endTime ?? undefined,
    external: 'false', number: int(s.number), progress: s.progress == null ? undefined : int(s.progress),
    start_time: s.startTime, status: s.status, type: s.type, job: ref('jobs', s.jobId),
  });
}

/** Console ids are the hex of the protocol name ("766e63" = "vnc"), as on a real engine. */
export const consoleId = (protocol: string): string => Buffer.from(protocol).toString('hex');

export function graphicsConsoleWire(vm: Vm, ctx: WireCtx): Wire {
  const id = consoleId(vm.display);
  const base = `vms/${vm.id}/graphicsconsoles/${id}`;
  const w: Wire = { id, href: href(base), protocol: vm.display, vm: ref('vms', vm.id) };
  if (ctx.current && isRunning(vm) && vm.hostId && vm.consolePort) {
    const host = ctx.store.hosts.get(vm.hostId);
    const o = ctx.consoles;
    w.address = o?.address ?? host?.address;
    w.port = int(o?.port ?? vm.consolePort);
    if (vm.display === 'spice' || o?.tlsPort) w.tls_port = int(o?.tlsPort ?? vm.consolePort + 1);
  }
  w.actions = actions(base, ['ticket', 'remoteviewerconnectionfile']);
  return w;
}

export function cdromWire(vm: Vm, current = false): Wire {
  const id = '00000000-0000-0000-0000-000000000000';
  const file = current && vm.cdromCurrentFileId !== undefined ? vm.cdromCurrentFileId : vm.cdromFileId;
  return clean({ id, href: href(`vms/${vm.id}/cdroms/${id}`), file: file ? { id: file } : undefined, vm: ref('vms', vm.id) });
}

const statIds = new Map<string, string>();
function statId(name: string): string {
  let id = statIds.get(name);
  if (!id) statIds.set(name, (id = new Rng(hash32(name)).uuid()));
  return id;
}

function statistic(parentPath: string, parentKey: string, parentId: string, name: string, description: string, unit: string, type: 'integer' | 'decimal', datum: number): Wire {
  const id = statId(name);
  return {
    id, href: href(`${parentPath}/${parentId}/statistics/${id}`), name, description, kind: 'gauge', type, unit,
    values: { value: [{ datum: type === 'integer' ? Math.round(datum) : Math.round(datum * 100) / 100 }] },
    [parentKey]: ref(parentPath, parentId),
  };
}

export function vmStatistics(vm: Vm, ctx: WireCtx): Wire[] {
  const on = isRunning(vm) && vm.status !== 'paused';
  const k = vm.id;
  const cpu = on ? gauge(`${k}cpu`, ctx.now, 2, 65) : 0;
  const memPct = on ? gauge(`${k}mem`, ctx.now, 25, 85) : 0;
  const used = Math.round(vm.memory * memPct / 100);
  const s = (n: string, d: string, u: string, t: 'integer' | 'decimal', v: number) => statistic('vms', 'vm', vm.id, n, d, u, t, v);
  const list = [
    s('memory.installed', 'Total memory configured', 'bytes', 'integer', vm.memory),
    s('memory.used', 'Memory used (agent)', 'bytes', 'integer', used),
    s('memory.free', 'Memory free (agent)', 'bytes', 'integer', on ? vm.memory - used : 0),
    s('memory.buffered', 'Memory buffered (agent)', 'bytes', 'integer', on ? used * 0.05 : 0),
    s('memory.cached', 'Memory cached (agent)', 'bytes', 'integer', on ? used * 0.2 : 0),
    s('cpu.current.guest', 'CPU used by guest', 'percent', 'decimal', cpu),
    s('cpu.current.hypervisor', 'CPU overhead', 'percent', 'decimal', on ? cpu * 0.05 : 0),
    s('cpu.current.total', 'Total CPU used', 'percent', 'decimal', on ? cpu * 1.05 : 0),
    s('network.current.total', 'Total network used', 'percent', 'decimal', on ? gauge(`${k}net`, ctx.now, 0, 12) : 0),
    s('elapsed.time', 'Elapsed VM runtime', 'seconds', 'integer', on && vm.startTime ? (ctx.now - vm.startTime) / 1000 : 0),
  ];
  if (vm.status === 'migrating') list.push(s('migration.progress', 'Migration Progress', 'percent', 'integer', vm.migrationProgress ?? 0));
  return list;
}

export function hostStatistics(h: Host, ctx: WireCtx): Wire[] {
  const up = h.status === 'up' || h.status === 'preparing_for_maintenance';
  const committed = hostCommittedMemory(ctx.store, h);
  const used = up ? Math.min(h.memory, Math.round(committed * 0.7 + 6 * 1024 ** 3)) : 0;
  const cpuUser = up ? gauge(`${h.id}cpu`, ctx.now, 3, 55) : 0;
  const s = (n: string, d: string, u: string, t: 'integer' | 'decimal', v: number) => statistic('hosts', 'host', h.id, n, d, u, t, v);
  return [
    s('memory.total', 'Total memory', 'bytes', 'integer', h.memory),
    s('memory.used', 'Used memory', 'bytes', 'integer', used),
    s('memory.free', 'Free memory', 'bytes', 'integer', h.memory - used),
    s('memory.shared', 'Shared memory', 'bytes', 'integer', 0),
    s('memory.buffers', 'I/O buffers', 'bytes', 'integer', up ? 512 * 1024 ** 2 : 0),
    s('memory.cached', 'OS caches', 'bytes', 'integer', up ? 4 * 1024 ** 3 : 0),
    s('swap.total', 'Total swap', 'bytes', 'integer', 16 * 1024 ** 3),
    s('swap.free', 'Free swap', 'bytes', 'integer', 16 * 1024 ** 3),
    s('swap.used', 'Used swap', 'bytes', 'integer', 0),
    s('ksm.cpu.current', 'KSM CPU usage', 'percent', 'decimal', 0),
    s('cpu.current.user', 'User CPU usage', 'percent', 'decimal', cpuUser),
    s('cpu.current.system', 'System CPU usage', 'percent', 'decimal', up ? cpuUser * 0.15 : 0),
    s('cpu.current.idle', 'Idle CPU usage', 'percent', 'decimal', up ? 100 - cpuUser * 1.15 : 0),
    s('cpu.load.avg.5m', 'CPU 5 minute load average', 'none', 'decimal', up ? cpuUser / 100 * h.sockets * h.cores : 0),
    s('boot.time', 'Boot time of the machine', 'none', 'integer', Math.round(h.bootTime / 1000)),
  ];
}

export function reportedDevicesWire(vm: Vm, ctx: WireCtx): Wire[] {
  if (!isRunning(vm) || !vm.guestAgent || vm.status === 'unknown') return [];
  return ctx.store.nicsOf(vm.id).map((nic, i) => {
    const id = new Rng(hash32(`${vm.id}/${nic.mac}`)).uuid();
    const ips = i === 0 ? vm.ips : [];
    return clean({
      id, href: href(`vms/${vm.id}/reporteddevices/${id}`), name: vm.guestOs?.family === 'Windows' ? `Ethernet${i ? ` ${i + 1}` : ''}` : `eth${i}`,
      description: 'guest reported data', type: 'network', mac: { address: nic.mac },
      ips: ips.length ? { ip: ips.map((address) => ({ address, version: address.includes(':') ? 'v6' : 'v4' })) } : undefined,
      vm: ref('vms', vm.id),
    });
  });
}

/**
 * The users the guest agent says are logged in (BackendVmSessionsResource: `console_user` false, a
 * user carrying only `user_name`, no id: it is a guest account, not an engine user). None without an agent.
 */
export function sessionsWire(vm: Vm): Wire[] {
  if (!isRunning(vm) || !vm.guestAgent || vm.status === 'unknown') return [];
  const id = new Rng(hash32(`${vm.id}/session`)).uuid();
  const userName = vm.guestOs?.family === 'Windows' ? 'Administrator' : 'root';
  return [{ id, href: href(`vms/${vm.id}/sessions/${id}`), console_user: false, user: { user_name: userName }, vm: ref('vms', vm.id) }];
}

export function fileWire(sdId: string, f: IsoFile): Wire {
  return { id: f.id, href: href(`storagedomains/${sdId}/files/${encodeURIComponent(f.id)}`), name: f.name, size: f.size, type: 'iso', storage_domain: ref('storagedomains', sdId) };
}

const TARGET_PATH: Record<string, string> = {
  data_center: 'datacenters', cluster: 'clusters', host: 'hosts', storage_domain: 'storagedomains', vm: 'vms',
  template: 'templates', disk: 'disks', vnic_profile: 'vnicprofiles',
};

export function permissionWire(p: Permission): Wire {
  const base = p.targetId ? `${TARGET_PATH[p.targetKind]}/${p.targetId}/permissions/${p.id}` : `permissions/${p.id}`;
  const w: Wire = { id: p.id, href: href(base), role: ref('roles', p.roleId) };
  w[p.principalKind] = ref(p.principalKind === 'user' ? 'users' : 'groups', p.principalId);
  if (p.targetId) w[p.targetKind] = ref(TARGET_PATH[p.targetKind], p.targetId);
  return w;
}

export function userWire(u: User): Wire {
  const base = `users/${u.id}`;
  const [principal] = u.userName.split('@');
  return {
    id: u.id, href: href(base), name: u.name, last_name: u.lastName, email: u.email, department: '',
    domain_entry_id: Buffer.from(principal).toString('hex'), namespace: u.namespace, principal,
    user_name: `${principal}@${u.domain}`, domain: { name: u.domain },
    link: links(base, ['permissions', 'roles']),
  };
}

export function roleWire(r: Role): Wire {
  return { id: r.id, href: href(`roles/${r.id}`), name: r.name, description: r.description, administrative: bool(r.administrative), mutable: bool(r.mutable), link: links(`roles/${r.id}`, ['permits']) };
}

export function imageTransferWire(t: ImageTransfer, ctx: WireCtx): Wire {
  const base = `imagetransfers/${t.id}`;
  const url = `${ctx.baseUrl}/images/${t.ticket}`;
  const live = t.phase === 'transferring' || t.phase === 'initializing' || t.phase === 'paused_user';
  return clean({
    id: t.id, href: href(base), active: bool(t.phase === 'transferring'), direction: t.direction, format: 'cow',
    inactivity_timeout: int(t.inactivityTimeout), phase: t.phase, shallow: 'false', timeout_policy: 'legacy',
    transferred: t.bytesReceived,
    proxy_url: live ? url : undefined, transfer_url: live ? url : undefined,
    disk: ref('disks', t.diskId), image: { id: t.diskId }, host: t.hostId ? ref('hosts', t.hostId) : undefined,
    actions: actions(base, ['cancel', 'finalize', 'pause', 'resume', 'extend']),
  });
}

export function blankTemplateRef(): Wire {
  return ref('templates', BLANK_TEMPLATE_ID);
}

/** Template NICs are definitions, not devices; their ids are derived so they stay stable. */
export function templateNicWire(t: Template, n: Template['nics'][number], profileId: string | null): Wire {
  const id = new Rng(hash32(`${t.id}/${n.name}`)).uuid();
  return clean({
    id, href: href(`templates/${t.id}/nics/${id}`), name: n.name, interface: n.interface, linked: 'true', plugged: 'true',
    vnic_profile: profileId ? ref('vnicprofiles', profileId) : undefined, template: ref('templates', t.id),
  });
}
