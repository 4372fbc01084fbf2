/**
 * Engine JSON → domain objects, one `toInternal` per entity (the
 * ovirt-web-ui transform.js idea). Pure functions: no I/O, so every quirk has
 * a table-driven test in transform.test.ts.
 */
import {
  qualifyId,
  type Cluster,
  type ConsoleEndpoint,
  type ConsoleProtocol,
  type CpuTopology,
  type DataCenter,
  type DataCenterStatus,
  type Disk,
  type DiskStatus,
  type Entity,
  type Event,
  type EventSeverity,
  type Host,
  type HostedEngineState,
  type HostStatus,
  type HostUsage,
  type VmUsage,
  type Network,
  type NetworkStatus,
  type NetworkUsage,
  NETWORK_USAGES,
  type Nic,
  type Ref,
  type Snapshot,
  type SnapshotStatus,
  type StorageDomain,
  type StorageDomainKind,
  type StorageDomainStatus,
  type StorageType,
  type Task,
  type TaskStatus,
  type TaskStep,
  type Template,
  type TemplateStatus,
  type Vm,
  type VmStatus,
} from '@/lib/domain';
import type { BackendAbout } from '../types';
import { asBool, asDate, asEnum, asNumber, asObject, asString, asText, listOf, path, type Json } from './coerce';

// ---------------------------------------------------------------- status words

/** Native word → common status. Unknown words map to the set's 'unknown'. */
export const VM_STATUS: Readonly<Record<string, VmStatus>> = {
  up: 'running',
  down: 'stopped',
  powering_up: 'starting',
  wait_for_launch: 'starting',
  restoring_state: 'starting',
  powering_down: 'stopping',
  paused: 'paused',
  saving_state: 'suspending',
  suspended: 'suspended',
  migrating: 'migrating',
  reboot_in_progress: 'rebooting',
  image_locked: 'locked',
  not_responding: 'unknown',
  unassigned: 'unknown',
  unknown: 'unknown',
};

export const HOST_STATUS: Readonly<Record<string, HostStatus>> = {
  up: 'up',
  down: 'down',
  maintenance: 'maintenance',
  preparing_for_maintenance: 'transitioning',
  non_operational: 'non_operational',
  non_responsive: 'non_responsive',
  installing: 'installing',
  installing_os: 'installing',
  pending_approval: 'installing',
  install_failed: 'error',
  connecting: 'transitioning',
  reboot: 'transitioning',
  initializing: 'transitioning',
  kdumping: 'error',
  error: 'error',
  unassigned: 'unknown',
};

export const DATA_CENTER_STATUS: Readonly<Record<string, DataCenterStatus>> = {
  up: 'up',
  uninitialized: 'uninitialized',
  maintenance: 'maintenance',
  not_operational: 'problem',
  problematic: 'problem',
  contend: 'transitioning',
};

export const STORAGE_DOMAIN_STATUS: Readonly<Record<string, StorageDomainStatus>> = {
  active: 'active',
  inactive: 'inactive',
  maintenance: 'maintenance',
  unattached: 'unattached',
  locked: 'locked',
  activating: 'transitioning',
  detaching: 'transitioning',
  preparing_for_maintenance: 'transitioning',
  // "mixed": different states in different data centers.
  mixed: 'unknown',
  unknown: 'unknown',
};

const DISK_STATUS: Readonly<Record<string, DiskStatus>> = { ok: 'ok', locked: 'locked', illegal: 'error' };
const TEMPLATE_STATUS: Readonly<Record<string, TemplateStatus>> = { ok: 'ok', locked: 'locked', illegal: 'error' };
const SNAPSHOT_STATUS: Readonly<Record<string, SnapshotStatus>> = { ok: 'ok', locked: 'locked', in_preview: 'in_preview' };
const NETWORK_STATUS: Readonly<Record<string, NetworkStatus>> = {
  operational: 'operational',
  non_operational: 'non_operational',
};
export const JOB_STATUS: Readonly<Record<string, TaskStatus>> = {
  started: 'running',
  finished: 'finished',
  failed: 'failed',
  aborted: 'aborted',
  unknown: 'unknown',
};
const EVENT_SEVERITY: Readonly<Record<string, EventSeverity>> = {
  normal: 'info',
  warning: 'warning',
  error: 'error',
  alert: 'alert',
};

const STORAGE_DOMAIN_KIND: Readonly<Record<string, StorageDomainKind>> = {
  data: 'data',
  iso: 'iso',
  export: 'export',
  image: 'image',
  volume: 'volume',
  managed_block_storage: 'managed_block',
};
const STORAGE_TYPE: Readonly<Record<string, StorageType>> = {
  nfs: 'nfs',
  glusterfs: 'glusterfs',
  iscsi: 'iscsi',
  fcp: 'fcp',
  posixfs: 'posixfs',
  localfs: 'localfs',
  cinder: 'cinder',
  managed_block_storage: 'managed_block',
};

function mapWord<T extends string>(table: Readonly<Record<string, T>>, word: string | undefined, fallback: T): T {
  return (word !== undefined && Object.hasOwn(table, word) ? table[word] : undefined) ?? fallback;
}

/** Common status value → the engine's search word, for `status=` filters. */
export function nativeWordFor(table: Readonly<Record<string, string>>, common: string): string | undefined {
  return Object.entries(table).find(([, c]) => c === common)?.[0];
}

// ---------------------------------------------------------------- shared pieces

/** `preferredName` wins over the engine's `name` (disks show their alias, snapshots their description). */
function entity(api: Json, conn: string, preferredName?: string): Entity {
  const nativeId = asString(api.id);
  if (!nativeId) throw new TypeError('engine object without an id');
  return {
    id: qualifyId(conn, nativeId),
    nativeId,
    connectionId: conn,
    name: preferredName ?? asText(api.name) ?? nativeId,
  };
}

/** A `{id, href}` stub (or a followed object) → Ref. */
export function toRef(value: unknown, conn: string): Ref | undefined {
  const obj = asObject(value);
  const nativeId = asString(obj?.id);
  if (!obj || !nativeId) return undefined;
  const name = asText(obj.name);
  return name ? { id: qualifyId(conn, nativeId), name } : { id: qualifyId(conn, nativeId) };
}

/** "4.7" from `{major: 4, minor: "7"}`. */
function versionText(value: unknown): string | undefined {
  const major = asString(path(value, 'major'));
  const minor = asString(path(value, 'minor'));
  return major !== undefined && minor !== undefined ? `${major}.${minor}` : major;
}

function topology(value: unknown): CpuTopology | undefined {
  const t = asObject(path(value, 'topology'));
  if (!t) return undefined;
  return { sockets: asNumber(t.sockets) ?? 1, cores: asNumber(t.cores) ?? 1, threads: asNumber(t.threads) ?? 1 };
}

/** Drops undefined fields so objects compare and serialise cleanly. */
function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

// ---------------------------------------------------------------- entities

export const DataCenterTransform = {
  toInternal(api: Json, conn: string): DataCenter {
    const nativeStatus = asEnum(api.status) ?? 'unknown';
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      status: mapWord(DATA_CENTER_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      local: asBool(api.local) ?? false,
      version: versionText(api.version),
    });
  },
};

export const ClusterTransform = {
  toInternal(api: Json, conn: string): Cluster {
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      dataCenter: toRef(api.data_center, conn),
      cpuArchitecture: asEnum(path(api, 'cpu', 'architecture')),
      cpuType: asText(path(api, 'cpu', 'type')),
      version: versionText(api.version),
      virtService: asBool(api.virt_service),
      glusterService: asBool(api.gluster_service),
    });
  },
};

/** `spm` is `{status: "spm"|"none"|"contending", priority}` on the engine; accept a plain boolean too. */
function isSpm(value: unknown): boolean | undefined {
  const flag = asBool(value);
  if (flag !== undefined) return flag;
  const status = asEnum(path(value, 'status'));
  return status === undefined ? undefined : status === 'spm';
}

/**
 * The gauges of a followed `statistics` link, by name: `{statistic: [{name,
 * values: {value: [{datum}]}}]}`, datum a number or a digit string. Empty
 * when the request did not follow statistics.
 */
export function statisticsOf(api: Json): Map<string, number> {
  const out = new Map<string, number>();
  for (const stat of listOf(api.statistics, 'statistic')) {
    const name = asText(stat.name);
    const datum = asNumber(listOf(path(stat, 'values'), 'value')[0]?.datum);
    if (name && datum !== undefined) out.set(name, datum);
  }
  return out;
}

/**
 * What the host measures: CPU busy is user + system time (the engine's own
 * "CPU usage" column adds the same two), memory used/free as the host reports
 * them. A host that is not up reports zeros, which are real values.
 */
function hostUsage(api: Json): HostUsage | undefined {
  const stats = statisticsOf(api);
  if (stats.size === 0) return undefined;
  const user = stats.get('cpu.current.user');
  const system = stats.get('cpu.current.system');
  const cpuPercent = user === undefined && system === undefined ? undefined : Math.min(100, Math.max(0, (user ?? 0) + (system ?? 0)));
  const total = stats.get('memory.total');
  const used = stats.get('memory.used');
  const free = stats.get('memory.free') ?? (total !== undefined && used !== undefined ? total - used : undefined);
  const usage = compact({ cpuPercent, memoryUsedBytes: used, memoryFreeBytes: free });
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** `hosted_engine` comes only with all_content=true; `configured: false` (or nothing) = not an HA host. */
function hostedEngineOf(api: Json): HostedEngineState | undefined {
  const he = asObject(api.hosted_engine);
  if (!he || asBool(he.configured) !== true) return undefined;
  return compact({
    active: asBool(he.active),
    score: asNumber(he.score),
    globalMaintenance: asBool(he.global_maintenance),
    localMaintenance: asBool(he.local_maintenance),
  });
}

export const HostTransform = {
  toInternal(api: Json, conn: string): Host {
    const nativeStatus = asEnum(api.status) ?? 'unknown';
    const cpu = asObject(api.cpu);
    const topo = topology(cpu);
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      status: mapWord(HOST_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      address: asText(api.address),
      cluster: toRef(api.cluster, conn),
      cpu: cpu
        ? compact({
            model: asText(cpu.name),
            speedMhz: asNumber(cpu.speed),
            sockets: topo?.sockets,
            cores: topo?.cores,
            threads: topo?.threads,
          })
        : undefined,
      memoryBytes: asNumber(api.memory),
      maxSchedulingMemoryBytes: asNumber(api.max_scheduling_memory),
      vmsActive: asNumber(path(api, 'summary', 'active')),
      vmsMigrating: asNumber(path(api, 'summary', 'migrating')),
      vmsTotal: asNumber(path(api, 'summary', 'total')),
      spm: isSpm(api.spm),
      usage: hostUsage(api),
      hostedEngine: hostedEngineOf(api),
    });
  },
};

export const StorageDomainTransform = {
  /**
   * `status` and `data_center` only appear when the domain is read through
   * `/datacenters/{id}/storagedomains`; the caller passes that copy as
   * `attached` to merge it in.
   */
  toInternal(api: Json, conn: string, attached?: Json): StorageDomain {
    const nativeKind = asEnum(api.type);
    const nativeStorageType = asEnum(path(api, 'storage', 'type'));
    const nativeStatus = asEnum(attached?.status) ?? asEnum(api.status);
    const available = asNumber(api.available);
    const used = asNumber(api.used);
    const dataCenter =
      toRef(attached?.data_center, conn) ??
      toRef(api.data_center, conn) ??
      toRef(listOf(api.data_centers, 'data_center')[0], conn);
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      kind: mapWord(STORAGE_DOMAIN_KIND, nativeKind, 'other'),
      storageType: mapWord(STORAGE_TYPE, nativeStorageType, 'other'),
      nativeKind,
      nativeStorageType,
      status: mapWord(STORAGE_DOMAIN_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      availableBytes: available,
      usedBytes: used,
      committedBytes: asNumber(api.committed),
      totalBytes: available !== undefined && used !== undefined ? available + used : undefined,
      address: asText(path(api, 'storage', 'address')),
      path: asText(path(api, 'storage', 'path')),
      master: asBool(attached?.master) ?? asBool(api.master),
      dataCenter,
      externalStatus: asEnum(api.external_status),
    });
  },
};

export const DiskTransform = {
  toInternal(api: Json, conn: string): Disk {
    const nativeStatus = asEnum(api.status);
    return compact({
      // `alias` is the engine's user-facing name; newer engines also send `name`.
      ...entity(api, conn, asText(api.alias)),
      description: asText(api.description),
      status: mapWord(DISK_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      provisionedBytes: asNumber(api.provisioned_size),
      actualBytes: asNumber(api.actual_size),
      format: asEnum(api.format),
      sparse: asBool(api.sparse),
      contentType: asEnum(api.content_type),
      storageDomain: toRef(listOf(api.storage_domains, 'storage_domain')[0], conn),
    });
  },

  /**
   * A `disk_attachment` with its followed `disk`. The attachment's id is the
   * disk id on the engine; without `follow` the disk is only a stub.
   */
  fromAttachment(attachment: Json, conn: string): Disk {
    const disk = asObject(attachment.disk) ?? {};
    const merged: Json = { ...disk, id: asString(disk.id) ?? asString(attachment.id) };
    return compact({
      ...DiskTransform.toInternal(merged, conn),
      bootable: asBool(attachment.bootable),
      interface: asEnum(attachment.interface),
      active: asBool(attachment.active),
      readOnly: asBool(attachment.read_only),
    });
  },
};

export const NicTransform = {
  toInternal(api: Json, conn: string): Nic {
    return compact({
      ...entity(api, conn),
      mac: asText(path(api, 'mac', 'address')),
      interface: asEnum(api.interface),
      plugged: asBool(api.plugged),
      linked: asBool(api.linked),
      vnicProfile: toRef(api.vnic_profile, conn),
      network: toRef(api.network, conn),
    });
  },
};

export const VmTransform = {
  toInternal(api: Json, conn: string): Vm {
    const nativeStatus = asEnum(api.status) ?? 'unknown';
    // Children are there only when the request used `follow`; keep "not
    // fetched" (undefined) apart from "none" ([]): a link-only wrapper has no list key.
    const attachments = asObject(api.disk_attachments);
    const nics = asObject(api.nics);
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      status: mapWord(VM_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      memoryBytes: asNumber(api.memory),
      cpu: topology(api.cpu),
      os: asText(path(api, 'os', 'type')),
      highAvailability: asBool(path(api, 'high_availability', 'enabled')),
      stateless: asBool(api.stateless),
      // The engine's OriginType for its own VM (older engines said `hosted_engine`).
      hostedEngine: ['managed_hosted_engine', 'hosted_engine'].includes(asEnum(api.origin) ?? '') ? true : undefined,
      createdAt: asDate(api.creation_time),
      host: toRef(api.host, conn),
      cluster: toRef(api.cluster, conn),
      template: toRef(api.template, conn),
      fqdn: asText(api.fqdn),
      ...guestFacts(api),
      disks: embedded(attachments, 'disk_attachment')?.map((a) => DiskTransform.fromAttachment(a, conn)),
      nics: embedded(nics, 'nic')?.map((n) => NicTransform.toInternal(n, conn)),
      migrationProgress: nativeStatus === 'migrating' ? migrationProgressOf(api) : undefined,
      usage: vmUsage(api),
    });
  },
};

/**
 * A VM's gauges from a followed statistics link. The engine reports them for a
 * VM that is down too (as zeros), so a statistics block always means
 * "measured"; memory.used comes from the guest agent and is 0 without one,
 * which would read as an idle guest: left out instead.
 */
function vmUsage(api: Json): VmUsage | undefined {
  const stats = statisticsOf(api);
  if (stats.size === 0) return undefined;
  const pct = (v: number | undefined) => (v === undefined ? undefined : Math.min(100, Math.max(0, v)));
  const memoryUsed = stats.get('memory.used');
  const usage = compact({
    cpuPercent: pct(stats.get('cpu.current.total') ?? stats.get('cpu.current.guest')),
    memoryUsedBytes: memoryUsed ? memoryUsed : undefined,
    networkPercent: pct(stats.get('network.current.total')),
  });
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** The `migration.progress` statistic (percent) of a followed statistics link; the engine reports it while the VM migrates. */
function migrationProgressOf(api: Json): number | undefined {
  const stat = listOf(api.statistics, 'statistic').find((s) => asText(s.name) === 'migration.progress');
  const value = stat ? asNumber(listOf(path(stat, 'values'), 'value')[0]?.datum) : undefined;
  return value === undefined ? undefined : Math.min(100, Math.max(0, value));
}

/**
 * What the guest agent reports, read from the VM itself: `reported_devices` (followed with the
 * list, so no request per row) for the addresses, `guest_operating_system` for the OS. A VM
 * without an agent has neither: the fields stay absent, not empty.
 */
function guestFacts(api: Json): Pick<Vm, 'ips' | 'guestInterfaces' | 'guestOs' | 'loggedInUsers'> {
  const devices = embedded(asObject(api.reported_devices), 'reported_device');
  const guestInterfaces = devices
    ?.filter((d) => (asEnum(d.type) ?? 'network') === 'network')
    .map((d) => {
      const addresses = listOf(asObject(d.ips), 'ip').map((ip) => ({ address: asText(ip.address), v6: asEnum(ip.version) === 'v6' || (asText(ip.address) ?? '').includes(':') }));
      return {
        name: asText(d.name) ?? '',
        mac: asText(path(d, 'mac', 'address')),
        ipv4: addresses.filter((a) => a.address && !a.v6).map((a) => a.address!),
        ipv6: addresses.filter((a) => a.address && a.v6).map((a) => a.address!),
      };
    });
  const os = asObject(api.guest_operating_system);
  const distribution = asText(os?.distribution);
  const version = asText(path(os ?? {}, 'version', 'full_version'));
  return {
    guestInterfaces: guestInterfaces?.length ? guestInterfaces : undefined,
    ips: guestInterfaces?.length ? [...guestInterfaces.flatMap((g) => g.ipv4), ...guestInterfaces.flatMap((g) => g.ipv6)] : undefined,
    guestOs: distribution ? [distribution, version].filter(Boolean).join(' ') : undefined,
    loggedInUsers: loggedInUsersOf(api),
  };
}

/**
 * The guest agent's users from the followed `sessions` (console_user false; the engine's console
 * sessions are dashboard users, not guest accounts). Not followed or none: absent.
 */
function loggedInUsersOf(api: Json): string[] | undefined {
  const sessions = embedded(asObject(api.sessions), 'session');
  const names = sessions
    ?.filter((s) => s.console_user !== true && s.console_user !== 'true')
    .map((s) => asText(path(s, 'user', 'user_name')))
    .filter((n): n is string => !!n);
  return names?.length ? [...new Set(names)] : undefined;
}

/**
 * A followed sub-collection: `{nic: [...]}` or `{}` (followed, empty). A
 * wrapper that is only a link (`{href}`), or absent, means "not fetched".
 */
function embedded(wrapper: Json | undefined, key: string): Json[] | undefined {
  if (!wrapper) return undefined;
  if (key in wrapper) return listOf(wrapper, key);
  return 'href' in wrapper ? undefined : [];
}

export const TemplateTransform = {
  toInternal(api: Json, conn: string): Template {
    const nativeStatus = asEnum(api.status);
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      status: mapWord(TEMPLATE_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      memoryBytes: asNumber(api.memory),
      cpu: topology(api.cpu),
      os: asText(path(api, 'os', 'type')),
      cluster: toRef(api.cluster, conn),
      createdAt: asDate(api.creation_time),
      versionNumber: asNumber(path(api, 'version', 'version_number')),
      versionName: asText(path(api, 'version', 'version_name')),
    });
  },
};

export const SnapshotTransform = {
  toInternal(api: Json, conn: string, vm: { id: string; name?: string }): Snapshot {
    const nativeStatus = asEnum(api.snapshot_status);
    const description = asText(api.description);
    return compact({
      ...entity(api, conn, description),
      vm: toRef(api.vm, conn) ?? vm,
      description,
      status: mapWord(SNAPSHOT_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      snapshotType: asEnum(api.snapshot_type),
      date: asDate(api.date),
      persistMemory: asBool(api.persist_memorystate),
    });
  },
};

function dnsServersOf(api: Json): string[] | undefined {
  const raw = path(api, 'dns_resolver_configuration', 'name_servers', 'name_server');
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).map((s) => asText(s)).filter((s): s is string => Boolean(s));
}

export const NetworkTransform = {
  toInternal(api: Json, conn: string): Network {
    const nativeStatus = asEnum(api.status);
    // `usages` is `{usage: ["vm", "management"]}`: plain strings, not objects.
    const usagesRaw = path(api, 'usages', 'usage');
    const usages = (Array.isArray(usagesRaw) ? usagesRaw : [usagesRaw]).map(asEnum).filter(Boolean);
    return compact({
      ...entity(api, conn),
      description: asText(api.description),
      status: mapWord(NETWORK_STATUS, nativeStatus, 'unknown'),
      nativeStatus,
      dataCenter: toRef(api.data_center, conn),
      vlanId: asNumber(path(api, 'vlan', 'id')),
      mtu: asNumber(api.mtu),
      vmNetwork: asObject(api.usages) ? usages.includes('vm') : undefined,
      usages: asObject(api.usages) ? (usages.filter((u) => (NETWORK_USAGES as readonly string[]).includes(u!)) as NetworkUsage[]) : undefined,
      required: asBool(api.required),
      stp: asBool(api.stp),
      portIsolation: asBool(api.port_isolation),
      dnsServers: dnsServersOf(api),
      qos: toRef(api.qos, conn),
    });
  },
};

export const EventTransform = {
  toInternal(api: Json, conn: string): Event {
    const nativeSeverity = asEnum(api.severity) ?? 'normal';
    const description = asText(api.description) ?? '';
    const index = asNumber(api.index) ?? asNumber(api.id) ?? 0;
    return compact({
      ...entity(api, conn, description || undefined),
      index,
      code: asNumber(api.code),
      severity: mapWord(EVENT_SEVERITY, nativeSeverity, 'info'),
      nativeSeverity,
      time: asDate(api.time) ?? new Date(0),
      description,
      correlationId: asText(api.correlation_id),
      vm: toRef(api.vm, conn),
      host: toRef(api.host, conn),
      cluster: toRef(api.cluster, conn),
      dataCenter: toRef(api.data_center, conn),
      storageDomain: toRef(api.storage_domain, conn),
      user: toRef(api.user, conn),
    });
  },
};

export const TaskTransform = {
  /** A job, with `follow=steps` (or `steps` fetched apart). */
  toInternal(api: Json, conn: string, correlationId?: string): Task {
    const nativeStatus = asEnum(api.status);
    const status = mapWord(JOB_STATUS, nativeStatus, 'unknown');
    const description = asText(api.description) ?? '';
    const stepsJson = listOf(api.steps, 'step');
    const steps = stepsJson.map((s) => stepToInternal(s)).sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    const topLevel = stepsJson.filter((s) => !asObject(s.parent_step)).map((s) => stepToInternal(s));
    return compact({
      ...entity(api, conn, description || undefined),
      description,
      status,
      nativeStatus,
      progress: taskProgress(status, topLevel),
      steps,
      startedAt: asDate(api.start_time),
      endedAt: asDate(api.end_time),
      lastUpdatedAt: asDate(api.last_updated),
      // Some engine versions echo the job's correlation id; ours wins when we know it.
      correlationId: correlationId ?? asText(api.correlation_id),
    });
  },
};

function stepToInternal(api: Json): TaskStep {
  const nativeStatus = asEnum(api.status);
  return compact({
    id: asString(api.id) ?? '',
    description: asText(api.description) ?? '',
    status: mapWord(JOB_STATUS, nativeStatus, 'unknown'),
    nativeStatus,
    progress: asNumber(api.progress),
    type: asEnum(api.type),
    number: asNumber(api.number),
    startedAt: asDate(api.start_time),
    endedAt: asDate(api.end_time),
  });
}

/**
 * Engine jobs carry no overall progress: a finished job is 100, otherwise the
 * mean of its top-level steps (finished steps count 100, steps without a
 * progress figure count 0). Clamped, because the engine reports -1 at times.
 */
function taskProgress(status: TaskStatus, steps: TaskStep[]): number {
  if (status === 'finished') return 100;
  if (steps.length === 0) return 0;
  const sum = steps.reduce((acc, s) => acc + (s.status === 'finished' ? 100 : clamp(s.progress ?? 0)), 0);
  return Math.round(sum / steps.length);
}

function clamp(n: number): number {
  return Math.min(100, Math.max(0, n));
}

export const ConsoleTransform = {
  protocolOf(api: Json): ConsoleProtocol | undefined {
    const protocol = asEnum(api.protocol);
    return protocol === 'vnc' || protocol === 'spice' ? protocol : undefined;
  },

  /** A `graphics_console` read with `current=true`, plus the ticket action's answer. */
  toInternal(api: Json, conn: string, vm: Ref, ticketAnswer: Json | undefined, now = new Date()): ConsoleEndpoint {
    const ticket = asObject(ticketAnswer?.ticket);
    // `expiry` is the ticket's lifetime in seconds.
    const expirySeconds = asNumber(ticket?.expiry);
    return compact({
      connectionId: conn,
      vm,
      protocol: ConsoleTransform.protocolOf(api) ?? 'vnc',
      host: asText(api.address) ?? '',
      port: asNumber(api.port),
      tlsPort: asNumber(api.tls_port),
      password: asString(ticket?.value),
      passwordExpiresAt: expirySeconds !== undefined ? new Date(now.getTime() + expirySeconds * 1000) : undefined,
    });
  },
};

export const AboutTransform = {
  /** The API root (`GET /ovirt-engine/api`). */
  toInternal(api: Json, username: string, isAdmin: boolean): BackendAbout {
    const info = asObject(api.product_info);
    const version = asObject(info?.version);
    const numbers = ['major', 'minor', 'build'].map((k) => asString(version?.[k])).filter((v) => v !== undefined);
    const userId = asString(path(api, 'authenticated_user', 'id')) ?? asString(path(api, 'effective_user', 'id'));
    return compact({
      kind: 'ovirt' as const,
      product: asText(info?.name) ?? 'oVirt Engine',
      version: numbers.length > 0 ? numbers.join('.') : (asText(version?.full_version) ?? 'unknown'),
      vendor: asText(info?.vendor),
      identity: compact({ username, userId }),
      isAdmin,
    });
  },
};
