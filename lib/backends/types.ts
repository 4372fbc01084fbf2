import type {
  Cluster,
  ConsoleEndpoint,
  CpuTopology,
  Ref,
  ConsoleProtocol,
  DataCenter,
  Disk,
  Event,
  EventSeverity,
  Host,
  ListQuery,
  Network,
  Page,
  QualifiedId,
  Snapshot,
  StorageDomain,
  Task,
  Template,
  Vm,
  VmPowerAction,
  Volume,
  VnicProfile,
} from '@/lib/domain';
import type {
  VolumeAttachmentGrant,
  VolumeConnection,
  VolumeConnector,
  VolumeCreateInput,
  VolumeImage,
  ImageCreateInput,
  VolumeFeatures,
  VolumeLimits,
  VolumeMessage,
  VolumeMigrationPolicy,
  VolumePool,
  VolumeSnapshot,
  VolumeType,
} from '@/lib/domain/volumes';

export type { BackendKind } from '@/lib/domain/backend-kinds';
import type { BackendKind } from '@/lib/domain/backend-kinds';

/** Every call can be cancelled: the page navigated away, the user pressed Cancel. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * What a mutation hands back so the UI can follow the work. `correlationId` is
 * always set (sent as oVirt's Correlation-Id); `taskId` when the backend
 * already named the job that does the work.
 */
export interface TaskRef {
  taskId?: QualifiedId;
  correlationId: string;
}

/** What "Test connection" shows. */
export interface BackendAbout {
  kind: BackendKind;
  /** e.g. "oVirt Engine". */
  product: string;
  /** e.g. "4.5.6". */
  version: string;
  vendor?: string;
  /** Who we are signed in as. */
  identity: { username: string; userId?: string };
  /** False for self-service identities: the UI then shows the user portal only. */
  isAdmin: boolean;
}

export interface Capabilities {
  dataCenters: boolean;
  clusters: boolean;
  hosts: boolean;
  /** activate / deactivate (maintenance) / fence. */
  hostPower: boolean;
  storageDomains: boolean;
  vms: boolean;
  disks: boolean;
  templates: boolean;
  snapshots: boolean;
  networks: boolean;
  /** Create, edit and remove logical networks, their cluster attachments and vNIC profiles (oVirt). */
  networkManagement: boolean;
  /** A host's NICs, bonds and network attachments, changed by one setup-networks request (oVirt). */
  hostNetworking: boolean;
  /** libvirt virtual networks: create, start, stop, autostart, DHCP range, leases, remove. */
  virtualNetworks: boolean;
  migration: boolean;
  events: boolean;
  tasks: boolean;
  volumes: boolean;
  /** Create, extend, delete, retype, snapshots, types, limits (Cinder). */
  volumeManagement: boolean;
  consoles: boolean;
  /** Gluster volumes and bricks of clusters with the gluster service (oVirt). */
  glusterVolumes: boolean;
  /** Affinity groups of a cluster and affinity labels, with a VM's memberships (oVirt; a libvirt connection is one host). */
  affinity: boolean;
}
export type Capability = keyof Capabilities;

export type HostFenceType = 'restart' | 'start' | 'stop' | 'status';

export interface EventQuery {
  /** Only events with a greater index (poll with the last index seen). */
  sinceIndex?: number;
  max: number;
  /** Minimum severity. */
  severity?: EventSeverity;
}

export interface EventList {
  /** Newest first. */
  items: Event[];
  /** The greatest index returned (or `sinceIndex` when nothing is new): pass it back as `sinceIndex`. */
  lastIndex?: number;
}

/**
 * Volume lists page by marker (the native id of the last volume already shown),
 * as Cinder does: an offset shifts when volumes come and go between two pages.
 * Without a marker, `page` is used.
 */
export interface VolumeListQuery extends ListQuery {
  marker?: string;
}

export interface VolumePage extends Page<Volume> {
  /** Pass as `marker` for the next page; set when hasMore. */
  nextMarker?: string;
}

/**
 * ONE contract for every backend (the unjs/unstorage driver idea): required
 * basics plus optional methods that exist exactly when the matching capability
 * is true (checked by the shared contract suite, test/contract). A libvirt host
 * has no data centers; Cinder has only volumes. All ids are qualified ids.
 */
export interface Backend {
  readonly id: string;
  readonly kind: BackendKind;
  readonly name: string;
  readonly capabilities: Readonly<Capabilities>;

  about(opts?: CallOptions): Promise<BackendAbout>;
  /** Frees sockets and signs out. The backend must not be used afterwards. */
  close(): Promise<void>;

  // dataCenters
  listDataCenters?(query: ListQuery, opts?: CallOptions): Promise<Page<DataCenter>>;
  getDataCenter?(id: QualifiedId, opts?: CallOptions): Promise<DataCenter>;
  // clusters
  listClusters?(query: ListQuery, opts?: CallOptions): Promise<Page<Cluster>>;
  getCluster?(id: QualifiedId, opts?: CallOptions): Promise<Cluster>;
  // hosts
  listHosts?(query: ListQuery, opts?: CallOptions): Promise<Page<Host>>;
  getHost?(id: QualifiedId, opts?: CallOptions): Promise<Host>;
  // hostPower
  hostActivate?(id: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  /** Moves the host to maintenance (its VMs migrate away). */
  hostDeactivate?(id: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  hostFence?(id: QualifiedId, fenceType: HostFenceType, opts?: CallOptions): Promise<TaskRef>;
  // storageDomains
  listStorageDomains?(query: ListQuery, opts?: CallOptions): Promise<Page<StorageDomain>>;
  getStorageDomain?(id: QualifiedId, opts?: CallOptions): Promise<StorageDomain>;
  // vms
  /** Disks and NICs are embedded: one page costs a fixed number of requests. */
  listVms?(query: ListQuery, opts?: CallOptions): Promise<Page<Vm>>;
  getVm?(id: QualifiedId, opts?: CallOptions): Promise<Vm>;
  vmAction?(id: QualifiedId, action: VmPowerAction, opts?: CallOptions): Promise<TaskRef>;
  // migration
  /**
   * `destinationUri`: libvirt only, the other host's daemon as THIS host's daemon reaches it
   * (peer-to-peer: the source daemon drives the migration); the service fills it in.
   */
  migrateVm?(id: QualifiedId, target: { hostId?: QualifiedId; destinationUri?: string }, opts?: CallOptions): Promise<TaskRef>;
  /**
   * libvirt: the URI another host of this connection's cluster group opens to migrate a guest
   * here (the connection's own, or its operator-given migration URI).
   */
  migrationUri?(): string;
  /** libvirt: settles when the migration of this VM started here ends (undefined: none runs). */
  migrationOutcome?(id: QualifiedId): Promise<'finished' | 'failed' | 'aborted' | undefined>;
  /** Stops a migration under way; the VM stays running where it was (oVirt's cancelmigration). */
  cancelMigration?(id: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  // disks
  listDisks?(query: ListQuery, opts?: CallOptions): Promise<Page<Disk>>;
  getDisk?(id: QualifiedId, opts?: CallOptions): Promise<Disk>;
  // templates
  listTemplates?(query: ListQuery, opts?: CallOptions): Promise<Page<Template>>;
  getTemplate?(id: QualifiedId, opts?: CallOptions): Promise<Template>;
  // snapshots (few per VM: not paged)
  listSnapshots?(vmId: QualifiedId, opts?: CallOptions): Promise<Snapshot[]>;
  // networks
  listNetworks?(query: ListQuery, opts?: CallOptions): Promise<Page<Network>>;
  getNetwork?(id: QualifiedId, opts?: CallOptions): Promise<Network>;
  // volumes
  listVolumes?(query: VolumeListQuery, opts?: CallOptions): Promise<VolumePage>;
  getVolume?(id: QualifiedId, opts?: CallOptions): Promise<Volume>;
  // volumeManagement
  volumeFeatures?(opts?: CallOptions): Promise<VolumeFeatures>;
  /** Answers at once with the new volume (status creating); follow it with getVolume. */
  createVolume?(input: VolumeCreateInput, opts?: CallOptions): Promise<Volume>;
  deleteVolume?(id: QualifiedId, opts?: CallOptions): Promise<void>;
  extendVolume?(id: QualifiedId, newSizeGiB: number, opts?: CallOptions): Promise<void>;
  setVolumeBootable?(id: QualifiedId, bootable: boolean, opts?: CallOptions): Promise<void>;
  /** `never` (the default): a type on another back end is refused instead of copying the data there. */
  retypeVolume?(id: QualifiedId, newType: string, migrationPolicy?: VolumeMigrationPolicy, opts?: CallOptions): Promise<void>;
  /** What the storage service said about this volume's failed requests, newest first (needs volumeFeatures().messages). */
  listVolumeMessages?(volumeId: QualifiedId, opts?: CallOptions): Promise<VolumeMessage[]>;
  /** Snapshots of one volume, newest first (few per volume: not paged). */
  listVolumeSnapshots?(volumeId: QualifiedId, opts?: CallOptions): Promise<VolumeSnapshot[]>;
  getVolumeSnapshot?(id: QualifiedId, opts?: CallOptions): Promise<VolumeSnapshot>;
  createVolumeSnapshot?(volumeId: QualifiedId, input: { name: string; description?: string; force?: boolean }, opts?: CallOptions): Promise<VolumeSnapshot>;
  deleteVolumeSnapshot?(id: QualifiedId, opts?: CallOptions): Promise<void>;
  /** Only to the volume's latest snapshot (Cinder's rule); needs volumeFeatures().revertToSnapshot. */
  revertVolumeToSnapshot?(volumeId: QualifiedId, snapshotId: QualifiedId, opts?: CallOptions): Promise<void>;
  listVolumeTypes?(opts?: CallOptions): Promise<VolumeType[]>;
  getVolumeLimits?(opts?: CallOptions): Promise<VolumeLimits>;
  /** Admin only: forbidden for other identities. */
  listVolumePools?(opts?: CallOptions): Promise<VolumePool[]>;
  /** The image service's images this identity sees (Glance in the same catalog); not_found without one. */
  listImages?(opts?: CallOptions): Promise<VolumeImage[]>;
  getImage?(imageId: string, opts?: CallOptions): Promise<VolumeImage>;
  /** A new image record (status queued) with the formats its bytes will have. */
  createImage?(input: ImageCreateInput, opts?: CallOptions): Promise<VolumeImage>;
  /** Streams the bytes of a queued image (never held whole); the image is active when this resolves. */
  uploadImageData?(imageId: string, data: AsyncIterable<Uint8Array>, sizeBytes: number, opts?: CallOptions): Promise<void>;
  /** Refused with the service's words when the image is protected or in use. */
  deleteImage?(imageId: string, opts?: CallOptions): Promise<void>;
  // events
  listEvents?(query: EventQuery, opts?: CallOptions): Promise<EventList>;
  // tasks
  listTasks?(query: ListQuery, opts?: CallOptions): Promise<Page<Task>>;
  getTask?(id: QualifiedId, opts?: CallOptions): Promise<Task>;
  /** Resolves a TaskRef (by task id, else by correlation id); undefined while no job is known yet. */
  findTask?(ref: TaskRef, opts?: CallOptions): Promise<Task | undefined>;
  // VM operations (optional, no capability flag of their own: services check the
  // method exists and say "not supported" otherwise). See VmCreateSpec & co. below.
  /** Starts once with a different boot setup (an ISO first, cloud-init); the VM's own configuration is kept. */
  vmRunOnce?(id: QualifiedId, spec: RunOnceSpec, opts?: CallOptions): Promise<TaskRef>;
  createVm?(spec: VmCreateSpec, opts?: CallOptions): Promise<CreatedRef>;
  /** What createVm accepts beyond the basics; set exactly when createVm exists (the wizard shows only these). */
  readonly vmCreateFeatures?: Readonly<VmCreateFeatures>;
  updateVm?(id: QualifiedId, spec: VmUpdateSpec, opts?: CallOptions): Promise<VmUpdateResult>;
  removeVm?(id: QualifiedId, options: { keepDisks: boolean }, opts?: CallOptions): Promise<TaskRef>;
  createSnapshot?(vmId: QualifiedId, spec: SnapshotCreateSpec, opts?: CallOptions): Promise<CreatedRef>;
  removeSnapshot?(vmId: QualifiedId, snapshotId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  previewSnapshot?(vmId: QualifiedId, snapshotId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  commitSnapshot?(vmId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  undoSnapshot?(vmId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  /** A new, independent VM from one snapshot of another. */
  cloneVmFromSnapshot?(vmId: QualifiedId, snapshotId: QualifiedId, name: string, opts?: CallOptions): Promise<CreatedRef>;
  /** A new, independent VM from a stopped one: its own copies of the disks, new id and new MAC addresses. */
  cloneVm?(vmId: QualifiedId, name: string, opts?: CallOptions): Promise<CreatedRef>;
  createTemplate?(vmId: QualifiedId, spec: { name: string; description?: string }, opts?: CallOptions): Promise<CreatedRef>;
  removeTemplate?(id: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  /** ISO images the VMs of a data center can boot from (ISO domains and ISO disks). */
  listIsoFiles?(opts?: CallOptions): Promise<IsoFile[]>;
  listVnicProfiles?(opts?: CallOptions): Promise<VnicProfile[]>;
  /** Goes back to a snapshot at once (libvirt); oVirt's preview/commit/undo is the two-step way. */
  revertToSnapshot?(vmId: QualifiedId, snapshotId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  // Disks as storage volumes of their own (libvirt pool volumes): no capability flag, like the VM operations.
  createDisk?(input: DiskCreateInput, opts?: CallOptions): Promise<Disk>;
  removeDisk?(id: QualifiedId, opts?: CallOptions): Promise<void>;
  /** Grows a disk to `sizeBytes` (shrinking loses data, so it is refused). */
  resizeDisk?(id: QualifiedId, sizeBytes: number, opts?: CallOptions): Promise<void>;

  // Block storage volumes joined to VMs (no capability flag: the attachment service checks that
  // the volume's backend has the first three and the VM's backend the last three).
  /**
   * Reserves a volume for one VM on the host that `connector` describes and answers how that host
   * reaches it. Nothing is attached yet: finish with completeVolumeAttachment, or undo with
   * removeVolumeAttachment.
   */
  reserveVolumeAttachment?(volumeId: QualifiedId, input: { instanceId: string; connector: VolumeConnector }, opts?: CallOptions): Promise<VolumeAttachmentGrant>;
  /** Marks the reserved volume in use by the VM, plugged as `device`. */
  completeVolumeAttachment?(volumeId: QualifiedId, attachmentId: string, input: { instanceId: string; device: string; connector: VolumeConnector }, opts?: CallOptions): Promise<void>;
  /** Revokes the host's access and frees the volume (also undoes a reservation never completed). */
  removeVolumeAttachment?(volumeId: QualifiedId, attachmentId: string, input: { connector: VolumeConnector; completed: boolean }, opts?: CallOptions): Promise<void>;
  /** What this compute host tells the block storage service about itself. */
  volumeConnector?(opts?: CallOptions): Promise<VolumeConnector>;
  /** Plugs a volume into the VM (running: live and persistent; stopped: persistent) from its connection; `bootOrder` makes it a boot disk. */
  attachVolumeDisk?(vmId: QualifiedId, input: { volumeId: string; connection: VolumeConnection; bootOrder?: number }, opts?: CallOptions): Promise<{ device: string }>;
  /** Unplugs the disk of that volume (by the storage service's volume id); `detached: false` when it was no disk of the VM. */
  detachVolumeDisk?(vmId: QualifiedId, volumeId: string, opts?: CallOptions): Promise<{ detached: boolean }>;

  // consoles
  /**
   * The VM's serial console as a byte stream both ways (libvirt: virDomainOpenConsole over the RPC
   * connection; oVirt: SSH to the engine's serial console proxy with the connection's key). Refused
   * (conflict) when the VM is not running or has no serial console.
   */
  openSerialConsole?(vmId: QualifiedId, opts?: CallOptions): Promise<SerialConsoleStream>;
  /**
   * Why this VM's serial console cannot open now, in the backend's words (oVirt: the VM's console
   * device is off), or undefined when it may be tried; absent when the backend has no such rule.
   */
  serialConsoleRefusal?(vmId: QualifiedId, opts?: CallOptions): Promise<string | undefined>;
  /** Issues a fresh one-time password (ticket) each call. */
  getConsoleEndpoint?(
    vmId: QualifiedId,
    opts?: CallOptions & { protocol?: ConsoleProtocol },
  ): Promise<ConsoleEndpoint>;
}

/** Bytes to and from a guest's serial port. */
export interface SerialConsoleStream {
  write(bytes: Uint8Array): void;
  /** Receives the guest's output; what arrived before a reader was set comes first. */
  onData(reader: (bytes: Uint8Array) => void): void;
  /** Ends it from our side. */
  finish(): void;
  /** Settles when either side ends it (rejects when the connection or the daemon failed it). */
  readonly closed: Promise<void>;
}

// ---------------------------------------------------------------- VM operations

export type DiskInterface = 'virtio_scsi' | 'virtio' | 'sata' | 'ide';
export type NicInterface = 'virtio' | 'e1000' | 'rtl8139';

export interface VmDiskSpec {
  sizeBytes: number;
  storageDomainId: QualifiedId;
  /** Thin (sparse qcow2) or preallocated (raw). */
  thin: boolean;
  interface: DiskInterface;
  bootable?: boolean;
}

export interface VmNicSpec {
  name: string;
  vnicProfileId?: QualifiedId;
  interface?: NicInterface;
}

export interface CloudInitSpec {
  hostname?: string;
  username?: string;
  /** Write-only: sent to the backend, never read back. */
  password?: string;
  sshAuthorizedKeys?: string;
  timezone?: string;
}

/**
 * The parts of VmCreateSpec a backend's createVm honours. A feature that is
 * false is refused by the adapter (never silently dropped), so the wizard hides it.
 */
export interface VmCreateFeatures {
  /** `templateId`: an engine template, thin-cloned inside the storage. */
  templates: boolean;
  /** `baseImageId`: a disk volume the new VM's disk overlays copy-on-write (libvirt pools). */
  baseImages: boolean;
  /** Attach an existing (Cinder) volume as the boot disk. */
  attachVolumes: boolean;
  cloudInit: boolean;
  highAvailability: boolean;
  /** Console protocols the caller may choose from; empty: the backend decides. */
  consoles: ConsoleProtocol[];
}

export interface VmCreateSpec {
  name: string;
  description?: string;
  clusterId: QualifiedId;
  /** Absent: a blank VM (disks, NICs and an ISO come from this spec). */
  templateId?: QualifiedId;
  /** A base image volume (vmCreateFeatures.baseImages): the first disk overlays it, or copies it with cloneTemplateDisks. */
  baseImageId?: QualifiedId;
  /** From a template or base image: true = full independent copy of its disks; false = thin copy-on-write overlay. */
  cloneTemplateDisks?: boolean;
  /** From a base image: grow the boot disk (overlay or copy) to this many bytes when the image is smaller. */
  bootDiskSizeBytes?: number;
  /** Pin to one host; absent = the scheduler places it in the cluster. */
  hostId?: QualifiedId;
  cpu?: CpuTopology;
  memoryBytes?: number;
  os?: string;
  disks?: VmDiskSpec[];
  nics?: VmNicSpec[];
  /** An ISO (IsoFile.id) in the CD-ROM, booted after the disk. */
  isoFileId?: string;
  highAvailability?: { enabled: boolean; priority?: number };
  cloudInit?: CloudInitSpec;
  /** The graphical console to give a new VM (one of vmCreateFeatures.consoles); absent: the backend's default. */
  console?: ConsoleProtocol;
}

export interface VmUpdateSpec {
  name?: string;
  description?: string;
  cpu?: CpuTopology;
  memoryBytes?: number;
}

export interface VmUpdateResult {
  /** Some changes wait for the next start (the engine's next-run configuration). */
  pendingNextRun: boolean;
}

export interface RunOnceSpec {
  /** Boot from this ISO (IsoFile.id) first. */
  isoFileId?: string;
  cloudInit?: CloudInitSpec;
}

export interface SnapshotCreateSpec {
  description: string;
  /** Include the running guest's memory. */
  persistMemory?: boolean;
}

export interface DiskCreateInput {
  storageDomainId: QualifiedId;
  name: string;
  sizeBytes: number;
  /** Thin (sparse qcow2) or preallocated (raw). */
  thin: boolean;
}

/** A mutation that made a new object: its id, and the work still under way. */
export interface CreatedRef extends TaskRef {
  id: QualifiedId;
}

export interface IsoFile {
  /** The backend's file id (opaque; for oVirt ISO domains often the file name). */
  id: string;
  name: string;
  storageDomain: Ref;
  dataCenter?: Ref;
}

/** Moved to the domain (networks); re-exported for the wizard and older imports. */
export type { VnicProfile } from '@/lib/domain';
