/**
 * The engine's internal state, in plain TypeScript shapes. Nothing here is wire format: wire.ts
 * turns these into the engine's JSON (strings for booleans and integers, singular wrappers, …).
 */

export type VmStatus =
  | 'down' | 'up' | 'powering_up' | 'powering_down' | 'paused' | 'suspended' | 'migrating'
  | 'reboot_in_progress' | 'wait_for_launch' | 'not_responding' | 'image_locked' | 'saving_state'
  | 'restoring_state' | 'unknown';

export type HostStatus =
  | 'up' | 'down' | 'maintenance' | 'preparing_for_maintenance' | 'non_operational' | 'non_responsive'
  | 'installing' | 'install_failed' | 'connecting' | 'reboot' | 'error' | 'initializing' | 'unassigned';

export type DataCenterStatus = 'uninitialized' | 'up' | 'maintenance' | 'not_operational' | 'problematic' | 'contend';

/** Status of a storage domain inside one data center (the only place the engine reports it). */
export type SdStatus =
  | 'active' | 'inactive' | 'maintenance' | 'unattached' | 'locked' | 'activating' | 'detaching'
  | 'preparing_for_maintenance';

export type SdType = 'data' | 'iso' | 'export' | 'managed_block_storage';
export type StorageType = 'nfs' | 'glusterfs' | 'iscsi' | 'fcp' | 'posixfs' | 'localfs' | 'managed_block_storage';

export interface Version { major: number; minor: number }

export interface DataCenter {
  id: string;
  name: string;
  description: string;
  comment: string;
  local: boolean;
  status: DataCenterStatus;
  version: Version;
  storageFormat: string;
  quotaMode: 'disabled' | 'audit' | 'enabled';
}

export interface Cluster {
  id: string;
  name: string;
  description: string;
  comment: string;
  dataCenterId: string;
  cpuType: string;
  architecture: 'x86_64' | 'ppc64' | 's390x';
  version: Version;
  memoryOverCommit: number;
  haReservation: boolean;
  schedulingPolicy: string;
  /** The cluster runs VMs (`virt_service`) and/or serves Gluster volumes (`gluster_service`); at least one is on. */
  virtService: boolean;
  glusterService: boolean;
}

export interface Host {
  id: string;
  name: string;
  description: string;
  comment: string;
  address: string;
  clusterId: string;
  status: HostStatus;
  /** Why a host is not up, as the engine shows it (`status_detail`). */
  statusDetail?: string;
  cpuName: string;
  cpuType: string;
  cpuSpeedMhz: number;
  sockets: number;
  cores: number;
  threads: number;
  memory: number;
  /** Memory the engine keeps off-limits for the host itself (scheduling reserve). */
  reservedMemory: number;
  spm: 'spm' | 'none' | 'contending';
  spmPriority: number;
  powerManagement: boolean;
  /** Power state reported by the fence agent; only meaningful with power management. */
  powerState: 'on' | 'off';
  osType: string;
  osVersion: string;
  kvmVersion: string;
  libvirtVersion: string;
  vdsmVersion: string;
  bootTime: number;
  /** The host does not answer (network down, hung): activation fails until it is fenced. */
  unreachable: boolean;
  /** Index among all hosts: gives each host a stable console port range and IP. */
  ordinal: number;
  /** Deployed with the hosted-engine HA services (ovirt-ha-agent/broker): it may run the engine VM. */
  hostedEngine?: { localMaintenance: boolean };
}

export interface StorageDomain {
  id: string;
  name: string;
  description: string;
  comment: string;
  type: SdType;
  storageType: StorageType;
  address: string;
  path: string;
  /** Total capacity in bytes; available = total - used. */
  total: number;
  /** Bytes used by things other than our disks (metadata, foreign images). */
  baseUsed: number;
  master: boolean;
  externalStatus: 'ok' | 'info' | 'warning' | 'error' | 'failure';
  storageFormat: string;
  blockSize: number;
  /** The data center it is attached to, or null when unattached. */
  dataCenterId: string | null;
  /** Status inside that data center. */
  status: SdStatus;
  wipeAfterDelete: boolean;
  discardAfterDelete: boolean;
  backup: boolean;
  /**
   * Managed block storage (cinderlib): the Cinder driver's options. The sensitive ones (passwords,
   * keyrings) are kept for the driver only: the wire never shows them, as the engine never does.
   */
  driver?: { options: Record<string, string>; sensitive: Record<string, string> };
}

export interface Template {
  id: string;
  name: string;
  description: string;
  comment: string;
  clusterId: string | null;
  status: 'ok' | 'locked' | 'illegal';
  memory: number;
  memoryGuaranteed: number;
  sockets: number;
  cores: number;
  threads: number;
  osType: string;
  type: 'server' | 'desktop' | 'high_performance';
  haEnabled: boolean;
  haPriority: number;
  stateless: boolean;
  display: 'vnc' | 'spice';
  creationTime: number;
  versionNumber: number;
  versionName: string;
  baseTemplateId: string;
  /** Disks owned by the template: new VMs get thin copies of these. */
  diskIds: string[];
  nics: { name: string; vnicProfileName: string; interface: NicInterface }[];
  /** Set while the template lives only on an export domain. */
  exportDomainId?: string;
}

export type NicInterface = 'virtio' | 'e1000' | 'rtl8139';
export type VmAffinity = 'migratable' | 'user_migratable' | 'pinned';
export type BootDevice = 'hd' | 'cdrom' | 'network';

export interface Vm {
  id: string;
  name: string;
  description: string;
  comment: string;
  clusterId: string;
  hostId: string | null;
  templateId: string;
  originalTemplateId: string;
  status: VmStatus;
  statusDetail?: string;
  stopReason: string;
  memory: number;
  memoryGuaranteed: number;
  memoryMax: number;
  sockets: number;
  cores: number;
  threads: number;
  osType: string;
  type: 'server' | 'desktop' | 'high_performance';
  haEnabled: boolean;
  haPriority: number;
  stateless: boolean;
  deleteProtected: boolean;
  display: 'vnc' | 'spice';
  creationTime: number;
  startTime: number | null;
  stopTime: number | null;
  /** Guest agent data: present only while the guest runs and its agent answers. */
  guestAgent: boolean;
  fqdn: string | null;
  ips: string[];
  guestOs?: { family: string; distribution: string; version: string; kernel: string };
  /** ISO inserted in the VM's CD-ROM (file id on the ISO domain), if any. */
  cdromFileId: string | null;
  /**
   * The running VM's drive when it differs from the persistent configuration (`PUT …/cdroms/{id}?current=true`);
   * undefined = as configured. Gone when the VM goes down.
   */
  cdromCurrentFileId?: string | null;
  /** Started with run-once settings (boot from an ISO, cloud-init): reverts when the VM goes down. */
  runOnce?: boolean;
  /** Hosts the VM may start on (placement policy); empty or absent = any host of the cluster. */
  placementHostIds?: string[];
  /** `placement_policy.affinity`; absent = migratable. */
  placementAffinity?: VmAffinity;
  /** `os.boot.devices`, in order; absent = the disk only. */
  bootDevices?: BootDevice[];
  /** The storage domain holding the VM's lease (`lease.storage_domain`), if any. */
  leaseSdId?: string | null;
  /** Cloud-init settings, as the engine returns them (never the password). */
  initialization?: { hostName?: string; userName?: string; authorizedSshKeys?: string; timezone?: string; hasPassword?: boolean };
  /** Pending configuration that applies at the next start (memory/CPU edits of a running VM). */
  nextRun: Partial<Pick<Vm, 'memory' | 'sockets' | 'cores' | 'threads' | 'bootDevices' | 'display'>> | null;
  /** Console port on its host while running. */
  consolePort: number | null;
  /** The serial console device (`<console><enabled>`): what ovirt-vmconsole-proxy attaches to. */
  serialConsole?: boolean;
  /** Migration bookkeeping. */
  migrationTargetHostId: string | null;
  migrationProgress: number | null;
  /** Set while the VM lives only on an export domain. */
  exportDomainId?: string;
  /** Index among all VMs: stable per-VM statistics. */
  ordinal: number;
  /** `managed_hosted_engine` for the engine's own VM (the engine's OriginType); absent: `ovirt`. */
  origin?: string;
}

export interface Disk {
  id: string;
  alias: string;
  description: string;
  provisionedSize: number;
  actualSize: number;
  status: 'ok' | 'locked' | 'illegal';
  format: 'cow' | 'raw';
  sparse: boolean;
  contentType: 'data' | 'iso' | 'ovf_store' | 'memory_dump_volume' | 'memory_metadata_volume';
  storageDomainId: string;
  /** Absent: an image disk; managed_block_storage: a volume of the domain's Cinder driver. */
  storageType?: 'managed_block_storage';
  shareable: boolean;
  wipeAfterDelete: boolean;
  imageId: string;
  /** Owning template, for template disks (they are not listed as attachments of VMs). */
  templateId?: string;
  creationTime: number;
}

export interface DiskAttachment {
  /** The engine uses the disk id as the attachment id. */
  diskId: string;
  /** VM or template id. */
  ownerId: string;
  ownerKind: 'vm' | 'template';
  bootable: boolean;
  interface: 'virtio_scsi' | 'virtio' | 'ide' | 'sata';
  active: boolean;
  readOnly: boolean;
  logicalName: string | null;
}

export interface Nic {
  id: string;
  vmId: string;
  name: string;
  interface: NicInterface;
  mac: string;
  vnicProfileId: string | null;
  plugged: boolean;
  linked: boolean;
}

export interface Snapshot {
  id: string;
  vmId: string;
  description: string;
  date: number;
  type: 'active' | 'regular' | 'preview' | 'stateless';
  status: 'ok' | 'locked' | 'in_preview';
  persistMemory: boolean;
  /** The disks the snapshot holds an image of (absent for seeded snapshots: the VM's disks older than it). */
  diskIds?: string[];
}

export interface Network {
  id: string;
  name: string;
  description: string;
  comment: string;
  dataCenterId: string;
  vlanId: number | null;
  mtu: number;
  vm: boolean;
  management: boolean;
  required: boolean;
  stp: boolean;
  portIsolation?: boolean;
  dnsServers?: string[];
  /** Host network QoS (a data center QoS entry of type hostnetwork). */
  qosId?: string;
  /** Added through the API: new clusters do not get it (seeded networks and ovirtmgmt they do). */
  late?: boolean;
}

/** A network attached to a cluster, with its roles there (the engine's network_cluster row). */
export interface ClusterNetwork {
  networkId: string;
  required: boolean;
  /** display, migration, management, gluster, default_route (vm comes from the network). */
  usages: string[];
}

export interface IpAssignment {
  method: 'none' | 'dhcp' | 'static' | 'autoconf' | 'poly_dhcp_autoconf';
  address?: string;
  netmask?: string;
  gateway?: string;
}

/** A physical NIC or a bond as vdsm reports it (VLAN devices are derived from attachments). */
export interface HostNicRow {
  id: string;
  name: string;
  mac: string;
  /** bits per second. */
  speed: number;
  up: boolean;
  mtu: number;
  bond?: { options: Record<string, string>; slaves: string[] };
}

export interface NetworkAttachmentRow {
  id: string;
  networkId: string;
  nicName: string;
  ipv4: IpAssignment;
  ipv6?: IpAssignment;
  /** What the host carries: differs from the network after an edit the host missed (out of sync). */
  reportedVlan: number | null;
  reportedMtu: number;
}

export interface HostNetState {
  nics: HostNicRow[];
  attachments: NetworkAttachmentRow[];
  /** setupnetworks without commit_on_success: lost on reboot until commitnetconfig. */
  uncommitted: boolean;
}

export interface VnicProfile {
  id: string;
  name: string;
  description: string;
  networkId: string;
  portMirroring: boolean;
  passThrough: 'disabled' | 'enabled';
  /** null = no filter; absent = the engine's default (vdsm-no-mac-spoofing). */
  networkFilter?: string | null;
  /** Network QoS (a data center QoS entry of type network). */
  qosId?: string;
}

/**
 * A data center's QoS entry (/datacenters/{id}/qoss). Network QoS: rates in Mbps, burst in MB, per
 * direction; host network QoS: outbound link share (weight) and upper-limit / real-time Mbps.
 */
export interface Qos {
  id: string;
  name: string;
  description: string;
  dataCenterId: string;
  type: 'network' | 'hostnetwork';
  inboundAverage?: number;
  inboundPeak?: number;
  inboundBurst?: number;
  outboundAverage?: number;
  outboundPeak?: number;
  outboundBurst?: number;
  outboundAverageLinkshare?: number;
  outboundAverageUpperlimit?: number;
  outboundAverageRealtime?: number;
}

export interface User {
  id: string;
  /** Login name with profile, e.g. `admin@internal`. */
  userName: string;
  password: string;
  admin: boolean;
  name: string;
  lastName: string;
  email: string;
  namespace: string;
  domain: string;
}

export interface Role {
  id: string;
  name: string;
  description: string;
  administrative: boolean;
  mutable: boolean;
}

export type PermissionTarget = 'system' | 'data_center' | 'cluster' | 'host' | 'storage_domain' | 'vm' | 'template' | 'disk' | 'vnic_profile';

export interface Permission {
  id: string;
  roleId: string;
  /** A user id, or the Everyone group id. */
  principalId: string;
  principalKind: 'user' | 'group';
  targetKind: PermissionTarget;
  /** Null for system-wide permissions. */
  targetId: string | null;
}

export type Severity = 'normal' | 'warning' | 'error' | 'alert';

export interface EngineEvent {
  index: number;
  code: number;
  severity: Severity;
  time: number;
  description: string;
  origin: string;
  customId: number;
  correlationId: string | null;
  vmId?: string;
  hostId?: string;
  clusterId?: string;
  dataCenterId?: string;
  storageDomainId?: string;
  templateId?: string;
  userId?: string;
}

export type JobStatus = 'started' | 'finished' | 'failed' | 'aborted' | 'unknown';

export interface Step {
  id: string;
  jobId: string;
  number: number;
  type: 'validating' | 'executing' | 'finalizing';
  description: string;
  status: JobStatus;
  progress: number | null;
  startTime: number;
  endTime: number | null;
}

export interface Job {
  id: string;
  description: string;
  status: JobStatus;
  startTime: number;
  endTime: number | null;
  lastUpdated: number;
  autoCleared: boolean;
  external: boolean;
  correlationId: string | null;
  ownerId: string;
  steps: Step[];
}

export interface IsoFile {
  /** ISO domain files use their file name as id, like the real engine. */
  id: string;
  name: string;
  size: number;
}

export type TransferPhase =
  | 'initializing' | 'transferring' | 'finalizing_success' | 'finalizing_failure'
  | 'finished_success' | 'finished_failure' | 'cancelled_user' | 'paused_user';

export interface ImageTransfer {
  id: string;
  diskId: string;
  direction: 'upload';
  phase: TransferPhase;
  ticket: string;
  hostId: string | null;
  bytesReceived: number;
  /** Highest byte offset written, to judge the image size. */
  highWater: number;
  inactivityTimeout: number;
  ownerId: string;
  jobId: string | null;
  correlationId: string | null;
}

export interface ConsoleTicket { value: string; expiresAt: number }

// ---- Gluster (clusters with the gluster service)

export type GlusterVolumeType = 'distribute' | 'replicate' | 'distributed_replicate' | 'disperse' | 'distributed_disperse';

export interface GlusterBrickRow {
  id: string;
  hostId: string;
  dir: string;
  /** Data migration before removal (glusterbricks/migrate): running, then finished until removed or activated. */
  migration: 'running' | 'finished' | null;
}

export interface GlusterVolumeRow {
  id: string;
  clusterId: string;
  name: string;
  type: GlusterVolumeType;
  replicaCount: number;
  disperseCount: number;
  redundancyCount: number;
  /** Created volumes are down until started. */
  started: boolean;
  options: Map<string, string>;
  bricks: GlusterBrickRow[];
  /** The job of a running rebalance (its step carries the progress). */
  rebalanceJobId: string | null;
  /** The job of the running brick migration. */
  migrationJobId: string | null;
}

/** An affinity group of a cluster (affinity.ts): a VM rule and a host rule over its members. */
export interface AffinityRule { enabled: boolean; positive: boolean; enforcing: boolean }
export interface AffinityGroupRow {
  id: string;
  clusterId: string;
  name: string;
  description: string;
  priority: number;
  vmsRule: AffinityRule;
  hostsRule: AffinityRule;
  vmIds: string[];
  hostIds: string[];
}
/** An affinity label: a tag on VMs and hosts the scheduler matches (affinity.ts). */
export interface AffinityLabelRow { id: string; name: string; vmIds: string[]; hostIds: string[] }
